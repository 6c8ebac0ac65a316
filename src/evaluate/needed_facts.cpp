// The facts needed next. A missing fact f is needed for an open conclusion c when two
// completions of the missing facts (over the cells the thresholds cut each fact into) that
// differ only in f give c different statuses: asking for any other fact cannot, on its own,
// change c.
//
// The candidates are the missing facts the undecided parts of the Kleene pass read, through
// everything c's condition, gate and populations refer to: a decided node is the same in every
// completion, so nothing beneath it matters. When their cells make at most max_cases
// combinations, one Kleene pass runs per combination over the items those parts reach (within a
// combination every missing fact they read has a value, so the pass gives the status a complete
// patient would have), and a candidate is needed when two combinations differing only in it
// give different statuses. Enumeration stops as soon as every candidate is found needed.
//
// Beyond the bound (or when a candidate has no cells: it is compared with another fact), the
// list is structural: every missing fact read by an undecided part of the answer's cone. It may
// then hold a fact that cannot matter, but never leaves out one that can. Borderline readings
// (measured facts known but within a threshold's band) that the open parts read are listed as
// they are read: known, they are not completed, so they take no part in the cases.

#include "evaluate/needed_facts.hpp"

#include <algorithm>

#include "evaluate/kleene_pass.hpp"
#include "evaluate/patient_copy.hpp"

