#pragma once
// The facts that decided a conclusion, in one line: "thomas.thigh_angle 7 deg is above
// thigh_parallel_max 0 deg (by 7 deg)". Read from the derivation's deciding leaves, with a
// leaf under `not` stated the way it supports the conclusion (no double negatives).

#include <cstddef>
#include <string>
#include <vector>

#include "ilio/explanation.hpp"

namespace ilio::wording {

/// The deciding facts of `derivation`, measured ones first, at most `limit` (and at most 15:
/// renderers show two or three).
std::vector<std::string> evidence(const Term& derivation, std::size_t limit);
/// The same joined with "; ".
std::string evidence_line(const Term& derivation, std::size_t limit);
/// The same, appended to `out`.
void append_evidence_line(std::string& out, const Term& derivation, std::size_t limit);

}  // namespace ilio::wording
