// Exact answers over missing facts. After the Kleene pass, an item left open (a criterion,
// gate, population or score, or a conclusion of unknown status) whose missing facts include
// some it reads more than once is decided by cases: each such fact takes each cell of its
// domain in turn (case_split.cpp), and one more Kleene pass runs per combination. Within a
// case the remaining missing facts are read once, so the pass is exact there; the item is
// decided when every case gives the same value, and stays unknown when two cases disagree.
//
// Only the undecided parts of the pass matter: a decided node is the same in every completion.
// So the facts split are those read more than once among the undecided nodes an open item
// reaches, and a case re-evaluates only the items those reach (its cone).
//
// Cost: nothing for complete patients; for partial ones, one pass over the cone per case, all
// open items together, at most max_cases cases (beyond, nothing is decided by cases), stopping
// early once no open item can still be decided (each has seen two answers, or an undecided
// one). Each fact visits its extreme cells first (cell_in_case_order), which disagree soonest.

#include "evaluate/exact_answers.hpp"

#include <algorithm>
#include <functional>
#include <limits>

#include "evaluate/kleene_pass.hpp"

namespace ilio::detail {

namespace {

constexpr std::uint8_t unseen = 0xFF;
constexpr std::uint8_t mixed = 0xFE;

[[gnu::always_inline]] inline bool item_open(const Program& p, const PassValues& answer,
                                             std::uint32_t i) {
    // Whatever keeps an item open keeps the truth that settles it unknown (item_decided_by):
    // the common answer, without a look at the item.
    if (answer.nodes[p.item_decided_by[i]] != Truth::unknown) return false;
    const auto& item = p.items[i];
    switch (item.kind) {
        case ItemKind::conclusion:
            // Withheld or out of population through what it reads, with its own condition
            // open, a conclusion may still be not applicable in every case. If the cases
            // disagree it keeps its status: a closed gate is decided whatever the rest.
            return answer.status[item.index] == ConclusionStatus::unknown ||
                   answer.nodes[item.root()] == Truth::unknown;
        case ItemKind::gate:
            return answer.steps[item.index] == StepState::undecided;
        case ItemKind::score:
            return answer.scores.least[item.index] != answer.scores.most[item.index];
        case ItemKind::criterion:
        case ItemKind::population:
            return answer.nodes[item.root()] == Truth::unknown;
    }
    return false;
}

template <typename T>
void fold(std::uint8_t& seen, T value) {
    auto v = static_cast<std::uint8_t>(value);
    if (seen == unseen)
        seen = v;
    else if (seen != v)
        seen = mixed;
}

/// Whether a folded value is an answer: the same, decided, in every case.
bool decided(std::uint8_t seen, std::uint8_t undecided_value) {
    return seen != unseen && seen != mixed && seen != undecided_value;
}

/// Whether a folded value can no longer be an answer, whatever the cases still to come: two
/// cases differed, or one left it undecided.
bool hopeless(std::uint8_t seen, std::uint8_t undecided_value) {
    return seen == mixed || seen == undecided_value;
}

constexpr auto unknown_truth = static_cast<std::uint8_t>(Truth::unknown);
constexpr auto unknown_status = static_cast<std::uint8_t>(ConclusionStatus::unknown);
constexpr auto undecided_step = static_cast<std::uint8_t>(StepState::undecided);

class CaseRunner {
  public:
    CaseRunner(const Program& p, const std::vector<FactValue>& facts, const ReadingContext* context,
               PassValues& answer, CaseValues& cases, std::vector<std::uint8_t>& by_cases,
               PassDetail detail)
        : p_(p),
          facts_(facts),
          context_(context),
          answer_(answer),
          c_(cases),
          by_cases_(by_cases),
          closers_(detail == PassDetail::with_closers) {}

