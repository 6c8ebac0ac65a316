#pragma once
// The decision graph as DOT: steps as clusters in the guide's order, edges labelled with
// `not` and the and/or that joins them, optionally coloured by one patient's explanation.

#include <string>

#include "ilio/explanation.hpp"
#include "program/program.hpp"

namespace ilio::report {

std::string decision_graph_dot(const detail::Program& program, const Explanation* patient);

/// Text put inside a DOT double-quoted string: shows as written (quotes, backslashes, braces,
/// line breaks and Graphviz's \N-style escapes included).
std::string dot_quote(std::string_view text);

}  // namespace ilio::report
