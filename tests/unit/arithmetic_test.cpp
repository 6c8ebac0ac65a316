// Arithmetic on quantities: `+ - * /`, abs, min and max in comparisons, with dimensions checked
// at compile time, ranges propagated, a missing fact or a zero divisor leaving the comparison
// unknown, and a measured fact's error carried into the result.

#include <cmath>
#include <random>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;
using ilio::testing::status;

namespace {

const char* const rules_text = R"(
ruleset arithmetic version "1.0.0"
fact a : number deg in [-60, 90] "a" ask "?"
fact b : number deg in [-60, 90] "b" ask "?"
fact m : number deg in [-60, 90] "A measured angle." error 2 deg ask "?"
fact n : number deg in [-60, 90] "Another measured angle." error 2 deg ask "?"
fact weeks : number week in [0, 52] "Weeks." ask "?"
fact start : integer points in [0, 10] "Pain at the start." ask "?"
fact now : integer points in [0, 10] "Pain now." ask "?"
param gap = 5 deg "A gap." cite "c"
finding differ "Differ" when abs(a - b) > gap because "b" cite "c"
finding precedence "Precedence" when a + b * 2 > 10 deg because "b" cite "c"
finding grouped "Grouped" when (a + b) * 2 > 10 deg because "b" cite "c"
finding halved "Halved" when now <= start / 2 because "b" cite "c"
finding ratio "Ratio" when a / b > 2 because "b" cite "c"
finding scaled "Scaled" when weeks * 2 >= 12 week because "b" cite "c"
finding largest "Largest" when max(a, b, 10 deg) > 20 deg because "b" cite "c"
finding smallest "Smallest" when min(a, b) < -10 deg because "b" cite "c"
finding measured_gap "Measured gap" when m - n > 3 deg because "b" cite "c"
finding parenthesised "A plain value in parentheses" when (a) > 1 deg and ((now)) > 1 points
  because "b" cite "c"
)";

constexpr auto fired = ConclusionStatus::fired;
constexpr auto no = ConclusionStatus::not_applicable;
constexpr auto open = ConclusionStatus::unknown;

}  // namespace

TEST_CASE("arithmetic: values, precedence and functions", "[arithmetic]") {
    auto rules = compile_ok(rules_text);
    Facts f(rules);
    f.set_number("a", 4);
    f.set_number("b", 3);
    CHECK(status(rules, f, "precedence") == no);  // 4 + 6 = 10, not above 10
    CHECK(status(rules, f, "grouped") == fired);  // (4 + 3) * 2 = 14
    CHECK(status(rules, f, "differ") == no);      // |1| <= 5
    f.set_number("b", 10);
    CHECK(status(rules, f, "differ") == fired);      // |-6| > 5
    CHECK(status(rules, f, "precedence") == fired);  // 4 + 20
    CHECK(status(rules, f, "largest") == no);        // max(4, 10, 10) = 10
    CHECK(status(rules, f, "smallest") == no);
    f.set_number("a", -12);
    CHECK(status(rules, f, "smallest") == fired);
    f.set_number("a", 25);
    CHECK(status(rules, f, "largest") == fired);
    CHECK(status(rules, f, "ratio") == fired);  // 2.5, a plain ratio
    f.set_number("a", 20);
    CHECK(status(rules, f, "ratio") == no);  // exactly 2
    f.set_number("start", 8);
    f.set_number("now", 4);
    CHECK(status(rules, f, "halved") == fired);
    f.set_number("now", 5);
    CHECK(status(rules, f, "halved") == no);
    f.set_number("weeks", 6);
    CHECK(status(rules, f, "scaled") == fired);
    CHECK(status(rules, f, "parenthesised") == fired);
}

TEST_CASE("arithmetic: a missing fact or a zero divisor leaves the comparison unknown",
          "[arithmetic]") {
    auto rules = compile_ok(rules_text);
    Facts f(rules);
    f.set_number("a", 4);
    CHECK(status(rules, f, "differ") == open);
    auto e = rules.evaluate(f);
    auto needed = e.needed();
    CHECK(std::find(needed.begin(), needed.end(), *rules.find_fact("b")) != needed.end());
    f.set_number("b", 0);  // a / b divides by zero: neither true nor false
    CHECK(status(rules, f, "ratio") == open);
    auto x = explain(rules.evaluate(f), f);
    const auto& ratio = x.conclusions[*rules.find_conclusion("ratio")];
    CHECK_THAT(ratio.derivation.text, Catch::Contains("a / b undefined (a division by zero)"));
    CHECK(ratio.missing.empty());
}

