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
// Open conclusions in a row with the same candidates (those of one step, mostly) are enumerated
// together: one pass per case over the union of their cones gives each its status, and the
// enumeration runs until each has every candidate, so each gets what it would alone.
//
// Beyond the bound (or when a candidate has no cells: it is compared with another fact), the
// list is structural: every missing fact read by an undecided part of the answer's cone. It may
// then hold a fact that cannot matter, but never leaves out one that can. Borderline readings
// (measured facts known but within a threshold's band) that the open parts read are listed as
// they are read: known, they are not completed, so they take no part in the cases.

#include "evaluate/needed_facts.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <span>

#include "evaluate/kleene_pass.hpp"
#include "evaluate/patient_copy.hpp"

namespace ilio::detail {

namespace {

/// Walks what the open parts of a gate and populations (`starts`, no_index for none) reach,
/// into `n.rest_items` and `n.rest_facts` (each once), unless the last walk was of the same.
void walk_rest(const OpenParts& open, const std::array<std::uint32_t, 3>& starts, NeededValues& n) {
    if (n.rest_of == &open.facts && n.rest_starts == starts) return;
    n.rest_of = &open.facts;
    n.rest_starts = starts;
    next_epoch(n.epoch, n.item_seen, n.fact_seen);
    n.stack.clear();
    n.rest_items.clear();
    n.rest_facts.clear();
    auto push = [&](std::uint32_t item) {
        if (item == no_index || n.item_seen[item] == n.epoch) return;
        n.item_seen[item] = n.epoch;
        n.stack.push_back(item);
        n.rest_items.push_back(item);
    };
    for (auto item : starts) push(item);
    while (!n.stack.empty()) {
        auto item = n.stack.back();
        n.stack.pop_back();
        for (auto k = open.facts_begin[item]; k < open.facts_begin[item + 1]; ++k) {
            FactIndex f = open.facts[k];
            if (n.fact_seen[f] == n.epoch) continue;
            n.fact_seen[f] = n.epoch;
            n.rest_facts.push_back(f);
        }
        for (auto k = open.refs_begin[item]; k < open.refs_begin[item + 1]; ++k) push(open.refs[k]);
    }
}

/// Collects into `n.candidates` the distinct missing facts the open parts of conclusion c read
/// (and into `n.readings` the borderline readings they read), and into `n.cone_items` every
/// item they reach (c's condition, gate and populations, and the items their undecided
/// references lead to). Returns whether the open parts are a read-once formula (see
/// plainly_needed).
bool walk(const Program& p, const OpenParts& open, ConclusionIndex c, NeededValues& n) {
    // The gate's and populations' parts first: the conclusions of a step share them, and they
    // are most of what each one reaches (walk_rest).
    std::array<std::uint32_t, 3> rest{no_index, no_index, no_index};
    std::size_t parts = 0;
    for_each_item_of_conclusion(p, c, [&](std::uint32_t item) {
        if (item == no_index || item == p.conclusion_item[c]) return;
        bool has_open_parts = open.facts_begin[item] != open.facts_begin[item + 1] ||
                              open.refs_begin[item] != open.refs_begin[item + 1];
        if (has_open_parts) rest[parts++] = item;
    });
    if (parts > 0) walk_rest(open, rest, n);
    next_epoch(n.epoch, n.item_seen, n.fact_seen);
    n.stack.clear();
    n.cone_items.clear();
    n.candidates.clear();
    n.readings.clear();
    // Beyond the condition, only criteria: no gate or population (and no score or conclusion,
    // below).
    bool read_once = parts == 0;
    auto push = [&](std::uint32_t item) {
        if (item == no_index) return;
        if (n.item_seen[item] == n.epoch) {
            read_once = false;
            return;
        }
        n.item_seen[item] = n.epoch;
        n.stack.push_back(item);
        n.cone_items.push_back(item);
        if (p.items[item].kind != ItemKind::criterion && item != p.conclusion_item[c])
            read_once = false;
    };
    auto add_fact = [&](FactIndex f) {
        n.fact_seen[f] = n.epoch;
        (n.patient.facts[f].known ? n.readings : n.candidates).push_back(f);
    };
    push(p.conclusion_item[c]);
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
            add_fact(f);
        }
        for (auto k = open.refs_begin[item]; k < open.refs_begin[item + 1]; ++k) push(open.refs[k]);
    }
    if (parts == 0) return read_once;
    // With the gate's and populations' parts: what the condition's did not reach already.
    for (auto item : n.rest_items)
        if (n.item_seen[item] != n.epoch) {
            n.item_seen[item] = n.epoch;
            n.cone_items.push_back(item);
        }
    for (auto f : n.rest_facts)
        if (n.fact_seen[f] != n.epoch) add_fact(f);
    return false;
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

/// Whether the candidates' cells can be enumerated: each has cells, and together they make at
/// most max_cases cases.
bool enumerable(const Program& p, const std::vector<FactIndex>& candidates) {
    std::uint64_t cases = 1;
    for (auto f : candidates) {
        auto cells = cells_of(p, f);
        if (cells == 0) return false;
        cases *= cells;
        if (cases > max_cases) return false;
    }
    return true;
}

/// Conclusions enumerated together: open conclusions in a row whose walks found the same
/// candidates. Those of one step share its gate's cone, and a patient's open conclusions are
/// mostly of a few steps (in a batch of synthetic patients, the cases of nearly half the
/// enumerations were another's again): one pass per case over the union of their cones gives
/// every member's status, where one pass per member per case did.
constexpr std::size_t max_group = 16;

/// The items the pass evaluates per case: the union of the cones of the members that have not
/// found every candidate yet, in item order. A member that has is left out, so a group never
/// evaluates more items than its members would alone: each alone would stop at the same case.
void unite_cones(NeededValues& n, std::size_t count) {
    next_epoch(n.group_epoch, n.cone_seen);
    n.group_cone.clear();
    for (std::size_t m = 0; m < n.members.size(); ++m) {
        if (count > 0 && n.found[m] == count) continue;
        for (auto k = n.member_cones_begin[m]; k < n.member_cones_begin[m + 1]; ++k) {
            auto item = n.member_cones[k];
            if (n.cone_seen[item] == n.group_epoch) continue;
            n.cone_seen[item] = n.group_epoch;
            n.group_cone.push_back(item);
        }
    }
    std::sort(n.group_cone.begin(), n.group_cone.end());
}

/// Marks in `n.needed` the candidates two cases differing only in them give a member different
/// statuses; returns for each member (in `n.found`) how many. Runs until every member has every
/// candidate, or every case is seen: a member's needed set is then what enumerating it alone
/// gives. The candidates are enumerable (enumerable()).
void enumerate(const Program& p, const PassValues& answer, NeededValues& n) {
    const auto& candidates = n.group_candidates;
    auto count = candidates.size();
    auto members = n.members.size();
    std::uint32_t cases = 1;
    for (std::size_t k = 0; k < count; ++k) {
        n.stride[k] = cases;
        cases *= cells_of(p, candidates[k]);
        n.cell[k] = 0;
    }
    n.needed.assign(members * count, 0);
    n.found.assign(members, 0);
    // Once per evaluation; same sizes, so the copy allocates nothing. Items outside the cone
    // keep the answer's values, or those of a case of an earlier group, which are the answer's
    // made more precise: the decided nodes that read them are decided alike, and no undecided
    // one reads them.
    if (!n.pass_ready) {
        n.pass = answer;
        n.pass_ready = true;
    }
    unite_cones(n, count);
    // A case gives each candidate a value of its domain, not a reading: it compares exactly.
    // Readings of the other facts keep their bands.
    ReadingContext case_context = reading_context(p, n.patient);
    const double* bands = case_context.bands;
    if (bands) {
        for (auto f : candidates) n.bands[f] = 0.0;
        bands = case_context.bands = n.bands.data();
    }
    std::size_t done = count == 0 ? members : 0;  // members with every candidate found
    for (std::uint32_t index = 0;; ++index) {
        for (std::size_t k = 0; k < count; ++k) {
            FactIndex f = candidates[k];
            n.patient.facts[f] =
                p.fact_cells[p.fact_cell_offsets[f] + cell_in_case_order(p, f, n.cell[k])];
        }
        run_kleene_pass(p, n.patient.facts, n.pass, &case_context, n.group_cone,
                        PassDetail::statuses_only);
        std::uint8_t* status = n.status.data() + std::size_t{index} * members;
        for (std::size_t m = 0; m < members; ++m)
            status[m] = static_cast<std::uint8_t>(n.pass.status[n.members[m]]);
        // The case with candidate k in its first cell and the others as here came earlier.
        bool finished = false;  // a member found its last candidate: its cone may go
        for (std::size_t k = 0; k < count && done < members; ++k) {
            if (n.cell[k] == 0) continue;
            const std::uint8_t* earlier = status - std::size_t{n.cell[k]} * n.stride[k] * members;
            for (std::size_t m = 0; m < members; ++m) {
                auto& needed = n.needed[m * count + k];
                if (needed || earlier[m] == status[m]) continue;
                needed = 1;
                if (++n.found[m] == count) {
                    ++done;
                    finished = true;
                }
            }
        }
        if (done == members) break;
        if (finished) unite_cones(n, count);
        // The next combination of cells (an odometer, candidate 0 fastest).
        std::size_t k = 0;
        for (; k < count; ++k) {
            if (++n.cell[k] < cells_of(p, candidates[k])) break;
            n.cell[k] = 0;
        }
        if (k == count) break;
    }
    for (auto f : candidates) {
        n.patient.facts[f] = FactValue{};  // missing again
        if (bands) n.bands[f] = p.fact_band[f];
    }
}

/// Works out the facts needed for each open conclusion in order, each conclusion's once its
/// group is enumerated, and writes them (NeededFacts' missing, missing_begin and decides).
class NeededFinder {
  public:
    NeededFinder(const Program& p, const PassValues& answer, const OpenParts& kleene,
                 const OpenParts& open, NeededValues& n, NeededOutput out)
        : p_(p), answer_(answer), kleene_(kleene), open_(open), n_(n), out_(out) {}

