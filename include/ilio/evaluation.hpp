#pragma once
// The result of evaluating one patient's facts against a rule set: pure data, no strings.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ilio/facts.hpp"
#include "ilio/rule_set.hpp"

namespace ilio {

/// Kleene three-valued truth. Its values are two bits, bit 1 "may be true" and bit 0 "is
/// true", so that Kleene's `and` and `or` are the bitwise ones (evaluation folds them without
/// a branch); compare with the names, not the numbers.
enum class Truth : std::uint8_t { false_ = 0, unknown = 2, true_ = 3 };

enum class ConclusionStatus : std::uint8_t {
    fired,           ///< its condition holds and its step's gate is open
    not_applicable,  ///< its condition is false
    unknown,         ///< missing facts keep it open
    withheld,        ///< its condition holds or may hold, but its step's gate is closed
    /// the patient is outside the population of its rule set or step: the rule says nothing
    out_of_population,
};

enum class StepState : std::uint8_t {
    open,       ///< no gate, or the gate holds
    closed,     ///< the gate is false: the step's conclusions are withheld
    undecided,  ///< the gate depends on missing facts
};

std::string_view to_string(Truth truth) noexcept;
std::string_view to_string(ConclusionStatus status) noexcept;
std::string_view to_string(StepState state) noexcept;

namespace detail {
/// The values each score can still take in one evaluation: least and most (in the score's
/// whole steps) and, for scores that are not intervals, a bitset of the values between.
struct ScoreValues {
    std::vector<std::int64_t> least, most;
    std::vector<std::uint64_t> words;
    std::vector<std::uint64_t> scratch;  // one score's worth, for shifting
};

/// What one Kleene pass over the program writes, per node, conclusion, step, population and
/// score. An evaluation holds one for its answer and one for deciding open items by cases.
struct PassValues {
    std::vector<Truth> nodes;  // per node, then each conclusion's truth (Program::conclusion_slot)
    std::vector<std::uint32_t> node_closer;
    std::vector<std::uint32_t> node_hold;  // see is_withheld_hold in program.hpp
    std::vector<ConclusionStatus> status;
    std::vector<std::uint32_t> closer;
    std::vector<std::uint32_t> hold;  // per conclusion, as node_hold
    std::vector<StepState> steps;
    std::vector<std::uint32_t> step_closer;
    std::vector<Truth> populations;
    ScoreValues scores;
};

/// Scratch for exact answers: the facts of one case (the missing facts read more than once
/// set to one cell each), the pass over it, and what every case has said so far.
struct CaseValues {
    std::vector<FactValue> facts;
    std::vector<double> bands;  // per fact, the borderline band in a case (split facts: 0)
    PassValues pass;
    std::vector<std::uint32_t> open_items;  // items left open that cases may decide, ascending
    std::vector<std::uint8_t> cone;         // items a case can change: evaluated per case
    std::vector<std::uint32_t> cone_items;  // the same, as a list (in item order once sorted)
    std::vector<std::uint32_t> item_seen;   // per item: epoch of the evaluation that counted it
    std::uint32_t epoch = 0;
    std::vector<std::uint32_t> stack;   // items being counted, depth first
    std::vector<std::uint32_t> cursor;  // per item on `stack`: its next open reference
    // Per item counted: the missing facts read in its open parts and all they reach, each
    // `fact << 1 | read more than once`, in reads[reads_begin[item] … reads_end[item]).
    std::vector<std::uint32_t> reads_begin, reads_end;
    std::vector<std::uint32_t> reads;
    std::uint32_t reads_used = 0;
    std::vector<std::uint8_t> read_count;     // per fact: reads gathered so far (0, 1, 2+)
    std::vector<FactIndex> touched;           // the facts read_count holds, to clear them
    std::vector<std::uint32_t> fact_stamp;    // counts each fact once in `split`
    std::vector<FactIndex> split;             // the facts split into cases
    std::vector<std::uint32_t> cell;          // per split fact: its cell_in_case_order position
    std::vector<std::uint8_t> item_truth;     // per item: the root's truth in every case so far
    std::vector<std::uint8_t> status;         // per conclusion, the same for its status
    std::vector<std::uint8_t> step;           // per step, for its state
    std::vector<std::uint32_t> closer, hold;  // per conclusion, from the first case
    std::vector<std::uint32_t> step_closer;   // per step, from the first case
    ScoreValues scores;                       // per score, the union over the cases
};

/// The undecided parts of a Kleene pass: per item, the missing facts its undecided nodes read
/// (once per read) and the items their undecided references reach.
struct OpenPartsValues {
    std::vector<std::uint32_t> facts_begin;  // per item, into facts (size items + 1)
    std::vector<FactIndex> facts;
    std::vector<std::uint32_t> refs_begin;  // per item, into refs (size items + 1)
    std::vector<std::uint32_t> refs;
};

/// A patient as an evaluation read it (facts, earlier visits, the times between visits, and the
/// history of conditions held over a period), copied for the parts of an Evaluation worked out
/// on first use, as the caller's facts may be gone by then. Sized once: copies allocate nothing.
struct PatientCopy {
    std::vector<FactValue> facts;
    std::vector<FactValue> baseline, previous;
    bool has_previous = false, since_baseline_known = false, since_previous_known = false;
    double since_baseline = 0.0, since_previous = 0.0;
    bool now_known = false;
    double now = 0.0;
    std::vector<Truth> history;  // per node, as Evaluation::history_
};

/// Scratch for finding the facts needed next (needed_facts.cpp): the patient's facts with the
/// candidates of a group of conclusions set to one cell each, the pass over one case, and the
/// status of each conclusion of the group in every case so far.
struct NeededValues {
    PatientCopy patient;        // the facts of one case: the candidates set, then missing again
    std::vector<double> bands;  // per fact, a reading's band in a case (candidates: 0)
    PassValues pass;
    bool pass_ready = false;                // the answer is copied into `pass`
    std::vector<std::uint32_t> cone_items;  // the items evaluated per case
    std::vector<std::uint32_t> item_seen;   // per item: walk epoch
    std::vector<std::uint32_t> fact_seen;   // per fact: walk epoch
    std::vector<std::uint32_t> stack;       // items to walk
    std::uint32_t epoch = 0;
    std::vector<FactIndex> candidates;  // the missing facts the walk found
    std::vector<FactIndex> readings;    // the borderline readings it found
    // What the open parts of a gate and populations (`rest_starts`, of the OpenParts whose
    // facts `rest_of` are) reach, each item and fact once: walked once for all the conclusions
    // in a row that share them (a step's). `rest_of` is cleared as each evaluation's are found.
    const void* rest_of = nullptr;
    std::array<std::uint32_t, 3> rest_starts{};
    std::vector<std::uint32_t> rest_items;
    std::vector<FactIndex> rest_facts;
    // Where the walk above is set aside while a structural list walks the answer's open parts.
    std::vector<std::uint32_t> open_cone;
    std::vector<FactIndex> open_candidates, open_readings;
    std::vector<std::uint32_t> cell, stride;  // per candidate: cell_in_case_order position; stride
    // Open conclusions whose walks found the same candidates, enumerated together over the
    // union of their cones (needed_facts.cpp): the members, each one's borderline readings and
    // cone, the candidates (ascending), and each member's case results.
    std::vector<ConclusionIndex> members;
    std::vector<std::uint32_t> member_readings;  // per member, into group_readings (members + 1)
    std::vector<FactIndex> group_readings;
    std::vector<FactIndex> group_candidates;
    std::vector<std::uint32_t> member_cones_begin;  // per member, into member_cones (members + 1)
    std::vector<std::uint32_t> member_cones;
    std::vector<std::uint32_t> group_cone;  // what a case evaluates (unite_cones)
    std::vector<std::uint32_t> cone_seen;   // per item: group epoch
    std::uint32_t group_epoch = 0;
    // Per member and candidate (member * candidates + k): two cases differing in it disagree.
    std::vector<std::uint8_t> needed;
    std::vector<std::uint32_t> found;  // per member: candidates found needed
    // Per case (index * members + member, max_cases cases): the member's status.
    std::vector<std::uint8_t> status;
    std::vector<FactIndex> out;  // one conclusion's facts needed
    // One bit per fact, all clear between conclusions: a conclusion's facts put in order
    // (NeededFinder::emit), and the words holding any.
    std::vector<std::uint64_t> fact_bits;
    std::vector<std::uint32_t> fact_words;
};

/// Whether a part of an Evaluation worked out on first use is ready. Evaluation is a value
/// type read from many threads at once, so the first reader works the part out while others
/// asking meanwhile wait, and a copy never reads the part while a reader writes it.
class OnFirstUse {
  public:
    OnFirstUse() = default;
    OnFirstUse(const OnFirstUse&) = delete;
    OnFirstUse& operator=(const OnFirstUse&) = delete;
    ~OnFirstUse() = default;