TEST_CASE("arithmetic: measured facts carry their error into the result", "[arithmetic]") {
    auto rules = compile_ok(rules_text);
    Facts f(rules);
    // m - n has error sqrt(2^2 + 2^2) = 2.83 deg; band 1.96 x 2.83 = 5.54 deg around 3 deg.
    f.set_number("m", 10);
    f.set_number("n", 2);  // 8: inside the band
    CHECK(status(rules, f, "measured_gap") == open);
    CHECK(rules.evaluate(f).remeasure(*rules.find_fact("m")));
    f.set_number("n", 1);  // 9: beyond 3 + 5.54
    CHECK(status(rules, f, "measured_gap") == fired);
    f.set_number("n", 14);  // -4: below 3 - 5.54
    CHECK(status(rules, f, "measured_gap") == no);
}

TEST_CASE("arithmetic property: the engine computes what the formula says",
          "[arithmetic][property]") {
    auto rules = compile_ok(rules_text);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> angle(-60, 90);
    for (int i = 0; i < testing::property_cases(500); ++i) {
        Facts f(rules);
        double a = angle(rng), b = angle(rng);
        f.set_number("a", a);
        f.set_number("b", b);
        INFO("a " << a << " b " << b);
        auto truth = [](bool t) { return t ? fired : no; };
        CHECK(status(rules, f, "differ") == truth(std::abs(a - b) > 5));
        CHECK(status(rules, f, "precedence") == truth(a + b * 2 > 10));
        CHECK(status(rules, f, "grouped") == truth((a + b) * 2 > 10));
        CHECK(status(rules, f, "largest") == truth(std::max({a, b, 10.0}) > 20));
        CHECK(status(rules, f, "smallest") == truth(std::min(a, b) < -10));
        if (b != 0)
            CHECK(status(rules, f, "ratio") == truth(a / b > 2 && std::abs(a / b - 2) > 1e-9));
    }
}

TEST_CASE("arithmetic: a score's next part is not taken for a sum", "[arithmetic]") {
    auto rules = compile_ok(R"(
ruleset s version "1.0.0"
fact a : number deg in [0, 90] "a" ask "?"
fact b : bool "b" ask "?"
score points "Points" in [-1, 3]
  +1 when a > 3 deg
  +2 when b
  -1 when a - 10 deg > 3 deg
finding f "F" when points >= 2 because "{points}" cite "c")");
    Facts f(rules);
    f.set_number("a", 20);
    f.set_bool("b", true);
    auto e = rules.evaluate(f);
    CHECK(e.score(*rules.find_score("points")).least == 2);  // 1 + 2 - 1
}

TEST_CASE("arithmetic: dimensions, constant zero divisors and ranges are checked", "[arithmetic]") {
    auto codes = [](const std::string& condition) {
        auto errors = testing::codes(compile(R"(
ruleset r version "1.0.0"
fact a : number deg in [0, 90] "a" ask "?"
fact b : number deg in [0, 90] "b" ask "?"
fact w : number week in [0, 52] "w" ask "?"
finding f "F" when )" + condition + R"( because "b" cite "c")"));
        std::erase_if(errors, [](const std::string& code) { return code[0] != 'E'; });
        return errors;
    };
    CHECK(codes("a - b > 1 deg").empty());
    CHECK(codes("a - w > 1 deg") == std::vector<std::string>{"E060"});
    CHECK(codes("a + 2 > 1 deg") == std::vector<std::string>{"E061"});
    CHECK(codes("a * b > 1 deg") == std::vector<std::string>{"E060"});
    CHECK(codes("a / 0 > 1 deg") == std::vector<std::string>{"E084"});
    CHECK(codes("a - b > 100 deg") == std::vector<std::string>{"E070"});
    CHECK(codes("(a + b) / 2 > 91 deg") == std::vector<std::string>{"E070"});
    CHECK(codes("a / b > 2").empty());  // a ratio: b's range includes 0, decided at evaluation
    CHECK(codes("a - b > w") == std::vector<std::string>{"E060"});
}
