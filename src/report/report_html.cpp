// The self-contained HTML report: one page, inline CSS and SVG, no script, nothing fetched.

#include <fmt/format.h>

#include "ilio/report.hpp"
#include "ilio/summary.hpp"
#include "report/html_text.hpp"

namespace ilio {

namespace {

// The page forbids every script and every fetch (Content-Security-Policy), so even a text that
// escaped escaping could not run or call out; the escaping is tested on its own.
constexpr const char* page_head = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
)";

constexpr const char* page_style = R"(<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 1rem 2rem; color: #212121; background: #fafafa; }
header h1 { margin-bottom: 0.2rem; }
.meta { color: #616161; font-size: 0.9em; }
details.patient { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; margin: 0.6rem 0; }
details.patient > summary { cursor: pointer; padding: 0.6rem 1rem; font-weight: 600; }
details.patient[open] > summary { border-bottom: 1px solid #e0e0e0; }
/* A closed section costs no layout, and neither does an open one scrolled out of view, so a
   report of thousands of patients opens as fast as a short one. */
section.patient-section { content-visibility: auto; contain-intrinsic-size: auto 2.6rem; }
.ilio-patient { padding: 0 1rem 1rem; }
pre.summary { margin: 0.6rem 0 0; white-space: pre-wrap; font-size: 0.9em; }
.verdict-urgent { color: #b71c1c; } .verdict-ok { color: #1b5e20; } .verdict-open { color: #0d47a1; }
</style>
)";

// Scoped to .ilio-patient, so that a notebook cell can hold a patient's fragment without
// restyling the page around it.
constexpr const char* patient_style = R"(<style>
.ilio-patient h2 { font-size: 1.1em; }
.ilio-patient h3 { font-size: 1em; margin: 0.8rem 0 0.2rem; }
.ilio-patient .item { margin: 0.1rem 0 0.1rem 1rem; }
.ilio-patient .item.d1 { margin-left: 2.5rem; }
.ilio-patient .item.d2 { margin-left: 4rem; }
.ilio-patient .c-1-31 { color: #b71c1c; } .ilio-patient .c-33 { color: #e65100; }
.ilio-patient .c-32 { color: #1b5e20; } .ilio-patient .c-34 { color: #0d47a1; }
.ilio-patient .c-35 { color: #6a1b9a; } .ilio-patient .c-36 { color: #006064; }
.ilio-patient .c-2 { color: #757575; }
.ilio-patient figure.graph { margin: 1rem 0; overflow: auto; border-top: 1px solid #eee; }
.ilio-patient figure.graph svg { max-width: 100%; height: auto; }
.ilio-legend span { display: inline-block; padding: 0.1rem 0.5rem; margin: 0.1rem; border: 1px solid; border-radius: 4px; font-size: 0.85em; }
</style>
)";

constexpr const char* legend_html = R"(<p class="ilio-legend">Graph legend:
<span style="background:#c8e6c9;border-color:#2e7d32">fired / pass</span>
<span style="background:#ffcdd2;border-color:#c62828">red flag or referral fired</span>
<span style="background:#f5f5f5;border-color:#bdbdbd">not applicable / fail</span>
<span style="background:#e3f2fd;border-color:#1e88e5;border-style:dashed">not yet known</span>
<span style="background:#f3e5f5;border-color:#8e24aa">withheld (gate closed)</span>
<span style="background:#fffde7;border-color:#9e9d24">outside the population</span>
<span style="border-color:#c62828">red ⊣ edge: not</span> edge labels: and, or, N of</p>
)";

/// The verdict shown on a collapsed section: the most urgent fired red flag or referral, or
/// whether the assessment is complete.
std::string verdict(const Explanation& x) {
    const ExplainedConclusion* top = nullptr;
    for (const auto& c : x.conclusions)
        if (c.status == ConclusionStatus::fired &&
            (c.kind == ConclusionKind::red_flag || c.kind == ConclusionKind::referral) &&
            (!top || c.urgency > top->urgency))
            top = &c;
    if (top)
        return fmt::format("<span class=\"verdict-urgent\">{} ({})</span>",
                           report::html_escape(top->title), to_string(top->urgency));
    std::size_t fired = 0;
    for (const auto& c : x.conclusions) fired += c.status == ConclusionStatus::fired;
    if (!x.needed.empty())
        return fmt::format("<span class=\"verdict-open\">{} fired · {} facts to ask</span>", fired,
                           x.needed.size());
    return fmt::format("<span class=\"verdict-ok\">{} fired · no red flag</span>", fired);
}

/// What a patient's section holds: the summary and the coloured graph.
std::string patient_body(const RuleSet& rules, const ReportPatient& patient) {
    SummaryOptions options;
    options.format = SummaryFormat::html;
    options.patient = patient.name;
    std::string out = render_summary(patient.explanation, options);
    out += "<figure class=\"graph\">\n" +
           render_graph(rules, &patient.explanation, GraphFormat::svg) + "</figure>\n";
    return out;
}

}  // namespace

std::string render_patient_html(const RuleSet& rules, const ReportPatient& patient) {
    return std::string("<div class=\"ilio-patient\">\n") + patient_style + legend_html +
           patient_body(rules, patient) + "</div>\n";
}

void write_report_html(const RuleSet& rules, std::size_t count,
                       const std::function<const ReportPatient&(std::size_t)>& patient_at,
                       const std::function<void(std::string_view)>& write) {
    using report::html_escape;
    std::string title =
        fmt::format("{} {}", rules.title().empty() ? rules.name() : rules.title(), rules.version());
    std::string out = page_head;
    out += "<title>" + html_escape("ilio report: " + title) + "</title>\n";
    out += page_style;
    out += patient_style;
    out += "</head>\n<body>\n<header>\n<h1>" + html_escape(title) + "</h1>\n";
    out += fmt::format("<p class=\"meta\">{} · rules {} {} · sha256 {} · {} patient{}</p>\n",
                       html_escape(rules.source()), html_escape(rules.name()),
                       html_escape(rules.version()), html_escape(rules.source_hash().substr(0, 16)),
                       count, count == 1 ? "" : "s");
    if (count > report_graph_limit)
        out += fmt::format(
            "<p class=\"meta\" id=\"graph-limit\">The decision graph is drawn for the first {} "
            "patients only; patients {} to {} show their summary as plain text, and "
            "<code>ilio graph RULES --facts FILE --format svg</code> draws any one of them.</p>\n",
            report_graph_limit, report_graph_limit + 1, count);
    out += legend_html;
    out += "</header>\n<main>\n";
    write(out);
    for (std::size_t i = 0; i < count; ++i) {
        // One patient at a time: its section is dropped once written.
        const ReportPatient& p = patient_at(i);
        out = fmt::format(
            "<section class=\"patient-section\" id=\"patient-{}\">\n<details "
            "class=\"patient\"{}>\n",
            i + 1, count == 1 ? " open" : "");
        out += fmt::format("<summary>{} — {}</summary>\n<div class=\"ilio-patient\">\n",
                           html_escape(p.name.empty() ? fmt::format("patient {}", i + 1) : p.name),
                           verdict(p.explanation));
        if (i < report_graph_limit) {
            out += patient_body(rules, p);
        } else {
            // Beyond the limit: the same summary as plain text, one element instead of about
            // sixty, so that a browser opens a report of 10,000 patients in seconds.
            SummaryOptions options;
            options.patient = p.name;
            out += "<pre class=\"summary\">" + html_escape(render_summary(p.explanation, options)) +
                   "</pre>\n";
        }
        out += "</div>\n</details>\n</section>\n";
        write(out);
    }
    write("</main>\n</body>\n</html>\n");
}

std::string render_report_html(const RuleSet& rules, std::span<const ReportPatient> patients) {
    std::string page;
    write_report_html(
        rules, patients.size(),
        [&](std::size_t i) -> const ReportPatient& { return patients[i]; },
        [&](std::string_view piece) { page += piece; });
    return page;
}

}  // namespace ilio
