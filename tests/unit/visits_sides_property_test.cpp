// The monotonicity and JSON round-trip properties of property_test.cpp, over random rule sets
// with visits and sides (tests/unit/random_rules.hpp: earlier readings, changes within the
// minimal detectable change, times since, comparisons held over a period, a date, measured
// facts per side) and random histories of one to four dated visits with facts missing at any
// visit.

#include <algorithm>
#include <vector>

#include "random_facts.hpp"
#include "random_rules.hpp"
#include "test_support.hpp"

using namespace ilio;
using ilio::testing::decided;
using ilio::testing::RandomFacts;
using ilio::testing::RandomRules;

namespace {

const int rule_sets = std::max(4, ilio::testing::property_cases(10000) / 250);
constexpr int patients_per_rule_set = 25;

/// One visit of a history: its date and every fact's value (known or not).
struct PlannedVisit {
    std::int32_t day = 0;
    std::vector<FactValue> values;
};

/// Sets fact `f` of the latest visit to a stored value (as read, in base units).
void set_value(Facts& facts, FactIndex f, const FactValue& v) {
    const auto& fact = facts.rule_set().facts()[f];
    if (!v.known) return facts.clear(f);
    switch (fact.type) {
        case ValueType::boolean:
            return facts.set_bool(f, v.number != 0);
        case ValueType::one_of:
        case ValueType::set_of: {
            std::vector<std::string> members;
            for (std::size_t k = 0; k < fact.members.size(); ++k)
                if (v.members & (std::uint64_t{1} << k)) members.push_back(fact.members[k]);
            if (fact.type == ValueType::one_of) return facts.set_enum(f, members.front());
            return facts.set_members(f, members);
        }
        case ValueType::date:
            return facts.set_date(f, static_cast<std::int32_t>(v.number / 86400.0));
        default:
            return facts.set_number(f, v.number / fact.to_base);
    }
}

Facts build(const RuleSet& rules, const std::vector<PlannedVisit>& plan,
            std::optional<std::int32_t> evaluated_on) {
    Facts facts(rules);
    if (evaluated_on) facts.set_evaluated_on(*evaluated_on);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        if (i == 0)
            facts.date_visit(plan[i].day);
        else
            facts.add_visit(plan[i].day);
        for (FactIndex f = 0; f < plan[i].values.size(); ++f)
            if (plan[i].values[f].known) set_value(facts, f, plan[i].values[f]);
    }
    return facts;
}

/// A random complete history (1 to 4 visits, 1 to 30 days apart) and a copy with each value
/// missing with a random probability.
std::pair<std::vector<PlannedVisit>, std::vector<PlannedVisit>> histories(const RuleSet& rules,
                                                                          RandomFacts& random,
                                                                          std::mt19937& rng) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    std::vector<PlannedVisit> complete, partial;
    std::int32_t day = 20454;  // 2026-01-01
    int visits = 1 + pick(4);
    double known = random.probability();
    for (int v = 0; v < visits; ++v) {
        day += v == 0 ? 0 : 1 + pick(30);
        Facts one(rules);
        for (FactIndex f = 0; f < rules.facts().size(); ++f) random.set(one, f);
        complete.push_back({day, one.values()});
        partial.push_back(complete.back());
        for (auto& value : partial.back().values)
            if (random.probability() > known) value = FactValue{};
    }
    return {complete, partial};
}

/// Held terms in `t` that read more than one visit.
std::size_t held_over_visits(const Term& t) {
    std::size_t n = t.kind == TermKind::held && t.children.size() > 1;
    for (const auto& child : t.children) n += held_over_visits(child);
    return n;
}

}  // namespace

