#include "explain/value_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ilio::wording {

std::string quantity_text(double base_value, double to_base, const std::string& unit) {
    double v = base_value / to_base;
    // Round away conversion noise (0.30000000000000004 deg) without hiding real decimals.
    double rounded = std::round(v * 1e6) / 1e6;
    std::string number = fmt::format("{:g}", rounded == 0 ? 0.0 : rounded);
    return unit.empty() ? number : number + " " + unit;
}

std::string members_text(const FactInfo& fact, std::uint64_t mask) {
    std::string out;
    for (std::size_t i = 0; i < fact.members.size(); ++i)
        if (mask & (std::uint64_t{1} << i)) out += (out.empty() ? "" : ", ") + fact.members[i];
    return "{" + out + "}";
}

std::string fact_value_text(const FactInfo& fact, const FactValue& value) {
    if (!value.known) return "unknown";
    switch (fact.type) {
        case ValueType::number:
        case ValueType::integer:
            return quantity_text(value.number, fact.to_base, fact.unit);
        case ValueType::boolean:
            return value.number != 0 ? "true" : "false";
        case ValueType::one_of: {
            for (std::size_t i = 0; i < fact.members.size(); ++i)
                if (value.members & (std::uint64_t{1} << i)) return fact.members[i];
            return "unknown";
        }
        case ValueType::set_of:
            return members_text(fact, value.members);
    }
    return "unknown";
}

std::string parameter_value_text(const ParameterInfo& parameter) {
    if (parameter.type == ValueType::boolean) return parameter.value != 0 ? "true" : "false";
    return quantity_text(parameter.value, 1.0, parameter.unit);
}

}  // namespace ilio::wording
