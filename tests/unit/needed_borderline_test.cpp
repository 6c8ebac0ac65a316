// Borderline readings inside facts needed next (src/evaluate/needed_facts.cpp): a reading
// within its threshold's band is listed as read and asks to be measured again, beside the
// missing facts the cases find needed; a conclusion that only its readings hold open needs no
// missing fact.

#include <algorithm>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;

namespace {

// x is measured (error 2 deg: borderline within 3.92 deg of 0 deg); y is read twice, so the
// conditions are not read-once and facts needed next goes through its cases.
constexpr const char* rules_text = R"(
ruleset needed version "1.0.0"
fact x : number deg in [-60, 90] "x" error 2 deg ask "Measure x."
fact y : bool "y" ask "y?"
fact z : bool "z" ask "z?"
finding open "Open" when (x > 0 deg and y) or (not y and z) because "b" cite "c"
finding stuck "Stuck" when (x > 0 deg and y) or (x > 0 deg and not y) because "b" cite "c"
)";

bool has(const std::vector<FactIndex>& list, FactIndex f) {
    return std::find(list.begin(), list.end(), f) != list.end();
}

}  // namespace

TEST_CASE(
    "facts needed next: a borderline reading asks to be measured again, beside the "
    "missing facts the cases need",
    "[needed][borderline]") {
    auto rules = compile_ok(rules_text);
    FactIndex x = *rules.find_fact("x"), y = *rules.find_fact("y"), z = *rules.find_fact("z");
    Facts facts(rules);
    facts.set_number(x, 1);  // within 3.92 deg of 0 deg
    Evaluation e;
    rules.evaluate(facts, e);

    auto open = *rules.find_conclusion("open");
    REQUIRE(e.status(open) == ConclusionStatus::unknown);
    auto needed = e.missing_facts(open);
    // y = true leaves it on the borderline reading, y = false on z: both are needed, and the
    // reading is listed to be measured again.
    CHECK(has(needed, x));
    CHECK(has(needed, y));
    CHECK(has(needed, z));
    CHECK(e.remeasure(x));
    CHECK_FALSE(e.remeasure(y));

    // Held open by the reading alone: every value of y leaves it on x, so y is not needed.
    auto stuck = *rules.find_conclusion("stuck");
    REQUIRE(e.status(stuck) == ConclusionStatus::unknown);
    CHECK(e.missing_facts(stuck) == std::vector<FactIndex>{x});

    // The explanation asks to measure x again rather than for it as missing.
    auto explanation = explain(e, facts);
    bool asked_again = false;
    for (const auto& n : explanation.needed)
        if (n.fact == "x") asked_again = n.remeasure;
    CHECK(asked_again);

    // Measured again clear of the band, the reading is no longer asked for.
    facts.set_number(x, 10);
    rules.evaluate(facts, e);
    CHECK_FALSE(e.remeasure(x));
    CHECK_FALSE(has(e.missing_facts(open), x));
    CHECK(e.status(stuck) == ConclusionStatus::fired);
}