    void run() {
        n_.rest_of = nullptr;  // the open parts are this evaluation's
        out_.missing.clear();
        out_.missing_begin.resize(p_.conclusions.size() + 1);
        n_.members.clear();
        auto conclusions = static_cast<ConclusionIndex>(answer_.status.size());
        for (ConclusionIndex c = 0; c < conclusions; ++c) {
            if (answer_.status[c] != ConclusionStatus::unknown) continue;
            bool read_once = walk(p_, kleene_, c, n_);
            if (plainly_needed(p_, answer_, c, read_once, n_)) {
                flush();
                emit(c, n_.candidates, n_.readings);
            } else if (!enumerable(p_, n_.candidates)) {
                flush();
                emit_structural(c, n_.candidates, n_.readings);
            } else {
                if (!n_.members.empty() && (n_.members.size() == max_group || !same_candidates()))
                    flush();
                join(c);
            }
        }
        flush();
        close_ranges(conclusions);
    }

  private:
    /// Whether the last walk found the group's candidates (in any order): the walk marked
    /// every fact it found (fact_seen), and a missing one is a candidate.
    bool same_candidates() const {
        return n_.candidates.size() == n_.group_candidates.size() &&
               std::all_of(n_.group_candidates.begin(), n_.group_candidates.end(),
                           [&](FactIndex f) { return n_.fact_seen[f] == n_.epoch; });
    }

