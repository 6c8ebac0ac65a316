// Golden tests of what a clinician and an app see for every example patient: the summary (text
// and Markdown), the JSON explanation, the CDS Hooks cards and the coloured decision graph,
// in tests/render/patients/. ILIO_REGENERATE_GOLDEN=1 rewrites them; review the diff.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "random_facts.hpp"
#include "test_support.hpp"

using namespace ilio;
namespace fs = std::filesystem;

namespace {

struct Patient {
    std::string name;
    Explanation explanation;
};

std::vector<Patient> example_patients() {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(fs::path(ILIO_SOURCE_DIR) / "examples/patients"))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Patient> out;
    for (const auto& f : files) {
        auto facts = read_facts_json(ilio::testing::psoas(), ilio::testing::read_file(f.string()));
        REQUIRE(facts.ok());
        out.push_back({f.stem().string(),
                       explain(ilio::testing::psoas().evaluate(*facts.facts), *facts.facts)});
    }
    REQUIRE(out.size() >= 12);
    return out;
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void check_golden(const std::string& file, const std::string& actual) {
    auto golden = fs::path(ILIO_TEST_DATA_DIR) / "render/patients" / file;
    if (std::getenv("ILIO_REGENERATE_GOLDEN")) std::ofstream(golden, std::ios::binary) << actual;
    INFO(golden.string());
    REQUIRE(fs::exists(golden));
    CHECK(ilio::testing::read_file(golden.string()) == actual);
}

}  // namespace

TEST_CASE("summary of every example patient: golden, at most 40 lines, in the guide's order") {
    for (const auto& p : example_patients()) {
        DYNAMIC_SECTION(p.name) {
            SummaryOptions options;
            options.patient = p.name + ".json";
            auto text = render_summary(p.explanation, options);
            options.format = SummaryFormat::markdown;
            auto markdown = render_summary(p.explanation, options);
            check_golden(p.name + ".summary.txt", text);
            check_golden(p.name + ".summary.md", markdown);
            CHECK(lines(text) <= 40);

            // Every fired conclusion is there; steps appear in the guide's order, and a step
            // whose gate is closed takes exactly one line, naming what closed it.
            for (const auto& c : p.explanation.conclusions)
                if (c.status == ConclusionStatus::fired) CHECK_THAT(text, Catch::Contains(c.title));
            std::size_t previous = 0;
            for (const auto& step : p.explanation.steps) {
                auto at = text.find(step.title);
                REQUIRE(at != std::string::npos);
                CHECK(at >= previous);
                previous = at;
                if (step.state == StepState::closed) {
                    auto end = text.find('\n', at);
                    CHECK_THAT(text.substr(at, end - at), Catch::Contains("withheld: closed by"));
                    CHECK(text.compare(end + 1, 2, "  ") != 0);
                }
            }
            // No double negatives, no raw status tokens, no singular plural units.
            CHECK_THAT(text, !Catch::Contains("not applicable"));
            CHECK_THAT(text, !Catch::Contains("not_applicable"));
            CHECK_THAT(text, !Catch::Contains("not not"));
            for (auto unit : {" week ", " week;", " week)", " day ", " day)", " day;"})
                CHECK_THAT(text, !Catch::Contains(std::string("0") + unit) &&
                                     !Catch::Contains(std::string("2") + unit));
            if (!p.explanation.needed.empty()) {
                CHECK_THAT(text, Catch::Contains("To complete the assessment, ask:"));
                // A borderline reading is asked for again by name, a missing fact by its text.
                const auto& first = p.explanation.needed.front();
                CHECK_THAT(text,
                           Catch::Contains(first.remeasure ? "measure " + first.fact + " again"
                                                           : first.ask));
            }
        }
    }
}

