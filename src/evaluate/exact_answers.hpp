#pragma once
// Exact answers over missing facts: what three-valued logic leaves open is decided by cases
// over the cells of the missing facts read more than once (see case_split.cpp and
// docs/evaluation.md, "Exact answers").

#include <algorithm>
#include <cstdint>
#include <vector>

#include "evaluate/kleene_pass.hpp"
#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "program/program.hpp"

namespace ilio::detail {

/// The most cases (Kleene passes) one evaluation spends. When the open items together need
/// more, they stay as three-valued logic left them (unknown: sound, but perhaps not exact).
inline constexpr std::uint64_t max_cases = 4096;

void size_case_values(const Program& p, CaseValues& cases);

/// Starts a new walk over marks stamped with `epoch` (a mark equal to it: seen in this walk),
/// so that no walk clears its marks. When the counter wraps, every mark is cleared, so no stale
/// one can equal the new epoch.
template <typename... Marks>
void next_epoch(std::uint32_t& epoch, Marks&... marks) {
    if (++epoch != 0) return;
    (std::fill(marks.begin(), marks.end(), 0u), ...);
    epoch = 1;
}

/// The cell a split fact takes at a position of the cases' odometer: the first, then the last,
/// then the rest in order. The rules' tests are mostly monotone in a fact (thresholds,
/// `contains any of`), so its two extremes are the cells likeliest to disagree, and a case that
/// disagrees early ends the cases early. The first case is still every fact's first cell,
/// which the closers are kept from.
inline std::uint32_t cell_in_case_order(const Program& p, FactIndex f,
                                        std::uint32_t position) noexcept {
    if (position == 0) return 0;
    auto cells = p.fact_cell_offsets[f + 1] - p.fact_cell_offsets[f];
    return position == 1 ? cells - 1 : position - 1;
}

/// The undecided parts of a Kleene pass: per item, the missing facts its undecided nodes read
/// (once per read) and the items their undecided references reach.
struct OpenParts {
    const std::vector<std::uint32_t>& facts_begin;
    const std::vector<FactIndex>& facts;
    const std::vector<std::uint32_t>& refs_begin;
    const std::vector<std::uint32_t>& refs;
};

/// Whether decide_by_cases() may decide anything: an item the pass left open reads a missing
/// fact more than once. False for most patients, who then need no open parts collected.
bool cases_may_decide(const Program& p, const std::vector<FactValue>& facts,
                      const PassValues& answer);

/// Decides, in `answer`, every item the pass left open whose undecided parts read a missing
/// fact more than once (each such fact with cells), when every case gives it the same value;
/// marks in `by_cases` the conclusions so decided. Returns whether anything was decided.
/// Allocates nothing once `cases` is sized. `context`: the readings' bands and earlier visits,
/// as the pass had them. `detail`: whether the cases follow closers, as the pass did.
bool decide_by_cases(const Program& p, const std::vector<FactValue>& facts,
                     const ReadingContext* context, PassValues& answer, const OpenParts& open,
                     CaseValues& cases, std::vector<std::uint8_t>& by_cases, PassDetail detail);

}  // namespace ilio::detail
