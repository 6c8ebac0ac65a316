// Measurement error: a fact may declare the standard error of one reading (`error 2 deg`). A
// comparison whose reading lies within error_k errors of its threshold is borderline: unknown
// for the logic, but told apart from a missing fact — the explanation gives the band and the
// facts needed next ask to measure it again.

#include <cmath>
#include <random>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;
using ilio::testing::conclusion;
using ilio::testing::fact;
using ilio::testing::status;

namespace {

const char* const measured = R"(
ruleset measured version "1.0.0"
fact angle : number deg in [-60, 90] "Thigh angle." error 2 deg ask "Measure the angle."
fact knee : number deg in [0, 160] "Knee flexion." error 4 deg ask "Measure the knee."
fact exact : number deg in [-60, 90] "An angle without a declared error." ask "Angle?"
fact side : bool "A truth value." ask "?"
param limit = 0 deg "Parallel." cite "c"
criterion parallel "At or below parallel" when angle <= limit pass "p" fail "f" cite "c"
finding short "Short" when not parallel because "b" cite "c"
finding gt "Greater" when angle > 0 deg because "b" cite "c"
finding ge "At least" when angle >= 0 deg because "b" cite "c"
finding lt "Less" when angle < 0 deg because "b" cite "c"
finding eq "Equal" when angle = 0 deg because "b" cite "c"
finding ne "Not equal" when angle != 0 deg because "b" cite "c"
finding mid "Mid range" when knee between 70 deg and 90 deg because "b" cite "c"
finding exact_gt "Exact" when exact > 0 deg because "b" cite "c"
finding either "Either" when angle > 0 deg or side because "b" cite "c"
finding both "Both" when angle > 0 deg and side because "b" cite "c"
finding apart "Knee beyond the angle" when knee > angle because "b" cite "c"
)";

constexpr auto fired = ConclusionStatus::fired;
constexpr auto no = ConclusionStatus::not_applicable;
constexpr auto open = ConclusionStatus::unknown;

}  // namespace

TEST_CASE("measurement error: the band is error_k x error, and the rule set gets error_k",
          "[measurement]") {
    auto rules = compile_ok(measured);
    auto angle = fact(rules, "angle");
    REQUIRE(rules.facts()[angle].error);
    CHECK(*rules.facts()[angle].error == 2.0);
    CHECK_FALSE(rules.facts()[fact(rules, "exact")].error);
    auto k = rules.find_parameter("error_k");
    REQUIRE(k);
    CHECK(rules.parameters()[*k].value == Approx(1.96));
    // Without a measured fact there is no such parameter.
    auto plain = compile_ok(R"(
ruleset plain version "1.0.0"
fact a : number deg in [0, 10] "a" ask "a?"
finding f "F" when a > 1 deg because "b" cite "c")");
    CHECK_FALSE(plain.find_parameter("error_k"));
}

TEST_CASE("measurement error: truth table of each comparison inside, at and beyond the band",
          "[measurement]") {
    auto rules = compile_ok(measured);
    Facts facts(rules);
    // Band: 1.96 x 2 deg = 3.92 deg either side of 0 deg.
    struct Row {
        double angle;
        ConclusionStatus gt, ge, lt, eq, ne;
    };
    const Row rows[] = {
        {-10, no, no, fired, no, fired},      {-3.92, no, no, fired, no, fired},
        {-3.9, open, open, open, open, open}, {-1, open, open, open, open, open},
        {0, open, open, open, open, open},    {1, open, open, open, open, open},
        {3.9, open, open, open, open, open},  {3.92, fired, fired, no, no, fired},
        {10, fired, fired, no, no, fired},
    };
    for (const auto& row : rows) {
        INFO("angle " << row.angle << " deg");
        facts.set_number("angle", row.angle);
        CHECK(status(rules, facts, "gt") == row.gt);
        CHECK(status(rules, facts, "ge") == row.ge);
        CHECK(status(rules, facts, "lt") == row.lt);
        CHECK(status(rules, facts, "eq") == row.eq);
        CHECK(status(rules, facts, "ne") == row.ne);
    }
    // A fact without an error compares exactly, as before.
    facts.set_number("exact", 0.5);
    CHECK(status(rules, facts, "exact_gt") == fired);
    facts.set_number("exact", 0);
    CHECK(status(rules, facts, "exact_gt") == no);
}

