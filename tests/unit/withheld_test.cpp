// Withheld is never false: a conclusion held back by a closed gate is not read as "does not
// apply" by whatever reads it; the reader is withheld by the same gate, or unknown.

#include "ankle_rules.hpp"

using namespace ilio;
using namespace ilio::testing;

// The child case with a gate as its population: a 15-year-old with a tender lateral malleolus
// must not get "no imaging needed".
TEST_CASE("a withheld conclusion is not read as false: the child case", "[withheld]") {
    auto rules = compile_ok(ankle_rules(AdultsOnly::gate));
    auto facts = ankle_patient(rules, 15, true, false);
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
    auto rules = compile_ok(ankle_rules(AdultsOnly::gate));
    auto facts = ankle_patient(rules, 15, true, true);
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
