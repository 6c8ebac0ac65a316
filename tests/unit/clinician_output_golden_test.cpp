// Golden tests of what a clinician and an app see for every example patient: the summary (text
// and Markdown), the JSON explanation, the CDS Hooks cards and the coloured decision graph,
// in tests/render/patients/. ILIO_REGENERATE_GOLDEN=1 rewrites them; review the diff.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

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
                CHECK_THAT(text, Catch::Contains(p.explanation.needed.front().ask));
            }
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
