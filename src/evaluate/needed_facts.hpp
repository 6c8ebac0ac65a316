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

/// Fills `needed.out` with the missing facts needed for conclusion `c`, open in `answer`: each
/// once, in no particular order. `needed.patient` must hold the patient's facts (it is left as
/// it was found). `kleene` are the undecided parts of the Kleene pass, `open` those of the
/// answer (the same, or fewer once cases decided some items). Allocates nothing once `needed`
/// is sized.
void facts_needed_for(const Program& p, const PassValues& answer, const OpenParts& kleene,
                      const OpenParts& open, ConclusionIndex c, NeededValues& needed);

}  // namespace ilio::detail
