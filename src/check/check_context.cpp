#include "check/check_context.hpp"

#include <fmt/format.h>

namespace ilio::check {

std::string_view describe(SymbolKind kind) noexcept {
    switch (kind) {
        case SymbolKind::fact:
            return "fact";
        case SymbolKind::parameter:
            return "parameter";
        case SymbolKind::criterion:
            return "criterion";
        case SymbolKind::conclusion:
            return "conclusion";
        case SymbolKind::step:
            return "step";
        case SymbolKind::population:
            return "population";
        case SymbolKind::score:
            return "score";
        case SymbolKind::item_list:
            return "item list";
    }
    return "name";
}

const UnitInfo* CheckContext::unit(const ast::Identifier& id) {
    if (const UnitInfo* u = units.find(id.name)) return u;
    if (failed_to_parse(id.name)) return nullptr;  // its declaration already has an error
    error("E032", id.begin, id.end,
          fmt::format("unknown unit `{}`; known units: {}", id.name, units.names()));
    return nullptr;
}

}  // namespace ilio::check
