#pragma once
// The compact result of one patient, for batches of many (`ilio eval --format status`): one
// JSON object on one line, schema `ilio.status/1`, holding what a cohort screen reads and
// nothing it does not — no explanation text:
//
//   {"line":3,"statuses":{"cleared_for_release":"fired",…},"fired":["cleared_for_release",…],
//    "needed":["thomas.knee_flexion.left",…],"rule_set":"psoas_release","version":"3.0.0",
//    "source_sha256":"…"}
//
// `line` only for JSON Lines input; `statuses` every conclusion in declaration order; `fired`
// the fired ones in the same order; `needed` the facts to ask for (or measure again) next, most
// useful first; `overrides` (`[{"name", "value"}]`) only when parameters were overridden, and
// `warnings` (as `render_fact_problems_json`) only when lenient reading dropped facts.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"

namespace ilio {

inline constexpr const char* status_schema = "ilio.status/1";

/// Writes status lines for one rule set. Everything that does not depend on the patient (names,
/// the audit) is rendered once, here, so that a line costs little more than copying it out.
class StatusWriter {
  public:
    explicit StatusWriter(const RuleSet& rules);

    /// Appends the object for one evaluation to `out` (no newline). `line` 0 leaves out the
    /// `line` field. Facts must be those the evaluation read (for their warnings).
    void append(std::string& out, const Evaluation& evaluation, const Facts& facts,
                std::size_t line = 0) const;

  private:
    /// Where a fragment lies in fragments_.
    struct Fragment {
        std::uint32_t offset = 0;
        std::uint32_t size = 0;
    };
    Fragment add_fragment(const std::string& text);

    /// Every fragment a line copies, one after another, then a word of padding: a fragment is
    /// copied 16 bytes at a time, without a call to memcpy for each.
    std::string fragments_;
    std::vector<Fragment> status_fields_;     // per conclusion and status: `"name":"status"`
    std::vector<Fragment> conclusion_names_;  // `"name"`
    std::vector<Fragment> fact_names_;        // `"name"`
    std::string audit_;                       // `,"rule_set":…` to the end of the audit
    std::size_t longest_line_ = 0;  // a line's bytes at most, up to the audit (no warnings)
};

}  // namespace ilio