    /// Adds conclusion c, just walked, to the group, with its cone and its readings.
    void join(ConclusionIndex c) {
        if (n_.members.empty()) {
            // Fewest cells first: candidate k first leaves its first cell at the case that is
            // the product of the cells before it, so the facts with many cells (a set of red
            // flags) come last, and every candidate is seen to matter within the fewest cases.
            n_.group_candidates.assign(n_.candidates.begin(), n_.candidates.end());
            std::sort(n_.group_candidates.begin(), n_.group_candidates.end(),
                      [&](FactIndex a, FactIndex b) {
                          auto ca = cells_of(p_, a), cb = cells_of(p_, b);
                          return ca != cb ? ca < cb : a < b;
                      });
            n_.group_readings.clear();
            n_.member_readings.assign(1, 0);
            n_.member_cones.clear();
            n_.member_cones_begin.assign(1, 0);
        }
        n_.member_cones.insert(n_.member_cones.end(), n_.cone_items.begin(), n_.cone_items.end());
        n_.member_cones_begin.push_back(static_cast<std::uint32_t>(n_.member_cones.size()));
        n_.members.push_back(c);
        n_.group_readings.insert(n_.group_readings.end(), n_.readings.begin(), n_.readings.end());
        n_.member_readings.push_back(static_cast<std::uint32_t>(n_.group_readings.size()));
    }

    /// Enumerates the group and writes each member's facts.
    void flush() {
        if (n_.members.empty()) return;
        enumerate(p_, answer_, n_);
        auto count = n_.group_candidates.size();
        for (std::size_t m = 0; m < n_.members.size(); ++m) {
            auto c = n_.members[m];
            std::span<const FactIndex> readings(
                n_.group_readings.data() + n_.member_readings[m],
                n_.group_readings.data() + n_.member_readings[m + 1]);
            auto first_status = static_cast<ConclusionStatus>(n_.status[m]);
            if (n_.found[m] == 0 && first_status != ConclusionStatus::unknown) {
                // The same decided status in every case (see emit_structural).
                emit_structural(c, n_.group_candidates, readings);
                continue;
            }
            n_.out.clear();
            for (std::size_t k = 0; k < count; ++k)
                if (n_.needed[m * count + k]) n_.out.push_back(n_.group_candidates[k]);
            emit(c, n_.out, readings);
        }
        n_.members.clear();
    }

