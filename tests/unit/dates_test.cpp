// Date facts: ISO 8601 calendar dates in facts documents and through the setters, bad dates
// named with their fact; dates compared with dates, date - date a time, `time since` a date
// counted to the evaluation date (or the latest visit's); explanations read dates.

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;
using ilio::testing::status;

namespace {

constexpr const char* date_rules = R"(
ruleset dates version "1.0.0"
fact onset : date "Symptoms began." ask "When?"
fact surgery : date "Last surgery." ask "When?"
finding recent "Surgery in the last 12 weeks"
  when time since surgery < 12 week because "on {surgery}" cite "c"
finding after "Symptoms began after surgery, within 26 weeks"
  when onset > surgery and onset - surgery <= 26 week because "b" cite "c"
finding moved "Onset at least a week after surgery"
  when onset >= surgery + 1 week because "b" cite "c"
)";

}  // namespace

TEST_CASE("dates: facts documents give ISO dates, and a bad one names its fact", "[dates]") {
    auto rules = compile_ok(date_rules);
    auto ok = read_facts_json(rules, R"({"onset": "2026-03-01", "surgery": null})");
    REQUIRE(ok.ok());
    auto onset = *rules.find_fact("onset");
    CHECK(ok.facts->value(onset).number == *parse_date("2026-03-01") * 86400.0);
    for (const char* bad : {R"("2026-02-30")", R"("01/03/2026")", R"("2026-3-1")"}) {
        auto r = read_facts_json(rules, std::string(R"({"onset": )") + bad + "}");
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].where == "/onset");
        CHECK(r.errors[0].message.find("`onset` must be an ISO 8601 calendar date") == 0);
    }
    auto number = read_facts_json(rules, R"({"onset": 20000})");
    REQUIRE_FALSE(number.ok());
    CHECK(number.errors[0].message ==
          "`onset` is a date fact, but a number was given; give an ISO 8601 calendar date such "
          "as \"2026-09-01\"");
    // Lenient: the bad date is unknown, with a warning naming it.
    auto lenient = read_facts_json(rules, R"({"onset": "2026-02-30"})", FactsOptions{true});
    REQUIRE(lenient.ok());
    CHECK_FALSE(lenient.facts->known(onset));
    REQUIRE(lenient.facts->warnings().size() == 1);
    CHECK(lenient.facts->warnings()[0].fact == "onset");
    // A date is not a number, and a number fact takes no date.
    Facts f(rules);
    CHECK_THROWS_AS(f.set_number("onset", 3), FactError);
}

TEST_CASE("dates: compared, subtracted, and counted to the evaluation date", "[dates]") {
    auto rules = compile_ok(date_rules);
    auto doc = [&](const std::string& body) {
        auto r = read_facts_json(rules, body);
        REQUIRE(r.ok());
        return *r.facts;
    };
    // Evaluated on 2026-11-30: surgery 70 days earlier is recent, 90 days is not.
    CHECK(status(rules, doc(R"({"evaluated_on": "2026-11-30", "surgery": "2026-09-21"})"),
                 "recent") == ConclusionStatus::fired);
    CHECK(status(rules, doc(R"({"evaluated_on": "2026-11-30", "surgery": "2026-09-01"})"),
                 "recent") == ConclusionStatus::not_applicable);
    // Without an evaluation date, to the latest visit's date; without either, unknown.
    CHECK(status(rules,
                 doc(R"({"visits": [{"date": "2026-09-30", "facts": {"surgery": "2026-09-21"}}]})"),
                 "recent") == ConclusionStatus::fired);
    CHECK(status(rules, doc(R"({"surgery": "2026-09-21"})"), "recent") ==
          ConclusionStatus::unknown);
    // A date fact belongs to its visit, like any fact: never carried over from an earlier one.
    CHECK(status(rules,
                 doc(R"({"visits": [{"date": "2026-09-01", "facts": {"surgery": "2026-08-21"}},
                                            {"date": "2026-09-30", "facts": {}}]})"),
                 "recent") == ConclusionStatus::unknown);
    // date - date is a time; date + time is a date.
    CHECK(status(rules, doc(R"({"onset": "2026-03-01", "surgery": "2026-01-01"})"), "after") ==
          ConclusionStatus::fired);
    CHECK(status(rules, doc(R"({"onset": "2026-12-01", "surgery": "2026-01-01"})"), "after") ==
          ConclusionStatus::not_applicable);
    CHECK(status(rules, doc(R"({"onset": "2026-01-08", "surgery": "2026-01-01"})"), "moved") ==
          ConclusionStatus::fired);
    CHECK(status(rules, doc(R"({"onset": "2026-01-07", "surgery": "2026-01-01"})"), "moved") ==
          ConclusionStatus::not_applicable);
    // A missing date leaves what reads it unknown, and is asked for.
    Facts partial = doc(R"({"onset": "2026-03-01"})");
    auto e = rules.evaluate(partial);
    CHECK(e.status(*rules.find_conclusion("after")) == ConclusionStatus::unknown);
    auto needed = e.missing_facts(*rules.find_conclusion("after"));
    CHECK(needed == std::vector<FactIndex>{*rules.find_fact("surgery")});
    // The evaluation date cannot come before a visit.
    auto late = read_facts_json(
        rules,
        R"({"evaluated_on": "2026-09-01", "visits": [{"date": "2026-09-02", "facts": {}}]})");
    REQUIRE_FALSE(late.ok());
    CHECK(late.errors[0].message ==
          "visit 1 on 2026-09-02 is after the evaluation date 2026-09-01");
}

TEST_CASE("dates: explanations read dates, and days between them", "[dates]") {
    auto rules = compile_ok(date_rules);
    auto r = read_facts_json(
        rules, R"({"evaluated_on": "2026-11-30", "onset": "2026-03-01", "surgery": "2026-01-01"})");
    REQUIRE(r.ok());
    auto x = explain(rules.evaluate(*r.facts), *r.facts);
    for (const auto& c : x.conclusions) {
        if (c.name == "after") {
            REQUIRE(c.derivation.children.size() == 2);
            CHECK(c.derivation.children[0].text ==
                  "onset 2026-03-01 is after surgery 2026-01-01 (by 59 days)");
            CHECK(c.derivation.children[0].actual->type == ValueType::date);
        }
        if (c.name == "recent") CHECK(c.because.empty());
    }
    auto back = read_explanation_json(render_json(x));
    CHECK(render_json(back) == render_json(x));
    CHECK(render_json(x).find(R"("value":"2026-03-01")") != std::string::npos);
}
