#include "explain/presentation.hpp"

#include <fmt/format.h>

#include "program/program.hpp"

#include <algorithm>

namespace ilio::wording {

std::string_view label(const ExplainedConclusion& c) {
    switch (c.status) {
        case ConclusionStatus::withheld:
            return "WITHHELD";
        case ConclusionStatus::unknown:
            return "UNKNOWN";
        case ConclusionStatus::not_applicable:
            return "NOT APPLICABLE";
        case ConclusionStatus::out_of_population:
            return "DOES NOT APPLY";
        case ConclusionStatus::fired:
            break;
    }
    switch (c.kind) {
        case ConclusionKind::finding:
            return "FINDING";
        case ConclusionKind::red_flag:
            return "RED FLAG";
        case ConclusionKind::caution:
            return "CAUTION";
        case ConclusionKind::recommendation:
            return "RECOMMEND";
        case ConclusionKind::referral:
            return "REFER";
        case ConclusionKind::escalation:
            return "ESCALATE";
    }
    return "?";
}

namespace {
int status_rank(ConclusionStatus s) {
    switch (s) {
        case ConclusionStatus::fired:
            return 0;
        case ConclusionStatus::withheld:
            return 1;
        case ConclusionStatus::unknown:
            return 2;
        case ConclusionStatus::not_applicable:
            return 3;
        case ConclusionStatus::out_of_population:
            return 4;
    }
    return 5;
}
}  // namespace

std::vector<std::size_t> reading_order(const Explanation& x) {
    std::vector<std::size_t> order(x.conclusions.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& ca = x.conclusions[a];
        const auto& cb = x.conclusions[b];
        if (status_rank(ca.status) != status_rank(cb.status))
            return status_rank(ca.status) < status_rank(cb.status);
        if (ca.status != ConclusionStatus::fired) return false;
        if (ca.urgency != cb.urgency) return ca.urgency > cb.urgency;
        return detail::kind_precedence(ca.kind) < detail::kind_precedence(cb.kind);
    });
    return order;
}

std::string_view truth_mark(Truth t) {
    switch (t) {
        case Truth::true_:
            return "✓";
        case Truth::false_:
            return "✗";
        case Truth::unknown:
            return "?";
    }
    return "?";
}

std::string by_cases_sentence(const ExplainedConclusion::ByCases& by_cases) {
    std::string facts, cases;
    for (const auto& f : by_cases.facts) facts += (facts.empty() ? "" : ", ") + f;
    for (const auto& c : by_cases.cases) cases += (cases.empty() ? "" : "; ") + c;
    bool one = by_cases.facts.size() == 1;
    return fmt::format("Decided without {}: every value {} can take gives this answer{}", facts,
                       one ? "it" : "they", cases.empty() ? "" : " (" + cases + ")");
}

}  // namespace ilio::wording