    /// Splits c_.split into cases and folds the open items.
    void run() {
        for (auto i : c_.open_items) start(i);
        // Same sizes: these copies allocate nothing. Items outside the cone keep the answer's
        // values, which no case changes.
        c_.facts = facts_;
        c_.pass = answer_;
        // A case gives each split fact a value of its domain, not a reading: it compares
        // exactly. Readings of the other facts keep their bands.
        ReadingContext context = context_ ? *context_ : ReadingContext{};
        if (context.bands) {
            c_.bands = p_.fact_band;
            for (FactIndex f : c_.split) c_.bands[f] = 0.0;
            context.bands = c_.bands.data();
        }
        std::fill(c_.cell.begin(), c_.cell.begin() + static_cast<long>(c_.split.size()), 0u);
        bool complete = true;
        for (;;) {
            for (std::size_t k = 0; k < c_.split.size(); ++k) {
                FactIndex f = c_.split[k];
                c_.facts[f] =
                    p_.fact_cells[p_.fact_cell_offsets[f] + cell_in_case_order(p_, f, c_.cell[k])];
            }
            run_kleene_pass(p_, c_.facts, c_.pass, &context, c_.cone_items,
                            closers_ ? PassDetail::with_closers : PassDetail::statuses_only);
            bool open = false;
            for (auto i : c_.open_items) open = take(i) || open;
            if (!next_case()) break;
            if (!open) {  // no item can still be decided: the rest of the cases cannot change that
                complete = false;
                break;
            }
        }
        for (auto i : c_.open_items) finish(i, complete);
    }

  private:
    void start(std::uint32_t i) {
        const auto& item = p_.items[i];
        c_.item_truth[i] = unseen;
        if (item.kind == ItemKind::conclusion) c_.status[item.index] = unseen;
        if (item.kind == ItemKind::gate) c_.step[item.index] = unseen;
        if (item.kind == ItemKind::score) {
            const auto& score = p_.score_data[item.index];
            c_.scores.least[item.index] = std::numeric_limits<std::int64_t>::max();
            c_.scores.most[item.index] = std::numeric_limits<std::int64_t>::min();
            std::fill_n(c_.scores.words.begin() + score.first_word, score.word_count, 0);
        }
    }

    /// Folds one case into item i; returns whether anything it folds may still be decided
    /// (its root's truth, and a conclusion's status or a gate's state): while one may, every
    /// case must be seen, or finish() would take an answer the cases not seen could contradict.
    bool take(std::uint32_t i) {
        const auto& item = p_.items[i];
        fold(c_.item_truth[i], c_.pass.nodes[item.root()]);
        bool truth_open = !hopeless(c_.item_truth[i], unknown_truth);
        switch (item.kind) {
            case ItemKind::conclusion: {
                auto c = item.index;
                if (c_.status[c] == unseen) {
                    if (closers_) c_.closer[c] = c_.pass.closer[c];
                    c_.hold[c] = c_.pass.hold[c];
                }
                fold(c_.status[c], c_.pass.status[c]);
                return truth_open || !hopeless(c_.status[c], unknown_status);
            }
            case ItemKind::gate: {
                auto s = item.index;
                if (closers_ && c_.step[s] == unseen) c_.step_closer[s] = c_.pass.step_closer[s];
                fold(c_.step[s], c_.pass.steps[s]);
                return truth_open || !hopeless(c_.step[s], undecided_step);
            }
            case ItemKind::score:
                unite_score(item.index);
                return true;  // the union is only whole once every case is in
            default:
                return truth_open;
        }
    }

    void unite_score(ScoreIndex s) {
        const auto& score = p_.score_data[s];
        auto& u = c_.scores;
        const auto& v = c_.pass.scores;
        u.least[s] = std::min(u.least[s], v.least[s]);
        u.most[s] = std::max(u.most[s], v.most[s]);
        if (score.interval) return;
        std::uint64_t* words = u.words.data() + score.first_word;
        if (v.least[s] == v.most[s]) {
            set_bit(words, static_cast<std::uint64_t>(v.least[s] - score.least));
            return;
        }
        const std::uint64_t* from = v.words.data() + score.first_word;
        for (std::uint32_t k = 0; k < score.word_count; ++k) words[k] |= from[k];
    }

