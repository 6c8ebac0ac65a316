// Golden tests for the diagnostics of docs/language.md: every code in the table at the end of
// that document has at least one small rules file under tests/diagnostics/ that triggers it,
// beside the exact output expected for it.
//
// A case is tests/diagnostics/<NAME>.ilio; its expected output is <NAME>.expected: the
// concatenation of ilio::render_diagnostic(d, source) for every diagnostic of
// ilio::compile(source, options), in order, where options.file_name is the case's file name
// ("E030-undefined-name.ilio"), so the output is the same as that of
// `cd tests/diagnostics && ilio check E030-undefined-name.ilio 2> E030-undefined-name.expected`.
//
// Special cases:
//   - <NAME>.ilio is a directory (E001, "cannot read"): it holds only a .gitkeep, and the runner
//     calls ilio::load(path) with file_name = the basename instead of compile().
//   - <NAME>.ilio.repeat (E002, "larger than the limit"): the runner sets the size limit
//     (CompileOptions::max_source_bytes) to 1 MiB rather than the default 64 MiB, to keep the
//     case small, repeats the file's content until the text exceeds it and compiles that text in
//     memory with file_name "<NAME>.ilio"; the expected output is <NAME>.expected.
//   - <NAME>.set: parameter overrides (E080, E081), one NAME=VALUE line each (blank lines and
//     lines starting with '#' are skipped), passed as CompileOptions::overrides.
//   - E003 and E004 cases hold an invalid UTF-8 byte or a NUL byte on purpose (they were written
//     with printf); E006 and E072-too-many-members were generated (300 nested parentheses,
//     65 enum members). Keep them byte-exact.
//
// A case whose name starts with a code (E030-…, W001-…) must produce that code; other
// diagnostics in the same file are part of its expected output. multi-*.ilio cases prove that
// one run reports every mistake.
//
// Regenerating: run with the environment variable ILIO_REGENERATE_GOLDEN=1 to (re)write every
// .expected file from the current engine instead of comparing, e.g.
//   ILIO_REGENERATE_GOLDEN=1 build/tests/ilio_tests "golden diagnostics"
// then read the diff: a golden file is only as good as the review of its content.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "ilio/ilio.hpp"

