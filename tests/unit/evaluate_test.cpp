// Evaluation: Kleene logic, the four conclusion statuses, gates, facts needed next, and facts
// validation from C++ and from JSON.

#include <array>

#include "test_support.hpp"

using namespace ilio;
using ilio::testing::compile_ok;

namespace {

const char* const logic_rules = R"(
ruleset logic version "1.0.0"
fact a : bool "a" ask "a?"
fact b : bool "b" ask "b?"
fact c : bool "c" ask "c?"
criterion and_ab "a and b" when a and b pass "p" fail "f" cite "t"
criterion or_ab "a or b" when a or b pass "p" fail "f" cite "t"
criterion not_a "not a" when not a pass "p" fail "f" cite "t"
criterion two_of "at least 2" when at least 2 of (a, b, c) pass "p" fail "f" cite "t"
criterion any_abc "any" when any of (a, b, c) pass "p" fail "f" cite "t"
criterion all_abc "all" when all of (a, b, c) pass "p" fail "f" cite "t"
)";

// Reference Kleene operators, written independently of the engine.
Truth k_and(Truth x, Truth y) {
    if (x == Truth::false_ || y == Truth::false_) return Truth::false_;
    if (x == Truth::true_ && y == Truth::true_) return Truth::true_;
    return Truth::unknown;
}
Truth k_or(Truth x, Truth y) {
    if (x == Truth::true_ || y == Truth::true_) return Truth::true_;
    if (x == Truth::false_ && y == Truth::false_) return Truth::false_;
    return Truth::unknown;
}
Truth k_not(Truth x) {
    return x == Truth::unknown ? x : (x == Truth::true_ ? Truth::false_ : Truth::true_);
}

void set(Facts& facts, const char* name, Truth t) {
    if (t == Truth::unknown)
        facts.clear(name);
    else
        facts.set_bool(name, t == Truth::true_);
}

const char* const clinic_rules = R"(
ruleset clinic version "1.0.0"
fact knee : number deg in [0, 160] "Knee flexion." ask "Measure the knee."
fact pain : one of {none, stretch, hip} "Pain site." ask "Where is the pain?"
fact weeks : number week in [0, 52] "Weeks." ask "How many weeks?"
fact flags : set of {fever, night_pain} "Flags." ask "Any red flags?"
param knee_normal = 80 deg "Kendall." cite "Kendall"
step assess "Step 1: Assess"
criterion knee_ok "Knee near 90" when knee >= knee_normal pass "ok" fail "short" cite "S1 p4"
finding rf_short "Rectus femoris short" when not knee_ok
  because "knee flexion {knee} is below {knee_normal}" cite "S1 p4"
step rule_out "Step 2: Rule out"
red_flag hip_pain "Hip pain" severity critical when pain = hip because "hip" cite "S2"
red_flag systemic "Systemic red flag" severity critical when flags contains any of {fever, night_pain}
  because "urgent" cite "S2"
finding cleared "Cleared for release" when not any of (hip_pain, systemic) because "ok" cite "S2"
step stretch "Step 3: Stretch" requires cleared
recommend kneeling "Kneeling stretch" when rf_short because "stretch" dose "30 s" cite "S5"
step persist "Step 7" requires cleared
escalate manual "Manual therapy" when weeks >= 6 week and rf_short because "after {weeks}" cite "S7"
)";

}  // namespace

TEST_CASE("evaluate: Kleene logic over every combination of true, false and unknown") {
    auto rules = compile_ok(logic_rules);
    Facts facts(rules);
    Evaluation e;
    const std::array<Truth, 3> values{Truth::false_, Truth::true_, Truth::unknown};
    for (auto a : values)
        for (auto b : values)
            for (auto c : values) {
                set(facts, "a", a);
                set(facts, "b", b);
                set(facts, "c", c);
                rules.evaluate(facts, e);
                INFO("a=" << to_string(a) << " b=" << to_string(b) << " c=" << to_string(c));
                CHECK(e.criterion(0) == k_and(a, b));
                CHECK(e.criterion(1) == k_or(a, b));
                CHECK(e.criterion(2) == k_not(a));
                int t = (a == Truth::true_) + (b == Truth::true_) + (c == Truth::true_);
                int u = (a == Truth::unknown) + (b == Truth::unknown) + (c == Truth::unknown);
                Truth two = t >= 2 ? Truth::true_ : (t + u < 2 ? Truth::false_ : Truth::unknown);
                CHECK(e.criterion(3) == two);
                CHECK(e.criterion(4) == k_or(k_or(a, b), c));
                CHECK(e.criterion(5) == k_and(k_and(a, b), c));
            }
}

