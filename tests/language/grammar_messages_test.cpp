// Every syntax error a rule author can meet reads as English: each rules file of the repository is
// broken at every token (cut off there, the token deleted, replaced by a stray token, or followed
// by one) and every message the parser gives must name what it expected in words — never a C++
// type name such as `N5boost6spirit2x38sequenceI…` — and nothing may crash. Every expectation
// point of the grammar must be reached by some break, so a new point without a human name cannot
// hide. The parser recovers at the next declaration, so each declaration is broken and parsed on
// its own (after the file's header); a sample of whole broken files goes through compile().

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "common/source_text.hpp"
#include "ilio/rule_set.hpp"
#include "parse/parser.hpp"

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Where each declaration of a cleanly parsed text starts.
std::vector<std::size_t> declaration_starts(const std::string& text) {
    ilio::detail::SourceText source("seed.ilio", text);
    std::vector<std::size_t> out;
    for (const auto& d : ilio::parse::parse_rules(source).file.declarations)
        out.push_back(boost::apply_visitor([](const auto& decl) { return decl.begin; }, d.var));
    return out;
}

/// The repository's rules files that parse cleanly: the seeds to break.
std::vector<fs::path> seed_files() {
    std::vector<fs::path> out;
    for (const char* dir : {"rules", "examples", "tests/render", "tests/lint/cases",
                            "tests/language", "tests/format", "tests/diagnostics"}) {
        fs::path root = fs::path(ILIO_SOURCE_DIR) / dir;
        if (!fs::exists(root)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".ilio") continue;
            // A limit test: 100,000 expansions of one long line, slow to compile and adding no
            // construct the others lack.
            if (entry.path().filename().string().starts_with("E007")) continue;
            auto text = read_file(entry.path());
            ilio::detail::SourceText source(entry.path().filename().string(), text);
            if (ilio::parse::parse_rules(source).diagnostics.empty()) out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct Token {
    std::size_t begin = 0, end = 0;
};

/// A coarse tokenizer, enough to find token boundaries: strings, words (dotted names, numbers)
/// and single punctuation characters; blanks and comments skipped.
std::vector<Token> tokens_of(const std::string& text) {
    std::vector<Token> out;
    std::size_t i = 0;
    auto word = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
               static_cast<unsigned char>(c) >= 0x80;
    };
    while (i < text.size()) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '"') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != '"' && text[j] != '\n')
                j += text[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, text.size());
            out.push_back({i, j});
            i = j;
        } else if (word(c)) {
            std::size_t j = i;
            while (j < text.size() && word(text[j])) ++j;
            out.push_back({i, j});
            i = j;
        } else {
            std::size_t j = i + 1;
            if ((c == '<' || c == '>' || c == '!') && j < text.size() && text[j] == '=') ++j;
            out.push_back({i, j});
            i = j;
        }
    }
    return out;
}

// What a stray token may be: each kind of thing the grammar reacts to differently.
const std::vector<std::string> strays = {
    ",",  "(",     ")",    "{", "}", ":", "=", "[",    "]",  "when", "of",      "and",
    "42", "\"s\"", "name", "@", "<", "-", "°", "step", "in", "+1",   "between", "not"};

/// The part of an E010 message that says what was expected, or "" when it has none.
std::string expected_part(const std::string& message) {
    static const std::string prefix = "expected ";
    if (message.rfind(prefix, 0) != 0) return {};
    auto found = message.rfind(", found ");
    return message.substr(prefix.size(),
                          found == std::string::npos ? std::string::npos : found - prefix.size());
}

struct Findings {
    std::set<std::string> expected;  // every distinct "expected …" reached
    std::vector<std::string> bad;    // messages that are not human, with their input
    std::size_t inputs = 0, messages = 0;
};

void check_messages(const std::string& text, const std::string& what, Findings& f) {
    ilio::detail::SourceText source("broken.ilio", text);
    auto parsed = ilio::parse::parse_rules(source);
    ++f.inputs;
    // A mangled C++ name: a length-prefixed identifier run such as 5boost6spirit.
    static const std::regex mangled(R"(\d+[A-Za-z_]+\d+[A-Za-z_]+)");
    // What the author wrote, quoted back (`cha2ds2_vasc`), may look like anything.
    static const std::regex quoted("`[^`]*`");
    auto internal = [&](const std::string& m) {
        return m.find("boost") != std::string::npos || m.find("spirit") != std::string::npos ||
               m.find("::") != std::string::npos ||
               m.find("the rest of this declaration") != std::string::npos ||
               std::regex_search(m, mangled);
    };
    for (const auto& d : parsed.diagnostics) {
        ++f.messages;
        const auto& m = d.message;
        bool human = !m.empty() && !internal(std::regex_replace(m, quoted, "`…`"));
        if (d.code == "E010" && m.rfind("expected ", 0) == 0) {
            auto expected = expected_part(m);
            human = human && !expected.empty() && !internal(expected) &&
                    expected.find('\'') == std::string::npos;
            f.expected.insert(expected);
        }
        if (!human && f.bad.size() < 20) f.bad.push_back(what + ": " + d.code + " " + m);
    }
}

}  // namespace

