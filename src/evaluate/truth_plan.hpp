#pragma once
// The truth plan: each node's truth as one step of a flat list in evaluation order (TruthStep
// in program.hpp), built once per rule set. The pass interprets it instead of the nodes: the
// shapes most nodes have (a reference, a fact against a threshold, and, or, not) are read from
// the step alone, without a node's children and operands, and a criterion reference is a copy.

#include "program/program.hpp"

namespace ilio::detail {

/// Fills Program::truth_steps and item_steps from the packed nodes and the ordered items.
void build_truth_plan(Program& p);

}  // namespace ilio::detail