    /// Not worked out yet (the owner is being written: no reader is running).
    void reset() noexcept { state_.store(idle, std::memory_order_relaxed); }

    /// Runs `work` unless it has run since the last reset(); returns once it has.
    template <typename Work>
    void run(Work&& work) const noexcept {
        for (;;) {
            auto s = state_.load(std::memory_order_acquire);
            if (s == ready) return;
            if (s == busy) {
                state_.wait(busy, std::memory_order_acquire);
            } else if (claim()) {
                work();
                release(ready);
                return;
            }
        }
    }

    /// Runs `copy` (which reads the part) while no thread works the part out, and gives `to`
    /// the state it copied: an unworked part is copied unworked, and worked out by the copy's
    /// first reader.
    template <typename Copy>
    void copy_to(OnFirstUse& to, Copy&& copy) const {
        for (;;) {
            auto s = state_.load(std::memory_order_acquire);
            if (s == ready) {
                copy();
                to.state_.store(ready, std::memory_order_relaxed);
                return;
            }
            if (s == busy) {
                state_.wait(busy, std::memory_order_acquire);
            } else if (claim()) {  // held, so that no reader starts the work meanwhile
                try {
                    copy();
                } catch (...) {
                    release(idle);
                    throw;
                }
                release(idle);
                to.state_.store(idle, std::memory_order_relaxed);
                return;
            }
        }
    }