    void finish(std::uint32_t i, bool complete) {
        const auto& item = p_.items[i];
        auto root = item.root();
        bool truth_decided = decided(c_.item_truth[i], unknown_truth);
        switch (item.kind) {
            case ItemKind::conclusion: {
                auto c = item.index;
                if (!decided(c_.status[c], unknown_status)) break;
                answer_.status[c] = static_cast<ConclusionStatus>(c_.status[c]);
                // What reads the conclusion reads its truth (TruthOp::conclusion_truth).
                answer_.nodes[p_.conclusion_slot(c)] = status_truth(answer_.status[c]);
                if (closers_) answer_.closer[c] = c_.closer[c];
                answer_.hold[c] = c_.hold[c];
                by_cases_[c] = 1;
                break;
            }
            case ItemKind::gate: {
                auto s = item.index;
                if (!decided(c_.step[s], undecided_step)) break;
                answer_.steps[s] = static_cast<StepState>(c_.step[s]);
                if (closers_) answer_.step_closer[s] = c_.step_closer[s];
                break;
            }
            case ItemKind::score: {
                if (!complete) return;
                auto s = item.index;
                const auto& score = p_.score_data[s];
                answer_.scores.least[s] = c_.scores.least[s];
                answer_.scores.most[s] = c_.scores.most[s];
                std::copy_n(c_.scores.words.begin() + score.first_word, score.word_count,
                            answer_.scores.words.begin() + score.first_word);
                if (c_.scores.least[s] == c_.scores.most[s]) answer_.nodes[root] = Truth::true_;
                return;
            }
            case ItemKind::population:
                if (truth_decided)
                    answer_.populations[item.index] = static_cast<Truth>(c_.item_truth[i]);
                break;
            case ItemKind::criterion:
                break;
        }
        if (truth_decided) {
            answer_.nodes[root] = static_cast<Truth>(c_.item_truth[i]);
            answer_.node_hold[root] = no_index;
        }
    }

    /// Moves to the next combination of cells (an odometer); false after the last.
    bool next_case() {
        for (std::size_t k = 0; k < c_.split.size(); ++k) {
            FactIndex f = c_.split[k];
            auto cells = p_.fact_cell_offsets[f + 1] - p_.fact_cell_offsets[f];
            if (++c_.cell[k] < cells) return true;
            c_.cell[k] = 0;
        }
        return false;
    }

