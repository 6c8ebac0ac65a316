// Instances (left and right): facts, criteria and conclusions declared `per side` are copied
// for each side; each side is evaluated and explained on its own, and rules combine the sides
// through the list of a declaration's instances.

#include <random>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;
using ilio::testing::conclusion;

namespace {

RuleSet sides() {
    static const RuleSet rules = [] {
        auto result = load(std::string(ILIO_SOURCE_DIR) + "/tests/language/thomas_sides.ilio");
        REQUIRE(result.ok());
        return *result.rule_set;
    }();
    return rules;
}

}  // namespace

TEST_CASE("instances: one declaration per side becomes one per member, named and titled so",
          "[instances]") {
    auto rules = sides();
    for (const char* name : {"thomas.thigh_angle.left", "thomas.thigh_angle.right"})
        CHECK(rules.find_fact(name));
    CHECK_FALSE(rules.find_fact("thomas.thigh_angle"));
    CHECK(rules.find_fact("thomas.low_back_flat"));  // not per side: one
    const auto& left = rules.conclusions()[conclusion(rules, "one_joint_flexors_short.left")];
    CHECK(left.title == "Left: One-joint hip flexors (iliopsoas) short");
    CHECK(left.because == "the left thigh rests {thomas.thigh_angle.left} above horizontal");
    const auto& stretch = rules.conclusions()[conclusion(rules, "psoas_stretch.right")];
    CHECK(stretch.title == "Half-kneeling psoas stretch, right leg behind");  // places {side}
    CHECK_THAT(stretch.because, Catch::Contains("side-bend the spine away from the right side"));
    auto angle = rules.find_fact("thomas.thigh_angle.right");
    CHECK(rules.facts()[*angle].ask ==
          "Thomas test, right leg: measure the hanging thigh with a goniometer, low back flat.");
    auto criterion = rules.find_criterion("thigh_parallel.left");
    REQUIRE(criterion);
    CHECK(rules.criteria()[*criterion].fail_text ==
          "the left thigh rests above parallel to the floor");
}

TEST_CASE(
    "instances property: the sides are evaluated independently, and swapping the "
    "readings swaps the results",
    "[instances][property]") {
    auto rules = sides();
    std::mt19937 rng(12);
    std::uniform_int_distribution<int> angle(-20, 20), presence(0, 3);
    auto left = conclusion(rules, "one_joint_flexors_short.left");
    auto right = conclusion(rules, "one_joint_flexors_short.right");
    auto stretch_left = conclusion(rules, "psoas_stretch.left");
    auto stretch_right = conclusion(rules, "psoas_stretch.right");
    auto only_one = conclusion(rules, "one_side_short");
    for (int i = 0; i < testing::property_cases(500); ++i) {
        Facts facts(rules), swapped(rules), left_only(rules);
        int a = angle(rng), b = angle(rng), flat = presence(rng);
        bool has_a = presence(rng) != 0, has_b = presence(rng) != 0;
        for (Facts* f : {&facts, &swapped, &left_only})
            if (flat != 0) f->set_bool("thomas.low_back_flat", flat != 1);
        if (has_a) facts.set_number("thomas.thigh_angle.left", a);
        if (has_b) facts.set_number("thomas.thigh_angle.right", b);
        if (has_a) swapped.set_number("thomas.thigh_angle.right", a);
        if (has_b) swapped.set_number("thomas.thigh_angle.left", b);
        if (has_a) left_only.set_number("thomas.thigh_angle.left", a);
        INFO("left " << (has_a ? std::to_string(a) : "?") << " right "
                     << (has_b ? std::to_string(b) : "?") << " flat " << flat);
        auto e = rules.evaluate(facts);
        auto s = rules.evaluate(swapped);
        auto l = rules.evaluate(left_only);
        CHECK(e.status(left) == s.status(right));
        CHECK(e.status(right) == s.status(left));
        CHECK(e.status(stretch_left) == s.status(stretch_right));
        CHECK(e.status(only_one) == s.status(only_one));
        // The left side does not depend on the right reading.
        CHECK(e.status(left) == l.status(left));
        CHECK(e.status(stretch_left) == l.status(stretch_left));
    }
}

TEST_CASE("instances: rules combine the sides through the list of a declaration's instances",
          "[instances]") {
    auto rules = sides();
    Facts facts(rules);
    facts.set_bool("thomas.low_back_flat", true);
    facts.set_number("thomas.thigh_angle.left", 10);
    facts.set_number("thomas.thigh_angle.right", -5);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "one_side_short")) == ConclusionStatus::fired);
    auto x = explain(e, facts);
    const auto& only = x.conclusions[conclusion(rules, "one_side_short")];
    CHECK(only.because == "left 10 deg, right -5 deg: stretch the short side");
    auto text = render_text(x);
    CHECK_THAT(text, Catch::Contains("Left: One-joint hip flexors (iliopsoas) short"));
    CHECK_THAT(text, Catch::Contains("thomas.thigh_angle.left 10 deg is not at or below"));
    facts.set_number("thomas.thigh_angle.right", 3);
    CHECK(rules.evaluate(facts).status(conclusion(rules, "one_side_short")) ==
          ConclusionStatus::not_applicable);
}

TEST_CASE("instances: any small set, not only sides, and several sets side by side", "[instances]") {
    auto rules = compile_ok(R"(
ruleset fingers version "1.0.0"
instances digit = {thumb, index, middle}
instances side = {left, right}
fact swollen : bool "Swollen {digit}." per digit ask "Is the {digit} swollen?"
fact grip : number points in [0, 10] "Grip, {side} hand." per side ask "Grip {side}?"
finding swelling "Swelling" per digit when swollen because "the {digit} is swollen" cite "c"
finding weak "Weak grip" per side when grip < 4 points because "grip {grip}" cite "c"
finding many "Two or more digits swollen" when at least 2 of swelling because "b" cite "c"
)");
    CHECK(rules.conclusions().size() == 3 + 2 + 1);
    Facts facts(rules);
    facts.set_bool("swollen.thumb", true);
    facts.set_bool("swollen.middle", true);
    facts.set_bool("swollen.index", false);
    facts.set_number("grip.left", 2);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "many")) == ConclusionStatus::fired);
    CHECK(e.status(conclusion(rules, "weak.left")) == ConclusionStatus::fired);
    CHECK(e.status(conclusion(rules, "weak.right")) == ConclusionStatus::unknown);
    CHECK(rules.conclusions()[conclusion(rules, "swelling.index")].title == "Index: Swelling");
}

TEST_CASE("instances: bad sets and references are clean errors", "[instances]") {
    auto codes = [](const char* text) { return testing::codes(compile(text)); };
    CHECK(codes(R"(
ruleset r version "1.0.0"
fact a : bool "a" per side ask "?"
finding f "F" when a.left because "b" cite "c")") == std::vector<std::string>{"E083", "E030"});
    CHECK(codes(R"(
ruleset r version "1.0.0"
instances side = {left, right}
fact a : number deg in [0, 9] "a" per side ask "?"
finding f "F" when a > 1 deg because "b" cite "c")") == std::vector<std::string>{"E083"});
    CHECK(codes(R"(
ruleset r version "1.0.0"
instances side = {left, right}
instances hand = {left, right}
fact a : bool "a" per side ask "?"
finding f "F" per hand when a because "b" cite "c")") == std::vector<std::string>{"E083"});
    CHECK(codes(R"(
ruleset r version "1.0.0"
instances side = {a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q}
fact x : bool "x" per side ask "?"
finding f "F" when any of x because "b" cite "c")") == std::vector<std::string>{"E083"});
}
