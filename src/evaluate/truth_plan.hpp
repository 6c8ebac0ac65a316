#pragma once
// The truth plan: each node's truth as one step of a flat list in evaluation order (TruthStep
// in program.hpp), built once per rule set. The pass interprets it instead of the nodes: the
// shapes most nodes have (a fact against a threshold, and, or, not) are read from the step
// alone, without a node's children and operands; a reference is no step at all, as the steps
// read the truth it leads to and it gets its copy afterwards (TruthPlanCopy).

#include "program/program.hpp"

namespace ilio::detail {

/// Fills the plan's parts of the Program (truth_steps, item_steps, truth_children,
/// truth_copies, item_copies, item_decided_by) from the packed nodes and the ordered items.
void build_truth_plan(Program& p);

}  // namespace ilio::detail
