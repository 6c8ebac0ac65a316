#pragma once
// DOT to SVG with Graphviz as a library (libgvc, the dot layout), in-process.

#include <string>
#include <string_view>

namespace ilio::report {

/// The SVG element alone (no XML prolog or DOCTYPE), ready to put inline in HTML. Throws
/// std::runtime_error when Graphviz cannot read or lay out the graph.
std::string dot_to_svg(std::string_view dot);

}  // namespace ilio::report