// References of references, read by `at least`, `not`, a score and another conclusion: the
// pass reads what a reference leads to, and gives the reference its copy afterwards.
const char* const reference_rules = R"(
ruleset refs version "1.0.0"
fact a : bool "a" ask "a?"
fact b : bool "b" ask "b?"
step first "Step 1"
criterion base "a" when a pass "p" fail "f" cite "t"
criterion alias1 "alias" when base pass "p" fail "f" cite "t"
criterion alias2 "alias of an alias" when alias1 pass "p" fail "f" cite "t"
criterion counted "at least one" when at least 1 of (alias2, b) pass "p" fail "f" cite "t"
criterion negated "not" when not alias2 pass "p" fail "f" cite "t"
score total "total"
  in [0, 2]
  +1 when alias2
  +1 when b
  cite "t"
finding via_alias "via an alias" when alias2 because "x" cite "t"
finding via_finding "via a finding" when via_alias and b because "x" cite "t"
finding by_score "by the score" when total >= 2 because "x" cite "t"
)";

ConclusionStatus status_of(Truth t) {
    return t == Truth::true_    ? ConclusionStatus::fired
           : t == Truth::false_ ? ConclusionStatus::not_applicable
                                : ConclusionStatus::unknown;
}

TEST_CASE("evaluate: a reference, and a reference to a reference, read what they refer to") {
    auto rules = compile_ok(reference_rules);
    Facts facts(rules);
    Evaluation e;
    auto criterion = [&](const char* name) { return e.criterion(*rules.find_criterion(name)); };
    auto status = [&](const char* name) { return e.status(*rules.find_conclusion(name)); };
    const std::array<Truth, 3> values{Truth::false_, Truth::true_, Truth::unknown};
    for (auto a : values)
        for (auto b : values) {
            set(facts, "a", a);
            set(facts, "b", b);
            rules.evaluate(facts, e);
            INFO("a=" << to_string(a) << " b=" << to_string(b));
            CHECK(criterion("base") == a);
            CHECK(criterion("alias1") == a);
            CHECK(criterion("alias2") == a);
            CHECK(criterion("counted") == k_or(a, b));
            CHECK(criterion("negated") == k_not(a));
            CHECK(status("via_alias") == status_of(a));
            CHECK(status("via_finding") == status_of(k_and(a, b)));
            CHECK(status("by_score") == status_of(k_and(a, b)));
            auto total = e.score(*rules.find_score("total"));
            CHECK(total.least == (a == Truth::true_) + (b == Truth::true_));
            CHECK(total.most == (a != Truth::false_) + (b != Truth::false_));
        }
}

