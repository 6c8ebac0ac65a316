#include "check/unit_table.hpp"

namespace ilio::check {

UnitTable::UnitTable()
    : units_{{"deg", "angle", 1.0},
             {"mm", "length", 1.0},
             {"cm", "length", 10.0},
             {"s", "time", 1.0},
             {"min", "time", 60.0},
             {"h", "time", 3600.0},
             {"day", "time", 86400.0},
             {"week", "time", 604800.0},
             // A year is the Julian year of 365.25 days, a month the twelfth of it.
             {"month", "time", 86400.0 * 365.25 / 12.0},
             {"year", "time", 86400.0 * 365.25},
             {"count", "count", 1.0},
             {"points", "score", 1.0},
             {"percent", "percent", 1.0}} {}

const UnitInfo* UnitTable::find(std::string_view name) const noexcept {
    for (const auto& u : units_)
        if (u.name == name) return &u;
    return nullptr;
}

std::string UnitTable::names() const {
    std::string out;
    for (const auto& u : units_) {
        if (!out.empty()) out += ", ";
        out += u.name;
    }
    return out;
}

}  // namespace ilio::check