TEST_CASE("decision graph as DOT plain and coloured for every example patient: golden") {
    check_golden("psoas_release.graph.dot",
                 render_graph(ilio::testing::psoas(), nullptr, GraphFormat::dot));
    for (const auto& p : example_patients()) {
        DYNAMIC_SECTION(p.name) {
            auto dot = render_graph(ilio::testing::psoas(), &p.explanation, GraphFormat::dot);
            check_golden(p.name + ".graph.dot", dot);
            // Every fired conclusion is drawn as fired; a closed gate is drawn closed.
            for (const auto& c : p.explanation.conclusions)
                if (c.status == ConclusionStatus::fired)
                    CHECK_THAT(dot, Catch::Contains(c.title + " (fired)"));
            for (const auto& s : p.explanation.steps)
                if (s.state == StepState::closed)
                    CHECK_THAT(dot, Catch::Contains(s.title + "  [gate closed]"));
        }
    }
}

TEST_CASE("HTML summary and a patient's report fragment of every example patient: golden") {
    for (const auto& p : example_patients()) {
        DYNAMIC_SECTION(p.name) {
            SummaryOptions options;
            options.patient = p.name + ".json";
            options.format = SummaryFormat::html;
            auto fragment = render_summary(p.explanation, options);
            check_golden(p.name + ".summary.html", fragment);
            // The report holds this fragment as it is (the SVG beside it is Graphviz's, so the
            // report itself is checked for structure, not bytes).
            ReportPatient patient{p.name + ".json", p.explanation};
            auto page = render_report_html(ilio::testing::psoas(), std::span(&patient, 1));
            CHECK_THAT(page, Catch::Contains(fragment));
            CHECK(page.find("<svg") != std::string::npos);
            CHECK_THAT(render_patient_html(ilio::testing::psoas(), patient),
                       Catch::Contains(fragment));
            options.format = SummaryFormat::text;
            options.why = true;
            check_golden(p.name + ".why.txt", render_summary(p.explanation, options));
        }
    }
}

TEST_CASE("JSON explanation of every example patient: golden and read back") {
    for (const auto& p : example_patients()) {
        DYNAMIC_SECTION(p.name) {
            auto json = render_json(p.explanation, 2) + "\n";
            check_golden(p.name + ".json", json);
            CHECK(render_json(read_explanation_json(json), 2) + "\n" == json);
        }
    }
}

namespace {

/// The CDS Hooks service response rules a card must meet (cds-hooks.hl7.org, Card
/// attributes): required summary (< 140 characters), indicator and source.label.
void check_cds_response(const nlohmann::json& response) {
    REQUIRE(response.is_object());
    REQUIRE(response.contains("cards"));
    REQUIRE(response["cards"].is_array());
    for (const auto& card : response["cards"]) {
        REQUIRE(card["summary"].is_string());
        auto summary = card["summary"].get<std::string>();
        std::size_t code_points = 0;
        for (unsigned char ch : summary) code_points += (ch & 0xC0) != 0x80;
        CHECK(code_points <= cds_card_summary_limit);
        CHECK(!summary.empty());
        auto indicator = card["indicator"].get<std::string>();
        CHECK((indicator == "info" || indicator == "warning" || indicator == "critical"));
        REQUIRE(card["source"].is_object());
        CHECK(card["source"]["label"].is_string());
        CHECK(card["detail"].is_string());
        auto uuid = card["uuid"].get<std::string>();
        CHECK(uuid.size() == 36);
        CHECK(uuid[14] == '8');
    }
}

}  // namespace

TEST_CASE("CDS Hooks cards of every example patient: golden and within the spec") {
    for (const auto& p : example_patients()) {
        DYNAMIC_SECTION(p.name) {
            auto cards = render_cds_cards(p.explanation, 2) + "\n";
            check_golden(p.name + ".cards.json", cards);
            auto response = nlohmann::json::parse(cards);
            check_cds_response(response);
            // A card for each fired conclusion other than a finding, and for nothing withheld.
            std::size_t expected = 0;
            for (const auto& c : p.explanation.conclusions)
                expected +=
                    c.status == ConclusionStatus::fired && c.kind != ConclusionKind::finding;
            CHECK(response["cards"].size() == expected);
            for (const auto& card : response["cards"]) {
                auto name = card["source"]["topic"]["code"].get<std::string>();
                auto it =
                    std::find_if(p.explanation.conclusions.begin(), p.explanation.conclusions.end(),
                                 [&](const auto& c) { return c.name == name; });
                REQUIRE(it != p.explanation.conclusions.end());
                CHECK(it->status == ConclusionStatus::fired);
            }
        }
    }
}

