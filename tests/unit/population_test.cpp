// Populations: whom a rule set or a step is about, apart from safety gates. Outside the
// population conclusions are out of population (not withheld, not "not applicable"), the
// explanation names the population and its excluding criterion, and nothing reading them is
// decided by them.

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;

namespace {

const char* const ankle = R"(
ruleset ankle version "1.0.0"
fact age : integer count in [0, 120] "Age in years." ask "Age?"
fact days : integer day in [0, 365] "Days since the injury." ask "When?"
fact lateral_malleolus : bool "Tender lateral malleolus." ask "Tender?"
fact navicular : bool "Tender navicular." ask "Tender?"
criterion adult "Adult" when age >= 18 pass "adult" fail "under 18" cite "c"
population acute_adult "Adults with an acute ankle injury"
  when adult and days <= 10 day cite "Stiell 1993"
step imaging "Imaging" population acute_adult cite "c"
recommend ankle_xray "Ankle x-ray" when lateral_malleolus because "b" cite "c"
recommend foot_xray "Foot x-ray" when navicular because "b" cite "c"
step summary "Summary" cite "c"
finding no_imaging "No ankle or foot imaging needed"
  when not ankle_xray and not foot_xray because "b" cite "c"
)";

ConclusionIndex conclusion(const RuleSet& rules, const char* name) {
    auto index = rules.find_conclusion(name);
    REQUIRE(index);
    return *index;
}

}  // namespace

TEST_CASE("outside the population a step says nothing, and its readers neither", "[population]") {
    auto rules = compile_ok(ankle);
    REQUIRE(rules.find_population("acute_adult"));
    CHECK(rules.steps()[*rules.find_step("imaging")].population ==
          rules.find_population("acute_adult"));
    Facts facts(rules);
    facts.set_number("age", 15);
    facts.set_number("days", 1);
    facts.set_bool("lateral_malleolus", true);
    facts.set_bool("navicular", false);
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
    auto rules = compile_ok(ankle);
    Facts facts(rules);
    facts.set_number("age", 40);
    facts.set_number("days", 1);
    facts.set_bool("lateral_malleolus", true);
    facts.set_bool("navicular", false);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "ankle_xray")) == ConclusionStatus::fired);
    CHECK(e.status(conclusion(rules, "foot_xray")) == ConclusionStatus::not_applicable);
    CHECK(e.status(conclusion(rules, "no_imaging")) == ConclusionStatus::not_applicable);
}

TEST_CASE("an unknown population keeps even false conditions open and asks for it",
          "[population]") {
    auto rules = compile_ok(ankle);
    Facts facts(rules);
    facts.set_number("days", 1);
    facts.set_bool("lateral_malleolus", false);
    facts.set_bool("navicular", false);
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