    /// For a move: both owners are being written, so no reader is running.
    void move_to(OnFirstUse& to) const noexcept {
        to.state_.store(state_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    }

  private:
    static constexpr std::uint8_t idle = 0, busy = 1, ready = 2;

    bool claim() const noexcept {
        std::uint8_t expected = idle;
        return state_.compare_exchange_strong(expected, busy, std::memory_order_acquire);
    }
    void release(std::uint8_t to) const noexcept {
        state_.store(to, std::memory_order_release);
        state_.notify_all();
    }

    mutable std::atomic<std::uint8_t> state_{idle};
};

/// A part of an Evaluation worked out on first use, with what working it out needs: copied
/// and moved under its state, so that a copy never reads the part while a reader writes it.
template <typename Part>
struct OnFirstUsePart {
    OnFirstUse state;
    Part part;

    OnFirstUsePart() = default;
    OnFirstUsePart(const OnFirstUsePart& other) { copy_from(other); }
    OnFirstUsePart(OnFirstUsePart&& other) noexcept : part(std::move(other.part)) {
        other.state.move_to(state);
    }
    OnFirstUsePart& operator=(const OnFirstUsePart& other) {
        if (this != &other) copy_from(other);
        return *this;
    }
    OnFirstUsePart& operator=(OnFirstUsePart&& other) noexcept {
        part = std::move(other.part);
        other.state.move_to(state);
        return *this;
    }
    ~OnFirstUsePart() = default;

