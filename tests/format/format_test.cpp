// ilio fmt keeps every comment, is idempotent and compiles to the same program, over every
// .ilio file in the repository and over generated rule sets.

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "format/source_outline.hpp"
#include "ilio/format.hpp"
#include "ilio/rule_set.hpp"

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> comment_texts(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& c : ilio::format::find_comments(text))
        out.emplace_back(text.substr(c.begin, c.end - c.begin));
    return out;
}

// Formats `text` and checks every promise; returns whether it compiled at all.
bool check_formatting(const std::string& text, const std::string& name) {
    INFO(name);
    if (!ilio::compile(text).ok()) {
        CHECK_FALSE(ilio::format_rules(text, name).ok());  // never formats what fails
        return false;
    }
    auto once = ilio::format_rules(text, name);
    REQUIRE(once.ok());
    CHECK(ilio::program_difference(text, *once.text).empty());
    auto twice = ilio::format_rules(*once.text, name);
    REQUIRE(twice.ok());
    CHECK(*twice.text == *once.text);
    // Every comment survives, verbatim (trailing blanks aside) and in order.
    auto before = comment_texts(text), after = comment_texts(*once.text);
    for (auto& c : before)
        while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.pop_back();
    CHECK(before == after);
    return true;
}

std::string random_rules(unsigned seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    auto blanks = [&] {
        static const char* choices[] = {" ", "  ", "\t", " \t "};
        return std::string(choices[pick(4)]);
    };
    auto comment = [&](std::string text) {
        return pick(3) == 0 ? fmt::format("{}# {}\n", std::string(pick(4), ' '), text)
                            : std::string();
    };
    std::string out = comment("header") + "ruleset g version \"1.0.0\" title \"generated\"" +
                      (pick(2) ? "\n  " : " ") + "source \"s\"\n";
    int facts = 1 + pick(4);
    for (int f = 0; f < facts; ++f) {
        out += comment(fmt::format("fact {}", f));
        out += fmt::format("{}fact x{}{}:{}number deg in [{}0,{}90{}]{}\"x{}\"{}ask \"x{}?\"\n",
                           std::string(pick(3), ' '), f, blanks(), blanks(), blanks(), blanks(),
                           blanks(), pick(2) ? "\n    " : " ", f, blanks(), f);
        if (pick(2)) out += "\n";
    }
    int conclusions = 1 + pick(5);
    for (int c = 0; c < conclusions; ++c) {
        out += comment(fmt::format("conclusion {}", c));
        out += fmt::format("finding k{} \"K{}\"{}when{}(x{}{}>{}{} deg{}or\n{}x{} < 5 deg ){}{}\n",
                           c, c, pick(2) ? "\n" : " ", blanks(), pick(facts), blanks(), blanks(),
                           10 + pick(60), blanks(), std::string(pick(8), ' '), pick(facts),
                           pick(2) ? "  # trailing" : "", pick(2) ? "\n\n" : "");
        out += fmt::format("{}because \"b{}   kept\" cite \"c\"\n", std::string(pick(6), ' '), c);
    }
    return out;
}

}  // namespace

TEST_CASE("fmt over every .ilio file in the repository") {
    int formatted = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(ILIO_SOURCE_DIR)) {
        auto path = entry.path();
        auto relative = std::filesystem::relative(path, ILIO_SOURCE_DIR).string();
        if (path.extension() != ".ilio" || relative.starts_with("build")) continue;
        formatted += check_formatting(read_text(path), relative);
    }
    CHECK(formatted >= 40);
}

TEST_CASE("fmt over generated rule sets") {
    for (unsigned seed = 1; seed <= 200; ++seed)
        CHECK(check_formatting(random_rules(seed), fmt::format("generated seed {}", seed)));
}

TEST_CASE("fmt lays out declarations, clauses, continuations and comments canonically") {
    auto path = std::filesystem::path(ILIO_SOURCE_DIR) / "tests" / "format" / "unformatted.ilio";
    auto result = ilio::format_rules(read_text(path));
    REQUIRE(result.ok());
    CHECK(*result.text ==
          "# header comment, indented\n"
          "ruleset u version \"1.0.0\"\n"
          "  title \"Unformatted\" source \"test\"\n"
          "\n"
          "fact a : bool \"A.\" ask \"A?\"\n"
          "fact b : bool \"B.\"\n"
          "  ask \"B?\"\n"
          "fact c : bool \"C.\" ask \"C?\"\n"
          "\n"
          "finding f \"F\"\n"
          "  when a and (b or c)  # trailing\n"
          "  because \"keep   these   blanks\"\n"
          "  cite \"x\"\n");
}

TEST_CASE("fmt refuses text that does not compile") {
    auto result = ilio::format_rules("ruleset broken version", "broken.ilio");
    CHECK_FALSE(result.ok());
    CHECK_FALSE(result.diagnostics.empty());
}

TEST_CASE("fmt keeps a byte order mark in front and formats the lines after it") {
    // Found by fuzz_fmt: the mark made the first line start before its declaration, so the
    // declaration was indented as a continuation and the formatted text no longer compiled.
    const std::string mark = "\xEF\xBB\xBF";
    auto result =
        ilio::format_rules(mark + "ruleset t version \"1.0.0\"\n    title \"T\" source \"s\"\n");
    REQUIRE(result.ok());
    CHECK(*result.text == mark + "ruleset t version \"1.0.0\"\n  title \"T\" source \"s\"\n");
    auto twice = ilio::format_rules(*result.text);
    REQUIRE(twice.ok());
    CHECK(*twice.text == *result.text);
}
