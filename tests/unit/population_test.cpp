// Populations: whom a rule set or a step is about, apart from safety gates. Outside the
// population conclusions are out of population (not withheld, not "not applicable"), the
// explanation names the population and its excluding criterion, and nothing reading them is
// decided by them.

#include "ankle_rules.hpp"

using namespace ilio;
using namespace ilio::testing;

TEST_CASE("outside the population a step says nothing, and its readers neither", "[population]") {
    auto rules = compile_ok(ankle_rules(AdultsOnly::population));
    REQUIRE(rules.find_population("acute_adult"));
    CHECK(rules.steps()[*rules.find_step("imaging")].population ==
          rules.find_population("acute_adult"));
    auto facts = ankle_patient(rules, 15, true, false);
    auto e = rules.evaluate(facts);
    CHECK(e.population(*rules.find_population("acute_adult")) == Truth::false_);
    CHECK(e.status(conclusion(rules, "ankle_xray")) == ConclusionStatus::out_of_population);
    // Not "not applicable", although its condition is false: the rule does not look.
    CHECK(e.status(conclusion(rules, "foot_xray")) == ConclusionStatus::out_of_population);
    // The child case: not "no imaging needed".
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::out_of_population);
    CHECK(e.excluded_by(conclusion(rules, "no_imaging")) == rules.find_population("acute_adult"));

    auto x = explain(e, facts);
    const auto& xray = x.conclusions[conclusion(rules, "ankle_xray")];
    REQUIRE(xray.excluded_by);
    CHECK(xray.excluded_by->name == "acute_adult");
    REQUIRE(xray.population);
    CHECK(xray.population->value == Truth::false_);
    auto text = render_text(x);
    CHECK(text.find("DOES NOT APPLY") != std::string::npos);
    CHECK(text.find("Adults with an acute ankle injury") != std::string::npos);
    // The criterion that excludes the patient is shown false under the population.
    CHECK(text.find("under 18") != std::string::npos);
    auto json = render_json(x);
    CHECK(json.find("\"out_of_population\"") != std::string::npos);
    auto back = read_explanation_json(json);
    CHECK(back.conclusions[conclusion(rules, "ankle_xray")].excluded_by->name == "acute_adult");
}

TEST_CASE("inside the population conclusions are decided as usual", "[population]") {
    auto rules = compile_ok(ankle_rules(AdultsOnly::population));
    auto facts = ankle_patient(rules, 40, true, false);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "ankle_xray")) == ConclusionStatus::fired);
    CHECK(e.status(conclusion(rules, "foot_xray")) == ConclusionStatus::not_applicable);
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::not_applicable);
}

TEST_CASE("an unknown population keeps even false conditions open and asks for it",
          "[population]") {
    auto rules = compile_ok(ankle_rules(AdultsOnly::population));
    auto facts = ankle_patient(rules, std::nullopt, false, false);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "ankle_xray")) == ConclusionStatus::unknown);
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::unknown);
    REQUIRE_FALSE(e.needed().empty());
    CHECK(rules.facts()[e.needed()[0]].name == "age");
}

TEST_CASE("a rule set's population covers every step", "[population]") {
    auto rules = compile_ok(R"(
ruleset r version "1.0.0" population adults
fact age : integer count in [0, 120] "Age." ask "Age?"
fact pain : bool "Pain." ask "Pain?"
population adults "Adults" when age >= 18 cite "c"
finding hurts "Pain" when pain because "b" cite "c"
step later "Later" cite "c"
finding later_pain "Pain later" when pain because "b" cite "c"
)");
    REQUIRE(rules.population());
    Facts facts(rules);
    facts.set_number("age", 10);
    facts.set_bool("pain", true);
    auto e = rules.evaluate(facts);
    CHECK(e.status(*rules.find_conclusion("hurts")) == ConclusionStatus::out_of_population);
    CHECK(e.status(*rules.find_conclusion("later_pain")) == ConclusionStatus::out_of_population);
    facts.set_number("age", 30);
    e = rules.evaluate(facts);
    CHECK(e.status(*rules.find_conclusion("hurts")) == ConclusionStatus::fired);
}

TEST_CASE("population mistakes are reported", "[population]") {
    auto result = compile(R"(
ruleset r version "1.0.0"
fact pain : bool "Pain." ask "Pain?"
finding hurts "Pain" when pain because "b" cite "c"
population sore "Sore" when hurts cite "c"
step s "S" population hurts cite "c"
step t "T" population adultz cite "c"
)");
    auto codes = ilio::testing::codes(result);
    CHECK(std::count(codes.begin(), codes.end(), "E074") == 2);
    CHECK(std::count(codes.begin(), codes.end(), "E030") == 1);
    for (const auto& d : result.diagnostics)
        if (d.code == "E030") CHECK(d.message.find("did you mean") == std::string::npos);
}
