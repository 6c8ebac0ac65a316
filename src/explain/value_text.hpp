#pragma once
// How values and comparisons read in explanations: numbers in the declared unit (plural where
// a clinician would write one: "16 weeks"), enums by member name, comparisons in words.

#include <string>
#include <string_view>

#include "ilio/evaluation.hpp"
#include "ilio/explanation.hpp"
#include "ilio/facts.hpp"
#include "ilio/rule_set.hpp"

namespace ilio::wording {

/// A number given in base units, in `unit` ("70 deg", "6 weeks", "1 week", "3").
std::string quantity_text(double base_value, double to_base, const std::string& unit);
/// The same, appended to `out`.
void append_quantity_text(std::string& out, double base_value, double to_base,
                          const std::string& unit);
/// A value in base units as the number shown in `unit`, with conversion noise rounded away.
double display_number(double base_value, double to_base);
/// A fact's value as the clinician would say it, or "unknown"; an empty set reads "none".
std::string fact_value_text(const FactInfo& fact, const FactValue& value);
/// The same, appended to `out`.
void append_fact_value_text(std::string& out, const FactInfo& fact, const FactValue& value);
/// The same value as data.
TermValue fact_value_data(const FactInfo& fact, const FactValue& value);
/// The same into `out`, every field overwritten, its strings' memory kept.
void fact_value_data(const FactInfo& fact, const FactValue& value, TermValue& out);
/// A members mask as "{a, b}".
std::string members_text(const FactInfo& fact, std::uint64_t mask);
std::string parameter_value_text(const ParameterInfo& parameter);

/// "above", "not above", "at or below", …; for `!=` the negation reads "equal to", never
/// "not not equal to". Between `dates`: "after", "on or before", ….
std::string comparison_words(std::string_view op, bool holds, bool dates = false);
/// "(by 9 deg)" when it holds; "(4 deg short)" or "(9 deg over)" when it does not.
std::string margin_words(std::string_view op, bool holds, const std::string& amount);
/// How a reference to a conclusion reads: "yes", "no", "withheld", "not yet known".
std::string_view reference_words(ConclusionStatus status);

}  // namespace ilio::wording