TEST_CASE("measurement error: between is borderline near either end, decided in the middle",
          "[measurement]") {
    auto rules = compile_ok(measured);
    Facts facts(rules);
    // Band: 1.96 x 4 deg = 7.84 deg.
    const std::pair<double, ConclusionStatus> rows[] = {
        {60, no},    {62, no},    {65, open}, {70, open}, {77, open},
        {78, fired}, {82, fired}, {83, open}, {97, open}, {98, no},
    };
    for (auto [knee, expected] : rows) {
        INFO("knee " << knee << " deg");
        facts.set_number("knee", knee);
        CHECK(status(rules, facts, "mid") == expected);
    }
}

TEST_CASE("measurement error: borderline is unknown in Kleene logic", "[measurement]") {
    auto rules = compile_ok(measured);
    Facts facts(rules);
    facts.set_number("angle", 1);  // borderline
    facts.set_bool("side", true);
    CHECK(status(rules, facts, "either") == fired);  // unknown or true
    CHECK(status(rules, facts, "both") == open);     // unknown and true
    facts.set_bool("side", false);
    CHECK(status(rules, facts, "either") == open);
    CHECK(status(rules, facts, "both") == no);  // unknown and false
    // Two measured facts: their difference has error sqrt(2^2 + 4^2) = 4.47 deg, band 8.77 deg.
    facts.set_number("knee", 9);
    CHECK(status(rules, facts, "apart") == open);
    facts.set_number("knee", 10);
    CHECK(status(rules, facts, "apart") == fired);
}

TEST_CASE("measurement error: a borderline reading is told apart from a missing fact",
          "[measurement]") {
    auto rules = compile_ok(measured);
    Facts facts(rules);
    auto angle = fact(rules, "angle");
    auto knee = fact(rules, "knee");
    facts.set_number("angle", 1);
    auto e = rules.evaluate(facts);
    CHECK(e.status(conclusion(rules, "short")) == open);
    // Both are needed next: the angle to measure again, the knee to measure at all.
    auto needed = e.needed();
    CHECK(std::find(needed.begin(), needed.end(), angle) != needed.end());
    CHECK(std::find(needed.begin(), needed.end(), knee) != needed.end());
    CHECK(e.remeasure(angle));
    CHECK_FALSE(e.remeasure(knee));

    auto x = explain(e, facts);
    const auto& s = x.conclusions[conclusion(rules, "short")];
    CHECK(s.missing.empty());
    CHECK(s.remeasure == std::vector<std::string>{"angle"});
    const auto& mid = x.conclusions[conclusion(rules, "mid")];
    CHECK(mid.missing == std::vector<std::string>{"knee"});
    CHECK(mid.remeasure.empty());
    bool found = false;
    for (const auto& need : x.needed)
        if (need.fact == "angle") {
            found = true;
            CHECK(need.remeasure);
            CHECK(need.reading == "1 deg");
        } else {
            CHECK_FALSE(need.remeasure);
        }
    CHECK(found);

    // The comparison says why it is open: the band, with k and the error.
    const Term& leaf = s.derivation.children.at(0).children.at(0);
    REQUIRE(leaf.band);
    CHECK(leaf.band->k == Approx(1.96));
    CHECK(leaf.band->error == Approx(2));
    CHECK(leaf.band->half_width == Approx(3.92));
    CHECK(leaf.band->unit == "deg");
    CHECK_THAT(leaf.text,
               Catch::Contains("angle 1 deg is within 1.96 × 2 deg (3.92 deg) of limit 0 deg") &&
                   Catch::Contains("measure again"));

    // Every renderer carries it, and JSON reads back the same.
    CHECK_THAT(render_text(x),
               Catch::Contains("borderline, measure again: angle") && Catch::Contains("REMEASURE"));
    CHECK_THAT(render_markdown(x), Catch::Contains("Borderline, measure again: `angle`"));
    auto json = render_json(x);
    CHECK_THAT(json, Catch::Contains(
                         R"("borderline":{"k":1.96,"error":2.0,"half_width":3.92,"unit":"deg"})") &&
                         Catch::Contains(R"("remeasure":["angle"])"));
    CHECK(render_json(read_explanation_json(json)) == json);
}

