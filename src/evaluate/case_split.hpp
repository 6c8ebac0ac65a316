#pragma once
// Prepares a compiled program for exact answers: the cells of every fact's domain, each node's
// value when its fact is missing, and the facts each item reads more than once.

#include "program/program.hpp"

namespace ilio::detail {

/// Run once the program is ordered (items in topological order, nodes packed).
void prepare_case_split(Program& p);

}  // namespace ilio::detail
