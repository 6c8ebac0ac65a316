// Runs rule test cases and measures condition coverage over the compiled nodes.

#include <filesystem>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "ilio/evaluation.hpp"
#include "ilio/facts.hpp"
#include "ilio/rule_tests.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

using json_value = nlohmann::json;

std::optional<ConclusionStatus> parse_status(const std::string& s) {
    for (auto status :
         {ConclusionStatus::fired, ConclusionStatus::not_applicable, ConclusionStatus::unknown,
          ConclusionStatus::withheld, ConclusionStatus::out_of_population})
        if (to_string(status) == s) return status;
    return std::nullopt;
}

std::string owner_of(const detail::Program& p, const detail::Item& item) {
    switch (item.kind) {
        case detail::ItemKind::criterion:
            return "criterion " + p.criteria[item.index].name;
        case detail::ItemKind::conclusion:
            return std::string(to_string(p.conclusions[item.index].kind)) + " " +
                   p.conclusions[item.index].name;
        case detail::ItemKind::gate:
            return "gate of step " + p.steps[item.index].name;
        case detail::ItemKind::population:
            return "population " + p.populations[item.index].name;
        case detail::ItemKind::score:
            return "score " + p.scores[item.index].name;
    }
    return {};
}

/// Depth of each node below its item's root, for indentation in the report.
std::vector<int> node_depths(const detail::Program& p) {
    std::vector<int> depth(p.nodes.size(), 0);
    for (const auto& item : p.items)
        for (auto n = item.node_end; n-- > item.node_begin;) {
            const auto& node = p.nodes[n];
            for (std::uint32_t k = 0; k < node.child_count; ++k)
                depth[p.children[node.first_child + k]] = depth[n] + 1;
        }
    return depth;
}

class Runner {
  public:
    explicit Runner(const RuleSet& rules)
        : rules_(rules),
          p_(rules.program()),
          seen_(p_.nodes.size(), 0),
          fired_(p_.conclusions.size(), false),
          not_applicable_(p_.conclusions.size(), false) {}

    void run_case(const json_value& c, std::size_t number, RuleTestReport& report) {
        std::string name = c.contains("name") && c["name"].is_string()
                               ? c["name"].get<std::string>()
                               : fmt::format("case {}", number);
        ++report.cases;
        auto fail = [&](std::string message) {
            report.failures.push_back({name, std::move(message)});
        };
        if (!c.is_object() || !c.contains("facts") || !c.contains("expect"))
            return fail("a case needs \"facts\" and \"expect\"");
        auto facts = read_facts_json(rules_, c["facts"].dump());
        if (!facts.ok()) {
            for (const auto& e : facts.errors)
                fail(fmt::format("facts {}: {}", e.where, e.message));
            return;
        }
        rules_.evaluate(*facts.facts, evaluation_);
        record();
        std::size_t failures_before = report.failures.size();
        for (const auto& [conclusion, expected] : c["expect"].items()) {
            auto index = rules_.find_conclusion(conclusion);
            auto status =
                expected.is_string() ? parse_status(expected.get<std::string>()) : std::nullopt;
            if (!index) {
                fail(fmt::format("expects unknown conclusion `{}`", conclusion));
                continue;
            }
            if (!status) {
                fail(
                    fmt::format("`{}`: expected status must be fired, not_applicable, unknown or "
                                "withheld",
                                conclusion));
                continue;
            }
            if (evaluation_.status(*index) != *status)
                fail(fmt::format("`{}` is {}, expected {}", conclusion,
                                 to_string(evaluation_.status(*index)), to_string(*status)));
        }
        if (c.contains("withheld_by"))
            for (const auto& [conclusion, closer] : c["withheld_by"].items()) {
                auto index = rules_.find_conclusion(conclusion);
                auto closer_index = closer.is_string()
                                        ? rules_.find_conclusion(closer.get<std::string>())
                                        : std::nullopt;
                if (!index || !closer_index) {
                    fail(fmt::format("withheld_by names an unknown conclusion: `{}` by {}",
                                     conclusion, closer.dump()));
                    continue;
                }
                if (evaluation_.status(*index) != ConclusionStatus::withheld)
                    fail(fmt::format("`{}` is {}, expected withheld by `{}`", conclusion,
                                     to_string(evaluation_.status(*index)),
                                     closer.get<std::string>()));
                else if (evaluation_.withheld_by(*index) != closer_index)
                    fail(fmt::format("`{}` is withheld by `{}`, expected `{}`", conclusion,
                                     evaluation_.withheld_by(*index)
                                         ? p_.conclusions[*evaluation_.withheld_by(*index)].name
                                         : std::string("facts alone"),
                                     closer.get<std::string>()));
            }
        if (c.contains("needs"))
            for (const auto& need : c["needs"]) {
                auto index =
                    need.is_string() ? rules_.find_fact(need.get<std::string>()) : std::nullopt;
                if (!index) {
                    fail(fmt::format("needs names an unknown fact: {}", need.dump()));
                    continue;
                }
                auto needed = evaluation_.needed();
                if (std::find(needed.begin(), needed.end(), *index) == needed.end())
                    fail(fmt::format("`{}` is not among the facts needed next",
                                     need.get<std::string>()));
            }
        if (report.failures.size() == failures_before) ++report.passed;
    }

