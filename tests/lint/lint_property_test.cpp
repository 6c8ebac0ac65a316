// On random small rule sets, the linter's never-true (L001) and never-false (L002) verdicts on
// criteria, its implied conclusions (L020) and its red flags without a referral (L041) agree
// with brute force: evaluating every cell
// of the facts' domains (each integer threshold and each point between two, every bool, every
// enum member, every subset).

#include <set>
#include <utility>

#include <catch2/catch.hpp>

#include "ilio/ilio.hpp"
#include "ilio/lint.hpp"
#include "random_rules.hpp"

namespace {

/// Calls `visit(facts)` with the facts set to each cell of the random rule sets' domains.
template <typename Visit>
void for_each_cell(const ilio::RuleSet& rules, Visit visit) {
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
                        visit(facts);
                    }
}

}  // namespace

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
        for_each_cell(rules, [&](const ilio::Facts& facts) {
            auto result = rules.evaluate(facts);
            for (std::size_t c = 0; c < n; ++c) {
                auto t = result.criterion(static_cast<ilio::CriterionIndex>(c));
                can_be_true[c] = can_be_true[c] || t == ilio::Truth::true_;
                can_be_false[c] = can_be_false[c] || t == ilio::Truth::false_;
            }
        });
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

// A conclusion implied by another is reported (L020) exactly when, over every cell, the other
// fires wherever it fires, not the other way round, and it can fire at all: the linter asks the
// solver only where no patient it has at hand (its samples, or one it found for a condition no
// sample satisfies) shows a pair apart, so a patient taken for a witness wrongly would lose a
// finding here.
TEST_CASE("implied conclusions agree with brute force over the cells") {
    int implied = 0, apart = 0;
    for (unsigned seed = 1; seed <= 40; ++seed) {
        ilio::testing::RandomRules generator(seed);
        auto text = generator.criteria_and_findings(5);
        auto compiled = ilio::compile(text);
        if (!compiled.ok()) continue;
        const auto& rules = *compiled.rule_set;
        auto n = rules.conclusions().size();
        // fires_without[x][y]: some cell where x fires and y does not.
        std::vector<std::vector<bool>> fires_without(n, std::vector<bool>(n, false));
        std::vector<bool> can_fire(n, false);
        for_each_cell(rules, [&](const ilio::Facts& facts) {
            auto result = rules.evaluate(facts);
            for (std::size_t x = 0; x < n; ++x) {
                bool fx = result.status(static_cast<ilio::ConclusionIndex>(x)) ==
                          ilio::ConclusionStatus::fired;
                can_fire[x] = can_fire[x] || fx;
                for (std::size_t y = 0; y < n; ++y)
                    if (fx && result.status(static_cast<ilio::ConclusionIndex>(y)) !=
                                  ilio::ConclusionStatus::fired)
                        fires_without[x][y] = true;
            }
        });
        std::set<std::pair<std::size_t, std::size_t>> expected, reported;
        for (std::size_t x = 0; x < n; ++x)
            for (std::size_t y = 0; y < n; ++y)
                if (x != y && can_fire[x] && !fires_without[x][y] && fires_without[y][x])
                    expected.emplace(x, y);
        auto report = ilio::lint(text);
        for (const auto& f : report.findings) {
            if (f.diagnostic.code != "L020") continue;
            for (std::size_t x = 0; x < n; ++x)
                for (std::size_t y = 0; y < n; ++y)
                    if (f.diagnostic.message.find("`" + rules.conclusions()[x].name +
                                                  "` fires, ") != std::string::npos &&
                        f.diagnostic.message.find("`" + rules.conclusions()[y].name + "` of") !=
                            std::string::npos)
                        reported.emplace(x, y);
        }
        INFO("seed " << seed << "\n" << text);
        CHECK(reported == expected);
        implied += static_cast<int>(expected.size());
        for (std::size_t x = 0; x < n; ++x)
            for (std::size_t y = x + 1; y < n; ++y)
                apart += fires_without[x][y] && fires_without[y][x];
    }
    // Both kinds of pair turn up: an implication to report, and conclusions that fire apart.
    CHECK(implied >= 10);
    CHECK(apart >= 100);
}

// A red flag is reported as firing without a referral (L041) exactly when, in some cell, it
// fires and no referral does. The linter asks the solver only about the referrals that fired
// in the patients it found so far (red_flag_alone in analyse_safety.cpp), so a patient taken
// for a witness before it shows the whole question would add a finding here, and a question
// stopped too early would lose one.
TEST_CASE("red flags without a referral agree with brute force over the cells") {
    int alone = 0, covered = 0;
    // About half the seeds give a rule set that compiles (an `at least` may list one
    // condition twice).
    for (unsigned seed = 1; seed <= 100; ++seed) {
        ilio::testing::RandomRules generator(seed);
        auto text = generator.red_flags_and_referrals(3, 6);
        auto compiled = ilio::compile(text);
        if (!compiled.ok()) continue;
        const auto& rules = *compiled.rule_set;
        const auto& conclusions = rules.conclusions();
        std::vector<bool> fires_alone(conclusions.size(), false);
        for_each_cell(rules, [&](const ilio::Facts& facts) {
            auto result = rules.evaluate(facts);
            bool referral = false;
            for (std::size_t c = 0; c < conclusions.size(); ++c)
                referral = referral || (conclusions[c].kind == ilio::ConclusionKind::referral &&
                                        result.status(static_cast<ilio::ConclusionIndex>(c)) ==
                                            ilio::ConclusionStatus::fired);
            if (referral) return;
            for (std::size_t c = 0; c < conclusions.size(); ++c)
                if (result.status(static_cast<ilio::ConclusionIndex>(c)) ==
                    ilio::ConclusionStatus::fired)
                    fires_alone[c] = true;
        });
        auto report = ilio::lint(text);
        for (std::size_t c = 0; c < conclusions.size(); ++c) {
            if (conclusions[c].kind != ilio::ConclusionKind::red_flag) continue;
            bool reported = false;
            for (const auto& f : report.findings)
                reported = reported || (f.diagnostic.code == "L041" &&
                                        f.diagnostic.span == conclusions[c].location);
            INFO("seed " << seed << ", red flag " << conclusions[c].name << "\n" << text);
            CHECK(reported == fires_alone[c]);
            alone += fires_alone[c];
            covered += !fires_alone[c];
        }
    }
    // Both kinds of red flag turn up: one that can fire alone, and one always covered.
    CHECK(alone >= 20);
    CHECK(covered >= 20);
}