  private:
    void copy_from(const OnFirstUsePart& other) {
        other.state.copy_to(state, [&] { part = other.part; });
    }
};

/// The facts needed next, worked out on first use (Evaluation::needed(), decides(),
/// remeasure(), missing_facts()): for a patient with facts missing they are most of the cost
/// of an evaluation, and most callers read only statuses (docs/performance.md).
struct NeededFacts {
    std::vector<FactIndex> list;         // most useful first
    std::vector<std::uint32_t> decides;  // per fact: the open conclusions it is needed for
    std::vector<std::uint8_t> known;     // per fact: whether the patient gave it (bytes: read
                                         // and written for every read of a partial patient)
    // Per open conclusion, the facts it needs, ascending: missing[missing_begin[c] ...
    // missing_begin[c + 1]) (empty for a decided one), so that missing_facts() reads them.
    std::vector<std::uint32_t> missing_begin;
    std::vector<FactIndex> missing;
    NeededValues scratch;  // holds the patient from evaluate() on
    // The undecided parts of the Kleene pass, when evaluate() did not collect them (no item
    // could be decided by cases), and the scratch that collects them.
    OpenPartsValues kleene_open;
    // The undecided parts of the answer once cases decided some items (after_cases_valid_).
    OpenPartsValues after_cases_open;
    std::vector<std::uint8_t> open_nodes;
};

/// Which conclusion closed each closed gate and withheld each withheld conclusion
/// (Evaluation::step_closed_by(), withheld_by()), worked out on first use by evaluating the
/// kept patient again, this time following closers: only explanations read them, and
/// following them in every evaluation cost about a fifth of a complete patient's
/// (docs/performance.md).
struct Closers {
    bool none = true;  // no gate closed and nothing withheld: no closer to name
    std::vector<std::uint32_t> conclusion;  // per conclusion, or no_index
    std::vector<std::uint32_t> step;        // per step, or no_index
    PatientCopy patient;                    // from evaluate() on, unless `none`
    PassValues pass;                        // the evaluation again, with closers
    CaseValues cases;
    std::vector<std::uint8_t> by_cases;
};
}  // namespace detail

/// The least and greatest value a score can still take (equal when it is known exactly).
struct ScoreRange {
    double least = 0;
    double most = 0;
    bool exact() const noexcept { return least == most; }
};

/// Who a result belongs to: enough to reproduce it.
struct Audit {
    std::string_view rule_set_name;
    std::string_view rule_set_version;
    std::string_view source_hash;
    std::string_view engine_version;
    std::span<const ParameterInfo> parameters;  ///< those with `overridden` set were overridden
};

class Evaluation {
  public:
    Evaluation() = default;

    ConclusionStatus status(ConclusionIndex conclusion) const noexcept {
        return pass_.status[conclusion];
    }
    /// For a withheld conclusion: the conclusion (e.g. a red flag) that closed its gate, when
    /// one did; a gate may also close on facts alone. Worked out on first use, with
    /// step_closed_by(), by evaluating the patient again (docs/evaluation.md, "The closer").
    std::optional<ConclusionIndex> withheld_by(ConclusionIndex conclusion) const noexcept;
    StepState step_state(StepIndex step) const noexcept { return pass_.steps[step]; }
    /// For a withheld conclusion: the step whose closed gate holds it — its own step's, or the
    /// step of a withheld conclusion its condition reads (withheld is never read as false).
    std::optional<StepIndex> withheld_at(ConclusionIndex conclusion) const noexcept;
    std::optional<ConclusionIndex> step_closed_by(StepIndex step) const noexcept;
    /// For an out-of-population conclusion: the population that excludes the patient (its
    /// own, or that of an out-of-population conclusion its condition reads).
    std::optional<PopulationIndex> excluded_by(ConclusionIndex conclusion) const noexcept;
    /// The values a score can still take: exact when its facts are known; with facts
    /// missing, the least and greatest, and score_may_be() for the values between.
    ScoreRange score(ScoreIndex score) const noexcept;
    bool score_may_be(ScoreIndex score, double value) const noexcept;
    /// Every value the score can still take, in order (allocates; for explanations). For an
    /// interval score (ScoreInfo::interval) only the least and greatest.
    std::vector<double> score_values(ScoreIndex score) const;
    /// Whether the patient belongs to a population.
    Truth population(PopulationIndex population) const noexcept;
    Truth criterion(CriterionIndex criterion) const noexcept;
    /// The truth of a conclusion as other rules see it: fired is true, not applicable is false,
    /// anything else (unknown, withheld, out of population) is unknown.
    Truth conclusion_truth(ConclusionIndex conclusion) const noexcept;

