#include "report/decision_graph_dot.hpp"

#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace ilio::report {

namespace {

using detail::NodeOp;
using detail::OperandKind;
using detail::Program;

struct Colour {
    const char* fill;
    const char* line;
    const char* font;
};
constexpr Colour fired_colour{"#c8e6c9", "#2e7d32", "#1b5e20"};
constexpr Colour urgent_colour{"#ffcdd2", "#c62828", "#b71c1c"};
constexpr Colour not_applicable_colour{"#f5f5f5", "#bdbdbd", "#9e9e9e"};
constexpr Colour unknown_colour{"#e3f2fd", "#1e88e5", "#0d47a1"};
constexpr Colour withheld_colour{"#f3e5f5", "#8e24aa", "#6a1b9a"};
constexpr Colour out_of_population_colour{"#fffde7", "#9e9d24", "#827717"};
constexpr Colour plain_colour{"#ffffff", "#424242", "#212121"};

Colour status_colour(ConclusionStatus s, ConclusionKind kind) {
    switch (s) {
        case ConclusionStatus::fired:
            return kind == ConclusionKind::red_flag || kind == ConclusionKind::referral
                       ? urgent_colour
                       : fired_colour;
        case ConclusionStatus::not_applicable:
            return not_applicable_colour;
        case ConclusionStatus::unknown:
            return unknown_colour;
        case ConclusionStatus::withheld:
            return withheld_colour;
        case ConclusionStatus::out_of_population:
            return out_of_population_colour;
    }
    return plain_colour;
}

Colour truth_colour(Truth t) {
    return t == Truth::true_    ? fired_colour
           : t == Truth::false_ ? not_applicable_colour
                                : unknown_colour;
}

std::string style(const Colour& c, bool dashed = false) {
    return fmt::format("style=\"filled{}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\"",
                       dashed ? ",dashed" : "", c.fill, c.line, c.font);
}

/// What a patient's explanation says about each node, read from its derivation terms.
struct PatientView {
    std::map<std::string, Truth> criteria;
    std::set<std::string> known_facts, read_facts;

    void read(const Term& t) {
        if (t.kind == TermKind::criterion) criteria[t.node] = t.value;
        if (t.actual && !t.fact.empty()) {
            read_facts.insert(t.fact);
            if (t.actual->known) known_facts.insert(t.fact);
        }
        for (const auto& c : t.children) read(c);
    }
};

/// An edge from what a condition reads to the item it decides, with the connective the
/// reference sits under and whether it is negated.
struct Edge {
    std::string from, to, label;
    bool negated = false;
    auto key() const { return std::tie(from, to, label, negated); }
    bool operator<(const Edge& o) const { return key() < o.key(); }
};

}  // namespace