TEST_CASE("every grammar failure point gives a human message", "[grammar]") {
    auto seeds = seed_files();
    REQUIRE(seeds.size() >= 10);
    Findings f;
    std::size_t compiled = 0;
    for (const auto& path : seeds) {
        auto text = read_file(path);
        auto name = path.filename().string();
        auto starts = declaration_starts(text);
        starts.push_back(text.size());
        std::size_t t = 0;  // tokens of the whole file, for the stray choice and the sample
        for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
            // The declaration alone, after the header (the first declaration) when it is not it.
            std::string before =
                k == 0 ? std::string() : text.substr(starts[0], starts[1] - starts[0]);
            std::string decl = text.substr(starts[k], starts[k + 1] - starts[k]);
            for (const auto& tok : tokens_of(decl)) {
                auto where = name + " token " + std::to_string(t);
                auto head = before + decl.substr(0, tok.begin);
                auto tail = decl.substr(tok.end);
                auto token = decl.substr(tok.begin, tok.end - tok.begin);
                check_messages(head, where + " (cut)", f);
                check_messages(head + tail, where + " (deleted)", f);
                const auto& stray = strays[t % strays.size()];
                check_messages(head + stray + tail, where + " (replaced by " + stray + ")", f);
                const auto& inserted = strays[(t * 7 + 3) % strays.size()];
                check_messages(head + token + " " + inserted + tail,
                               where + " (followed by " + inserted + ")", f);
                // The whole pipeline on the whole broken file, for a sample: nothing past the
                // parser may crash either.
                if (t % 32 == 0) {
                    auto at = starts[k] + tok.begin;
                    for (const auto& broken :
                         {text.substr(0, at) + text.substr(at + token.size()),
                          text.substr(0, at) + stray + text.substr(at + token.size())}) {
                        auto result = ilio::compile(broken, {"broken.ilio", {}});
                        CHECK((!result.diagnostics.empty() || result.ok()));
                        ++compiled;
                    }
                }
                ++t;
            }
        }
    }
    INFO(f.inputs << " broken texts, " << f.messages << " messages, " << compiled << " compiled");
    for (const auto& b : f.bad) UNSCOPED_INFO(b);
    CHECK(f.bad.empty());

    // Every expectation point of grammar_def.hpp, by the name it reports: each must be reached.
    const std::set<std::string> every_expectation = {
        "a declaration (ruleset, unit, fact, param, step, criterion, finding, red_flag, caution, "
        "recommend, refer, escalate, population, score, items, instances)",
        "a name",
        "a string in double quotes",
        "a number",
        "a value or a name",
        "a condition",
        "a comparison",
        "a number with an optional unit",
        "a fact type (number, integer, bool, date, one of {…}, set of {…})",
        "values in braces `{a, b, …}`",
        "a list of items in parentheses `(a, b, …)`",
        "a list of items in parentheses `(a, b, …)` or the name of an item list",
        "a value, or `any of {…}` or `all of {…}`",
        "bands such as `< 65 year: 0` or `female: 1`",
        "points (a number such as +1 or -2)",
        "`when …` or `each of …` after the points",
        "`,` or `)`",
        "`baseline`, `previous` or the name of a date fact",
        "`visit`",
        "`for`",
        "`at`",
        "`,` or `}`",
        "`:`",
        "`=`",
        "`[`",
        "`,`",
        "`]`",
        "`)`",
        "`least`",
        "`of`",
        "`in`",
        "`and`",
    };
    for (const auto& e : every_expectation) {
        INFO("expectation never reached: " << e);
        CHECK(f.expected.count(e) == 1);
    }
    // And nothing is reached that the list above does not know: a new expectation point must be
    // added there, with its human name.
    for (const auto& e : f.expected) {
        INFO("expectation not listed in this test: " << e);
        CHECK(every_expectation.count(e) == 1);
    }
}

TEST_CASE("the common slips of a new author get their own message", "[grammar]") {
    auto first_message = [](const std::string& text) {
        ilio::detail::SourceText source("slip.ilio", text);
        auto parsed = ilio::parse::parse_rules(source);
        REQUIRE(!parsed.diagnostics.empty());
        return parsed.diagnostics.front().message;
    };
    std::string head = "ruleset t version \"1.0.0\"\nfact a : bool\nfact b : bool\nfact c : bool\n";
    CHECK_THAT(first_message(head + "finding f \"F\" when at least 2 of a, b, c\n"),
               Catch::Contains("go in parentheses: write `of (a, b, …)`"));
    CHECK_THAT(first_message(head + "finding f \"F\" when any of {a, b}\n"),
               Catch::Contains("in parentheses, not braces"));
    CHECK_THAT(first_message(head + "finding f \"F\" when all of\n"),
               Catch::Contains("expected a list of items in parentheses `(a, b, …)` or the name "
                               "of an item list, found the end of the file"));
    CHECK_THAT(first_message(head + "finding f \"F\" when a contains (b)\n"),
               Catch::Contains("expected a value, or `any of {…}` or `all of {…}`, found `(`"));
    CHECK_THAT(first_message(head + "score s \"S\" +1 a\n"),
               Catch::Contains("expected `when …` or `each of …` after the points, found `a`"));
    CHECK_THAT(first_message(head + "finding f \"F\" when any of (a b)\n"),
               Catch::Contains("expected `,` or `)`, found `b`"));
}
