// Withheld is never false: a conclusion held back by a closed gate is not read as "does not
// apply" by whatever reads it; the reader is withheld by the same gate, or unknown.

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;

namespace {

// The child case of the Ottawa ankle rules written with a gate as its population: a 15-year-old
// with a tender lateral malleolus must not get "no imaging needed".
const char* const ankle_with_gate = R"(
ruleset ankle version "1.0.0"
fact age : integer count in [0, 120] "Age in years." ask "Age?"
fact lateral_malleolus : bool "Tender lateral malleolus." ask "Tender?"
fact navicular : bool "Tender navicular." ask "Tender?"
criterion adult "Adult" when age >= 18 pass "adult" fail "not an adult" cite "c"
step imaging "Imaging" requires adult cite "c"
recommend ankle_xray "Ankle x-ray" when lateral_malleolus because "b" cite "c"
recommend foot_xray "Foot x-ray" when navicular because "b" cite "c"
step summary "Summary" cite "c"
finding no_imaging "No ankle or foot imaging needed"
  when not ankle_xray and not foot_xray because "b" cite "c"
finding any_imaging "Some imaging" when ankle_xray or foot_xray because "b" cite "c"
)";

ConclusionIndex conclusion(const RuleSet& rules, const char* name) {
    auto index = rules.find_conclusion(name);
    REQUIRE(index);
    return *index;
}

}  // namespace

TEST_CASE("a withheld conclusion is not read as false: the child case", "[withheld]") {
    auto rules = compile_ok(ankle_with_gate);
    Facts facts(rules);
    facts.set_number("age", 15);
    facts.set_bool("lateral_malleolus", true);
    facts.set_bool("navicular", false);
    auto e = rules.evaluate(facts);
    auto imaging = *rules.find_step("imaging");
    CHECK(e.status(conclusion(rules, "ankle_xray")) == ConclusionStatus::withheld);
    CHECK(e.status(conclusion(rules, "foot_xray")) == ConclusionStatus::not_applicable);
    // Its readers are withheld by the same gate, not decided through it.
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::withheld);
    CHECK(e.withheld_at(conclusion(rules, "no_imaging")) == imaging);
    CHECK(e.status(conclusion(rules, "any_imaging")) == ConclusionStatus::withheld);
    CHECK(e.conclusion_truth(conclusion(rules, "ankle_xray")) == Truth::unknown);

    auto x = explain(e, facts);
    const auto& no_imaging = x.conclusions[conclusion(rules, "no_imaging")];
    REQUIRE(no_imaging.withheld_at);
    CHECK(no_imaging.withheld_at->name == "imaging");
}

TEST_CASE("a reader decided without the withheld conclusion stays decided", "[withheld]") {
    auto rules = compile_ok(ankle_with_gate);
    Facts facts(rules);
    facts.set_number("age", 15);
    facts.set_bool("lateral_malleolus", true);
    facts.set_bool("navicular", true);
    auto e = rules.evaluate(facts);
    // foot_xray is withheld too, so nothing decides either reader.
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::withheld);

    // For an adult both x-rays fire and the readers are decided by them.
    facts.set_number("age", 40);
    e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "ankle_xray")) == ConclusionStatus::fired);
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::not_applicable);
    CHECK(e.status(conclusion(rules, "any_imaging")) == ConclusionStatus::fired);
    CHECK_FALSE(e.withheld_at(conclusion(rules, "no_imaging")));
}

TEST_CASE("a gate that reads a withheld conclusion is closed by the same closer", "[withheld]") {
    auto rules = compile_ok(R"(
ruleset g version "1.0.0"
fact pain : bool "p" ask "p?"
fact ok : bool "o" ask "o?"
red_flag danger "Danger" severity critical when pain because "b" cite "c"
step first "First" requires not danger cite "c"
recommend go "Go on" when ok because "b" cite "c"
step second "Second" requires not go cite "c"
recommend rest "Rest" when ok because "b" cite "c"
)");
    Facts facts(rules);
    facts.set_bool("pain", true);
    facts.set_bool("ok", true);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "go")) == ConclusionStatus::withheld);
    // `not go` is not true because go is withheld: the second step is closed by the same flag.
    CHECK(e.step_state(*rules.find_step("second")) == StepState::closed);
    CHECK(e.status(conclusion(rules, "rest")) == ConclusionStatus::withheld);
    CHECK(e.withheld_by(conclusion(rules, "rest")) == conclusion(rules, "danger"));
}
