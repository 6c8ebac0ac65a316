// explain(): turns an Evaluation's node values into derivation trees and sentences.

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "common/template_text.hpp"
#include "explain/score_text.hpp"
#include "explain/value_text.hpp"
#include "ilio/explanation.hpp"
#include "ilio/version.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

using detail::CompareOp;
using detail::NodeOp;
using detail::OperandKind;
using detail::Program;

std::string_view compare_symbol(CompareOp op) {
    switch (op) {
        case CompareOp::less:
            return "<";
        case CompareOp::less_equal:
            return "<=";
        case CompareOp::greater:
            return ">";
        case CompareOp::greater_equal:
            return ">=";
        case CompareOp::equal:
            return "=";
        case CompareOp::not_equal:
            return "!=";
    }
    return "?";
}

class Explainer {
  public:
    Explainer(const Evaluation& e, const Facts& facts)
        : e_(e), facts_(facts), p_(facts.rule_set().program()) {}

    Explanation run() {
        Explanation x;
        auto audit = e_.audit();
        x.rule_set = audit.rule_set_name;
        x.version = audit.rule_set_version;
        x.title = p_.title;
        x.source_sha256 = audit.source_hash;
        x.engine_version = audit.engine_version;
        for (const auto& param : p_.parameters)
            if (param.overridden)
                x.overrides.push_back({param.name, wording::parameter_value_text(param)});
        for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c)
            x.conclusions.push_back(conclusion(c));
        for (StepIndex s = 0; s < p_.steps.size(); ++s) {
            ExplainedStep step{p_.steps[s].name, p_.steps[s].title, e_.step_state(s), {}};
            if (auto closer = e_.step_closed_by(s)) step.closed_by = ref(*closer);
            x.steps.push_back(std::move(step));
        }
        for (ScoreIndex s = 0; s < p_.scores.size(); ++s)
            x.scores.push_back(wording::explain_score(e_, facts_.rule_set(), s));
        for (auto f : e_.needed()) {
            NeededFact need{p_.facts[f].name, p_.facts[f].ask, e_.decides(f), {}};
            for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c) {
                auto missing = e_.missing_facts(c);
                if (std::find(missing.begin(), missing.end(), f) != missing.end())
                    need.would_decide.push_back(ref(c));
            }
            x.needed.push_back(std::move(need));
        }
        x.warnings = facts_.warnings();
        return x;
    }

  private:
    NamedRef ref(ConclusionIndex c) const {
        return {p_.conclusions[c].name, p_.conclusions[c].title};
    }

    ExplainedConclusion conclusion(ConclusionIndex c) const {
        const auto& info = p_.conclusions[c];
        ExplainedConclusion out;
        out.name = info.name;
        out.title = info.title;
        out.kind = info.kind;
        out.urgency = info.urgency;
        out.status = e_.status(c);
        out.cite = info.cite;
        out.dose = info.dose;
        out.because = fill(info.because);
        out.derivation = derivation(p_.items[p_.conclusion_item[c]].root());
        if (info.step) {
            const auto& step = p_.steps[*info.step];
            out.step = NamedRef{step.name, step.title};
            auto gate = p_.gate_item[*info.step];
            if (gate != detail::no_index) out.gate = derivation(p_.items[gate].root());
        }
        if (auto pop = e_.excluded_by(c)) {
            out.excluded_by = NamedRef{p_.populations[*pop].name, p_.populations[*pop].title};
            out.population = derivation(p_.items[p_.population_item[*pop]].root());
        }
        auto held_at = e_.withheld_at(c);
        if (held_at && held_at != info.step)
            out.withheld_at = NamedRef{p_.steps[*held_at].name, p_.steps[*held_at].title};
        if (auto closer = e_.withheld_by(c)) {
            out.withheld_by = ref(*closer);
            std::vector<ConclusionIndex> path;
            visited_.assign(p_.nodes.size(), false);
            auto gate = held_at ? p_.gate_item[*held_at] : detail::no_index;
            if (gate != detail::no_index && chain_to(p_.items[gate].root(), *closer, path))
                for (auto link : path) out.gate_chain.push_back(ref(link));
        }
        if (out.status == ConclusionStatus::unknown)
            for (auto f : e_.missing_facts(c)) out.missing.push_back(p_.facts[f].name);
        return out;
    }

    /// The conclusions referenced on the way from `node` to `target`, following only the
    /// sub-conditions that decided their parent's value (as the evaluator did to find it).
    bool chain_to(std::uint32_t node, ConclusionIndex target,
                  std::vector<ConclusionIndex>& path) const {
        // A node that led nowhere once leads nowhere again: each is tried once, so shared
        // sub-conditions cost linear, not exponential, time.
        if (visited_[node]) return false;
        visited_[node] = true;
        const auto& n = p_.nodes[node];
        if (n.op == NodeOp::conclusion_ref) {
            path.push_back(n.ref);
            if (n.ref == target) return true;
            auto item = p_.conclusion_item[n.ref];
            if (item != detail::no_index && chain_to(p_.items[item].root(), target, path))
                return true;
            path.pop_back();
            return false;
        }
        if (n.op == NodeOp::criterion_ref)
            return chain_to(p_.items[p_.criterion_item[n.ref]].root(), target, path);
        auto value = e_.node_values()[node];
        for (std::uint32_t i = 0; i < n.child_count; ++i) {
            auto kid = p_.children[n.first_child + i];
            if ((n.child_count == 1 || e_.node_values()[kid] == value) &&
                chain_to(kid, target, path))
                return true;
        }
        return false;
    }

    /// A condition's tree. Each criterion it refers to is expanded once, however often it is
    /// referred to, and references nest at most `max_expansions` deep: the tree stays as large
    /// as the rules, never exponential.
    Term derivation(std::uint32_t root) const {
        expanded_.assign(p_.criteria.size(), false);
        expansion_depth_ = 0;
        return term(root);
    }

    std::string fill(const std::string& text) const {
        std::string out;
        detail::walk_template(
            text, [&](std::string_view literal) { out += literal; },
            [&](std::string_view name, std::size_t) {
                auto n = std::string(name);
                if (auto f = facts_.rule_set().find_fact(n))
                    out += wording::fact_value_text(p_.facts[*f], facts_.value(*f));
                else if (auto prm = facts_.rule_set().find_parameter(n))
                    out += wording::parameter_value_text(p_.parameters[*prm]);
                else if (auto score = facts_.rule_set().find_score(n))
                    out += wording::score_value_text(e_, facts_.rule_set(), *score);
                else
                    out += "{" + n + "}";
            });
        return out;
    }

    std::string operand_text(const detail::Operand& o, std::vector<std::string>& facts) const {
        switch (o.kind) {
            case OperandKind::fact: {
                const auto& f = p_.facts[o.index];
                facts.push_back(f.name);
                return fmt::format("{} {}", f.name,
                                   wording::fact_value_text(f, facts_.value(o.index)));
            }
            case OperandKind::parameter:
                return fmt::format("{} {}", p_.parameters[o.index].name,
                                   wording::parameter_value_text(p_.parameters[o.index]));
            default:
                return o.text;
        }
    }

    /// The bool fact a comparison reads, if it reads one.
    const FactInfo* boolean_fact(const detail::Node& n) const {
        for (int i = 0; i < 2; ++i)
            if (n.operands[i].kind == OperandKind::fact &&
                p_.facts[n.operands[i].index].type == ValueType::boolean)
                return &p_.facts[n.operands[i].index];
        return nullptr;
    }

    /// The unit a margin is given in: the fact's, else the parameter's, else the literal's.
    bool margin_unit(const detail::Node& n, double& to_base, std::string& unit) const {
        for (const auto& o : n.operands) {
            if (o.kind == OperandKind::fact) {
                to_base = p_.facts[o.index].to_base;
                unit = p_.facts[o.index].unit;
                return p_.facts[o.index].type != ValueType::boolean;
            }
        }
        for (const auto& o : n.operands) {
            if (o.kind == OperandKind::parameter) {
                to_base = p_.parameters[o.index].to_base;
                unit = p_.parameters[o.index].unit;
                return p_.parameters[o.index].type != ValueType::boolean;
            }
        }
        return false;
    }

    bool operand_value(const detail::Operand& o, double& out) const {
        return detail::operand_value(p_, facts_.values(), o.kind, o.index, o.value, out);
    }

    std::string margin(const detail::Node& n, double a, double b) const {
        double to_base = 1;
        std::string unit;
        if (!margin_unit(n, to_base, unit)) return {};
        if (detail::nearly_equal(a, b)) return " (at the threshold)";
        return fmt::format(" (by {})", wording::quantity_text(std::abs(a - b), to_base, unit));
    }

    Term term(std::uint32_t index) const {
        const auto& n = p_.nodes[index];
        Term t;
        t.value = e_.node_values()[index];
        auto kids = [&] {
            for (std::uint32_t i = 0; i < n.child_count; ++i)
                t.children.push_back(term(p_.children[n.first_child + i]));
        };
        switch (n.op) {
            case NodeOp::constant:
                t.text = n.text;
                break;
            case NodeOp::fact_bool: {
                const auto& f = p_.facts[n.ref];
                t.facts.push_back(f.name);
                t.text = fmt::format("{} is {}", f.name,
                                     wording::fact_value_text(f, facts_.value(n.ref)));
                break;
            }
            case NodeOp::criterion_ref: {
                const auto& c = p_.criteria[n.ref];
                const std::string& wording = t.value == Truth::true_    ? c.pass_text
                                             : t.value == Truth::false_ ? c.fail_text
                                                                        : std::string();
                t.text = fmt::format("{} ({}): {}", c.title, c.name,
                                     t.value == Truth::true_    ? "pass"
                                     : t.value == Truth::false_ ? "fail"
                                                                : "not yet known");
                if (!wording.empty()) t.text += " — " + wording;
                t.cite = c.cite;
                if (expanded_[n.ref] || expansion_depth_ >= max_expansions) {
                    t.text += expanded_[n.ref] ? " (derivation shown once, above)" : " (…)";
                    break;
                }
                expanded_[n.ref] = true;
                ++expansion_depth_;
                t.children.push_back(term(p_.items[p_.criterion_item[n.ref]].root()));
                --expansion_depth_;
                break;
            }
            case NodeOp::conclusion_ref: {
                const auto& c = p_.conclusions[n.ref];
                t.text = fmt::format("{} ({}): {}", c.title, c.name, to_string(e_.status(n.ref)));
                t.cite = c.cite;
                break;
            }
            case NodeOp::compare: {
                if (const auto* f = boolean_fact(n)) {
                    // "program.steps_followed = true: it is false" reads better than values
                    // on both sides of an equals sign.
                    const auto& fact =
                        n.operands[0].kind == OperandKind::fact ? n.operands[0] : n.operands[1];
                    const auto& other = &fact == &n.operands[0] ? n.operands[1] : n.operands[0];
                    t.facts.push_back(f->name);
                    t.text = fmt::format("{} {} {}: it is {}", f->name, compare_symbol(n.compare),
                                         other.kind == OperandKind::parameter
                                             ? p_.parameters[other.index].name
                                             : other.text,
                                         wording::fact_value_text(*f, facts_.value(fact.index)));
                    break;
                }
                auto lhs = operand_text(n.operands[0], t.facts);
                auto rhs = operand_text(n.operands[1], t.facts);
                t.text = fmt::format("{} {} {}", lhs, compare_symbol(n.compare), rhs);
                double a, b;
                if (operand_value(n.operands[0], a) && operand_value(n.operands[1], b))
                    t.text += margin(n, a, b);
                break;
            }
            case NodeOp::between: {
                t.text = fmt::format("{} between {} and {}", operand_text(n.operands[0], t.facts),
                                     operand_text(n.operands[1], t.facts),
                                     operand_text(n.operands[2], t.facts));
                break;
            }
            case NodeOp::enum_in:
            case NodeOp::set_has_any:
            case NodeOp::set_has_all: {
                const auto& f = p_.facts[n.ref];
                t.facts.push_back(f.name);
                auto members = wording::members_text(f, n.mask);
                auto value = wording::fact_value_text(f, facts_.value(n.ref));
                // The condition as written, then what the patient has: "thomas.pain not in
                // {none, upper_thigh_stretch}: it is hip".
                if (n.op == NodeOp::enum_in)
                    t.text = fmt::format("{} {}in {}: it is {}", f.name, n.negate ? "not " : "",
                                         members, value);
                else
                    t.text =
                        fmt::format("{} contains {} of {}: it is {}", f.name,
                                    n.op == NodeOp::set_has_all ? "all" : "any", members, value);
                break;
            }
            case NodeOp::logical_not:
                t.text = "not";
                kids();
                break;
            case NodeOp::logical_and:
                t.text = "all of";
                kids();
                break;
            case NodeOp::logical_or:
                t.text = "any of";
                kids();
                break;
            case NodeOp::at_least:
                t.text = fmt::format("at least {} of", n.count);
                kids();
                break;
            case NodeOp::score_sum:
                t.text = fmt::format("{} {}", p_.scores[n.ref].name,
                                     wording::score_value_text(e_, facts_.rule_set(), n.ref));
                break;
            case NodeOp::score_compare:
                t.text =
                    fmt::format("{} {} {} {}", p_.scores[n.ref].name,
                                wording::score_value_text(e_, facts_.rule_set(), n.ref),
                                compare_symbol(n.compare), operand_text(n.operands[0], t.facts));
                break;
        }
        return t;
    }

    static constexpr int max_expansions = 16;

    const Evaluation& e_;
    const Facts& facts_;
    const Program& p_;
    mutable std::vector<bool> visited_;   // chain_to: nodes already tried
    mutable std::vector<bool> expanded_;  // term: criteria already expanded in this tree
    mutable int expansion_depth_ = 0;
};

}  // namespace

Explanation explain(const Evaluation& evaluation, const Facts& facts) {
    // Program strings are shared, so identity of the name's storage identifies the rule set.
    if (evaluation.empty() ||
        evaluation.audit().rule_set_name.data() != facts.rule_set().name().data())
        throw std::invalid_argument(
            "ilio::explain: the evaluation does not come from these facts' rule set");
    return Explainer(evaluation, facts).run();
}

}  // namespace ilio
