// Point scores: weights (whole, decimal, negative), bands of a number or enum fact, the set of
// values a score can still take with facts missing, and comparisons decided from that set.

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::codes;
using ilio::testing::compile_ok;

namespace {

const char* const cha2ds2 = R"(
ruleset af version "1.0.0"
fact age : integer year in [18, 120] "Age." ask "Age?"
fact sex : one of {female, male} "Sex." ask "Sex?"
fact chf : bool "Heart failure." ask "Heart failure?"
fact stroke : bool "Prior stroke or TIA." ask "Stroke?"
param oac_men = 2 "ESC 2020" cite "ESC 2020"
param oac_women = 3 "ESC 2020" cite "ESC 2020"
score vasc "CHA2DS2-VASc"
  in [0, 9]
  +1 when chf
  +2 when stroke
  by age
    < 65 year: 0
    >= 65 year and < 75 year: 1
    >= 75 year: 2
  by sex
    female: 1
    male: 0
  cite "Lip 2010"
recommend oac "Oral anticoagulation"
  when (sex = male and vasc >= oac_men) or (sex = female and vasc >= oac_women)
  because "CHA2DS2-VASc {vasc}" cite "ESC 2020"
finding high "Score at least 2" when vasc >= 2 because "score {vasc}" cite "c"
finding exactly_one "Score exactly 1" when vasc = 1 because "b" cite "c"
)";

}  // namespace

TEST_CASE("a score adds its parts for a complete patient", "[score]") {
    auto rules = compile_ok(cha2ds2);
    auto s = *rules.find_score("vasc");
    CHECK(rules.scores()[s].minimum == 0);
    CHECK(rules.scores()[s].maximum == 6);
    Facts facts(rules);
    facts.set_number("age", 70);
    facts.set_enum("sex", "female");
    facts.set_bool("chf", true);
    facts.set_bool("stroke", false);
    auto e = rules.evaluate(facts);
    CHECK(e.score(s).exact());
    CHECK(e.score(s).least == 3);  // chf 1 + age 65-74 1 + female 1
    CHECK(e.status(*rules.find_conclusion("oac")) == ConclusionStatus::fired);
    CHECK(e.status(*rules.find_conclusion("exactly_one")) == ConclusionStatus::not_applicable);
    auto x = explain(e, facts);
    CHECK(x.conclusions[*rules.find_conclusion("high")].because == "score 3");
    REQUIRE(x.scores.size() == 1);
    CHECK(x.scores[0].counted.size() == 3);
    CHECK(x.scores[0].open.empty());
}

TEST_CASE("with facts missing a score is the set of values it can still take", "[score]") {
    auto rules = compile_ok(cha2ds2);
    auto s = *rules.find_score("vasc");
    Facts facts(rules);
    facts.set_number("age", 50);
    facts.set_enum("sex", "male");
    facts.set_bool("chf", true);  // stroke unknown: 1 or 3, never 2
    auto e = rules.evaluate(facts);
    CHECK(e.score_values(s) == std::vector<double>{1, 3});
    CHECK_FALSE(e.score_may_be(s, 2));
    CHECK(e.score_may_be(s, 3));
    // `= 1` is open, `>= 2` too; nothing is decided wrongly.
    CHECK(e.status(*rules.find_conclusion("exactly_one")) == ConclusionStatus::unknown);
    CHECK(e.status(*rules.find_conclusion("high")) == ConclusionStatus::unknown);
    auto x = explain(e, facts);
    CHECK(x.scores[0].value == "1 or 3");
    REQUIRE(x.scores[0].open.size() == 1);
    CHECK(x.scores[0].open[0].item == "stroke");
    CHECK(x.scores[0].open[0].most == 2);
    CHECK(render_text(x).find("CHA2DS2-VASc 1 or 3 (chf +1; stroke unknown: +2 possible)") !=
          std::string::npos);
    auto back = read_explanation_json(render_json(x));
    REQUIRE(back.scores.size() == 1);
    CHECK(back.scores[0].value == "1 or 3");

    // Chf false too: the score is 0 or 2, so `= 1` is decided false.
    facts.set_bool("chf", false);
    e = rules.evaluate(facts);
    CHECK(e.score_values(s) == std::vector<double>{0, 2});
    CHECK(e.status(*rules.find_conclusion("exactly_one")) == ConclusionStatus::not_applicable);
}

