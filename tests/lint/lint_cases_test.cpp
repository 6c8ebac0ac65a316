// Every lint code fires on its golden case, with the golden text output, and stays silent on
// its silent case. ILIO_REGENERATE_GOLDEN=1 rewrites the .expected files (review the diff).

#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lint_test_support.hpp"

using lint_test::has_code;
using lint_test::lint_case;

TEST_CASE("each lint code fires on its golden case and is silent on the other") {
    for (const auto& code : ilio::lint_codes()) {
        auto stem = std::string(code.code);
        INFO(stem);
        auto fires = lint_case(stem + "-fires.ilio");
        CHECK(has_code(fires, code.code));
        auto silent = lint_case(stem + "-silent.ilio");
        CHECK_FALSE(has_code(silent, code.code));
        // The silent cases are clean: nothing else hides in them either.
        for (const auto& f : silent.findings) {
            INFO(f.diagnostic.code << ": " << f.diagnostic.message);
            CHECK(f.diagnostic.severity != ilio::Severity::error);
        }

        std::vector<ilio::LintReport> reports{fires};
        auto text = ilio::render_lint_text(reports);
        auto expected_path = std::filesystem::path(ILIO_LINT_CASES) / (stem + "-fires.expected");
        if (std::getenv("ILIO_REGENERATE_GOLDEN")) {
            std::ofstream(expected_path, std::ios::binary) << text;
        }
        CHECK(text == lint_test::read_text(expected_path));
    }
}

TEST_CASE("every finding names a stable code with a default severity and help") {
    for (const auto& code : ilio::lint_codes()) {
        CHECK(code.code.size() == 4);
        CHECK(code.code[0] == 'L');
        CHECK_FALSE(code.help.empty());
        CHECK_FALSE(code.summary.empty());
    }
}

TEST_CASE("a finding is suppressed by an allow with a reason on or above its declaration") {
    auto report = lint_case("L050-silent.ilio");
    CHECK_FALSE(has_code(report, "W001"));
    CHECK_FALSE(has_code(report, "L051"));
    // Without a reason the finding is still suppressed, and the missing reason is reported.
    auto reasonless = lint_case("L050-fires.ilio");
    CHECK(has_code(reasonless, "L050"));
    int unused_facts = 0;
    for (const auto& f : reasonless.findings) unused_facts += f.diagnostic.code == "W001";
    CHECK(unused_facts == 1);  // `unused` is reported, `spare` is suppressed
}

TEST_CASE("JSON output follows schema ilio.lint/1 with character columns") {
    auto source = std::string(
        "ruleset t version \"1.0.0\" title \"t\" source \"s\"\n"
        "fact flat : bool \"Flat.\" ask \"Flat?\"\n"
        "finding f \"Fäßchen\" when flat and (flat or flat) because \"b\" cite \"g\"\n");
    ilio::CompileOptions options;
    options.file_name = "unicode.ilio";
    std::vector<ilio::LintReport> reports{ilio::lint(source, options)};
    auto json = nlohmann::json::parse(ilio::render_lint_json(reports));
    CHECK(json["schema"] == "ilio.lint/1");
    const auto& findings = json["files"][0]["findings"];
    REQUIRE_FALSE(findings.empty());
    bool found = false;
    for (std::size_t k = 0; k < findings.size(); ++k) {
        if (findings[k]["code"] != "L021") continue;
        found = true;
        // The first `flat` after `when` comes first: byte column 28, but "ä" and "ß" take two
        // bytes each, so it is character 26, as an editor counts.
        CHECK(reports[0].findings[k].diagnostic.span.begin.column == 28);
        CHECK(findings[k]["location"]["column"] == 26);
        break;
    }
    CHECK(found);
    // The text format counts characters too, as `ilio check` prints them.
    CHECK(ilio::render_lint_text(reports).find("unicode.ilio:3:26: warning[L021]") !=
          std::string::npos);
}

