// The spelled-out names of the public enums, used by every renderer and by the CLI.

#include "ilio/diagnostic.hpp"
#include "ilio/evaluation.hpp"
#include "ilio/rule_set.hpp"

namespace ilio {

std::string_view to_string(Severity severity) noexcept {
    switch (severity) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::note:
            return "note";
    }
    return "?";
}

std::string_view to_string(ValueType type) noexcept {
    switch (type) {
        case ValueType::number:
            return "number";
        case ValueType::integer:
            return "integer";
        case ValueType::boolean:
            return "bool";
        case ValueType::one_of:
            return "one-of";
        case ValueType::set_of:
            return "set-of";
        case ValueType::date:
            return "date";
    }
    return "?";
}

std::string_view to_string(ConclusionKind kind) noexcept {
    switch (kind) {
        case ConclusionKind::finding:
            return "finding";
        case ConclusionKind::red_flag:
            return "red_flag";
        case ConclusionKind::caution:
            return "caution";
        case ConclusionKind::recommendation:
            return "recommend";
        case ConclusionKind::referral:
            return "refer";
        case ConclusionKind::escalation:
            return "escalate";
    }
    return "?";
}

std::string_view to_string(Urgency urgency) noexcept {
    switch (urgency) {
        case Urgency::info:
            return "info";
        case Urgency::warning:
            return "warning";
        case Urgency::critical:
            return "critical";
    }
    return "?";
}

std::string_view to_string(Truth truth) noexcept {
    switch (truth) {
        case Truth::false_:
            return "false";
        case Truth::true_:
            return "true";
        case Truth::unknown:
            return "unknown";
    }
    return "?";
}

std::string_view to_string(ConclusionStatus status) noexcept {
    switch (status) {
        case ConclusionStatus::fired:
            return "fired";
        case ConclusionStatus::not_applicable:
            return "not_applicable";
        case ConclusionStatus::unknown:
            return "unknown";
        case ConclusionStatus::withheld:
            return "withheld";
        case ConclusionStatus::out_of_population:
            return "out_of_population";
    }
    return "?";
}

std::string_view to_string(StepState state) noexcept {
    switch (state) {
        case StepState::open:
            return "open";
        case StepState::closed:
            return "closed";
        case StepState::undecided:
            return "undecided";
    }
    return "?";
}

}  // namespace ilio
