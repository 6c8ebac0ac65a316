// The names of derivation term kinds, as JSON explanations write them.

#include "ilio/explanation.hpp"

namespace ilio {

std::string_view to_string(TermKind kind) noexcept {
    switch (kind) {
        case TermKind::constant:
            return "constant";
        case TermKind::fact:
            return "fact";
        case TermKind::criterion:
            return "criterion";
        case TermKind::conclusion:
            return "conclusion";
        case TermKind::comparison:
            return "comparison";
        case TermKind::between:
            return "between";
        case TermKind::membership:
            return "membership";
        case TermKind::not_:
            return "not";
        case TermKind::all_of:
            return "all_of";
        case TermKind::any_of:
            return "any_of";
        case TermKind::at_least:
            return "at_least";
        case TermKind::score:
            return "score";
        case TermKind::held:
            return "held";
    }
    return "?";
}

}  // namespace ilio
