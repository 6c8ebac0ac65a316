// render_graph(): the decision graph as DOT or SVG, optionally coloured for one patient.

#include "ilio/report.hpp"
#include "report/decision_graph_dot.hpp"
#include "report/graph_layout.hpp"

namespace ilio {

std::string render_graph(const RuleSet& rules, const Explanation* patient, GraphFormat format) {
    auto dot = report::decision_graph_dot(rules.program(), patient);
    return format == GraphFormat::dot ? dot : report::dot_to_svg(dot);
}

}  // namespace ilio