    const Program& p_;
    const std::vector<FactValue>& facts_;
    const ReadingContext* context_;
    PassValues& answer_;
    CaseValues& c_;
    std::vector<std::uint8_t>& by_cases_;
    bool closers_;  // follow closers (PassDetail::with_closers)
};

std::uint64_t cells_of(const Program& p, FactIndex f) {
    return p.fact_cell_offsets[f + 1] - p.fact_cell_offsets[f];
}

/// Whether an item reads, through everything it refers to, a missing fact more than once: a
/// quick test, from compilation, before its open parts are counted.
bool may_need_cases(const Program& p, const std::vector<FactValue>& facts, std::uint32_t i) {
    for (auto k = p.item_split_offsets[i]; k < p.item_split_offsets[i + 1]; ++k)
        if (!facts[p.item_split_facts[k]].known) return true;
    return false;
}

/// Adds `n` reads (1, or 2 for "more than once") of missing fact `f` to the counts being
/// gathered (read_count, touched).
[[gnu::always_inline]] inline void add_reads(CaseValues& c, FactIndex f, std::uint32_t n) {
    auto& count = c.read_count[f];
    if (count == 0) c.touched.push_back(f);
    count = static_cast<std::uint8_t>(std::min<std::uint32_t>(2, count + n));
}

/// Adds the reads counted for `item` (count_reads) to the counts being gathered.
void gather_reads(CaseValues& c, std::uint32_t item) {
    for (auto k = c.reads_begin[item]; k < c.reads_end[item]; ++k)
        add_reads(c, c.reads[k] >> 1, 1 + (c.reads[k] & 1));
}

/// Keeps the counts gathered as `item`'s, and clears them for the next item.
void store_reads(CaseValues& c, std::uint32_t item) {
    auto needed = c.reads_used + c.touched.size();
    // Sized for every read of the program (size_case_values); an item's list holds each fact
    // once, so only a rule set whose open parts share facts across many levels grows it, once.
    if (needed > c.reads.size()) c.reads.resize(std::max(needed, 2 * c.reads.size()));
    c.reads_begin[item] = c.reads_used;
    for (auto f : c.touched) {
        c.reads[c.reads_used++] = f << 1 | (c.read_count[f] >= 2 ? 1u : 0u);
        c.read_count[f] = 0;
    }
    c.reads_end[item] = c.reads_used;
    c.touched.clear();
}

/// Whether the reads of fact f are counted: a missing fact that some item reads more than once
/// (Program::fact_split_items). No other is read twice in any item's open parts, and a
/// borderline reading, known, is not split into cases.
[[gnu::always_inline]] inline bool counted(const Program& p, const std::vector<FactValue>& facts,
                                           FactIndex f) {
    return !facts[f].known && p.fact_split_offsets[f] != p.fact_split_offsets[f + 1];
}

/// Counts, for `start` and every item its open references reach that this evaluation has not
/// counted yet, how often each counted fact (counted()) is read in the item's open parts and
/// everything they reach: 1, or "more than once". An item reached along
/// two references counts its reads twice (`x` in `sc < 4 or sc > 1`). Depth first, each item after
/// the items it refers to (references point to earlier items): each is counted once an evaluation
/// from its references' counts, however many open items reach it. Marks every item counted in the
/// cone, which the cases evaluate.
void count_reads(const Program& p, const std::vector<FactValue>& facts, const OpenParts& open,
                 std::uint32_t start, CaseValues& c) {
    auto push = [&](std::uint32_t item) {
        if (c.item_seen[item] == c.epoch) return;
        c.item_seen[item] = c.epoch;
        c.stack.push_back(item);
        c.cursor.push_back(open.refs_begin[item]);
        if (!c.cone[item]) {
            c.cone[item] = 1;
            c.cone_items.push_back(item);
        }
    };
    push(start);
    while (!c.stack.empty()) {
        auto top = c.stack.back();
        if (auto k = c.cursor.back(); k < open.refs_begin[top + 1]) {
            c.cursor.back() = k + 1;
            push(open.refs[k]);
            continue;
        }
        c.stack.pop_back();
        c.cursor.pop_back();
        for (auto k = open.facts_begin[top]; k < open.facts_begin[top + 1]; ++k)
            if (counted(p, facts, open.facts[k])) add_reads(c, open.facts[k], 1);
        for (auto k = open.refs_begin[top]; k < open.refs_begin[top + 1]; ++k)
            gather_reads(c, open.refs[k]);
        store_reads(c, top);
    }
}

/// Item i's open parts (for a conclusion: its condition's, gate's and populations') and every
/// open item they reach: counts their reads (count_reads) and appends to `c.split` the missing
/// facts read more than once among them (not yet in it: `stamp`), multiplying `product` by
/// their cells. False when such a fact has no cells (it cannot be split) or none is read more
/// than once (three-valued logic is exact there).
bool split_open_parts(const Program& p, const std::vector<FactValue>& facts, const OpenParts& open,
                      std::uint32_t i, CaseValues& c, std::uint32_t stamp, std::uint64_t& product) {
    auto each_part = [&](auto visit) {
        if (p.items[i].kind != ItemKind::conclusion) return visit(i);
        for_each_item_of_conclusion(p, p.items[i].index, [&](std::uint32_t item) {
            if (item != no_index) visit(item);
        });
    };
    each_part([&](std::uint32_t item) { count_reads(p, facts, open, item, c); });
    each_part([&](std::uint32_t item) { gather_reads(c, item); });
    bool split = false, splittable = true;
    for (FactIndex f : c.touched) {
        bool twice = c.read_count[f] >= 2;
        c.read_count[f] = 0;
        if (!twice) continue;
        split = true;
        if (cells_of(p, f) == 0) {
            // Without cells (compared with another fact, computed with): this item stays
            // as three-valued logic leaves it, and the fact is never given a case's value.
            splittable = false;
            continue;
        }
        if (c.fact_stamp[f] == stamp) continue;
        c.fact_stamp[f] = stamp;
        c.split.push_back(f);
        product = product > max_cases ? product : product * cells_of(p, f);
    }
    c.touched.clear();
    return split && splittable;
}

void clear_cone(CaseValues& c) {
    for (auto item : c.cone_items) c.cone[item] = 0;
    c.cone_items.clear();
}

}  // namespace

void size_case_values(const Program& p, CaseValues& c) {
    c.facts.assign(p.facts.size(), FactValue{});
    c.bands.assign(p.facts.size(), 0.0);
    size_pass_values(p, c.pass);
    c.open_items.clear();
    c.open_items.reserve(p.items.size());
    c.cone.assign(p.items.size(), 0);
    c.cone_items.clear();
    c.cone_items.reserve(p.items.size());
    c.item_seen.assign(p.items.size(), 0);
    c.epoch = 0;
    c.stack.clear();
    c.stack.reserve(p.items.size());
    c.cursor.clear();
    c.cursor.reserve(p.items.size());
    c.reads_begin.assign(p.items.size(), 0);
    c.reads_end.assign(p.items.size(), 0);
    c.reads.assign(p.node_facts.size() + p.items.size(), 0);
    c.reads_used = 0;
    c.read_count.assign(p.facts.size(), 0);
    c.touched.clear();
    c.touched.reserve(p.facts.size());
    c.fact_stamp.assign(p.facts.size(), 0);
    c.split.clear();
    c.split.reserve(p.facts.size());
    c.cell.assign(p.facts.size(), 0);
    c.item_truth.assign(p.items.size(), unseen);
    c.status.assign(p.conclusions.size(), unseen);
    c.step.assign(p.steps.size(), unseen);
    c.closer.assign(p.conclusions.size(), no_index);
    c.hold.assign(p.conclusions.size(), no_index);
    c.step_closer.assign(p.steps.size(), no_index);
    size_score_values(p, c.scores);
}

bool cases_may_decide(const Program& p, const std::vector<FactValue>& facts,
                      const PassValues& answer) {
    // From the missing facts (none for a complete patient, whose three-valued logic is
    // two-valued, and exact) that some item reads more than once, to those items.
    for (FactIndex f : p.split_facts) {
        if (facts[f].known) continue;
        for (auto k = p.fact_split_offsets[f]; k < p.fact_split_offsets[f + 1]; ++k)
            if (item_open(p, answer, p.fact_split_items[k])) return true;
    }
    return false;
}

bool decide_by_cases(const Program& p, const std::vector<FactValue>& facts,
                     const ReadingContext* context, PassValues& answer, const OpenParts& open,
                     CaseValues& c, std::vector<std::uint8_t>& by_cases, PassDetail detail) {
    std::fill(by_cases.begin(), by_cases.end(), 0);
    if (std::all_of(facts.begin(), facts.end(), [](const FactValue& v) { return v.known; }))
        return false;  // a complete patient: three-valued logic is two-valued, and exact
    // The open items that cases could decide, the facts they split on together, and the
    // items a case can change.
    std::fill(c.fact_stamp.begin(), c.fact_stamp.end(), 0u);
    clear_cone(c);
    c.split.clear();
    std::uint64_t product = 1;
    // Only items that read a missing fact more than once can need cases (may_need_cases), and
    // only such facts are counted (counted()). Each item's reads are counted once for all the
    // open items that reach it (count_reads).
    // Beyond the bound, everything stays as three-valued logic left it: unknown where it may be
    // decided, never wrong. All open items are decided together, over the same cases, so an
    // item and everything that reads it (a gate and its step's conclusions) stay consistent;
    // so the counting stops as soon as the cases pass the bound.
    c.open_items.clear();
    next_epoch(c.epoch, c.item_seen);
    c.reads_used = 0;
    for (auto i : p.split_items) {
        if (item_open(p, answer, i) && may_need_cases(p, facts, i) &&
            split_open_parts(p, facts, open, i, c, 1, product))
            c.open_items.push_back(i);
        if (product > max_cases) return false;
    }
    if (c.open_items.empty()) return false;
    std::sort(c.cone_items.begin(), c.cone_items.end());  // a pass evaluates in item order
    CaseRunner runner(p, facts, context, answer, c, by_cases, detail);
    runner.run();
    return true;
}

}  // namespace ilio::detail