TEST_CASE("a comparison is decided when every value the score can take agrees", "[score]") {
    auto rules = compile_ok(cha2ds2);
    Facts facts(rules);
    facts.set_number("age", 80);  // 2 points, sex unknown: 2 or 3
    facts.set_bool("chf", false);
    facts.set_bool("stroke", false);
    auto e = rules.evaluate(facts);
    CHECK(e.score_values(*rules.find_score("vasc")) == std::vector<double>{2, 3});
    CHECK(e.status(*rules.find_conclusion("high")) == ConclusionStatus::fired);
}

TEST_CASE("decimal and negative weights", "[score]") {
    auto rules = compile_ok(R"(
ruleset w version "1.0.0"
fact a : bool "a" ask "a?"
fact b : bool "b" ask "b?"
fact alt : bool "alt" ask "alt?"
score s "S"
  +1.5 when a
  +0.25 when b
  -2 when alt
finding likely "Likely" when s >= 1.5 because "{s}" cite "c"
)");
    auto s = *rules.find_score("s");
    CHECK(rules.scores()[s].minimum == -2);
    CHECK(rules.scores()[s].maximum == 1.75);
    Facts facts(rules);
    facts.set_bool("a", true);
    facts.set_bool("alt", false);
    auto e = rules.evaluate(facts);
    CHECK(e.score_values(s) == std::vector<double>{1.5, 1.75});
    CHECK(e.status(*rules.find_conclusion("likely")) == ConclusionStatus::fired);
    facts.set_bool("alt", true);
    facts.set_bool("b", true);
    e = rules.evaluate(facts);
    CHECK(e.score(s).least == Approx(-0.25));
    CHECK(e.status(*rules.find_conclusion("likely")) == ConclusionStatus::not_applicable);
}

TEST_CASE("bands are checked: overlaps, gaps, members", "[score]") {
    auto with_bands = [](const std::string& bands, const char* type = "integer year in [0, 120]") {
        return compile(std::string(R"(
ruleset b version "1.0.0"
fact age : )") + type + R"( "Age." ask "Age?"
score s "S"
  by age
)" + bands + R"(
finding f "F" when s >= 1 because "b" cite "c"
)");
    };
    CHECK(codes(with_bands("< 65 year: 0\n >= 65 year: 1")).empty());
    CHECK(codes(with_bands("<= 64 year: 0\n between 65 year and 74 year: 1\n >= 75 year: 2"))
              .empty());
    auto overlap = with_bands("<= 65 year: 0\n >= 65 year: 1");
    CHECK(codes(overlap) == std::vector<std::string>{"E076"});
    CHECK(overlap.diagnostics[0].message.find("`<= 65 year` and `>= 65 year`") !=
          std::string::npos);
    auto gap = with_bands("< 65 year: 0\n >= 66 year: 1");
    CHECK(codes(gap) == std::vector<std::string>{"E077"});
    // A number fact leaves a gap between 74 and 75 that an integer one does not.
    CHECK(codes(with_bands("< 65 year: 0\n between 65 year and 74 year: 1\n >= 75 year: 2",
                           "number year in [0, 120]")) == std::vector<std::string>{"E077"});
    CHECK(codes(with_bands("< 65 year: 0\n between 65 year and 74 year: 1",
                           "integer year in [0, 120]")) == std::vector<std::string>{"E077"});
    auto members = compile(R"(
ruleset b version "1.0.0"
fact sex : one of {female, male, other} "Sex." ask "Sex?"
score s "S"
  by sex
    female: 1
    male: 0
    female: 2
finding f "F" when s >= 1 because "b" cite "c"
)");
    auto member_codes = codes(members);
    std::sort(member_codes.begin(), member_codes.end());
    CHECK(member_codes == std::vector<std::string>{"E076", "E077"});
}

TEST_CASE("score mistakes are reported", "[score]") {
    auto result = compile(R"(
ruleset b version "1.0.0"
fact a : bool "a" ask "a?"
param days = 3 day
score s "S"
  in [0, 1]
  +1 when a
  +1.0001 when not a
finding f "F" when s >= days because "b" cite "c"
finding g "G" when s because "b" cite "c"
)");
    auto c = codes(result);
    CHECK(std::count(c.begin(), c.end(), "E078") == 1);
    CHECK(std::count(c.begin(), c.end(), "E050") == 2);
}

TEST_CASE("a score past its declared range is an error naming the reachable values", "[score]") {
    auto result = compile(R"(
ruleset b version "1.0.0"
fact a : bool "a" ask "a?"
fact b : bool "b" ask "b?"
score s "S"
  in [0, 1]
  +1 when a
  +1 when b
finding f "F" when s >= 1 because "b" cite "c"
)");
    REQUIRE(codes(result) == std::vector<std::string>{"E075"});
    CHECK(result.diagnostics[0].message.find("0 to 2") != std::string::npos);
}