TEST_CASE("docs/lint.md documents every lint code") {
    auto docs = lint_test::read_text(std::filesystem::path(ILIO_SOURCE_DIR) / "docs" / "lint.md");
    for (const auto& code : ilio::lint_codes()) {
        INFO(code.code);
        CHECK(docs.find("### " + std::string(code.code) + " `" + std::string(code.name) + "`") !=
              std::string::npos);
    }
}

TEST_CASE("earlier visits are values of their own, each read alike wherever it is read") {
    // Reported: a change read twice from one first-visit reading, times since the previous and
    // the first visit, and a comparison held over a period against its reading now.
    auto fires = lint_case("visits-fires.ilio");
    int never = 0;
    for (const auto& f : fires.findings) never += f.diagnostic.code == "L001";
    CHECK(never == 3);
    std::vector<ilio::LintReport> reports{fires};
    auto text = ilio::render_lint_text(reports);
    auto expected_path = std::filesystem::path(ILIO_LINT_CASES) / "visits-fires.expected";
    if (std::getenv("ILIO_REGENERATE_GOLDEN"))
        std::ofstream(expected_path, std::ios::binary) << text;
    CHECK(text == lint_test::read_text(expected_path));
    // Not reported: an earlier reading far from the latest one, which a patient can have.
    auto silent = lint_case("visits-silent.ilio");
    CHECK_FALSE(has_code(silent, "L001"));
    CHECK_FALSE(has_code(silent, "L002"));
}

TEST_CASE("an allow suppresses in the declaration it is on or directly above among many") {
    // Each unused fact is W001. Between declarations of used facts, so that finding the
    // declaration a line belongs to must pick it out of many (it is found by bisection).
    std::string text =
        "ruleset t version \"1.0.0\" title \"Lint case\" source \"test guide\"\n"
        "fact flat : bool \"Back flat.\" ask \"Flat?\"\n";
    for (int k = 0; k < 40; ++k) text += fmt::format("fact used{} : bool \"u\" ask \"u?\"\n", k);
    text +=
        "# ilio: allow W001 -- above, a comment and a blank line between\n"
        "# more about it\n"
        "\n"
        "fact spare1 : bool \"s\" ask \"s?\"\n"
        "fact spare2 : bool \"s\" ask \"s?\"  # ilio: allow W001 -- on its line\n"
        "fact spare3 : bool\n"
        "  # ilio: allow W001 -- inside it\n"
        "  \"s\" ask \"s?\"\n"
        "fact spare4 : bool \"s\" ask \"s?\"\n"
        "# ilio: allow W001 -- a declaration's line between\n"
        "fact used40 : bool \"u\" ask \"u?\"\n"
        "fact spare5 : bool \"s\" ask \"s?\"\n";
    std::string when = "flat";
    for (int k = 0; k <= 40; ++k) when += fmt::format(" or used{}", k);
    text += fmt::format("finding f \"F\" when {}\n  because \"b\" cite \"guide\"\n", when);
    text += "# ilio: allow W001 -- after every declaration\n";
    auto report = ilio::lint(text);
    std::vector<std::string> unused, unused_allows, misplaced;
    for (const auto& f : report.findings) {
        if (f.diagnostic.code == "W001") unused.push_back(f.diagnostic.message);
        if (f.diagnostic.code == "L051") unused_allows.push_back(f.diagnostic.message);
        if (f.diagnostic.code == "L052") misplaced.push_back(f.diagnostic.message);
    }
    INFO(text);
    REQUIRE(unused.size() == 2);
    CHECK(unused[0].find("spare4") != std::string::npos);
    CHECK(unused[1].find("spare5") != std::string::npos);
    // The allow above `used40` lands on it, where nothing needs suppressing.
    REQUIRE(unused_allows.size() == 1);
    CHECK(unused_allows[0].find("used40") != std::string::npos);
    CHECK(misplaced.size() == 1);
}
