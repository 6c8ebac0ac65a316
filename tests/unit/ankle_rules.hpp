#pragma once
// The child case of the Ottawa ankle rules (Stiell 1993), shared by the population and withheld
// tests: the same imaging step, once for a population of adults with an acute injury and once
// behind a safety gate, with a summary finding that reads both x-rays.

#include <optional>
#include <string>

#include "test_support.hpp"

namespace ilio::testing {

/// How the imaging step is kept to adults.
enum class AdultsOnly { population, gate };

inline std::string ankle_rules(AdultsOnly how) {
    std::string imaging = how == AdultsOnly::population
                              ? "population acute_adult \"Adults with an acute ankle injury\"\n"
                                "  when adult and days <= 10 day cite \"Stiell 1993\"\n"
                                "step imaging \"Imaging\" population acute_adult cite \"c\"\n"
                              : "step imaging \"Imaging\" requires adult cite \"c\"\n";
    return R"(
ruleset ankle version "1.0.0"
fact age : integer count in [0, 120] "Age in years." ask "Age?"
fact days : integer day in [0, 365] "Days since the injury." ask "When?"
fact lateral_malleolus : bool "Tender lateral malleolus." ask "Tender?"
fact navicular : bool "Tender navicular." ask "Tender?"
criterion adult "Adult" when age >= 18 pass "adult" fail "under 18" cite "c"
)" + imaging +
           R"(recommend ankle_xray "Ankle x-ray" when lateral_malleolus because "b" cite "c"
recommend foot_xray "Foot x-ray" when navicular because "b" cite "c"
step summary "Summary" cite "c"
finding no_imaging "No ankle or foot imaging needed"
  when not ankle_xray and not foot_xray because "b" cite "c"
finding any_imaging "Some imaging" when ankle_xray or foot_xray because "b" cite "c"
)";
}

/// A patient injured a day ago; an age left out is missing.
inline Facts ankle_patient(const RuleSet& rules, std::optional<int> age, bool lateral_malleolus,
                           bool navicular) {
    Facts facts(rules);
    if (age) facts.set_number("age", *age);
    facts.set_number("days", 1);
    facts.set_bool("lateral_malleolus", lateral_malleolus);
    facts.set_bool("navicular", navicular);
    return facts;
}

}  // namespace ilio::testing