TEST_CASE(
    "property: over visits and sides, decided statuses stay so when missing facts are "
    "filled") {
    int checked = 0, rule_sets_compiled = 0;
    for (int seed = 1; seed <= rule_sets; ++seed) {
        RandomRules generator(static_cast<unsigned>(seed));
        auto text = generator.visits_and_sides();
        auto compiled = compile(text);
        INFO(text);
        REQUIRE(compiled.ok());
        ++rule_sets_compiled;
        const RuleSet& rules = *compiled.rule_set;
        RandomFacts random(rules, static_cast<unsigned>(seed));
        std::mt19937 rng(static_cast<unsigned>(seed));
        Evaluation before, after;
        for (int i = 0; i < patients_per_rule_set; ++i) {
            auto [complete, partial] = histories(rules, random, rng);
            std::optional<std::int32_t> on;
            if (random.probability() < 0.5) on = complete.back().day + 10;
            Facts some = build(rules, partial, on);
            Facts all = build(rules, complete, on);
            rules.evaluate(some, before);
            rules.evaluate(all, after);
            for (ConclusionIndex c = 0; c < rules.conclusions().size(); ++c) {
                if (!decided(before.status(c))) continue;
                ++checked;
                if (after.status(c) != before.status(c))
                    FAIL_CHECK("rule set " << seed << ", patient " << i << ": "
                                           << rules.conclusions()[c].name << " was "
                                           << to_string(before.status(c)) << ", became "
                                           << to_string(after.status(c)) << "\n"
                                           << render_text(explain(before, some)) << "\n"
                                           << render_text(explain(after, all)));
            }
        }
    }
    INFO(rule_sets_compiled << " rule sets, " << checked << " decided statuses checked");
    CHECK(checked > rule_sets * patients_per_rule_set);  // exercised, not vacuously true
}

/// Calls `check(rules, facts, evaluation)` for random histories, each partial or complete and
/// evaluated on the day of its last visit, of every random rule set from `seed_offset` on.
template <typename Check>
void for_each_random_history(unsigned seed_offset, const Check& check) {
    for (int seed = 1; seed <= rule_sets; ++seed) {
        RandomRules generator(static_cast<unsigned>(seed) + seed_offset);
        auto text = generator.visits_and_sides();
        auto compiled = compile(text);
        INFO(text);
        REQUIRE(compiled.ok());
        const RuleSet& rules = *compiled.rule_set;
        RandomFacts random(rules, static_cast<unsigned>(seed));
        std::mt19937 rng(static_cast<unsigned>(seed));
        Evaluation e;
        for (int i = 0; i < patients_per_rule_set; ++i) {
            auto [complete, partial] = histories(rules, random, rng);
            Facts facts =
                build(rules, random.probability() < 0.5 ? partial : complete, complete.back().day);
            rules.evaluate(facts, e);
            INFO("patient " << i);
            check(rules, facts, e, random);
        }
    }
}

// explain_reuse_test.cpp's check over visits: a held comparison's terms, one per visit, vary
// in number from patient to patient.
TEST_CASE(
    "property: over visits and sides, an explanation reused from patient to patient equals "
    "a fresh one") {
    std::size_t held_terms = 0;
    Explanation reused;
    for_each_random_history(
        3000, [&](const RuleSet&, const Facts& facts, const Evaluation& e, RandomFacts& random) {
            auto detail = random.probability() < 0.5 ? ExplainDetail::summary : ExplainDetail::full;
            explain(e, facts, detail, reused);
            auto fresh = explain(e, facts, detail);
            REQUIRE(reused == fresh);
            for (const auto& c : fresh.conclusions) held_terms += held_over_visits(c.derivation);
        });
    CHECK(held_terms > 0);  // exercised: held comparisons read over more than one visit
}

TEST_CASE("property: over visits and sides, the JSON explanation round-trips") {
    for_each_random_history(
        1000, [](const RuleSet& rules, const Facts& facts, const Evaluation& e, RandomFacts&) {
            auto json = render_json(explain(e, facts));
            auto back = read_explanation_json(json);
            REQUIRE(render_json(back) == json);
            for (ConclusionIndex c = 0; c < rules.conclusions().size(); ++c)
                REQUIRE(back.conclusions[c].status == e.status(c));
        });
}
