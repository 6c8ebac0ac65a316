#pragma once
// The decision graph of a rule set, optionally with one patient's path coloured, and the
// self-contained HTML report (summary and graph per patient). docs/clinician-output.md.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "ilio/explanation.hpp"
#include "ilio/rule_set.hpp"

namespace ilio {

enum class GraphFormat : std::uint8_t { dot, svg };

/// The decision graph as GraphViz DOT, or as SVG laid out in-process by Graphviz. With a
/// patient (an explanation of an evaluation of `rules`), nodes are coloured by status (fired,
/// not applicable, unknown, withheld), gates show open or closed, and a legend is added.
std::string render_graph(const RuleSet& rules, const Explanation* patient, GraphFormat format);

struct ReportPatient {
    std::string name;  ///< e.g. the facts file; shown as written (escaped)
    Explanation explanation;
};

/// Patients beyond this many get their summary in the report but no graph (each graph is a
/// layout and tens of kilobytes of SVG); the report says so at the top and in each section
/// without a graph, and `ilio report` says so on standard error.
inline constexpr std::size_t report_graph_limit = 100;

/// One self-contained HTML page: inline CSS and SVG, no script, nothing fetched. A collapsed
/// section per patient with the summary and the coloured decision graph, and a legend. Closed
/// and off-screen sections are not laid out (CSS content-visibility), so a report of 10,000
/// patients opens about as fast as a short one.
std::string render_report_html(const RuleSet& rules, std::span<const ReportPatient> patients);

/// The same page written piece by piece, for any number of patients in the memory of one:
/// `patient_at(i)` is called once for each i from 0 to `count` − 1, in order, and each piece
/// of the page goes to `write` as soon as it is made (the head first, the end last). The
/// patient it returns is read before the next call, never copied: a caller may keep patients
/// of its own (render_report_html) or refill one slot for each (`ilio report`).
void write_report_html(const RuleSet& rules, std::size_t count,
                       const std::function<const ReportPatient&(std::size_t)>& patient_at,
                       const std::function<void(std::string_view)>& write);

/// One patient's section of the report as an HTML fragment (no page around it; its style is
/// scoped to the fragment): the legend, the summary and the coloured graph. What a notebook
/// shows for a result.
std::string render_patient_html(const RuleSet& rules, const ReportPatient& patient);

}  // namespace ilio
