#pragma once
// Whether read_facts_json's two readers agree on a document (src/evaluate/facts_json_readers.hpp):
// the fast reader may accept only what the checked reader accepts without a warning, in strict
// and lenient mode alike, and must then give the same Facts, bit for bit; read_facts_json must
// give exactly what the checked reader gives, facts or errors. Shared by the differential test
// (facts_json_agreement_test.cpp) and the fuzz target (tests/fuzz/fuzz_facts.cpp).

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluate/facts_json_readers.hpp"
#include "ilio/facts.hpp"

namespace ilio::testing {

namespace agreement_detail {

inline std::string problems_text(const std::vector<FactProblem>& problems) {
    std::string out;
    for (const auto& p : problems) out += "\n  " + p.where + " | " + p.fact + " | " + p.message;
    return out;
}

inline bool same_values(const std::vector<FactValue>& a, const std::vector<FactValue>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].known != b[i].known || a[i].members != b[i].members ||
            std::bit_cast<std::uint64_t>(a[i].number) != std::bit_cast<std::uint64_t>(b[i].number))
            return false;
    return true;
}

inline bool same_problems(const std::vector<FactProblem>& a, const std::vector<FactProblem>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].where != b[i].where || a[i].fact != b[i].fact || a[i].message != b[i].message)
            return false;
    return true;
}

/// How Facts `a` differ from `b`, or nothing: visits, their dates and values (numbers bit for
/// bit, so that -0 and 0 differ), the evaluation date and the warnings.
inline std::optional<std::string> facts_difference(const Facts& a, const Facts& b) {
    if (&a.rule_set().program() != &b.rule_set().program()) return "bound to other rules";
    if (a.visit_count() != b.visit_count())
        return std::to_string(a.visit_count()) + " visits against " +
               std::to_string(b.visit_count());
    for (std::size_t v = 0; v < a.visit_count(); ++v) {
        if (a.visit_date(v) != b.visit_date(v))
            return "the date of visit " + std::to_string(v + 1) + " differs";
        if (!same_values(a.visit_values(v), b.visit_values(v)))
            return "the values of visit " + std::to_string(v + 1) + " differ";
    }
    if (a.evaluated_on() != b.evaluated_on()) return "the evaluation date differs";
    if (!same_problems(a.warnings(), b.warnings()))
        return "warnings:" + problems_text(a.warnings()) +
               "\nagainst:" + problems_text(b.warnings());
    return std::nullopt;
}

/// How reading `a` differs from reading `b`, or nothing.
inline std::optional<std::string> result_difference(const FactsResult& a, const FactsResult& b) {
    if (a.ok() != b.ok())
        return std::string(a.ok() ? "accepted" : "rejected") + " where the checked reader " +
               (b.ok() ? "accepted" : "rejected") + problems_text(a.errors) +
               problems_text(b.errors);
    if (!same_problems(a.errors, b.errors))
        return "errors:" + problems_text(a.errors) + "\nagainst:" + problems_text(b.errors);
    if (a.ok()) return facts_difference(*a.facts, *b.facts);
    return std::nullopt;
}

}  // namespace agreement_detail

/// What is wrong with reading `json` for `rules`, or nothing when the readers agree.
inline std::optional<std::string> facts_json_disagreement(const RuleSet& rules,
                                                          std::string_view json) {
    using agreement_detail::result_difference;
    auto fast = detail::read_facts_json_fast(rules, json);
    for (bool lenient : {false, true}) {
        FactsOptions options{lenient};
        std::string mode = lenient ? " (lenient)" : " (strict)";
        auto checked = detail::read_facts_json_checked(rules, json, options);
        if (fast) {
            FactsResult accepted;
            accepted.facts = *fast;
            if (auto difference = result_difference(accepted, checked))
                return "the fast reader" + mode + ": " + *difference;
        }
        if (auto difference = result_difference(read_facts_json(rules, json, options), checked))
            return "read_facts_json" + mode + ": " + *difference;
    }
    return std::nullopt;
}

}  // namespace ilio::testing