namespace ilio::detail {

namespace {

/// Collects into `n.candidates` the distinct missing facts the open parts of conclusion c read
/// (and into `n.readings` the borderline readings they read),
/// and into `n.cone_items` every item they reach (c's condition, gate and populations, and the
/// items their undecided references lead to). Returns whether the open parts are a read-once
/// formula (see plainly_needed).
bool walk(const Program& p, const OpenParts& open, ConclusionIndex c, NeededValues& n) {
    if (++n.epoch == 0) {  // wrapped: no stale mark may equal the new epoch
        std::fill(n.item_seen.begin(), n.item_seen.end(), 0u);
        std::fill(n.fact_seen.begin(), n.fact_seen.end(), 0u);
        n.epoch = 1;
    }
    n.stack.clear();
    n.cone_items.clear();
    n.candidates.clear();
    n.readings.clear();
    bool read_once = true;
    auto push = [&](std::uint32_t item) {
        if (item == no_index) return;
        if (n.item_seen[item] == n.epoch) {
            read_once = false;
            return;
        }
        n.item_seen[item] = n.epoch;
        n.stack.push_back(item);
        n.cone_items.push_back(item);
        // Beyond the condition, only criteria: no gate, population, score or conclusion.
        if (p.items[item].kind != ItemKind::criterion && item != p.conclusion_item[c])
            read_once = false;
    };
    push(p.conclusion_item[c]);
    for_each_item_of_conclusion(p, c, [&](std::uint32_t item) {
        if (item == no_index || item == p.conclusion_item[c]) return;
        bool has_open_parts = open.facts_begin[item] != open.facts_begin[item + 1] ||
                              open.refs_begin[item] != open.refs_begin[item + 1];
        if (has_open_parts) push(item);
    });
    while (!n.stack.empty()) {
        auto item = n.stack.back();
        n.stack.pop_back();
        for (auto k = open.facts_begin[item]; k < open.facts_begin[item + 1]; ++k) {
            FactIndex f = open.facts[k];
            // A borderline reading stays unknown in every completion, and can hide a leaf
            // beside it (`reading and (b or c)`): never read once.
            if (n.patient.facts[f].known) read_once = false;
            if (n.fact_seen[f] == n.epoch) {
                read_once = false;
                continue;
            }
            n.fact_seen[f] = n.epoch;
            (n.patient.facts[f].known ? n.readings : n.candidates).push_back(f);
        }
        for (auto k = open.refs_begin[item]; k < open.refs_begin[item + 1]; ++k) push(open.refs[k]);
    }
    return read_once;
}

std::uint32_t cells_of(const Program& p, FactIndex f) {
    return p.fact_cell_offsets[f + 1] - p.fact_cell_offsets[f];
}

/// Whether every candidate is plainly needed: the open parts are c's condition and the criteria
/// it reads, with each item reached and each missing fact read once (a read-once formula of
/// `and`, `or`, `not` and `at least`), every candidate has cells, and c's gate is open and its
/// populations hold. Then c is fired when the condition holds and not applicable when it fails,
/// and for each candidate some values of the others make every node above its leaf turn on that
/// leaf (the other children of an `and` true, of an `or` false, of an `at least` just short of
/// the count): each leaf is open, so its fact's cells give it both values.
bool plainly_needed(const Program& p, const PassValues& answer, ConclusionIndex c, bool read_once,
                    const NeededValues& n) {
    if (!read_once) return false;
    for (auto f : n.candidates)
        if (cells_of(p, f) < 2) return false;
    const auto& step = p.conclusions[c].step;
    if (step && answer.steps[*step] != StepState::open) return false;
    auto [shared, own] = p.populations_of(c);
    for (auto pop : {shared, own})
        if (pop != no_index && answer.populations[pop] != Truth::true_) return false;
    return true;
}

/// Marks in `n.needed` the candidates two cases differing only in them disagree on; false when
/// the candidates' cells make more than max_cases cases (or one has none), so nothing is known,
/// and when every case gives one decided status (see facts_needed_for).
bool enumerate(const Program& p, const PassValues& answer, ConclusionIndex c, NeededValues& n) {
    auto count = n.candidates.size();
    std::uint64_t cases = 1;
    for (std::size_t k = 0; k < count; ++k) {
        auto cells = cells_of(p, n.candidates[k]);
        if (cells == 0) return false;
        n.stride[k] = static_cast<std::uint32_t>(cases);
        cases *= cells;
        if (cases > max_cases) return false;
        n.cell[k] = 0;
        n.needed[k] = 0;
    }
    // Once per evaluation; same sizes, so the copy allocates nothing. Items outside the cone
    // keep the answer's values, or those of a case of an earlier conclusion, which are the
    // answer's made more precise: the decided nodes that read them are decided alike, and no
    // undecided one reads them.
    if (!n.pass_ready) {
        n.pass = answer;
        n.pass_ready = true;
    }
    std::sort(n.cone_items.begin(), n.cone_items.end());  // a pass evaluates in item order
    // A case gives each candidate a value of its domain, not a reading: it compares exactly.
    // Readings of the other facts keep their bands.
    ReadingContext case_context = reading_context(p, n.patient);
    const double* bands = case_context.bands;
    if (bands) {
        for (auto f : n.candidates) n.bands[f] = 0.0;
        bands = case_context.bands = n.bands.data();
    }
    std::size_t found = 0;
    for (std::uint32_t index = 0;; ++index) {
        for (std::size_t k = 0; k < count; ++k) {
            FactIndex f = n.candidates[k];
            n.patient.facts[f] =
                p.fact_cells[p.fact_cell_offsets[f] + cell_in_case_order(p, f, n.cell[k])];
        }
        run_kleene_pass(p, n.patient.facts, n.pass, &case_context, n.cone_items,
                        PassDetail::statuses_only);
        auto status = static_cast<std::uint8_t>(n.pass.status[c]);
        n.status[index] = status;
        // The case with candidate k in its first cell and the others as here came earlier.
        for (std::size_t k = 0; k < count; ++k) {
            if (n.needed[k] || n.cell[k] == 0) continue;
            if (n.status[index - n.cell[k] * n.stride[k]] == status) continue;
            n.needed[k] = 1;
            ++found;
        }
        if (found == count) break;
        // The next combination of cells (an odometer, candidate 0 fastest).
        std::size_t k = 0;
        for (; k < count; ++k) {
            if (++n.cell[k] < cells_of(p, n.candidates[k])) break;
            n.cell[k] = 0;
        }
        if (k == count) break;
    }
    for (auto f : n.candidates) {
        n.patient.facts[f] = FactValue{};  // missing again
        if (bands) n.bands[f] = p.fact_band[f];
    }
    // Unknown in every case: a borderline reading keeps it open whatever the missing facts.
    return found > 0 || n.status[0] == static_cast<std::uint8_t>(ConclusionStatus::unknown);
}

}  // namespace

void size_needed_values(const Program& p, NeededValues& n) {
    size_patient_copy(p, n.patient);
    n.bands = p.fact_band;
    n.bands.resize(p.facts.size(), 0.0);
    size_pass_values(p, n.pass);
    n.cone_items.clear();
    n.item_seen.assign(p.items.size(), 0);
    n.fact_seen.assign(p.facts.size(), 0);
    n.stack.clear();
    n.epoch = 0;
    n.candidates.clear();
    n.readings.clear();
    n.cell.assign(p.facts.size(), 0);
    n.stride.assign(p.facts.size(), 0);
    n.needed.assign(p.facts.size(), 0);
    n.status.assign(max_cases, 0);
    n.out.clear();
    reserve_needed_values(p, n);
}

void reserve_needed_values(const Program& p, NeededValues& n) {
    n.cone_items.reserve(p.items.size());
    n.stack.reserve(p.items.size());
    n.candidates.reserve(p.facts.size());
    n.readings.reserve(p.facts.size());
    n.out.reserve(p.facts.size());
}

void facts_needed_for(const Program& p, const PassValues& answer, const OpenParts& kleene,
                      const OpenParts& open, ConclusionIndex c, NeededValues& n) {
    n.out.clear();
    bool read_once = walk(p, kleene, c, n);
    if (plainly_needed(p, answer, c, read_once, n)) {
        n.out.assign(n.candidates.begin(), n.candidates.end());
    } else if (enumerate(p, answer, c, n)) {
        for (std::size_t k = 0; k < n.candidates.size(); ++k)
            if (n.needed[k]) n.out.push_back(n.candidates[k]);
    } else {
        // The same decided status in every completion: cases would decide it, but those of
        // exact_answers.cpp passed their bound. The structural list then says what could:
        // the walk above found it already when cases decided nothing (`open` is `kleene`).
        if (&open.facts != &kleene.facts) walk(p, open, c, n);
        n.out.assign(n.candidates.begin(), n.candidates.end());
    }
    // Borderline readings are listed as read (measuring again may decide), not by cases.
    n.out.insert(n.out.end(), n.readings.begin(), n.readings.end());
}

}  // namespace ilio::detail
