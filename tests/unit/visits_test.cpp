// Visits: a facts document with dated visits, rules that read a fact at the first visit and at
// the one before the latest and the time between visits; a value missing at a visit is
// unknown there; a change between readings counts as real only beyond the minimal detectable
// change; bad dates and orders are clear errors.

#include "test_support.hpp"

using namespace ilio;

namespace {

const RuleSet& visits_rules() {
    static const RuleSet rules = [] {
        auto result = load(std::string(ILIO_SOURCE_DIR) + "/tests/language/thomas_visits.ilio");
        REQUIRE(result.ok());
        return *result.rule_set;
    }();
    return rules;
}

std::string visit(const char* date, const std::string& facts) {
    return std::string(R"({"date": ")") + date + R"(", "facts": )" + facts + "}";
}

FactsResult read(const std::string& visits, const std::string& extra = "") {
    return read_facts_json(visits_rules(), "{" + extra + R"("visits": [)" + visits + "]}");
}

ConclusionStatus status(const Facts& facts, const char* name) {
    return visits_rules().evaluate(facts).status(*visits_rules().find_conclusion(name));
}

}  // namespace

TEST_CASE("visits: dates parse as ISO 8601 calendar dates, and only those", "[visits]") {
    CHECK(parse_date("1970-01-01") == 0);
    CHECK(parse_date("2026-09-01") == 20697);
    CHECK(parse_date("2024-02-29"));
    CHECK_FALSE(parse_date("2026-02-29"));
    CHECK_FALSE(parse_date("2026-13-01"));
    CHECK_FALSE(parse_date("2026-9-1"));
    CHECK_FALSE(parse_date("01/09/2026"));
    CHECK_FALSE(parse_date("2026-09-01T10:00"));
    for (int day : {-1000, 0, 20697, 60000}) CHECK(parse_date(format_date(day)) == day);
}

TEST_CASE("visits: the history is read in order, and the latest visit is the patient now",
          "[visits]") {
    auto r = read(visit("2026-09-01", R"({"thomas.thigh_angle": 10, "program.tightness": 6})") +
                  "," + visit("2026-10-20", R"({"thomas.thigh_angle": 12})"));
    REQUIRE(r.ok());
    const Facts& f = *r.facts;
    CHECK(f.visit_count() == 2);
    CHECK(f.visit_date(0) == parse_date("2026-09-01"));
    auto tightness = *visits_rules().find_fact("program.tightness");
    CHECK(f.baseline_values()[tightness].known);
    CHECK_FALSE(f.known(tightness));  // missing at the latest visit: unknown, not carried over
    CHECK(status(f, "worse_since_last") == ConclusionStatus::unknown);
}

TEST_CASE("visits: a change within the minimal detectable change is no real change", "[visits]") {
    // Error 2 deg per reading: the change has error 2 x sqrt(2), band 1.96 x 2.83 = 5.54 deg.
    auto at = [](double before, double now) {
        auto r = read(visit("2026-09-01", R"({"thomas.thigh_angle": )" + std::to_string(before) +
                                              R"(, "program.tightness": 6})") +
                      "," +
                      visit("2026-10-20", R"({"thomas.thigh_angle": )" + std::to_string(now) +
                                              R"(, "program.tightness": 6})"));
        REQUIRE(r.ok());
        return status(*r.facts, "tension_persists");
    };
    CHECK(at(10, 7) == ConclusionStatus::fired);           // 3 deg: not real, persists
    CHECK(at(10, 4.5) == ConclusionStatus::fired);         // 5.5 deg: still within 5.54
    CHECK(at(10, 4) == ConclusionStatus::not_applicable);  // 6 deg: a real improvement
    CHECK(at(10, 14) == ConclusionStatus::fired);          // worse
}

TEST_CASE("visits: bad histories are errors that name the visit and the reason", "[visits]") {
    auto error = [](const FactsResult& r) {
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.errors.size() == 1);
        return r.errors[0].where + ": " + r.errors[0].message;
    };
    CHECK_THAT(error(read(visit("2026-9-1", "{}"))),
               Catch::Contains("/visits/0/date") && Catch::Contains("ISO 8601"));
    CHECK_THAT(error(read(visit("2026-10-01", "{}") + "," + visit("2026-09-01", "{}"))),
               Catch::Contains("/visits/1/date") && Catch::Contains("does not follow"));
    CHECK_THAT(error(read(visit("2026-10-01", "{}") + "," + visit("2026-10-01", "{}"))),
               Catch::Contains("one per date"));
    CHECK_THAT(error(read(visit("2026-12-24", "{}"), R"("evaluated_on": "2026-11-30", )")),
               Catch::Contains("after the evaluation date 2026-11-30"));
    CHECK_THAT(error(read(visit("2026-10-01", "{}"), R"("patient": 1, )")),
               Catch::Contains("unknown key \"patient\""));
    CHECK_THAT(error(read_facts_json(visits_rules(), R"({"visits": []})")),
               Catch::Contains("non-empty list"));
    CHECK_THAT(error(read(R"({"date": "2026-10-01"})")), Catch::Contains("visit 1 must be"));
    // A bad value inside a visit names the visit and the fact.
    auto bad = read(visit("2026-10-01", R"({"thomas.thigh_angle": "high"})"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.errors[0].where == "/visits/0/facts/thomas.thigh_angle");
}

TEST_CASE("visits: thousands of visits are read and evaluated", "[visits]") {
    std::string visits;
    for (int i = 0; i < 3000; ++i) {
        if (i) visits += ",";
        visits += visit(format_date(20000 + i).c_str(),
                        R"({"thomas.thigh_angle": )" + std::to_string(10 + i % 7) +
                            R"(, "program.tightness": )" + std::to_string(i % 10) + "}");
    }
    auto r = read(visits);
    REQUIRE(r.ok());
    CHECK(r.facts->visit_count() == 3000);
    // Latest tightness 9 (2999 % 10), previous 8: worse since the last visit.
    CHECK(status(*r.facts, "worse_since_last") == ConclusionStatus::fired);
}

TEST_CASE("visits: the C++ API dates visits in order", "[visits]") {
    Facts f(visits_rules());
    f.set_number("program.tightness", 4);
    CHECK_THROWS_AS(f.add_visit(20700), FactError);  // the first visit has no date
    f.date_visit(20697);
    CHECK_THROWS_AS(f.add_visit(20697), FactError);
    f.add_visit(20730);
    f.set_number("program.tightness", 6);
    CHECK(status(f, "worse_since_last") == ConclusionStatus::fired);
}