std::string dot_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string decision_graph_dot(const Program& p, const Explanation* patient) {
    PatientView view;
    if (patient)
        for (const auto& c : patient->conclusions) {
            view.read(c.derivation);
            if (c.gate) view.read(*c.gate);
        }
    auto fact_id = [](std::size_t i) { return fmt::format("fact_{}", i); };
    auto param_id = [](std::size_t i) { return fmt::format("param_{}", i); };
    auto crit_id = [](std::size_t i) { return fmt::format("crit_{}", i); };
    auto concl_id = [](std::size_t i) { return fmt::format("concl_{}", i); };
    auto gate_id = [](std::size_t i) { return fmt::format("gate_{}", i); };

    std::string out = fmt::format(
        "digraph {} {{\n  rankdir=LR;\n  newrank=true;\n  compound=true;\n"
        "  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", "
        "fontsize=9];\n",
        dot_quote(p.name));
    // Facts and parameters on the left, in one cluster each.
    out += "  subgraph cluster_facts {\n    label=\"Facts\";\n    style=dashed;\n";
    for (std::size_t i = 0; i < p.facts.size(); ++i) {
        std::string attrs = "shape=note";
        if (patient) {
            bool known = view.known_facts.count(p.facts[i].name) > 0;
            attrs += ", " + style(known ? plain_colour : unknown_colour, !known);
        }
        out +=
            fmt::format("    {} [{}, label={}];\n", fact_id(i), attrs, dot_quote(p.facts[i].name));
    }
    out += "  }\n";
    for (std::size_t i = 0; i < p.parameters.size(); ++i)
        out +=
            fmt::format("  {} [shape=plaintext, fontcolor=\"#616161\", label={}];\n", param_id(i),
                        dot_quote(p.parameters[i].name + " = " + p.parameters[i].declared_text));

    auto step_of_item = [&](std::size_t s, bool in_step, const std::optional<StepIndex>& step) {
        return in_step ? step == s : !step.has_value();
    };
    std::vector<std::vector<std::string>> step_nodes(p.steps.size());
    for (std::size_t s = 0; s <= p.steps.size(); ++s) {
        bool in_step = s < p.steps.size();
        if (in_step) {
            std::string label = p.steps[s].title;
            if (patient && s < patient->steps.size() && p.steps[s].gated) {
                const auto& st = patient->steps[s];
                label += st.state == StepState::open     ? "  [gate open]"
                         : st.state == StepState::closed ? "  [gate closed]"
                                                         : "  [gate not yet known]";
            }
            out +=
                fmt::format("  subgraph cluster_step_{} {{\n    label={};\n", s, dot_quote(label));
        }
        for (std::size_t i = 0; i < p.criteria.size(); ++i) {
            if (!step_of_item(s, in_step, p.criteria[i].step)) continue;
            std::string attrs = "shape=box";
            if (patient) {
                auto it = view.criteria.find(p.criteria[i].name);
                attrs += ", " +
                         style(it == view.criteria.end() ? plain_colour : truth_colour(it->second));
            }
            out += fmt::format("    {} [{}, label={}];\n", crit_id(i), attrs,
                               dot_quote(p.criteria[i].title));
            if (in_step) step_nodes[s].push_back(crit_id(i));
        }
        for (std::size_t i = 0; i < p.conclusions.size(); ++i) {
            const auto& c = p.conclusions[i];
            if (!step_of_item(s, in_step, c.step)) continue;
            std::string attrs = "shape=box";
            std::string label = std::string(to_string(c.kind)) + ": " + c.title;
            if (patient && i < patient->conclusions.size()) {
                const auto& x = patient->conclusions[i];
                attrs += ", " + style(status_colour(x.status, c.kind),
                                      x.status == ConclusionStatus::unknown);
                attrs += x.status == ConclusionStatus::fired ? ", penwidth=2" : "";
                attrs += ", style=\"rounded,filled" +
                         std::string(x.status == ConclusionStatus::unknown ? ",dashed" : "") + "\"";
                label += fmt::format(" ({})", x.status == ConclusionStatus::not_applicable
                                                  ? "does not apply"
                                                  : std::string(to_string(x.status)));
            } else {
                attrs += ", style=rounded";
            }
            out += fmt::format("    {} [{}, id={}, label={}];\n", concl_id(i), attrs,
                               dot_quote(concl_id(i)), dot_quote(label));
            if (in_step) step_nodes[s].push_back(concl_id(i));
        }
        if (in_step) {
            if (p.gate_item[s] != detail::no_index) {
                std::string attrs = "shape=diamond";
                std::string label = "requires";
                if (patient && s < patient->steps.size()) {
                    auto st = patient->steps[s].state;
                    attrs += ", " + style(st == StepState::open     ? fired_colour
                                          : st == StepState::closed ? urgent_colour
                                                                    : unknown_colour);
                    label = st == StepState::open     ? "gate open"
                            : st == StepState::closed ? "gate closed"
                                                      : "gate ?";
                }
                out += fmt::format("    {} [{}, label={}];\n", gate_id(s), attrs, dot_quote(label));
                step_nodes[s].push_back(gate_id(s));
            }
            out += "  }\n";
        }
    }

    // Edges from each item's condition tree: a reference under an odd number of `not`s is
    // negated; the nearest connective above it labels the edge.
    std::set<Edge> edges;
    for (const auto& item : p.items) {
        std::string target = item.kind == detail::ItemKind::criterion    ? crit_id(item.index)
                             : item.kind == detail::ItemKind::conclusion ? concl_id(item.index)
                                                                         : gate_id(item.index);
        struct Frame {
            std::uint32_t node;
            bool negated;
            std::string joint;
        };
        std::vector<Frame> stack{{item.root(), false, ""}};
        while (!stack.empty()) {
            // A named frame, not a structured binding: clang 14 (the fuzzing build) cannot
            // capture bindings in a lambda.
            Frame frame = std::move(stack.back());
            stack.pop_back();
            const auto n = frame.node;
            const auto negated = frame.negated;
            const auto& joint = frame.joint;
            const auto& node = p.nodes[n];
            auto add = [&](const std::string& from) {
                edges.insert({from, target, joint, negated});
            };
            switch (node.op) {
                case NodeOp::criterion_ref:
                    add(crit_id(node.ref));
                    continue;
                case NodeOp::conclusion_ref:
                    add(concl_id(node.ref));
                    continue;
                case NodeOp::fact_bool:
                case NodeOp::enum_in:
                case NodeOp::set_has_any:
                case NodeOp::set_has_all:
                    add(fact_id(node.ref));
                    continue;
                case NodeOp::compare:
                case NodeOp::between:
                    for (const auto& o : node.operands) {
                        if (o.kind == OperandKind::fact) add(fact_id(o.index));
                        if (o.kind == OperandKind::expression)
                            detail::for_each_fact_in_expression(
                                p, o.index, [&](FactIndex f) { add(fact_id(f)); });
                        detail::for_each_parameter_of(
                            p, o.kind, o.index, [&](ParameterIndex prm) { add(param_id(prm)); });
                    }
                    continue;
                default:
                    break;
            }
            std::string next = joint;
            if (node.op == NodeOp::logical_and) next = "and";
            if (node.op == NodeOp::logical_or) next = "or";
            if (node.op == NodeOp::at_least) next = fmt::format("{} of", node.count);
            bool neg = negated != (node.op == NodeOp::logical_not);
            for (std::uint32_t k = 0; k < node.child_count; ++k)
                stack.push_back({p.children[node.first_child + k], neg, next});
        }
    }
    for (std::size_t s = 0; s < p.steps.size(); ++s)
        if (p.gate_item[s] != detail::no_index)
            for (auto c : p.steps[s].conclusions)
                edges.insert({gate_id(s), concl_id(c), "gate", false});
    // The steps read left to right in the guide's order: between two consecutive steps an
    // invisible point that every node of the first precedes and every node of the second
    // follows, so each step's cluster lies wholly right of the one before (one narrow rank of
    // spacing per step; the rule's own edges would otherwise pull steps out of order).
    const std::vector<std::string>* previous = nullptr;
    for (std::size_t s = 0; s < step_nodes.size(); ++s) {
        if (step_nodes[s].empty()) continue;
        if (previous) {
            auto spacer = fmt::format("step_order_{}", s);
            out += fmt::format("  {} [shape=point, style=invis, width=0, height=0, label=\"\"];\n",
                               spacer);
            for (const auto& n : *previous)
                out += fmt::format("  {} -> {} [style=invis];\n", n, spacer);
            for (const auto& n : step_nodes[s])
                out += fmt::format("  {} -> {} [style=invis];\n", spacer, n);
        }
        previous = &step_nodes[s];
    }
    for (const auto& e : edges) {
        std::string label = e.negated ? (e.label.empty() ? "not" : "not · " + e.label) : e.label;
        std::string attrs;
        if (!label.empty()) attrs += "label=" + dot_quote(label);
        if (e.negated)
            attrs += std::string(attrs.empty() ? "" : ", ") + "arrowhead=tee, color=\"#c62828\"";
        if (e.label == "gate") attrs += ", style=bold";
        out +=
            fmt::format("  {} -> {}{};\n", e.from, e.to, attrs.empty() ? "" : " [" + attrs + "]");
    }
    if (patient) {
        out += "  subgraph cluster_legend {\n    label=\"Legend\";\n";
        const std::tuple<const char*, Colour, bool> legend[] = {
            {"fired / pass", fired_colour, false},
            {"red flag or referral fired", urgent_colour, false},
            {"not applicable / fail", not_applicable_colour, false},
            {"not yet known", unknown_colour, true},
            {"withheld (gate closed)", withheld_colour, false},
            {"outside the population", out_of_population_colour, false}};
        int k = 0;
        for (const auto& [text, colour, dashed] : legend)
            out += fmt::format("    legend_{} [shape=box, {}, label={}];\n", k++,
                               style(colour, dashed), dot_quote(text));
        out += "    legend_not [shape=plaintext, label=\"red ⊣ edge: not\"];\n  }\n";
    }
    return out + "}\n";
}

}  // namespace ilio::report
