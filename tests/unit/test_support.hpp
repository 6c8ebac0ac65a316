#pragma once
// Shared by the unit tests: compiling inline rules and loading the repository's files.

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <catch2/catch.hpp>

#include "ilio/ilio.hpp"

namespace ilio::testing {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::string psoas_rules_path() {
    return std::string(ILIO_SOURCE_DIR) + "/rules/psoas_release.ilio";
}

/// Compiles rules that must be free of errors; fails the test with the diagnostics otherwise.
inline RuleSet compile_ok(const std::string& text, CompileOptions options = {}) {
    auto result = compile(text, options);
    std::string rendered;
    for (const auto& d : result.diagnostics) rendered += render_diagnostic(d, result.source);
    INFO(rendered);
    REQUIRE(result.ok());
    return *result.rule_set;
}

inline const RuleSet& psoas() {
    static const RuleSet rules = [] {
        auto result = load(psoas_rules_path());
        REQUIRE(result.ok());
        return *result.rule_set;
    }();
    return rules;
}

/// The index of a conclusion that must exist.
inline ConclusionIndex conclusion(const RuleSet& rules, std::string_view name) {
    auto index = rules.find_conclusion(name);
    REQUIRE(index);
    return *index;
}

/// The index of a fact that must exist.
inline FactIndex fact(const RuleSet& rules, std::string_view name) {
    auto index = rules.find_fact(name);
    REQUIRE(index);
    return *index;
}

/// The status of a conclusion that must exist, for these facts.
inline ConclusionStatus status(const RuleSet& rules, const Facts& facts, std::string_view name) {
    return rules.evaluate(facts).status(conclusion(rules, name));
}

/// Whether a status is decided: fired or not applicable (not unknown).
inline bool decided(ConclusionStatus s) {
    return s == ConclusionStatus::fired || s == ConclusionStatus::not_applicable;
}

/// The codes of the diagnostics, in order.
inline std::vector<std::string> codes(const CompileResult& result) {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) out.push_back(d.code);
    return out;
}

/// The rule sets the repository ships, with the 19-fact benchmark set: what properties over
/// random patients run on, from the repository's root.
inline const char* const shipped_rule_set_files[] = {
    "rules/psoas_release.ilio", "rules/cha2ds2_vasc.ilio", "rules/wells_dvt.ilio",
    "rules/ottawa_ankle.ilio", "bench/psoas_19_facts.ilio"};

/// How many random cases a property test runs: `normal`, or ILIO_PROPERTY_CASES (the
/// sanitizer builds in CI run fewer).
inline int property_cases(int normal) {
    const char* text = std::getenv("ILIO_PROPERTY_CASES");
    if (text == nullptr) return normal;
    std::string_view given(text);
    int n = 0;
    auto [end, error] = std::from_chars(given.data(), given.data() + given.size(), n);
    if (error != std::errc{} || end != given.data() + given.size() || n < 1)
        throw std::invalid_argument("ILIO_PROPERTY_CASES must be a positive count, not \"" +
                                    std::string(given) + "\"");
    return n;
}

}  // namespace ilio::testing
