#pragma once
// How values read in explanations: numbers in the declared unit, enums by member name.

#include <string>

#include "ilio/facts.hpp"
#include "ilio/rule_set.hpp"

namespace ilio::wording {

/// A number given in base units, shown in `unit` ("70 deg", "6 week", "3").
std::string quantity_text(double base_value, double to_base, const std::string& unit);
/// A fact's value as the clinician would say it, or "unknown".
std::string fact_value_text(const FactInfo& fact, const FactValue& value);
/// A members mask as "{a, b}".
std::string members_text(const FactInfo& fact, std::uint64_t mask);
std::string parameter_value_text(const ParameterInfo& parameter);

}  // namespace ilio::wording
