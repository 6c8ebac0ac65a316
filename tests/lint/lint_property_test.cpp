// On random small rule sets, the linter's never-true (L001) and never-false (L002) verdicts on
// criteria agree with brute force: evaluating every cell of the facts' domains (each integer
// threshold and each point between two, every bool, every enum member, every subset).

#include <catch2/catch.hpp>

#include "ilio/ilio.hpp"
#include "ilio/lint.hpp"
#include "random_rules.hpp"

TEST_CASE("never-true and never-false verdicts agree with brute force over the cells") {
    int compared = 0;
    for (unsigned seed = 1; seed <= 60; ++seed) {
        ilio::testing::RandomRules generator(seed);
        auto text = generator.criteria_only(4);
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
