#pragma once
// The psoas rule set, compiled once per fuzzing process: the fixed rules that fuzzed facts,
// batches and rule tests are read against.
#include <cstdlib>

#include "ilio/ilio.hpp"

inline const ilio::RuleSet& psoas_rules() {
    static const ilio::RuleSet rules = [] {
        auto result = ilio::load(ILIO_SOURCE_DIR "/rules/psoas_release.ilio");
        if (!result.ok()) std::abort();
        return *result.rule_set;
    }();
    return rules;
}
