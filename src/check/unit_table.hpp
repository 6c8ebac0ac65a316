#pragma once
// Units of measure: the built-in ones of docs/language.md plus those a rules file declares.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/rule_set.hpp"

namespace ilio::check {

class UnitTable {
  public:
    /// Starts with the built-in units (deg; mm, cm; s, min, h, day, week; count; points; percent).
    UnitTable();

    const UnitInfo* find(std::string_view name) const noexcept;
    void add(UnitInfo unit) { units_.push_back(std::move(unit)); }
    const std::vector<UnitInfo>& all() const noexcept { return units_; }
    /// "deg, mm, cm, …" for messages.
    std::string names() const;

  private:
    std::vector<UnitInfo> units_;
};

}  // namespace ilio::check
