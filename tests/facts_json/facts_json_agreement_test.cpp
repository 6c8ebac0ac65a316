// The fast and the checked facts readers agree (facts_json_agreement.hpp) on every example patient,
// every document of the facts corpora, hand-written edge cases (numbers beyond a double, -0,
// integers written 3.0, escapes, byte order marks, duplicate keys, trailing content, visits out of
// order…) and thousands of seeded mutations of all of them; and the fast reader does read the
// correct documents, so the agreement is not won by declining everything.

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "facts_json_agreement.hpp"
#include "test_support.hpp"

using namespace ilio;

namespace {

/// A rule set (path from the repository's root) and documents written for it.
struct Seeds {
    RuleSet rules;
    std::vector<std::string> documents;
};

std::string repository_path(const std::string& path) {
    return std::string(ILIO_SOURCE_DIR) + "/" + path;
}

/// Every file of the given directories of the repository.
std::vector<std::string> files_in(std::initializer_list<const char*> directories) {
    std::vector<std::string> out;
    for (const char* directory : directories)
        for (const auto& entry : std::filesystem::directory_iterator(repository_path(directory)))
            if (entry.path().extension() == ".json")
                out.push_back(ilio::testing::read_file(entry.path().string()));
    REQUIRE(!out.empty());
    return out;
}

RuleSet rules_file(const std::string& path) {
    auto result = load(repository_path(path));
    REQUIRE(result.ok());
    return *result.rule_set;
}

std::vector<Seeds> seeds() {
    std::vector<Seeds> out;
    out.push_back({rules_file("rules/psoas_release.ilio"),
                   files_in({"examples/patients", "tests/fuzz/corpus/facts",
                             "tests/fuzz/regressions/facts"})});
    out.push_back({rules_file("tests/language/persisting.ilio"),
                   files_in({"tests/language/persisting_patients"})});
    out.push_back({rules_file("tests/language/thomas_visits.ilio"),
                   files_in({"tests/language/visits_patients"})});
    out.push_back({rules_file("tests/language/thomas_sides.ilio"),
                   files_in({"tests/language/sides_patients"})});
    out.push_back({rules_file("tests/language/thomas_measured.ilio"),
                   files_in({"tests/language/measured_patients"})});
    out.push_back(
        {rules_file("bench/sides_visits.ilio"), files_in({"bench/sides_visits_patients"})});
    out.push_back({rules_file("tests/render/clinic.ilio"),
                   {R"({"knee": 85, "pain": "stretch", "weeks": 3, "flags": []})",
                    R"({"knee": {"value": 85, "unit": "deg"}, "pain": null, "flags": ["fever"]})",
                    R"({"weeks": {"unit": "day", "value": 14}, "flags": ["fever", "fever"]})",
                    R"({"knee": 85, "evaluated_on": "2026-10-01"})"}});
    // Dates, a fact measured at every visit and one per side (the language's every construct).
    out.push_back({rules_file("tests/language/every_construct.ilio"),
                   {R"({"patient.age": 40, "patient.weight": 70.5, "patient.sex": "female",
              "history.flags": ["fever"], "exam.sign": true, "exam.other": false,
              "exam.reach.left": 30, "exam.reach.right": {"value": 0.3, "unit": "m"},
              "exam.grip": 30, "injury.date": "2026-02-28"})",
                    R"({"evaluated_on": "2026-12-01", "visits": [
              {"date": "2026-09-01", "facts": {"exam.grip": 20, "injury.date": "2026-08-30"}},
              {"date": "2026-10-01", "facts": {"exam.grip": 25, "patient.age": 41}}]})"}});
    return out;
}

