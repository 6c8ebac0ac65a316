#pragma once
// The graph phase: builds the decision graph with Boost.Graph (facts, parameters, criteria,
// conclusions, steps and gates as vertices; dependencies and gates as edges), reports every
// cycle by its members, and fixes the program's evaluation order and each conclusion's
// dependencies.

#include <string>
#include <vector>

#include "common/source_text.hpp"
#include "program/program.hpp"

namespace ilio::graph {

/// Orders `program.items` topologically and fills the items each conclusion depends on.
/// Returns false (with E090/E091 diagnostics) when there is a cycle.
bool order_program(detail::Program& program, const detail::SourceText& source,
                   std::vector<Diagnostic>& diagnostics);

}  // namespace ilio::graph