    /// Whether a conclusion was decided by cases: three-valued logic alone left it open, but
    /// every value the missing facts it reads more than once can take gives the same status.
    bool decided_by_cases(ConclusionIndex conclusion) const noexcept {
        return by_cases_[conclusion] != 0;
    }
    /// For a conclusion decided by cases: the missing facts it was decided over (allocates).
    std::vector<FactIndex> case_facts(ConclusionIndex conclusion) const;

    /// Facts to ask for next, most useful first: each is needed for `decides(fact)` open
    /// conclusions. A missing fact is needed for an open conclusion when two completions of the
    /// missing facts that differ only in it give the conclusion different statuses (see
    /// docs/evaluation.md, "Facts needed next", for the bound beyond which the list may hold
    /// more); a measured fact whose reading is borderline is listed when an undecided part of
    /// an open conclusion reads it (see remeasure()).
    std::span<const FactIndex> needed() const noexcept {
        work_out_needed();
        return needed_.part.list;
    }
    /// Whether a fact is known but its reading lies within the borderline band of a threshold
    /// that an open conclusion depends on: measure it again rather than ask for it.
    bool remeasure(FactIndex fact) const noexcept {
        work_out_needed();
        return needed_.part.known[fact] && needed_.part.decides[fact] > 0;
    }
    std::uint32_t decides(FactIndex fact) const noexcept {
        work_out_needed();
        return needed_.part.decides[fact];
    }
    /// The facts needed for an unknown conclusion, in the sense of needed(): missing facts and
    /// borderline readings (empty for a decided one); allocates, for explanations.
    std::vector<FactIndex> missing_facts(ConclusionIndex conclusion) const;
    /// The same without a copy: valid until this Evaluation is evaluated into again.
    std::span<const FactIndex> missing_facts_view(ConclusionIndex conclusion) const;

    Audit audit() const noexcept;
    bool empty() const noexcept { return program_ == nullptr; }

    /// Internal: the value of every compiled expression node.
    std::span<const Truth> node_values() const noexcept {
        // After the nodes: a truth per conclusion, and one always true.
        return std::span<const Truth>(pass_.nodes)
            .first(pass_.nodes.size() - pass_.status.size() - 1);
    }

  private:
    friend class RuleSet;
    std::shared_ptr<const detail::Program> program_;
    detail::PassValues pass_;
    detail::CaseValues cases_;
    std::vector<std::uint8_t> by_cases_;  // per conclusion: decided by cases
    // Per fact, whether it is known: filled only when cases may decide an item (the open parts
    // of the pass read it); the facts needed next keep their own (NeededFacts::known).
    std::vector<std::uint8_t> known_;
    std::vector<std::uint8_t> open_nodes_;  // unknown nodes that could still decide their item
    // Per node: for a condition held over a period, its truth at the earlier visits of the
    // period (false when the visits do not reach back that far); read by every pass.
    std::vector<Truth> history_;
    // The undecided parts of the Kleene pass (collected by evaluate() only when cases may
    // decide an item: `kleene_collected_`; otherwise by the facts needed next, when asked).
    // Whether cases decided some items (`after_cases_valid_`): the facts needed next then
    // collect the undecided parts of the answer (NeededFacts::after_cases_open).
    detail::OpenPartsValues kleene_open_;
    bool kleene_collected_ = false;
    bool after_cases_valid_ = false;
    // Worked out by the first reader: see detail::NeededFacts and detail::Closers.
    mutable detail::OnFirstUsePart<detail::NeededFacts> needed_;
    mutable detail::OnFirstUsePart<detail::Closers> closers_;
    void work_out_needed() const noexcept {
        needed_.state.run([this] { find_needed(); });
    }
    void find_needed() const noexcept;
    void work_out_closers() const noexcept {
        closers_.state.run([this] { find_closers(); });
    }
    void find_closers() const noexcept;
};

}  // namespace ilio