/// Values that one reader or the other might take differently: numbers at and beyond the edges
/// of a double and of 64-bit integers, signed zero, integers written with a fraction, the
/// strings producers write for non-finite numbers, escapes, and broken tokens.
const std::vector<std::string> awkward_values = {
    "1e400",
    "-1e400",
    "1e-400",
    "4.9e-324",
    "-0",
    "-0.0",
    "0e5",
    "-0e-0",
    "3.0",
    "3.5",
    "85.0",
    "9007199254740993",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "1E2",
    "1e+2",
    "0.1e1",
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "-",
    "--1",
    "0x10",
    "NaN",
    "Infinity",
    "\"NaN\"",
    "\"Infinity\"",
    "\"-Infinity\"",
    "null",
    "nul",
    "nulls",
    "true",
    "tru",
    "truex",
    "false",
    "False",
    "[]",
    "{}",
    "[null]",
    "[1]",
    "[[]]",
    "[\"none\"]",
    "[\"fever\",]",
    "{\"value\": 5}",
    "{\"value\": 5, \"unit\": \"deg\"}",
    "{\"unit\": \"cm\", \"value\": 5}",
    "{\"value\": 5, \"unit\": \"\"}",
    "{\"value\": 5, \"value\": 6}",
    "{\"value\": \"NaN\"}",
    "{\"value\": 1e400}",
    "{\"value\": 5, \"unit\": \"deg\", \"x\": 1}",
    "{\"unit\": \"deg\"}",
    "{\"value\": null}",
    "\"upper_thigh_stretch\"",
    "\"upper_thigh\\u005fstretch\"",
    "\"upper_thigh_stretch\\u0000\"",
    "\"neutral\"",
    "\"neu\\tral\"",
    "\"neu\ttral\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\ud83d\\ude00\"",
    "\"\xff\"",
    "\"\xc3\xa9\"",
    "\"\xed\xa0\x80\"",
    "\"\"",
    "\"2026-09-01\"",
    "\"2026-02-29\"",
    "\"2026-09-01 \"",
    "\"2026\\u002d09-01\"",
    "\"fever\"",
    "\"stretch\"",
    "\"hip\"",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"};

/// Bytes and snippets to insert anywhere.
const std::vector<std::string> awkward_inserts = {",",
                                                  ":",
                                                  "{",
                                                  "}",
                                                  "[",
                                                  "]",
                                                  "\"",
                                                  "\\",
                                                  " ",
                                                  "\n",
                                                  "\t",
                                                  std::string(1, '\0'),
                                                  "\xef\xbb\xbf",
                                                  "\xff",
                                                  "\x01",
                                                  "//",
                                                  "/* */",
                                                  "\"visits\": [], ",
                                                  "\"evaluated_on\": \"2026-10-01\", ",
                                                  "\"evaluated_on\": \"2020-01-01\", ",
                                                  "\"evaluated_on\": 1, ",
                                                  "\"thomas.pain.left\": null, ",
                                                  "\"knee\": 3, ",
                                                  "\"unknown.fact\": 1, ",
                                                  "\"hip.groin_pain\": true, ",
                                                  "{} ",
                                                  " {}",
                                                  "x"};

std::string random_pick(std::mt19937& rng, const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

std::size_t position(std::mt19937& rng, const std::string& s) {
    return std::uniform_int_distribution<std::size_t>(0, s.size())(rng);
}

/// Where a value starts: after a colon or an opening bracket or a comma inside brackets.
std::vector<std::pair<std::size_t, std::size_t>> value_spans(const std::string& s) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != ':') continue;
        std::size_t start = s.find_first_not_of(" \n\t\r", i + 1);
        if (start == std::string::npos) break;
        std::size_t end = start;
        int depth = 0;
        bool in_string = false;
        for (; end < s.size(); ++end) {
            char c = s[end];
            if (in_string) {
                if (c == '\\')
                    ++end;
                else if (c == '"')
                    in_string = false;
                continue;
            }
            if (c == '"')
                in_string = true;
            else if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (depth == 0) break;
                --depth;
            } else if (c == ',' && depth == 0)
                break;
        }
        out.emplace_back(start, end);
    }
    return out;
}