TEST_CASE("evaluate: fired, not applicable, unknown and withheld") {
    auto rules = compile_ok(clinic_rules);
    auto idx = [&](const char* name) { return *rules.find_conclusion(name); };
    Facts facts(rules);

    facts.set_number("knee", 70);
    facts.set_enum("pain", "stretch");
    facts.set_members("flags", {});
    auto e = rules.evaluate(facts);
    CHECK(e.status(idx("rf_short")) == ConclusionStatus::fired);
    CHECK(e.status(idx("hip_pain")) == ConclusionStatus::not_applicable);
    CHECK(e.status(idx("cleared")) == ConclusionStatus::fired);
    CHECK(e.status(idx("kneeling")) == ConclusionStatus::fired);
    CHECK(e.status(idx("manual")) == ConclusionStatus::unknown);
    CHECK(e.missing_facts(idx("manual")) == std::vector<FactIndex>{*rules.find_fact("weeks")});
    CHECK(e.step_state(*rules.find_step("stretch")) == StepState::open);

    facts.set_enum("pain", "hip");
    rules.evaluate(facts, e);
    CHECK(e.status(idx("hip_pain")) == ConclusionStatus::fired);
    CHECK(e.status(idx("cleared")) == ConclusionStatus::not_applicable);
    CHECK(e.status(idx("kneeling")) == ConclusionStatus::withheld);
    CHECK(e.withheld_by(idx("kneeling")) == idx("hip_pain"));
    CHECK(e.step_state(*rules.find_step("stretch")) == StepState::closed);
    CHECK(e.step_closed_by(*rules.find_step("stretch")) == idx("hip_pain"));
    // Closed gate, unknown condition: still withheld (it may apply, and may not be done).
    CHECK(e.status(idx("manual")) == ConclusionStatus::withheld);

    facts.set_number("knee", 95);  // condition false: not applicable, whatever the gate
    rules.evaluate(facts, e);
    CHECK(e.status(idx("kneeling")) == ConclusionStatus::not_applicable);
    CHECK(e.status(idx("manual")) == ConclusionStatus::not_applicable);

    facts.clear("pain");  // gate unknown, condition true → unknown
    facts.set_number("knee", 60);
    rules.evaluate(facts, e);
    CHECK(e.status(idx("kneeling")) == ConclusionStatus::unknown);
    CHECK(e.step_state(*rules.find_step("stretch")) == StepState::undecided);
    CHECK(e.missing_facts(idx("kneeling")) == std::vector<FactIndex>{*rules.find_fact("pain")});
}

TEST_CASE("evaluate: thresholds are inclusive exactly as written, across units") {
    auto rules = compile_ok(clinic_rules);
    Facts facts(rules);
    auto e = Evaluation();
    auto short_status = [&](double knee) {
        facts.set_number("knee", knee);
        rules.evaluate(facts, e);
        return e.status(*rules.find_conclusion("rf_short"));
    };
    CHECK(short_status(79.9) == ConclusionStatus::fired);
    CHECK(short_status(80) == ConclusionStatus::not_applicable);
    CHECK(short_status(80.1) == ConclusionStatus::not_applicable);
    facts.set_enum("pain", "none");
    facts.set_members("flags", {});
    facts.set_number("knee", 50);
    facts.set_number("weeks", 42, "day");  // exactly 6 weeks
    rules.evaluate(facts, e);
    CHECK(e.status(*rules.find_conclusion("manual")) == ConclusionStatus::fired);
    facts.set_number("weeks", 41.9, "day");
    rules.evaluate(facts, e);
    CHECK(e.status(*rules.find_conclusion("manual")) == ConclusionStatus::not_applicable);
}

TEST_CASE("evaluate: empty facts leave everything open and ask for what decides most") {
    auto rules = compile_ok(clinic_rules);
    Facts facts(rules);
    auto e = rules.evaluate(facts);
    for (ConclusionIndex c = 0; c < rules.conclusions().size(); ++c)
        CHECK(e.status(c) == ConclusionStatus::unknown);
    // pain and flags each bear on four open conclusions (their red flag, `cleared`, and the two
    // gated ones), knee on three, weeks on one; ties keep declaration order.
    std::vector<std::string> order;
    std::vector<std::uint32_t> counts;
    for (auto f : e.needed()) {
        order.push_back(rules.facts()[f].name);
        counts.push_back(e.decides(f));
    }
    CHECK(order == std::vector<std::string>{"pain", "flags", "knee", "weeks"});
    CHECK(counts == std::vector<std::uint32_t>{4, 4, 3, 1});
}