    void finish(RuleTestReport& report) const {
        auto depth = node_depths(p_);
        for (const auto& item : p_.items) {
            // The whole condition first, then its sub-conditions (last written first).
            for (auto n = item.node_end; n-- > item.node_begin;) {
                const auto& node = p_.nodes[n];
                // A score's root is a value, not a condition: it is never true or false. Its
                // parts' conditions, and every comparison of the score, are covered.
                if (node.op == detail::NodeOp::score_sum) continue;
                ConditionCoverage cov{
                    owner_of(p_, item),  std::string(node.text), node.span,          depth[n],
                    (seen_[n] & 1) != 0, (seen_[n] & 2) != 0,    (seen_[n] & 4) != 0};
                report.coverage.push_back(std::move(cov));
            }
        }
        for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c) {
            if (!fired_[c]) report.never_fired.push_back(p_.conclusions[c].name);
            if (!not_applicable_[c]) report.never_not_applicable.push_back(p_.conclusions[c].name);
        }
    }

  private:
    void record() {
        auto values = evaluation_.node_values();
        for (std::size_t n = 0; n < values.size(); ++n)
            seen_[n] |= values[n] == Truth::true_ ? 1 : values[n] == Truth::false_ ? 2 : 4;
        for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c) {
            fired_[c] = fired_[c] || evaluation_.status(c) == ConclusionStatus::fired;
            not_applicable_[c] =
                not_applicable_[c] || evaluation_.status(c) == ConclusionStatus::not_applicable;
        }
    }

    const RuleSet& rules_;
    const detail::Program& p_;
    Evaluation evaluation_;
    std::vector<std::uint8_t> seen_;
    std::vector<bool> fired_, not_applicable_;
};

}  // namespace

RuleTestReport run_rule_tests(const RuleSet& rules, std::string_view cases_json) {
    RuleTestReport report;
    json_value doc;
    try {
        doc = json_value::parse(cases_json.begin(), cases_json.end());
    } catch (const json_value::exception& e) {
        report.failures.push_back({"(file)", fmt::format("not valid JSON: {}", e.what())});
        return report;
    }
    if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
        report.failures.push_back({"(file)", "expected {\"cases\": [ … ]}"});
        return report;
    }
    // A tests file names the rules it was written for: run against other rules, every
    // expectation would be checked against the wrong guide.
    if (doc.contains("rules")) {
        auto given = std::filesystem::path(rules.file_name()).filename().string();
        if (!doc["rules"].is_string()) {
            report.failures.push_back({"(file)", "\"rules\" must be the rules file's name"});
            return report;
        }
        auto named = std::filesystem::path(doc["rules"].get<std::string>()).filename().string();
        if (named != given) {
            report.failures.push_back(
                {"(file)", fmt::format("these tests are for \"{}\" (their \"rules\" field), not "
                                       "for \"{}\"",
                                       named, given)});
            return report;
        }
    }
    Runner runner(rules);
    std::size_t number = 0;
    for (const auto& c : doc["cases"]) runner.run_case(c, ++number, report);
    runner.finish(report);
    return report;
}

std::string render_rule_test_report(const RuleTestReport& r, const std::string& title, bool full) {
    std::string out = fmt::format("{}: {} cases, {} passed, {} failed\n", title, r.cases, r.passed,
                                  r.cases - r.passed);
    for (const auto& f : r.failures) out += fmt::format("  FAIL {}: {}\n", f.case_name, f.message);
    std::size_t complete = 0;
    for (const auto& c : r.coverage) complete += c.complete();
    out += fmt::format(
        "condition coverage: {} of {} sub-conditions driven true, false and "
        "unknown ({:.0f}%)\n",
        complete, r.coverage.size(),
        r.coverage.empty() ? 100.0 : 100.0 * complete / r.coverage.size());
    std::string owner;
    for (const auto& c : r.coverage) {
        if (!full && c.complete()) continue;
        if (c.owner != owner) {
            owner = c.owner;
            out += fmt::format("  {}\n", owner);
        }
        out += fmt::format("    {}{}{} {}{}  line {}\n", c.seen_true ? "T" : "-",
                           c.seen_false ? "F" : "-", c.seen_unknown ? "U" : "-",
                           std::string(static_cast<std::size_t>(2 * c.depth), ' '), c.text,
                           c.span.begin.line);
    }
    auto list = [](const std::vector<std::string>& names) {
        std::string s;
        for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
        return s.empty() ? std::string("none") : s;
    };
    out += fmt::format("conclusions never fired: {}\n", list(r.never_fired));
    out += fmt::format("conclusions never not applicable: {}\n", list(r.never_not_applicable));
    out += r.ok() ? "PASSED\n" : "FAILED\n";
    return out;
}

}  // namespace ilio