/// One to three random edits of `doc`.
std::string mutate(std::string doc, std::mt19937& rng) {
    int edits = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int e = 0; e < edits; ++e) {
        auto spans = value_spans(doc);
        switch (std::uniform_int_distribution<int>(0, 6)(rng)) {
            case 0:
            case 1:  // replace a value by an awkward one
                if (!spans.empty()) {
                    auto [start, end] =
                        spans[std::uniform_int_distribution<std::size_t>(0, spans.size() - 1)(rng)];
                    doc.replace(start, end - start, random_pick(rng, awkward_values));
                }
                break;
            case 2:  // swap two values
                if (spans.size() >= 2) {
                    std::uniform_int_distribution<std::size_t> pick(0, spans.size() - 1);
                    auto a = spans[pick(rng)], b = spans[pick(rng)];
                    if (a.first > b.first) std::swap(a, b);
                    if (a.second <= b.first) {
                        std::string first = doc.substr(a.first, a.second - a.first);
                        std::string second = doc.substr(b.first, b.second - b.first);
                        doc.replace(b.first, b.second - b.first, first);
                        doc.replace(a.first, a.second - a.first, second);
                    }
                }
                break;
            case 3:  // insert something awkward
                doc.insert(position(rng, doc), random_pick(rng, awkward_inserts));
                break;
            case 4: {  // delete a few bytes
                auto at = position(rng, doc);
                doc.erase(at, std::uniform_int_distribution<std::size_t>(1, 4)(rng));
                break;
            }
            case 5: {  // copy a stretch elsewhere (duplicate keys, repeated visits)
                auto from = position(rng, doc);
                auto length = std::uniform_int_distribution<std::size_t>(1, 80)(rng);
                std::string piece = doc.substr(from, length);
                doc.insert(position(rng, doc), piece);
                break;
            }
            default:  // change one byte
                if (!doc.empty())
                    doc[position(rng, doc) % doc.size()] =
                        static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
                break;
        }
    }
    return doc;
}

void check_agreement(const RuleSet& rules, const std::string& doc) {
    auto disagreement = ilio::testing::facts_json_disagreement(rules, doc);
    INFO("document: " << doc);
    INFO((disagreement ? *disagreement : std::string()));
    CHECK_FALSE(disagreement);
}

}  // namespace

TEST_CASE("the fast reader reads every correct document of the corpora") {
    int correct = 0;
    for (const auto& seed : seeds())
        for (const auto& doc : seed.documents) {
            auto checked = detail::read_facts_json_checked(seed.rules, doc, FactsOptions{});
            if (!checked.ok()) continue;  // a corpus document with a problem, on purpose
            INFO(doc);
            CHECK(detail::read_facts_json_fast(seed.rules, doc));
            check_agreement(seed.rules, doc);
            ++correct;
        }
    CHECK(correct >= 30);
}

TEST_CASE("the readers agree on edge cases written by hand") {
    for (const auto& seed : seeds()) {
        std::vector<std::string> docs = {
            "",
            " ",
            "{}",
            "{} ",
            " {}\n",
            "{}{}",
            "{} x",
            "{}]",
            "[]",
            "null",
            "1",
            "\"a\"",
            "\xef\xbb\xbf{}",
            "{",
            "}",
            "{\"\": 1}",
            "{\"visits\": []}",
            "{\"visits\": {}}",
            "{\"visits\": [{}]}",
            "{\"visits\": [{\"date\": \"2026-09-01\"}]}",
            R"({"visits": [{"date": "2026-09-01", "facts": {}}]})",
            R"({"visits": [{"facts": {}, "date": "2026-09-01"}]})",
            R"({"visits": [{"date": "2026-09-01", "facts": {}, "x": 1}]})",
            R"({"visits": [{"date": "2026-09-01", "date": "2026-09-02", "facts": {}}]})",
            R"({"visits": [{"date": "2026-09-02", "facts": {}}, {"date": "2026-09-01", "facts": {}}]})",
            R"({"visits": [{"date": "2026-09-01", "facts": {}}, {"date": "2026-09-01", "facts": {}}]})",
            R"({"visits": [{"date": "2026-09-01", "facts": {}}], "evaluated_on": "2026-08-01"})",
            R"({"evaluated_on": "2026-08-01", "visits": [{"date": "2026-09-01", "facts": {}}]})",
            R"({"evaluated_on": "2026-10-01", "visits": [{"date": "2026-09-01", "facts": {}}]})",
            R"({"visits": [{"date": "2026-09-01", "facts": {}}], "visits": []})",
            R"({"visits": [{"date": "2026-09-01", "facts": {"visits": 1}}]})",
            R"({"evaluated_on": "2026-10-01"})",
            R"({"evaluated_on": "2026-13-01"})",
            R"({"evaluated_on": "2026-10-01", "evaluated_on": "2026-10-02"})",
            R"({"evaluated_on": null})",
            "{\"evaluated_on\": \"2026-10-01\\u0000\"}"};
        // Each seed's first document with a byte order mark, trailing content, and repeated.
        const std::string& first = seed.documents.front();
        for (const std::string& doc :
             {"\xef\xbb\xbf" + first, first + "\n\n", first + " x", first + first, first + "}",
              first.substr(0, first.size() / 2), "[" + first + "]"})
            docs.push_back(doc);
        // Keys, which the fast reader takes as the text before the colon in front of the
        // value: whitespace and line breaks around the colon, a key that spells a fact's name
        // with an escape (the checked reader reads it as that fact), a quote or a backslash
        // escaped at a key's end, and an escaped "visits".
        const std::string& name = seed.rules.facts().front().name;
        std::string escaped =
            fmt::format("\\u{:04x}", static_cast<unsigned char>(name[0])) + name.substr(1);
        for (const std::string value : {"true", "1", "null"})
            for (const std::string& doc :
                 {"{\"" + name + "\" \t\r\n: \n " + value + "}", "{\"" + name + "\":" + value + "}",
                  "{\"" + escaped + "\": " + value + "}", "{\"" + name + "\\\"\": " + value + "}",
                  "{\"" + name + "\\\\\": " + value + "}",
                  "{\"" + name + "\": " + value + ", \"" + escaped + "\": " + value + "}",
                  std::string(R"({"vi\u0073its": [{"date": "2026-09-01", "facts": {}}]})")})
                docs.push_back(doc);
        // A key is a key, however the whitespace around its colon runs: read fast.
        CHECK(detail::read_facts_json_fast(seed.rules, "{\"" + name + "\" \t\r\n: \n null}"));
        CHECK(detail::read_facts_json_fast(seed.rules, "{\"" + name + "\":null}"));
        for (const auto& doc : docs) check_agreement(seed.rules, doc);
        // Every fact of the rule set given each awkward value, alone and in the first document.
        for (const auto& fact : seed.rules.facts())
            for (const auto& value : awkward_values) {
                check_agreement(seed.rules, "{\"" + fact.name + "\": " + value + "}");
                check_agreement(seed.rules, "{\"" + fact.name + "\": " + value + ", \"" +
                                                fact.name + "\": " + value + "}");
            }
    }
}