TEST_CASE("measurement error: error_k is a parameter like any other", "[measurement]") {
    // Declared by the rules: their value replaces 1.96.
    auto own = compile_ok(R"(
ruleset own version "1.0.0"
param error_k = 1 "One standard error." cite "c"
fact a : number deg in [-60, 90] "a" error 2 deg ask "a?"
finding f "F" when a > 0 deg because "b" cite "c")");
    Facts facts(own);
    facts.set_number("a", 2.5);  // beyond 1 x 2 deg
    CHECK(status(own, facts, "f") == fired);

    // Overridden at load time: a wider band leaves the same reading open.
    CompileOptions options;
    options.overrides.push_back({"error_k", "3"});
    auto wide = compile_ok(measured, options);
    Facts w(wide);
    w.set_number("angle", 5);  // within 3 x 2 deg
    CHECK(status(wide, w, "gt") == open);
    auto normal = compile_ok(measured);
    Facts n(normal);
    n.set_number("angle", 5);  // beyond 1.96 x 2 deg
    CHECK(status(normal, n, "gt") == fired);

    // error_k must be a plain number above zero.
    options.overrides = {{"error_k", "0"}};
    CHECK(testing::codes(compile(measured, options)) == std::vector<std::string>{"E081"});
    options.overrides = {{"error_k", "2 deg"}};
    CHECK(testing::codes(compile(measured, options)) == std::vector<std::string>{"E081"});
}

TEST_CASE(
    "measurement error property: never decided inside the band, and widening the band "
    "never turns a decided answer into its opposite",
    "[measurement][property]") {
    std::mt19937 rng(20261130);
    std::uniform_real_distribution<double> angle(-20, 20), knee(50, 110), k(0.1, 4);
    std::bernoulli_distribution coin(0.5);
    const int cases = testing::property_cases(300);
    for (int i = 0; i < cases; ++i) {
        // As the overrides write them, so the band below is the one the engine uses.
        double k1 = std::stod(std::to_string(k(rng))), k2 = std::stod(std::to_string(k(rng)));
        if (k1 > k2) std::swap(k1, k2);
        CompileOptions narrow_options, wide_options;
        narrow_options.overrides.push_back({"error_k", std::to_string(k1)});
        wide_options.overrides.push_back({"error_k", std::to_string(k2)});
        auto narrow = compile_ok(measured, narrow_options);
        auto wide = compile_ok(measured, wide_options);
        Facts fn(narrow), fw(wide);
        double a = angle(rng), kn = knee(rng);
        bool side = coin(rng);
        for (Facts* f : {&fn, &fw}) {
            f->set_number("angle", a);
            f->set_number("knee", kn);
            f->set_bool("side", side);
        }
        auto en = narrow.evaluate(fn);
        auto ew = wide.evaluate(fw);
        INFO("angle " << a << " knee " << kn << " k " << k1 << " and " << k2);
        for (ConclusionIndex c = 0; c < narrow.conclusions().size(); ++c) {
            INFO(narrow.conclusions()[c].name);
            // Widening: decided with the wider band means the same with the narrower one.
            if (ew.status(c) != open) CHECK(en.status(c) == ew.status(c));
        }
        // Inside the band nothing reading only that comparison is decided.
        double band = k2 * 2;  // error 2 deg
        if (std::abs(a) < band - 1e-9) {
            CHECK(ew.status(conclusion(wide, "gt")) == open);
            CHECK(ew.status(conclusion(wide, "lt")) == open);
            CHECK(ew.status(conclusion(wide, "short")) == open);
        } else if (std::abs(a) > band + 1e-9) {
            CHECK(ew.status(conclusion(wide, "gt")) == (a > 0 ? fired : no));
            CHECK(ew.status(conclusion(wide, "short")) == (a > 0 ? fired : no));
        }
    }
}