TEST_CASE("evaluate: the facts needed next, worked out when first asked, are the patient's") {
    // evaluate() keeps what it needs to work them out later: the caller's facts may be gone,
    // the evaluation may have been reused for another patient without being asked, or copied.
    auto rules = compile_ok(clinic_rules);
    auto answer = [&](const Evaluation& e) {
        std::vector<std::pair<std::string, std::uint32_t>> out;
        for (auto f : e.needed()) out.emplace_back(rules.facts()[f].name, e.decides(f));
        return out;
    };
    Facts empty(rules), some(rules);
    some.set_enum("pain", "none");
    some.set_members("flags", {});
    const auto for_empty = answer(rules.evaluate(empty));
    const auto for_some = answer(rules.evaluate(some));
    REQUIRE(for_empty != for_some);
    REQUIRE_FALSE(for_some.empty());

    Evaluation e;
    CHECK(e.needed().empty());  // never evaluated
    {
        Facts gone = some;
        rules.evaluate(gone, e);
    }
    CHECK(answer(e) == for_some);

    rules.evaluate(empty, e);  // not asked: nothing worked out for this patient
    rules.evaluate(some, e);
    Evaluation copy = e, assigned;
    assigned = e;
    CHECK(answer(e) == for_some);
    CHECK(answer(copy) == for_some);
    CHECK(answer(assigned) == for_some);

    rules.evaluate(empty, e);  // asked before: worked out again for the new patient
    CHECK(answer(e) == for_empty);
    CHECK(answer(copy) == for_some);  // a copy is its own
}

TEST_CASE("evaluate: the closers, worked out when first asked, are the patient's") {
    // Which red flag closed a gate is followed when an explanation first asks, from the
    // patient evaluate() kept: the caller's facts may be gone, the evaluation reused or copied.
    auto rules = compile_ok(clinic_rules);
    auto idx = [&](const char* name) { return *rules.find_conclusion(name); };
    auto stretch = *rules.find_step("stretch");
    auto answer = [&](const Evaluation& e) {
        return std::pair{e.withheld_by(idx("kneeling")), e.step_closed_by(stretch)};
    };
    Facts hip(rules), fever(rules), clear(rules);
    for (auto* f : {&hip, &fever, &clear}) f->set_number("knee", 70);
    hip.set_enum("pain", "hip");
    hip.set_members("flags", {});
    fever.set_enum("pain", "none");
    fever.set_members("flags", {"fever"});
    clear.set_enum("pain", "none");
    clear.set_members("flags", {});
    using Closers = std::pair<std::optional<ConclusionIndex>, std::optional<StepIndex>>;
    const Closers by_hip{idx("hip_pain"), idx("hip_pain")};
    const Closers by_fever{idx("systemic"), idx("systemic")};
    CHECK(answer(rules.evaluate(hip)) == by_hip);
    CHECK(answer(rules.evaluate(fever)) == by_fever);
    CHECK(answer(rules.evaluate(clear)) == Closers{});  // nothing closed: no closer

    Evaluation e;
    {
        Facts gone = hip;
        rules.evaluate(gone, e);
    }
    CHECK(answer(e) == by_hip);
    rules.evaluate(fever, e);  // asked before: worked out again for the new patient
    Evaluation copy = e, assigned;
    assigned = e;
    CHECK(answer(e) == by_fever);
    CHECK(answer(copy) == by_fever);
    CHECK(answer(assigned) == by_fever);
    rules.evaluate(clear, e);
    CHECK(answer(e) == Closers{});
    CHECK(answer(copy) == by_fever);  // a copy is its own
    rules.evaluate(hip, e);
    CHECK(answer(e) == by_hip);
}

TEST_CASE("evaluate: only facts that could still change an open conclusion are needed") {
    auto rules = compile_ok(R"(
ruleset needs version "1.0.0"
fact a : bool "a" ask "a?"
fact b : bool "b" ask "b?"
fact c : bool "c" ask "c?"
fact d : bool "d" ask "d?"
finding x "X" when (a and b) or c because "x" cite "t"
finding y "Y" when d and x because "y" cite "t"
)");
    Facts facts(rules);
    facts.set_bool("a", false);  // (a and b) is decided: b can no longer matter
    auto e = rules.evaluate(facts);
    auto names = [&](const std::vector<FactIndex>& fs) {
        std::vector<std::string> out;
        for (auto f : fs) out.push_back(rules.facts()[f].name);
        return out;
    };
    CHECK(names(e.missing_facts(0)) == std::vector<std::string>{"c"});
    CHECK(names(e.missing_facts(1)) == std::vector<std::string>{"c", "d"});
    CHECK(names({e.needed().begin(), e.needed().end()}) == std::vector<std::string>{"c", "d"});
    CHECK(e.decides(*rules.find_fact("c")) == 2);
    CHECK(e.decides(*rules.find_fact("b")) == 0);
    facts.set_bool("d", false);  // y is decided now, so only x needs c
    rules.evaluate(facts, e);
    CHECK(e.decides(*rules.find_fact("c")) == 1);
    CHECK(e.missing_facts(1).empty());
}

