// Golden tests of the three renderers: tests/render/NAME.facts.json evaluated against
// tests/render/clinic.ilio must render exactly as NAME.txt, NAME.color.txt, NAME.md and
// NAME.json. Set ILIO_REGENERATE_GOLDEN=1 to rewrite them deliberately, then review the diff.

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"

using namespace ilio;
namespace fs = std::filesystem;

TEST_CASE("renderers match their golden files") {
    const fs::path dir = fs::path(ILIO_TEST_DATA_DIR) / "render";
    auto compiled = compile(ilio::testing::read_file((dir / "clinic.ilio").string()),
                            CompileOptions{"clinic.ilio", {}});
    REQUIRE(compiled.ok());
    REQUIRE(compiled.diagnostics.empty());
    const RuleSet& rules = *compiled.rule_set;
    const bool regenerate = std::getenv("ILIO_REGENERATE_GOLDEN") != nullptr;

    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().string().ends_with(".facts.json")) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    REQUIRE(cases.size() >= 3);

    for (const auto& path : cases) {
        auto name = path.filename().string();
        name = name.substr(0, name.size() - std::string(".facts.json").size());
        auto facts = read_facts_json(rules, ilio::testing::read_file(path.string()));
        REQUIRE(facts.ok());
        auto explanation = explain(rules.evaluate(*facts.facts), *facts.facts);
        const std::pair<std::string, std::string> outputs[] = {
            {".txt", render_text(explanation)},
            {".color.txt", render_text(explanation, TextStyle{true})},
            {".md", render_markdown(explanation)},
            {".json", render_json(explanation, 2) + "\n"},
        };
        for (const auto& [extension, actual] : outputs) {
            auto golden = dir / (name + extension);
            DYNAMIC_SECTION(name << extension) {
                if (regenerate) std::ofstream(golden, std::ios::binary) << actual;
                REQUIRE(fs::exists(golden));
                CHECK(ilio::testing::read_file(golden.string()) == actual);
            }
        }
    }
}