TEST_CASE("CDS Hooks cards: stable uuids, clipped summaries, escaped Markdown") {
    const char* rules =
        R"RULES(ruleset cards version "1.0.0" title "Cards [x](http://evil)" source "t"
fact a : bool "A." ask "A?"
red_flag long "A very long red flag title that goes on and on and on well past the one hundred and forty character limit of a CDS Hooks card summary, surely" severity critical
  when a because "*bold* [link](http://evil) <b>x</b>" cite "Guide § 1"
)RULES";
    auto compiled = compile(rules);
    REQUIRE(compiled.ok());
    auto facts = read_facts_json(*compiled.rule_set, R"({"a": true})");
    REQUIRE(facts.ok());
    auto x = explain(compiled.rule_set->evaluate(*facts.facts), *facts.facts);
    auto first = nlohmann::json::parse(render_cds_cards(x));
    auto again = nlohmann::json::parse(render_cds_cards(x));
    check_cds_response(first);
    REQUIRE(first["cards"].size() == 1);
    CHECK(first["cards"][0]["uuid"] == again["cards"][0]["uuid"]);
    CHECK(first["cards"][0]["indicator"] == "critical");
    auto summary = first["cards"][0]["summary"].get<std::string>();
    CHECK(summary.ends_with("…"));
    auto detail = first["cards"][0]["detail"].get<std::string>();
    CHECK_THAT(detail, Catch::Contains("\\*bold\\* \\[link\\](http://evil) \\<b\\>x\\</b\\>"));
    // Another version of the rules gives the card another uuid.
    x.version = "1.0.1";
    CHECK(nlohmann::json::parse(render_cds_cards(x))["cards"][0]["uuid"] !=
          first["cards"][0]["uuid"]);
}

// ExplainDetail::summary builds only the trees a summary shows: the summary must come out the
// same, byte for byte, as from a full explanation, for every example patient of every rule set
// shipped and of the language examples (measurement bands, sides, visits, periods).
TEST_CASE("a summary explanation renders the same summary as a full one") {
    const std::pair<const char*, const char*> sets[] = {
        {"rules/psoas_release.ilio", "examples/patients"},
        {"rules/cha2ds2_vasc.ilio", "examples/cha2ds2_vasc"},
        {"rules/wells_dvt.ilio", "examples/wells_dvt"},
        {"rules/ottawa_ankle.ilio", "examples/ottawa_ankle"},
        {"tests/language/thomas_measured.ilio", "tests/language/measured_patients"},
        {"tests/language/thomas_sides.ilio", "tests/language/sides_patients"},
        {"tests/language/thomas_visits.ilio", "tests/language/visits_patients"},
        {"tests/language/persisting.ilio", "tests/language/persisting_patients"},
    };
    std::size_t patients = 0;
    for (auto [rules_file, dir] : sets) {
        auto compiled = load(fs::path(ILIO_SOURCE_DIR) / rules_file);
        REQUIRE(compiled.ok());
        const auto& rules = *compiled.rule_set;
        for (const auto& e : fs::directory_iterator(fs::path(ILIO_SOURCE_DIR) / dir)) {
            if (e.path().extension() != ".json") continue;
            auto facts = read_facts_json(rules, ilio::testing::read_file(e.path().string()));
            REQUIRE(facts.ok());
            auto evaluation = rules.evaluate(*facts.facts);
            auto full = explain(evaluation, *facts.facts);
            auto brief = explain(evaluation, *facts.facts, ExplainDetail::summary);
            CHECK(brief.detail == ExplainDetail::summary);
            for (const auto& c : brief.conclusions) CHECK(c.because.empty());  // not shown
            for (auto format :
                 {SummaryFormat::text, SummaryFormat::markdown, SummaryFormat::html}) {
                INFO(e.path().string() << " format " << static_cast<int>(format));
                SummaryOptions options;
                options.format = format;
                CHECK(render_summary(brief, options) == render_summary(full, options));
            }
            ++patients;
        }
    }
    CHECK(patients >= 30);
}