namespace {

namespace fs = std::filesystem;

fs::path diagnostics_dir() {
    return fs::path(ILIO_TEST_DATA_DIR) / "diagnostics";
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_bytes(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    out << text;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool regenerating() {
    const char* value = std::getenv("ILIO_REGENERATE_GOLDEN");
    return value != nullptr && std::string_view(value) == "1";
}

enum class CaseKind { file, directory, repeat };

struct GoldenCase {
    std::string name;       ///< e.g. "E030-undefined-name"
    std::string file_name;  ///< what diagnostics call the file, e.g. "E030-undefined-name.ilio"
    fs::path input;         ///< the .ilio file, directory or .ilio.repeat file
    CaseKind kind = CaseKind::file;

    fs::path expected_path() const { return diagnostics_dir() / (name + ".expected"); }
    fs::path overrides_path() const { return diagnostics_dir() / (name + ".set"); }
};

/// The cases of tests/diagnostics, sorted by name; stray files are reported through `stray`.
std::vector<GoldenCase> golden_cases(std::vector<std::string>* stray = nullptr) {
    std::vector<GoldenCase> cases;
    std::set<std::string> sidecars;
    for (const auto& entry : fs::directory_iterator(diagnostics_dir())) {
        auto file = entry.path().filename().string();
        GoldenCase c;
        c.input = entry.path();
        if (ends_with(file, ".ilio.repeat")) {
            c.name = file.substr(0, file.size() - std::string_view(".ilio.repeat").size());
            c.file_name = c.name + ".ilio";
            c.kind = CaseKind::repeat;
        } else if (ends_with(file, ".ilio")) {
            c.name = file.substr(0, file.size() - std::string_view(".ilio").size());
            c.file_name = file;
            c.kind = entry.is_directory() ? CaseKind::directory : CaseKind::file;
        } else {
            if (ends_with(file, ".expected") || ends_with(file, ".set"))
                sidecars.insert(file);
            else if (stray && file.front() != '.')
                stray->push_back(file);
            continue;
        }
        cases.push_back(std::move(c));
    }
    std::sort(cases.begin(), cases.end(),
              [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
    if (stray) {
        // A sidecar must belong to a case (a renamed case leaves its .expected behind).
        for (const auto& s : sidecars) {
            auto stem = s.substr(0, s.rfind('.'));
            bool owned = std::any_of(cases.begin(), cases.end(),
                                     [&](const GoldenCase& c) { return c.name == stem; });
            if (!owned) stray->push_back(s);
        }
    }
    return cases;
}

std::vector<ilio::ParameterOverride> read_overrides(const fs::path& path) {
    std::vector<ilio::ParameterOverride> overrides;
    if (!fs::exists(path)) return overrides;
    std::istringstream lines(read_bytes(path));
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos) throw std::runtime_error("bad override line: " + line);
        overrides.push_back({line.substr(0, eq), line.substr(eq + 1)});
    }
    return overrides;
}

/// Compiles one case the way its kind asks and renders every diagnostic.
std::string run_case(const GoldenCase& c) {
    ilio::CompileOptions options;
    options.file_name = c.file_name;
    options.overrides = read_overrides(c.overrides_path());
    ilio::CompileResult result;
    switch (c.kind) {
        case CaseKind::directory:
            result = ilio::load(c.input, options);
            break;
        case CaseKind::repeat: {
            auto unit = read_bytes(c.input);
            if (unit.empty()) throw std::runtime_error(c.input.string() + " is empty");
            options.max_source_bytes = std::size_t{1} << 20;
            std::string text;
            while (text.size() <= options.max_source_bytes) text += unit;
            result = ilio::compile(text, options);
            break;
        }
        case CaseKind::file:
            result = ilio::compile(read_bytes(c.input), options);
            break;
    }
    std::string out;
    for (const auto& d : result.diagnostics) out += ilio::render_diagnostic(d, result.source);
    return out;
}

/// "line N: expected …, actual …" for the first line that differs.
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream e(expected), a(actual);
    std::string el, al;
    for (int line = 1;; ++line) {
        bool more_e = static_cast<bool>(std::getline(e, el));
        bool more_a = static_cast<bool>(std::getline(a, al));
        if (!more_e && !more_a) return "the texts differ only in their final newline";
        if (!more_e) el = "<end of expected>";
        if (!more_a) al = "<end of actual>";
        if (el != al || !more_e || !more_a)
            return "first difference at line " + std::to_string(line) + ":\n  expected: " + el +
                   "\n  actual:   " + al;
    }
}

std::set<std::string> codes_in(const std::string& text, const std::regex& pattern) {
    std::set<std::string> codes;
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
        codes.insert((*it)[1].str());
    return codes;
}

const std::regex& rendered_code() {
    static const std::regex pattern(R"(\[([EW][0-9]{3})\])");
    return pattern;
}

/// The codes of the "Diagnostics" table of docs/language.md (rows like `| E012 | … |`).
std::set<std::string> documented_codes() {
    auto doc = read_bytes(fs::path(ILIO_SOURCE_DIR) / "docs" / "language.md");
    static const std::regex row(R"((?:^|\n)\|\s*([EW][0-9]{3})\s*\|)");
    return codes_in(doc, row);
}

/// "E030" for "E030-undefined-name", empty for "multi-syntax-recovery".
std::string code_of_case(const std::string& name) {
    static const std::regex prefix(R"(^([EW][0-9]{3})-)");
    std::smatch m;
    return std::regex_search(name, m, prefix) ? m[1].str() : std::string{};
}

}  // namespace

TEST_CASE("golden diagnostics", "[diagnostics][golden]") {
    std::vector<std::string> stray;
    auto cases = golden_cases(&stray);
    INFO("golden directory: " << diagnostics_dir().string());
    REQUIRE(!cases.empty());
    CAPTURE(stray);
    CHECK(stray.empty());
    const bool regenerate = regenerating();

    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            std::string actual = run_case(c);
            if (regenerate) {
                write_bytes(c.expected_path(), actual);
            } else {
                INFO("case: " << c.input.string());
                REQUIRE(fs::exists(c.expected_path()));
                std::string expected = read_bytes(c.expected_path());
                // On a mismatch Catch prints both texts (actual == expected); this says where.
                INFO((actual == expected ? std::string{} : first_difference(expected, actual)));
                INFO("to accept the new output: ILIO_REGENERATE_GOLDEN=1, then review the diff");
                CHECK(actual == expected);
            }
            // A case named after a code must trigger that code.
            auto code = code_of_case(c.name);
            if (!code.empty()) {
                INFO("case " << c.name << " must produce [" << code << "]; it produced:\n"
                             << actual);
                CHECK(codes_in(actual, rendered_code()).count(code) == 1);
            }
        }
    }
    // Catch runs the test case body once per section: say it once.
    static bool announced = false;
    if (regenerate && !std::exchange(announced, true))
        WARN("ILIO_REGENERATE_GOLDEN=1: rewrote the .expected files of "
             << cases.size() << " cases in " << diagnostics_dir().string() << "; review the diff");
}

