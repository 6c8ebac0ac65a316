// On random small rule sets, the linter's never-true (L001) and never-false (L002) verdicts on
// criteria agree with brute force: evaluating every cell of the facts' domains (each integer
// threshold and each point between two, every bool, every enum member, every subset).

#include <random>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "ilio/ilio.hpp"
#include "ilio/lint.hpp"

namespace {

class RandomRules {
  public:
    explicit RandomRules(unsigned seed) : rng_(seed) {}

    std::string rules(int criteria) {
        std::string out =
            "ruleset r version \"1.0.0\" title \"random\" source \"s\"\n"
            "fact x : number deg in [0, 6] \"x\" ask \"x?\"\n"
            "fact y : integer week in [0, 4] \"y\" ask \"y?\"\n"
            "fact b : bool \"b\" ask \"b?\"\n"
            "fact e : one of {p, q, r} \"e\" ask \"e?\"\n"
            "fact s : set of {u, v} \"s\" ask \"s?\"\n";
        for (int c = 0; c < criteria; ++c) {
            criteria_ = c;
            out +=
                fmt::format("criterion c{} \"c{}\" when {}\n  pass \"p\" fail \"f\" cite \"g\"\n",
                            c, c, condition(3));
        }
        return out;
    }

  private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    std::string atom() {
        static const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
        switch (pick(9)) {
            case 0:
                return fmt::format("x {} {} deg", ops[pick(6)], 1 + pick(5));
            case 1:
                return fmt::format("y {} {} week", ops[pick(6)], 1 + pick(3));
            case 2: {
                int lo = 1 + pick(4);
                return fmt::format("x between {} deg and {} deg", lo, lo + pick(2));
            }
            case 3:
                return "b";
            case 4:
                return fmt::format("e = {}", "pqr"[pick(3)]);
            case 5:
                return fmt::format("e in {{{}, {}}}", "pqr"[pick(3)],
                                   "pqr"[pick(3)] == 'p' ? 'q' : 'p');
            case 6:
                return fmt::format("s contains {}", pick(2) ? "u" : "v");
            case 7:
                return criteria_ > 0 ? fmt::format("c{}", pick(criteria_)) : "b";
            default:
                return "s contains all of {u, v}";
        }
    }

    std::string condition(int depth) {
        if (depth == 0 || pick(3) == 0) return atom();
        switch (pick(4)) {
            case 0:
                return fmt::format("({} and {})", condition(depth - 1), condition(depth - 1));
            case 1:
                return fmt::format("({} or {})", condition(depth - 1), condition(depth - 1));
            case 2:
                return fmt::format("not {}", condition(depth - 1));
            default:
                return fmt::format("at least 2 of ({}, {}, {})", condition(depth - 1),
                                   condition(depth - 1), condition(depth - 1));
        }
    }

    std::mt19937 rng_;
    int criteria_ = 0;
};

}  // namespace

TEST_CASE("never-true and never-false verdicts agree with brute force over the cells") {
    int compared = 0;
    for (unsigned seed = 1; seed <= 60; ++seed) {
        RandomRules generator(seed);
        auto text = generator.rules(4);
        auto compiled = ilio::compile(text);
        if (!compiled.ok()) continue;  // e.g. a comparison the checker rejects
        const auto& rules = *compiled.rule_set;
        auto n = rules.criteria().size();
        std::vector<bool> can_be_true(n, false), can_be_false(n, false);
        ilio::Facts facts(rules);
        for (int x2 = 0; x2 <= 12; ++x2)
            for (int y = 0; y <= 4; ++y)
                for (int b = 0; b < 2; ++b)
                    for (const char* e : {"p", "q", "r"})
                        for (int s = 0; s < 4; ++s) {
                            facts.set_number("x", x2 / 2.0);
                            facts.set_number("y", y);
                            facts.set_bool("b", b != 0);
                            facts.set_enum("e", e);
                            std::vector<std::string> members;
                            if (s & 1) members.push_back("u");
                            if (s & 2) members.push_back("v");
                            facts.set_members(ilio::FactIndex(*rules.find_fact("s")), members);
                            auto result = rules.evaluate(facts);
                            for (std::size_t c = 0; c < n; ++c) {
                                auto t = result.criterion(static_cast<ilio::CriterionIndex>(c));
                                can_be_true[c] = can_be_true[c] || t == ilio::Truth::true_;
                                can_be_false[c] = can_be_false[c] || t == ilio::Truth::false_;
                            }
                        }
        auto report = ilio::lint(text);
        for (std::size_t c = 0; c < n; ++c) {
            bool never_true = false, never_false = false;
            for (const auto& f : report.findings) {
                if (f.diagnostic.span != rules.criteria()[c].location) continue;
                never_true = never_true || f.diagnostic.code == "L001";
                never_false = never_false || f.diagnostic.code == "L002";
            }
            INFO("seed " << seed << ", criterion c" << c << "\n" << text);
            CHECK(never_true == !can_be_true[c]);
            CHECK(never_false == !can_be_false[c]);
            ++compared;
        }
    }
    CHECK(compared >= 100);
}