// The same over random patients, most of them partial: a summary's trees hold only the branches
// that decided their parent, and must still give the evidence the full trees give — a node
// decided by cases, none of whose children has its value, must not read as a leaf, and a
// criterion first met in a branch left out must still read "derivation shown once, above"
// where it is met again.
TEST_CASE("a summary explanation renders the same summary as a full one for random patients") {
    int cases = ilio::testing::property_cases(300);
    std::uint64_t seed = 11;
    for (const char* rules_file : ilio::testing::shipped_rule_set_files) {
        auto compiled = load(fs::path(ILIO_SOURCE_DIR) / rules_file);
        REQUIRE(compiled.ok());
        const auto& rules = *compiled.rule_set;
        ilio::testing::RandomFacts random(rules, seed++);
        for (int i = 0; i < cases; ++i) {
            auto facts = random.partial(random.probability());
            auto evaluation = rules.evaluate(facts);
            INFO(rules_file << " patient " << i);
            CHECK(render_summary(explain(evaluation, facts, ExplainDetail::summary)) ==
                  render_summary(explain(evaluation, facts)));
        }
    }
}

TEST_CASE("a summary's trees leave out branches as the full trees' evidence does") {
    // A criterion first met in a branch that did not decide, then again where it decides.
    auto twice = ilio::testing::compile_ok(R"(ruleset twice
  version "1.0.0"
  title "A criterion met twice"
  source "tests"

fact a : bool
  "A."
  ask "A?"
fact b : bool
  "B."
  ask "B?"

criterion shared "Shared"
  when a
  pass "a holds"
  fail "a does not hold"

finding met_twice "Met twice"
  when (shared and b) or shared
  because "it is met"
)");
    Facts facts(twice);
    facts.set_bool("a", true);
    facts.set_bool("b", false);
    auto evaluation = twice.evaluate(facts);
    auto full = render_summary(explain(evaluation, facts));
    CHECK_THAT(full, Catch::Contains("(derivation shown once, above)"));
    CHECK(render_summary(explain(evaluation, facts, ExplainDetail::summary)) == full);

    // An `any of` decided by cases: none of its children has its value, so no evidence.
    auto compiled = load(fs::path(ILIO_SOURCE_DIR) / "rules/cha2ds2_vasc.ilio");
    REQUIRE(compiled.ok());
    const auto& cha2ds2 = *compiled.rule_set;
    auto patient = read_facts_json(cha2ds2, R"({"patient.atrial_fibrillation": true,
                    "patient.mechanical_valve_or_mitral_stenosis": false, "patient.age": 60,
                    "history.heart_failure": false, "history.hypertension": false,
                    "history.diabetes": false, "history.stroke_tia_thromboembolism": false,
                    "history.vascular_disease": false})");
    REQUIRE(patient.ok());
    auto low = cha2ds2.evaluate(*patient.facts);
    auto low_full = render_summary(explain(low, *patient.facts));
    CHECK_THAT(low_full, Catch::Contains("Low stroke risk: no antithrombotic therapy\n"));
    CHECK(render_summary(explain(low, *patient.facts, ExplainDetail::summary)) == low_full);
}

TEST_CASE("renderers that show derivation trees refuse a summary explanation") {
    auto facts =
        read_facts_json(ilio::testing::psoas(),
                        ilio::testing::read_file(std::string(ILIO_SOURCE_DIR) +
                                                 "/examples/patients/02-short-iliopsoas.json"));
    REQUIRE(facts.ok());
    auto brief = explain(ilio::testing::psoas().evaluate(*facts.facts), *facts.facts,
                         ExplainDetail::summary);
    CHECK_THROWS_WITH(render_json(brief), Catch::Contains("ExplainDetail::summary"));
    CHECK_THROWS_AS(render_text(brief), std::invalid_argument);
    CHECK_THROWS_AS(render_markdown(brief), std::invalid_argument);
    CHECK_THROWS_AS(render_cds_cards(brief), std::invalid_argument);
    CHECK_THROWS_AS(render_why(brief, "one_joint_flexors_short.left"), std::invalid_argument);
    SummaryOptions why;
    why.why = true;
    CHECK_THROWS_AS(render_summary(brief, why), std::invalid_argument);
    CHECK_NOTHROW(render_summary(brief));
}