    /// The structural list, when cases cannot say: the candidates are too many to enumerate,
    /// or every case gives the same decided status (cases would decide it, but those of
    /// exact_answers.cpp passed their bound). Every missing fact the open parts read then,
    /// which c's walk over `kleene` found already (`candidates`, `readings`) when cases decided
    /// nothing (`open` is `kleene`).
    void emit_structural(ConclusionIndex c, std::span<const FactIndex> candidates,
                         std::span<const FactIndex> readings) {
        if (&open_.facts == &kleene_.facts) return emit(c, candidates, readings);
        // Apart from the walk of the conclusion being grouped, which the group may still need
        // (swapped, so nothing is copied).
        set_aside_walk();
        walk(p_, open_, c, n_);
        emit(c, n_.candidates, n_.readings);
        set_aside_walk();
    }

    void set_aside_walk() {
        n_.cone_items.swap(n_.open_cone);
        n_.candidates.swap(n_.open_candidates);
        n_.readings.swap(n_.open_readings);
    }

    /// Writes conclusion c's facts: `needed`, then the borderline readings its open parts read,
    /// which are listed as read (measuring again may decide), not by cases.
    void emit(ConclusionIndex c, std::span<const FactIndex> needed,
              std::span<const FactIndex> readings) {
        close_ranges(c);
        // In ascending order through a bit per fact: the facts come in the order the walk met
        // them, and sorting each conclusion's cost more than all the rest of emitting them.
        // (They are distinct: a candidate is missing, a reading known, and each walk lists a
        // fact once.)
        auto* bits = n_.fact_bits.data();
        auto& words = n_.fact_words;
        auto mark = [&](FactIndex f) {
            auto w = f >> 6;
            if (bits[w] == 0) words.push_back(w);
            bits[w] |= std::uint64_t{1} << (f & 63);
        };
        for (auto f : needed) mark(f);
        for (auto f : readings) mark(f);
        if (words.size() > 1) std::sort(words.begin(), words.end());
        auto& missing = out_.missing;
        for (auto w : words) {
            for (auto word = bits[w]; word != 0; word &= word - 1) {
                auto f =
                    static_cast<FactIndex>(w * 64 + static_cast<unsigned>(std::countr_zero(word)));
                missing.push_back(f);
                ++out_.decides[f];
            }
            bits[w] = 0;
        }
        words.clear();
    }

    /// Starts the ranges of the conclusions before `c` not yet written (decided ones: empty)
    /// and of c itself.
    void close_ranges(ConclusionIndex c) {
        std::fill(out_.missing_begin.begin() + next_, out_.missing_begin.begin() + c + 1,
                  static_cast<std::uint32_t>(out_.missing.size()));
        next_ = c + 1;
    }

    const Program& p_;
    const PassValues& answer_;
    const OpenParts& kleene_;
    const OpenParts& open_;
    NeededValues& n_;
    NeededOutput out_;
    ConclusionIndex next_ = 0;  // the first conclusion whose range is not started
};

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
    // The group's lists are cleared or assigned as each group starts (join, enumerate).
    n.cone_seen.assign(p.items.size(), 0);
    n.group_epoch = 0;
    n.status.assign(max_cases * max_group, 0);
    n.out.clear();
    n.fact_bits.assign((p.facts.size() + 63) / 64, 0);
    n.fact_words.clear();
    reserve_needed_values(p, n);
}

void reserve_needed_values(const Program& p, NeededValues& n) {
    n.cone_items.reserve(p.items.size());
    n.stack.reserve(p.items.size());
    n.rest_items.reserve(p.items.size());
    n.rest_facts.reserve(p.facts.size());
    n.candidates.reserve(p.facts.size());
    n.readings.reserve(p.facts.size());
    n.open_cone.reserve(p.items.size());
    n.open_candidates.reserve(p.facts.size());
    n.open_readings.reserve(p.facts.size());
    n.out.reserve(p.facts.size());
    n.fact_words.reserve(n.fact_bits.size());
    n.members.reserve(max_group);
    n.member_readings.reserve(max_group + 1);
    n.group_readings.reserve(p.facts.size());
    n.group_candidates.reserve(p.facts.size());
    n.group_cone.reserve(p.items.size());
    n.member_cones.reserve(p.items.size());
    n.member_cones_begin.reserve(max_group + 1);
    n.needed.reserve(max_group * p.facts.size());
    n.found.reserve(max_group);
}

void find_facts_needed(const Program& p, const PassValues& answer, const OpenParts& kleene,
                       const OpenParts& open, NeededValues& n, NeededOutput out) {
    NeededFinder(p, answer, kleene, open, n, out).run();
}

}  // namespace ilio::detail
