#pragma once
// Criteria derived once per explanation. The schema states each conclusion's condition tree
// whole, so a criterion that several conclusions read is derived again in each tree: two thirds
// of a psoas explanation's terms. A derivation is copied into a later tree where building it
// again would give the same Term:
//   - nothing outside it shaped it where it was built: no criterion beneath it read "shown once,
//     above" because the tree had expanded it before, no reference beneath it was cut off at
//     the depth limit, no earlier visit of a held period was being read;
//   - the later tree has expanded none of the criteria it expands (they would read "shown once,
//     above" there), and reaches it no deeper (the depth limit cuts no more there).
// The Explainer builds a tree as before and tells this what it expands; this keeps, per
// criterion, where its first such derivation is and what it expanded.

#include <cstdint>
#include <span>
#include <vector>

#include "ilio/explanation.hpp"

namespace ilio::detail {

class DerivationReuse {
  public:
    /// A new explanation of a rule set with `criteria` criteria: nothing built yet.
    void reset(std::size_t criteria) {
        copies_ = 0;
        built_.assign(criteria, Built{});
        at_.resize(criteria);
        saved_.clear();
        start_tree();
    }

    /// A new tree: nothing expanded in it yet.
    void start_tree() {
        log_.clear();
        building_.clear();
    }

    /// The derivation of `criterion` built before that a tree at `depth`, having expanded the
    /// criteria marked in `expanded`, would build alike, to copy; nullptr if there is none.
    const Term* copy_of(std::uint32_t criterion, int depth, const std::vector<bool>& expanded) {
        const Built& b = built_[criterion];
        if (!enabled_ || b.term == nullptr || depth > b.depth) return nullptr;
        for (auto k : expansions(criterion))
            if (expanded[k]) return nullptr;
        ++copies_;
        return b.term;
    }

    /// Whether derivations are copied (the default); tests build every one to compare.
    void enable(bool copying) { enabled_ = copying; }
    /// The derivations copied in the explanation since reset().
    std::size_t copies() const { return copies_; }

    /// The criteria the derivation of `criterion` kept by copy_of() expanded, in order: a tree
    /// that copies it has them expanded too (each goes to expanded()).
    std::span<const std::uint32_t> expansions(std::uint32_t criterion) const {
        const Built& b = built_[criterion];
        return {saved_.data() + b.begin, b.end - b.begin};
    }

    /// `criterion` is expanded in this tree, built or copied.
    void expanded(std::uint32_t criterion) {
        at_[criterion] = static_cast<std::uint32_t>(log_.size());
        log_.push_back(criterion);
    }

    /// The tree starts building the derivation of `criterion` (expanded() first), reached at
    /// `depth`; `eligible`: whether it may be kept at all (a full explanation, no earlier visit).
    void begin(std::uint32_t criterion, int depth, bool eligible) {
        building_.push_back({criterion, at_[criterion], depth, eligible});
    }

    /// A reference to `criterion` not expanded: `already`, it was expanded before in this
    /// tree; otherwise the depth limit cut it off. The derivations being built that this makes
    /// depend on where they are built are not kept.
    void not_expanded(std::uint32_t criterion, bool already) {
        for (auto& b : building_)
            if (!already || at_[criterion] < b.start) b.clean = false;
    }

    /// The derivation begun last is `term`, which stays where it is for the explanation.
    void end(const Term& term) {
        Building b = building_.back();
        building_.pop_back();
        Built& kept = built_[b.criterion];
        if (!b.clean || kept.term != nullptr) return;
        kept.term = &term;
        kept.depth = b.depth;
        kept.begin = static_cast<std::uint32_t>(saved_.size());
        saved_.insert(saved_.end(), log_.begin() + b.start + 1, log_.end());
        kept.end = static_cast<std::uint32_t>(saved_.size());
    }

  private:
    struct Built {
        const Term* term = nullptr;  // none yet
        int depth = 0;
        std::uint32_t begin = 0, end = 0;  // what it expanded, in saved_
    };
    struct Building {
        std::uint32_t criterion;
        std::uint32_t start;  // its place in log_
        int depth;
        bool clean;
    };

    std::vector<Built> built_;          // per criterion
    std::vector<std::uint32_t> saved_;  // the expansions of the kept derivations
    std::vector<std::uint32_t> log_;    // the criteria this tree expanded, in order
    std::vector<std::uint32_t> at_;     // per criterion expanded in this tree: its place in log_
    std::vector<Building> building_;    // the derivations being built, outermost first
    bool enabled_ = true;
    std::size_t copies_ = 0;
};

/// This thread's, which explain() uses (kept from explanation to explanation: a batch
/// allocates nothing for it).
DerivationReuse& thread_derivation_reuse();

}  // namespace ilio::detail