TEST_CASE("evaluate: an evaluation buffer follows the rule set it is used with") {
    auto a = compile_ok(clinic_rules);
    auto b = compile_ok(logic_rules);
    Evaluation e;
    Facts fa(a), fb(b);
    a.evaluate(fa, e);
    CHECK(e.audit().rule_set_name == "clinic");
    fb.set_bool("a", true);
    fb.set_bool("b", true);
    b.evaluate(fb, e);
    CHECK(e.audit().rule_set_name == "logic");
    CHECK(e.criterion(0) == Truth::true_);
    CHECK_THROWS_AS(a.evaluate(fb, e), std::invalid_argument);
}

TEST_CASE("facts: every invalid value is rejected with the fact's name and the reason") {
    auto rules = compile_ok(clinic_rules);
    Facts facts(rules);
    auto message = [&](auto&& action) -> std::string {
        try {
            action();
        } catch (const FactError& e) {
            return e.what();
        }
        return "(no error)";
    };
    CHECK_THAT(message([&] { facts.set_number("knee", 200); }),
               Catch::Contains("`knee` = 200 deg is outside its declared range [0, 160] deg"));
    CHECK_THAT(message([&] { facts.set_number("knee", std::nan("")); }),
               Catch::Contains("`knee` must be a finite number"));
    CHECK_THAT(message([&] { facts.set_number("knee", 1.0 / 0.0); }), Catch::Contains("finite"));
    CHECK_THAT(message([&] { facts.set_number("knee", 5, "cm"); }),
               Catch::Contains("`cm` is a unit of length"));
    CHECK_THAT(message([&] { facts.set_number("knee", 5, "furlong"); }),
               Catch::Contains("unknown unit `furlong`"));
    CHECK_THAT(
        message([&] { facts.set_enum("pain", "knee"); }),
        Catch::Contains("`knee` is not a value of `pain`; its values are: none, stretch, hip"));
    CHECK_THAT(message([&] { facts.set_bool("pain", true); }),
               Catch::Contains("`pain` is a one-of fact"));
    CHECK_THAT(message([&] {
                   facts.set_members("flags", {"fever", "cough"});
               }),
               Catch::Contains("`cough` is not a value of `flags`"));
    CHECK_THAT(message([&] { facts.set_bool("kneee", true); }),
               Catch::Contains("unknown fact `kneee`"));
    CHECK_FALSE(facts.known(*rules.find_fact("knee")));  // nothing invalid was stored
    facts.set_number("weeks", 14, "day");
    CHECK(facts.value(*rules.find_fact("weeks")).number == Approx(14 * 86400.0));
}

TEST_CASE("facts JSON: valid documents, units, null and {}") {
    auto rules = compile_ok(clinic_rules);
    auto r = read_facts_json(rules, R"({"knee": 70, "pain": "hip", "flags": ["fever"],
        "weeks": {"value": 21, "unit": "day"}})");
    REQUIRE(r.ok());
    CHECK(r.facts->value(*rules.find_fact("weeks")).number == Approx(3 * 604800.0));
    CHECK(read_facts_json(rules, R"({"knee": null})").facts->known(0) == false);
    auto empty = read_facts_json(rules, "{}");
    REQUIRE(empty.ok());
    CHECK(rules.evaluate(*empty.facts).needed().size() == 4);
}