TEST_CASE("the fast reader reads up to the visits limit, as the checked reader does") {
    const auto& rules = ilio::testing::psoas();
    auto visits = [](std::size_t count) {
        std::string doc = "{\"visits\": [";
        for (std::size_t i = 0; i < count; ++i)
            doc += fmt::format("{}{{\"date\": \"{}\", \"facts\": {{}}}}", i ? "," : "",
                               format_date(static_cast<std::int32_t>(i)));
        return doc + "]}";
    };
    // Each document (megabytes long) is read once by each reader.
    auto at_limit = visits(detail::max_facts_json_visits);
    auto fast = detail::read_facts_json_fast(rules, at_limit);
    REQUIRE(fast);
    CHECK(fast->visit_count() == detail::max_facts_json_visits);
    auto checked = detail::read_facts_json_checked(rules, at_limit, FactsOptions{});
    REQUIRE(checked.ok());
    CHECK_FALSE(ilio::testing::agreement_detail::facts_difference(*fast, *checked.facts));
    auto beyond = visits(detail::max_facts_json_visits + 1);
    CHECK_FALSE(detail::read_facts_json_fast(rules, beyond));
    auto rejected = read_facts_json(rules, beyond);
    REQUIRE(rejected.errors.size() == 1);
    CHECK(rejected.errors[0].where == "/visits");
    CHECK(rejected.errors[0].message == "100001 visits: at most 100000 are accepted");
}

TEST_CASE("the readers agree on seeded mutations of every document") {
    std::mt19937 rng(20261130);
    const int per_document = ilio::testing::property_cases(200);
    int mutations = 0, read_fast = 0;
    for (const auto& seed : seeds())
        for (const auto& doc : seed.documents)
            for (int i = 0; i < per_document; ++i) {
                auto mutated = mutate(doc, rng);
                check_agreement(seed.rules, mutated);
                read_fast += detail::read_facts_json_fast(seed.rules, mutated).has_value();
                ++mutations;
            }
    // Many mutations (a value swapped for another of its type, whitespace, a fact made unknown
    // with null) stay correct: the fast reader must have read a good share of them.
    INFO(read_fast << " of " << mutations << " read by the fast reader");
    CHECK(read_fast * 50 > mutations);
}
