#pragma once
// A floor patient (psoas_floor.hpp) as ilio reads it, for rules/psoas_release.ilio: ilio::Facts
// set through the public setters, and the same visit as a facts document for `ilio eval` (so a
// disagreement can be reproduced from the command line).

#include <string>

#include "ilio/facts.hpp"
#include "psoas_floor.hpp"

namespace ilio::bench::psoas_floor {

/// The date of the single visit. A dated visit makes `time since baseline` known (0 days); the
/// date itself changes nothing.
inline constexpr const char* visit_date = "2026-11-30";

/// The patient as ilio::Facts for `rules` (the psoas rules): one dated visit, every fact set.
/// FactError when `rules` lacks one of the psoas facts or members.
Facts to_facts(const RuleSet& rules, const Patient& patient);

/// The patient as a facts document of one dated visit:
/// `{"visits": [{"date": "2026-11-30", "facts": {…}}]}`.
std::string to_facts_json(const Patient& patient);

}  // namespace ilio::bench::psoas_floor