TEST_CASE("facts JSON: bad documents are rejected with what and where") {
    auto rules = compile_ok(clinic_rules);
    auto first_error = [&](std::string_view json) {
        auto r = read_facts_json(rules, json);
        REQUIRE_FALSE(r.ok());
        REQUIRE_FALSE(r.errors.empty());
        return r.errors[0].where + ": " + r.errors[0].message;
    };
    CHECK_THAT(first_error("{\"knee\": "), Catch::Contains("not valid JSON"));
    CHECK_THAT(first_error("[1, 2]"), Catch::Contains("must be a JSON object"));
    CHECK_THAT(first_error(std::string(1000, '[') + std::string(1000, ']')),
               Catch::Contains("nests deeper than 32"));
    CHECK_THAT(first_error(R"({"knee": 70, "knee": 71})"),
               Catch::Contains("/knee: key \"knee\" appears twice"));
    CHECK_THAT(first_error(R"({"kne": 70})"), Catch::Contains("/kne: unknown fact `kne`"));
    CHECK_THAT(first_error(R"({"knee": "70"})"), Catch::Contains("`knee` is a number fact"));
    CHECK_THAT(first_error(R"({"knee": 170})"), Catch::Contains("outside its declared range"));
    CHECK_THAT(first_error(R"({"knee": 1e400})"), Catch::Contains("finite"));
    CHECK_THAT(first_error(R"({"knee": "NaN"})"),
               Catch::Contains("`knee` must be a finite number"));
    CHECK_THAT(first_error(R"({"knee": "-Infinity"})"), Catch::Contains("finite number, not -inf"));
    CHECK_THAT(first_error(R"({"pain": "elbow"})"), Catch::Contains("`elbow` is not a value"));
    CHECK_THAT(first_error(R"({"flags": [1]})"), Catch::Contains("list of names"));
    CHECK_THAT(first_error(R"({"weeks": {"value": 2, "unit": "deg"}})"),
               Catch::Contains("`deg` is a unit of angle"));
    // Every problem is reported, not just the first.
    auto many = read_facts_json(rules, R"({"knee": 999, "pain": 3, "nope": true})");
    CHECK(many.errors.size() == 3);
}

TEST_CASE("facts JSON: lenient mode turns each bad fact into unknown with a warning") {
    auto rules = compile_ok(clinic_rules);
    auto r =
        read_facts_json(rules, R"({"knee": 999, "pain": "hip", "nope": 1})", FactsOptions{true});
    REQUIRE(r.ok());
    CHECK_FALSE(r.facts->known(*rules.find_fact("knee")));
    CHECK(r.facts->known(*rules.find_fact("pain")));
    REQUIRE(r.facts->warnings().size() == 2);
    CHECK_THAT(r.facts->warnings()[0].message, Catch::Contains("treated as unknown"));
    auto x = explain(rules.evaluate(*r.facts), *r.facts);
    CHECK(x.warnings.size() == 2);
}

TEST_CASE("explain: derivations carry values, thresholds, margins and citations") {
    auto rules = compile_ok(clinic_rules);
    auto r = read_facts_json(rules, R"({"knee": 70, "pain": "hip", "flags": []})");
    REQUIRE(r.ok());
    auto x = explain(rules.evaluate(*r.facts), *r.facts);
    const auto& short_rf = x.conclusions[*rules.find_conclusion("rf_short")];
    CHECK(short_rf.status == ConclusionStatus::fired);
    CHECK(short_rf.because == "knee flexion 70 deg is below 80 deg");
    REQUIRE(short_rf.derivation.children.size() == 1);
    const auto& criterion = short_rf.derivation.children[0];
    CHECK(criterion.cite == "S1 p4");
    CHECK_THAT(criterion.text, Catch::Contains("fail — short"));
    CHECK(criterion.children[0].text ==
          "knee 70 deg is not at or above knee_normal 80 deg (10 deg short)");
    const auto& kneeling = x.conclusions[*rules.find_conclusion("kneeling")];
    CHECK(kneeling.status == ConclusionStatus::withheld);
    REQUIRE(kneeling.withheld_by);
    CHECK(kneeling.withheld_by->name == "hip_pain");
    auto text = render_text(x);
    CHECK_THAT(text, Catch::Contains("WITHHELD"));
    CHECK_THAT(text, Catch::Contains("closed by: Hip pain (hip_pain)"));
    CHECK(text.find("\x1b[") == std::string::npos);  // no colour unless asked
    CHECK(render_text(x, TextStyle{true}).find("\x1b[") != std::string::npos);
}
