#pragma once
// The facts needed next: for one open conclusion, the missing facts that can change its status
// (see needed_facts.cpp and docs/evaluation.md, "Facts needed next").

#include "evaluate/exact_answers.hpp"
#include "ilio/evaluation.hpp"
#include "program/program.hpp"

namespace ilio::detail {

void size_needed_values(const Program& p, NeededValues& needed);
/// Reserves what a copy loses (a copied vector keeps its size, not its capacity).
void reserve_needed_values(const Program& p, NeededValues& needed);

/// Where find_facts_needed writes (NeededFacts' parts of the same names).
struct NeededOutput {
    std::vector<std::uint32_t>& missing_begin;  // resized to conclusions + 1
    std::vector<FactIndex>& missing;
    std::vector<std::uint32_t>& decides;  // per fact; the caller zeroes it
};

/// The missing facts needed for each conclusion open in `answer`: missing[missing_begin[c] …
/// missing_begin[c + 1]), ascending, each once (empty for a decided conclusion), and per fact
/// the number of open conclusions it is needed for. `needed.patient` must hold the patient's
/// facts (it is left as it was found). `kleene` are the undecided parts of the Kleene pass,
/// `open` those of the answer (the same, or fewer once cases decided some items). Allocates
/// nothing once `needed` is sized and reserved.
void find_facts_needed(const Program& p, const PassValues& answer, const OpenParts& kleene,
                       const OpenParts& open, NeededValues& needed, NeededOutput out);

}  // namespace ilio::detail