TEST_CASE("every diagnostic code has a golden case", "[diagnostics][golden]") {
    auto documented = documented_codes();
    // The table of docs/language.md lists E001 … E100 and W001 … W006; fewer means the table
    // could not be parsed.
    REQUIRE(documented.size() >= 30);
    REQUIRE(documented.count("E001") == 1);
    REQUIRE(documented.count("W006") == 1);

    std::set<std::string> covered;
    for (const auto& entry : fs::directory_iterator(diagnostics_dir())) {
        if (entry.path().extension() != ".expected") continue;
        auto found = codes_in(read_bytes(entry.path()), rendered_code());
        covered.insert(found.begin(), found.end());
    }

    for (const auto& code : documented) {
        INFO("documented code " << code << " appears in no tests/diagnostics/*.expected file");
        CHECK(covered.count(code) == 1);
    }
    for (const auto& code : covered) {
        INFO("code " << code << " appears in a golden file but not in docs/language.md");
        CHECK(documented.count(code) == 1);
    }
}

TEST_CASE("a long chain of `not` is iteration and not nesting", "[diagnostics][nesting]") {
    // `unary := "not"* atom`: a run of `not` is one grammar level however long it is, so it must
    // neither hit the nesting limit (E006) nor exhaust the stack.
    auto rules_with_nots = [](int count) {
        std::string nots;
        for (int i = 0; i < count; ++i) nots += "not ";
        return "ruleset t version \"1.0.0\"\n\n"
               "fact thomas.low_back_flat : bool\n"
               "  ask \"Is the low back flat on the table?\"\n\n"
               "finding back_flat \"Low back flat\"\n"
               "  when " +
               nots +
               "thomas.low_back_flat\n"
               "  because \"the low back stays flat on the table\"\n"
               "  cite \"Step 1\"\n";
    };
    auto count = GENERATE(300, 301, 10000);
    CAPTURE(count);

    ilio::CompileOptions options;
    options.file_name = "not-chain.ilio";
    auto result = ilio::compile(rules_with_nots(count), options);
    std::string rendered;
    for (const auto& d : result.diagnostics) rendered += ilio::render_diagnostic(d, result.source);
    INFO(rendered);
    for (const auto& d : result.diagnostics) CHECK(d.code != "E006");
    CHECK(result.diagnostics.empty());
    REQUIRE(result.ok());

    const auto& rules = *result.rule_set;
    auto finding = rules.find_conclusion("back_flat");
    REQUIRE(finding.has_value());
    ilio::Facts facts(rules);
    facts.set_bool("thomas.low_back_flat", true);
    auto evaluation = rules.evaluate(facts);
    // An even number of `not` is the fact itself, an odd number its negation.
    auto expected =
        count % 2 == 0 ? ilio::ConclusionStatus::fired : ilio::ConclusionStatus::not_applicable;
    CHECK(evaluation.status(*finding) == expected);
}
