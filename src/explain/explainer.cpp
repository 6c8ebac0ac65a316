// explain(): turns an Evaluation's node values into derivation trees and sentences.

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "common/one_line.hpp"
#include "common/template_text.hpp"
#include "evaluate/held_period.hpp"
#include "evaluate/kleene_pass.hpp"
#include "evaluate/leaf_truth.hpp"
#include "explain/derivation_reuse.hpp"
#include "explain/refill.hpp"
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
using wording::Refill;

/// Appends to `out` what fmt::format returns for a format compiled with FMT_COMPILE: parsed when
/// ilio is built, not at every term of every explanation.
template <typename Format, typename... Args>
void append(std::string& out, const Format&, Args&&... args) {
    // The format is in its type: made again here as a constant, which fmt compiles.
    fmt::format_to(std::back_inserter(out), Format(), std::forward<Args>(args)...);
}

/// Appends the label of `any of`, `all of` or `at least N of` (already in `out`) as written:
/// with the item list's name when the rule names one (`at least 3 of strep_pointers`); its
/// items are the term's children.
void list_use(std::string& out, std::string_view quantifier, const detail::Node& n) {
    out += quantifier;
    if (n.list.empty()) return;
    out += ' ';
    out += n.list;
}

/// A value after its name, as explanations write it: "knee_flexion_min 80 deg", or "80 deg"
/// for a literal (no name); formatted in place, without a string of its own.
struct Named {
    const std::string* name;  ///< null or empty: the value alone
    const std::string& value;
    explicit Named(const TermThreshold& t)
        : name(t.source == "literal" ? nullptr : &t.name), value(t.value.text) {}
    Named(const std::string* n, const std::string& v) : name(n), value(v) {}
};

}  // namespace
}  // namespace ilio

template <>
struct fmt::formatter<ilio::Named> : fmt::formatter<std::string_view> {
    template <typename Context>
    auto format(const ilio::Named& n, Context& context) const {
        auto out = context.out();
        if (n.name && !n.name->empty()) {
            out = std::copy(n.name->begin(), n.name->end(), out);
            *out++ = ' ';
        }
        return std::copy(n.value.begin(), n.value.end(), out);
    }
};

namespace ilio {
namespace {

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
    Explainer(const Evaluation& e, const Facts& facts, ExplainDetail detail,
              detail::DerivationReuse& reuse)
        : e_(e), facts_(facts), p_(facts.rule_set().program()), detail_(detail), reuse_(reuse) {}

    void run(Explanation& x) {
        x.detail = detail_;
        reuse_.reset(p_.criteria.size());
        auto audit = e_.audit();
        x.rule_set = audit.rule_set_name;
        x.version = audit.rule_set_version;
        x.title = p_.title;
        x.source_sha256 = audit.source_hash;
        x.engine_version = audit.engine_version;
        {
            Refill<ExplainedParameter> overrides(x.overrides);
            for (const auto& param : p_.parameters)
                if (param.overridden) {
                    auto& o = overrides.next();
                    o.name = param.name;
                    o.value = wording::parameter_value_text(param);
                }
        }
        // Each open conclusion's missing facts are worked out once (a pass over cases per
        // conclusion): its own `missing` and every needed fact's `would_decide` read them.
        missing_.resize(p_.conclusions.size());
        for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c)
            missing_[c] = e_.missing_facts_view(c);
        // Every conclusion has its place before any is filled: a step's gate is built into its
        // first conclusion's and copied from there into the others'.
        x.conclusions.resize(p_.conclusions.size());
        gate_terms_.assign(p_.steps.size(), nullptr);
        for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c) conclusion(c, x.conclusions[c]);
        {
            Refill<ExplainedStep> steps(x.steps, p_.steps.size());
            for (StepIndex s = 0; s < p_.steps.size(); ++s) {
                auto& step = steps.next();
                step.name = p_.steps[s].name;
                step.title = p_.steps[s].title;
                step.state = e_.step_state(s);
                set_ref(step.closed_by, e_.step_closed_by(s));
            }
        }
        {
            Refill<ExplainedScore> scores(x.scores);
            for (ScoreIndex s = 0; s < p_.scores.size(); ++s)
                scores.next() = wording::explain_score(e_, facts_.rule_set(), s);
        }
        // Each needed fact's place in x.needed, so that one walk over the conclusions' missing
        // facts fills every `would_decide` in conclusion order.
        need_of_.assign(p_.facts.size(), detail::no_index);
        {
            Refill<NeededFact> needed(x.needed, e_.needed().size());
            for (auto f : e_.needed()) {
                need_of_[f] = static_cast<std::uint32_t>(needed.size());
                auto& need = needed.next();
                need.fact = p_.facts[f].name;
                need.ask = p_.facts[f].ask;
                need.decides = e_.decides(f);
                need.remeasure = e_.remeasure(f);
                need.reading.clear();
                if (need.remeasure)
                    need.reading = wording::fact_value_data(p_.facts[f], facts_.value(f)).text;
                need.would_decide.clear();
            }
        }
        // A summary does not list them: for an incomplete patient they were a third of its
        // strings (every open conclusion under each of the facts it waits for).
        if (full())
            for (ConclusionIndex c = 0; c < p_.conclusions.size(); ++c)
                for (auto f : missing_[c])
                    if (need_of_[f] != detail::no_index)
                        set_ref(x.needed[need_of_[f]].would_decide.emplace_back(), c);
        x.warnings = facts_.warnings();
    }

  private:
    void set_ref(NamedRef& out, ConclusionIndex c) const {
        out.name = p_.conclusions[c].name;
        out.title = p_.conclusions[c].title;
    }
    static void set_ref(std::optional<NamedRef>& out, const std::string& name,
                        const std::string& title) {
        if (!out) out.emplace();
        out->name = name;
        out->title = title;
    }
    void set_ref(std::optional<NamedRef>& out, std::optional<ConclusionIndex> c) const {
        if (!c) return out.reset();
        set_ref(out, p_.conclusions[*c].name, p_.conclusions[*c].title);
    }
    void set_step_ref(std::optional<NamedRef>& out, std::optional<StepIndex> s) const {
        if (!s) return out.reset();
        set_ref(out, p_.steps[*s].name, p_.steps[*s].title);
    }

    /// `to` = `from` when `copy`, else empty, in the memory `to` holds.
    static void copy_if(bool copy, const std::string& from, std::string& to) {
        if (copy)
            to = from;
        else
            to.clear();
    }

    /// Fills `out` with conclusion c's explanation, overwriting every field.
    void conclusion(ConclusionIndex c, ExplainedConclusion& out) const {
        const auto& info = p_.conclusions[c];
        out.name = info.name;
        out.kind = info.kind;
        out.urgency = info.urgency;
        out.status = e_.status(c);
        // A summary shows the titles of conclusions that apply, the doses of fired ones and no
        // citation: for a complete psoas patient two thirds of the conclusions do not apply,
        // and their texts were a tenth of the summary's cost.
        copy_if(full() || out.status != ConclusionStatus::not_applicable, info.title, out.title);
        copy_if(full(), info.cite, out.cite);
        copy_if(full() || out.status == ConclusionStatus::fired, info.dose, out.dose);
        // `because` states what holds for this patient: only true of a fired conclusion. A
        // summary does not show it (its facts filled in were a twentieth of a summary's cost).
        out.because.clear();
        if (full() && out.status == ConclusionStatus::fired) fill(info.because, out.because);
        if (detail_ == ExplainDetail::full || shown_in_summary(out))
            derivation(p_.items[p_.conclusion_item[c]].root(), out.derivation);
        else
            clear_term(out.derivation);
        if (info.step) {
            // A summary titles the steps from x.steps alone: its conclusions' name theirs.
            if (!out.step) out.step.emplace();
            out.step->name = p_.steps[*info.step].name;
            copy_if(full(), p_.steps[*info.step].title, out.step->title);
        } else {
            out.step.reset();
        }
        if (info.step && p_.gate_item[*info.step] != detail::no_index)
            gate_derivation(*info.step, out.gate);
        else
            out.gate.reset();
        auto pop = e_.excluded_by(c);
        if (pop) {
            set_ref(out.excluded_by, p_.populations[*pop].name, p_.populations[*pop].title);
            if (!out.population) out.population.emplace();
            derivation(p_.items[p_.population_item[*pop]].root(), *out.population);
        } else {
            out.excluded_by.reset();
            out.population.reset();
        }
        auto held_at = e_.withheld_at(c);
        set_step_ref(out.withheld_at, held_at != info.step ? held_at : std::nullopt);
        auto closer = e_.withheld_by(c);
        set_ref(out.withheld_by, closer);
        {
            Refill<NamedRef> chain(out.gate_chain);
            path_.clear();
            auto gate = held_at ? p_.gate_item[*held_at] : detail::no_index;
            if (closer && gate != detail::no_index) {
                visited_.assign(p_.nodes.size(), false);
                if (chain_to(p_.items[gate].root(), *closer, path_))
                    for (auto link : path_) set_ref(chain.next(), link);
            }
        }
        {
            bool open = out.status == ConclusionStatus::unknown;
            std::size_t known = 0;
            if (open)
                for (auto f : missing_[c]) known += facts_.known(f);
            // A summary reads only whether each list is empty (a conclusion open on a
            // borderline reading alone says so): it gets the first of each. An incomplete
            // psoas patient's full lists name 672 facts.
            std::size_t most = full() ? missing_[c].size() : 1;
            Refill<std::string> missing(out.missing,
                                        std::min(most, open ? missing_[c].size() - known : 0));
            Refill<std::string> remeasure(out.remeasure, std::min(most, known));
            if (open)
                for (auto f : missing_[c]) {
                    auto& list = facts_.known(f) ? remeasure : missing;
                    if (list.size() < most) list.next() = p_.facts[f].name;
                }
        }
        if (e_.decided_by_cases(c))
            out.by_cases = by_cases(c);
        else
            out.by_cases.reset();
    }

    /// The facts a conclusion was decided over and, when there are at most max_listed_cases,
    /// each case: the cell each fact takes and the value of each score the condition compares.
    ExplainedConclusion::ByCases by_cases(ConclusionIndex c) const {
        constexpr std::size_t max_listed_cases = 6;
        ExplainedConclusion::ByCases out;
        auto split = e_.case_facts(c);
        std::size_t product = 1;
        for (auto f : split) {
            out.facts.push_back(p_.facts[f].name);
            product *= p_.fact_cell_offsets[f + 1] - p_.fact_cell_offsets[f];
        }
        if (product > max_listed_cases) return out;
        std::vector<ScoreIndex> scores;
        const auto& item = p_.items[p_.conclusion_item[c]];
        for (auto n = item.node_begin; n < item.node_end; ++n)
            if (p_.eval_nodes[n].op == detail::NodeOp::score_compare &&
                std::find(scores.begin(), scores.end(), p_.eval_nodes[n].ref) == scores.end())
                scores.push_back(p_.eval_nodes[n].ref);
        const RuleSet& rules = facts_.rule_set();
        std::vector<std::uint32_t> cell(split.size(), 0);
        for (std::size_t k = 0; k < product; ++k) {
            Facts one = facts_;
            std::string line;
            auto rest = k;
            for (std::size_t i = 0; i < split.size(); ++i) {
                auto f = split[i];
                auto first = p_.fact_cell_offsets[f];
                auto cells = p_.fact_cell_offsets[f + 1] - first;
                auto at = first + static_cast<std::uint32_t>(rest % cells);
                rest /= cells;
                set_cell(one, f, p_.fact_cells[at]);
                line += (line.empty() ? "" : ", ") + p_.facts[f].name + " " + cell_text(f, at);
            }
            Evaluation result = rules.evaluate(one);
            std::string values;
            for (auto s : scores)
                values += (values.empty() ? "" : ", ") + p_.scores[s].title + " " +
                          wording::score_value_text(result, rules, s);
            if (values.empty()) values = std::string(to_string(result.status(c)));
            out.cases.push_back(line + ": " + values);
        }
        return out;
    }

    void set_cell(Facts& facts, FactIndex f, const FactValue& value) const {
        const auto& fact = p_.facts[f];
        switch (fact.type) {
            case ValueType::boolean:
                return facts.set_bool(f, value.number != 0.0);
            case ValueType::one_of:
            case ValueType::set_of: {
                std::vector<std::string> members;
                for (std::size_t k = 0; k < fact.members.size(); ++k)
                    if (value.members & (std::uint64_t{1} << k)) members.push_back(fact.members[k]);
                if (fact.type == ValueType::one_of) return facts.set_enum(f, members.front());
                return facts.set_members(f, members);
            }
            default:
                return facts.set_number(f, value.number / fact.to_base);
        }
    }

    /// A cell as a clinician reads it: the value, or for a value between two thresholds, the
    /// open interval it stands for ("above 65 years and below 75 years").
    std::string cell_text(FactIndex f, std::uint32_t at) const {
        const auto& fact = p_.facts[f];
        const auto& value = p_.fact_cells[at];
        if (fact.type != ValueType::number && fact.type != ValueType::integer)
            return wording::fact_value_text(fact, value);
        auto first = p_.fact_cell_offsets[f], last = p_.fact_cell_offsets[f + 1];
        auto text = [&](std::uint32_t k) {
            return wording::quantity_text(p_.fact_cells[k].number, fact.to_base, fact.unit);
        };
        if (p_.fact_cell_is_point[at]) return text(at);
        if (at == first) return "below " + text(at + 1);
        if (at + 1 == last) return "above " + text(at - 1);
        return fmt::format("above {} and below {}", text(at - 1), text(at + 1));
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

    /// A step's gate, the same for each conclusion of the step: built into the first's, copied
    /// into the others' (a copy costs a fraction of building: no wording, no formatting). For a
    /// summary, its condition and value only.
    void gate_derivation(StepIndex s, std::optional<Term>& out) const {
        if (!out) out.emplace();
        const Term* built = gate_terms_[s];
        auto root = p_.items[p_.gate_item[s]].root();
        if (detail_ == ExplainDetail::full) {
            if (built)
                *out = *built;
            else
                derivation(root, *out);
        } else {
            // A condition and a value: copied as such, not as a whole Term (a third of it).
            clear_term(*out);
            out->value = e_.node_values()[root];
            if (built)
                out->condition = built->condition;
            else
                condition_text(root, out->condition);
        }
        gate_terms_[s] = &*out;
    }

    bool full() const { return detail_ == ExplainDetail::full; }

    /// Whether render_summary shows a conclusion's condition tree: a fired finding's or red
    /// flag's evidence.
    static bool shown_in_summary(const ExplainedConclusion& c) {
        return c.status == ConclusionStatus::fired &&
               (c.kind == ConclusionKind::finding || c.kind == ConclusionKind::red_flag);
    }

    /// A condition's tree. Each criterion it refers to is expanded once, however often it is
    /// referred to, and references nest at most `max_expansions` deep: the tree stays as large
    /// as the rules, never exponential.
    void derivation(std::uint32_t root, Term& out) const {
        expanded_.assign(p_.criteria.size(), false);
        expansion_depth_ = 0;
        reuse_.start_tree();
        term(root, out);
    }

    /// The author's text with {fact}, {param} and {score} filled in, appended to `out`.
    void fill(const std::string& text, std::string& out) const {
        detail::walk_template(
            text, [&](std::string_view literal) { out += literal; },
            [&](std::string_view name, std::size_t) {
                const RuleSet& rules = facts_.rule_set();
                if (auto f = rules.find_fact(name))
                    wording::append_fact_value_text(out, p_.facts[*f], facts_.value(*f));
                else if (auto prm = rules.find_parameter(name))
                    out += wording::parameter_value_text(p_.parameters[*prm]);
                else if (auto score = rules.find_score(name))
                    out += wording::score_value_text(e_, rules, *score);
                else
                    append(out, FMT_COMPILE("{{{}}}"), name);
            });
    }

    /// An operand as data into `v`, in `unit_fact`'s unit when it is a number compared with
    /// that fact.
    void operand_value_data(const detail::Operand& o, const FactInfo* unit_fact,
                            TermValue& v) const {
        if (o.kind == OperandKind::fact)
            return wording::fact_value_data(p_.facts[o.index], values()[o.index], v);
        if (o.kind == OperandKind::expression) {
            // Computed as a reading is, in the unit of its shape (or of the fact it is compared
            // with).
            const FactInfo& shape = unit_fact ? *unit_fact : p_.expressions[o.index].shape;
            auto context = detail::reading_context(p_, facts_);
            auto r = detail::expression_reading(p_, values(), &context, o.index);
            FactValue value;
            value.known = r.usable();
            value.number = r.value;
            wording::fact_value_data(shape, value, v);
            if (r.known && !r.defined) v.text = "undefined (a division by zero)";
            return;
        }
        v.known = true;
        v.members.clear();
        v.text.clear();
        double to_base = unit_fact ? unit_fact->to_base : 1.0;
        const std::string* unit = unit_fact ? &unit_fact->unit : &no_unit_;
        double base = o.value;
        bool boolean = unit_fact && unit_fact->type == ValueType::boolean;
        v.type = unit_fact ? unit_fact->type : ValueType::number;
        if (o.kind == OperandKind::parameter) {
            const auto& prm = p_.parameters[o.index];
            v.type = prm.type;
            boolean = prm.type == ValueType::boolean;
            if (!unit_fact) {
                to_base = prm.to_base;
                unit = &prm.unit;
            }
            base = p_.parameter_base_values[o.index];
        }
        v.unit = *unit;
        v.number = wording::display_number(base, to_base);
        if (boolean)
            v.text = base != 0 ? "true" : "false";
        else
            wording::append_quantity_text(v.text, base, to_base, *unit);
    }

    void threshold(const detail::Operand& o, const FactInfo* unit_fact, TermThreshold& t) const {
        operand_value_data(o, unit_fact, t.value);
        switch (o.kind) {
            case OperandKind::fact:
                t.source = "fact";
                t.name = p_.facts[o.index].name;
                break;
            case OperandKind::parameter:
                t.source = "parameter";
                t.name = p_.parameters[o.index].name;
                break;
            case OperandKind::expression:
                t.source = "expression";
                t.name = p_.expressions[o.index].shape.name;
                break;
            default:
                t.source = "literal";
                t.name.clear();
                break;
        }
    }

    bool operand_value(const detail::Operand& o, double& out) const {
        auto context = detail::reading_context(p_, facts_);
        context.bands = nullptr;  // the value as read; its band is borderline_band's
        auto r = detail::operand_reading(p_, values(), &context, o.kind, o.index, o.value);
        out = r.value;
        return r.usable();
    }

    /// The comparison with its fact first: `param < fact` reads as `fact > param`.
    static CompareOp mirrored(CompareOp op) {
        switch (op) {
            case CompareOp::less:
                return CompareOp::greater;
            case CompareOp::less_equal:
                return CompareOp::greater_equal;
            case CompareOp::greater:
                return CompareOp::less;
            case CompareOp::greater_equal:
                return CompareOp::less_equal;
            default:
                return op;
        }
    }

    /// For a comparison left open although its facts are known: the band of the reading that
    /// keeps it open (leaf_truth decides the same way), in the unit of `fact`.
    std::optional<TermBand> borderline_band(std::uint32_t index, std::uint32_t count,
                                            const FactInfo& fact) const {
        detail::Reading readings[3];
        auto context = detail::reading_context(p_, facts_);
        detail::operand_readings(p_, p_.eval_nodes[index], values(), &context, readings);
        double band = detail::comparison_band(readings, count);
        if (!(band > 0)) return std::nullopt;
        TermBand out;
        out.k = p_.parameter_base_values[p_.error_k];
        // For reading, to the hundredth: 1.96 × 2.83 deg = 5.54 deg.
        auto hundredths = [](double v) { return std::round(v * 100) / 100; };
        out.half_width = hundredths(wording::display_number(band, fact.to_base));
        out.error = hundredths(wording::display_number(band / out.k, fact.to_base));
        out.unit = fact.unit;
        return out;
    }

    /// "is within 1.96 × 2 deg (3.9 deg) of": why a known reading leaves a comparison open.
    static std::string band_words(const TermBand& b, const FactInfo& fact) {
        auto in_unit = [&](double v) {
            return wording::quantity_text(v * fact.to_base, fact.to_base, fact.unit);
        };
        return fmt::format("is within {:g} × {} ({}) of", b.k, in_unit(b.error),
                           in_unit(b.half_width));
    }

    void comparison(Term& t, const detail::Node& n, std::uint32_t index) const {
        t.kind = TermKind::comparison;
        // The fact reads first; a comparison of two parameters or literals keeps its order.
        int subject =
            n.operands[1].kind == OperandKind::fact && n.operands[0].kind != OperandKind::fact ? 1
                                                                                               : 0;
        const auto& lhs = n.operands[subject];
        const auto& rhs = n.operands[1 - subject];
        auto op = subject == 0 ? n.compare : mirrored(n.compare);
        // Arithmetic reads like a measured fact, named by its text.
        const FactInfo* fact = lhs.kind == OperandKind::fact ? &p_.facts[lhs.index]
                               : lhs.kind == OperandKind::expression
                                   ? &p_.expressions[lhs.index].shape
                                   : nullptr;
        t.op = compare_symbol(op);
        if (lhs.kind == OperandKind::fact) t.fact = fact->name;
        for (const auto* o : {&lhs, &rhs}) {
            if (!full()) break;  // the facts a term reads: only JSON shows them
            if (o->kind == OperandKind::fact) t.facts.push_back(p_.facts[o->index].name);
            if (o->kind == OperandKind::expression)
                detail::for_each_fact_in_expression(p_, o->index, [&](FactIndex f) {
                    if (std::find(t.facts.begin(), t.facts.end(), p_.facts[f].name) ==
                        t.facts.end())
                        t.facts.push_back(p_.facts[f].name);
                });
        }
        operand_value_data(lhs, fact, t.actual.emplace());
        threshold(rhs, fact, t.thresholds.emplace_back());
        const auto& limit = t.thresholds.back();
        if (fact && fact->type == ValueType::boolean) {
            // "program.steps_followed is false (the rule asks = true)": a truth value is not a
            // quantity to put on both sides of an equals sign.
            const auto& asked = limit.source == "literal" ? limit.value.text : limit.name;
            if (t.actual->known)
                append(t.text, FMT_COMPILE("{} is {} (the rule asks {} {})"), fact->name,
                       t.actual->text, t.op, asked);
            else
                append(t.text, FMT_COMPILE("{}: not yet known (the rule asks {} {})"), fact->name,
                       t.op, asked);
            return;
        }
        const std::string* subject_name = fact ? &fact->name
                                          : lhs.kind == OperandKind::parameter
                                              ? &p_.parameters[lhs.index].name
                                              : nullptr;
        Named left{subject_name, t.actual->text};
        double a, b;
        if (!(operand_value(lhs, a) && operand_value(rhs, b))) {
            append(t.text, FMT_COMPILE("{}: is it {} {}?"), left,
                   wording::comparison_words(t.op, true), Named(limit));
            return;
        }
        if (t.value == Truth::unknown && fact) {
            // Known values, yet open: the reading is borderline.
            t.band = borderline_band(index, 2, *fact);
            if (t.band) {
                t.margin = wording::display_number(std::abs(a - b), fact->to_base);
                t.margin_unit = fact->unit;
                append(t.text, FMT_COMPILE("{} {} {}: borderline, measure again"), left,
                       band_words(*t.band, *fact), Named(limit));
                return;
            }
        }
        bool dates = fact && fact->type == ValueType::date;
        append(t.text, FMT_COMPILE("{} is {} {}"), left,
               wording::comparison_words(t.op, t.value == Truth::true_, dates), Named(limit));
        if (fact) {
            // A change between visits within its band: decided, as no real change.
            detail::Reading readings[2];
            auto context = detail::reading_context(p_, facts_);
            detail::operand_readings(p_, p_.eval_nodes[index], values(), &context, readings);
            double band = detail::comparison_band(readings, 2);
            if ((readings[0].change || readings[1].change) &&
                detail::within_band(readings[0].value, readings[1].value, band)) {
                t.band = borderline_band(index, 2, *fact);
                auto in_unit = [&](double v) {
                    return wording::quantity_text(v * fact->to_base, fact->to_base, fact->unit);
                };
                append(t.text,
                       FMT_COMPILE(" — within the minimal detectable change ({:g} × {} = {}): "
                                   "not a real change"),
                       t.band->k, in_unit(t.band->error), in_unit(t.band->half_width));
                return;
            }
        }
        if (!fact) return;
        // Two dates are apart by days.
        double to_base = dates ? detail::seconds_per_day : fact->to_base;
        const std::string& unit = dates ? day_unit_ : fact->unit;
        if (detail::nearly_equal(a, b)) {
            t.margin = 0.0;
            t.margin_unit = unit;
            t.text += dates ? " (the same day)" : " (at the threshold)";
            return;
        }
        t.margin = wording::display_number(std::abs(a - b), to_base);
        t.margin_unit = unit;
        t.text += ' ';
        t.text += wording::margin_words(t.op, t.value == Truth::true_,
                                        wording::quantity_text(std::abs(a - b), to_base, unit));
    }

    void between(Term& t, const detail::Node& n, std::uint32_t index) const {
        t.kind = TermKind::between;
        t.op = "between";
        const auto& subject = n.operands[0];
        const FactInfo* fact =
            subject.kind == OperandKind::fact ? &p_.facts[subject.index] : nullptr;
        if (full())
            for (const auto& o : n.operands)
                if (o.kind == OperandKind::fact) t.facts.push_back(p_.facts[o.index].name);
        if (fact) t.fact = fact->name;
        operand_value_data(subject, fact, t.actual.emplace());
        threshold(n.operands[1], fact, t.thresholds.emplace_back());
        threshold(n.operands[2], fact, t.thresholds.emplace_back());
        Named left{fact ? &fact->name : nullptr, t.actual->text};
        Named low_limit(t.thresholds[0]), high_limit(t.thresholds[1]);
        double x, lo, hi;
        if (t.value == Truth::unknown && fact && operand_value(n.operands[0], x) &&
            operand_value(n.operands[1], lo) && operand_value(n.operands[2], hi) &&
            (t.band = borderline_band(index, 3, *fact))) {
            bool low = std::abs(x - lo) <= std::abs(x - hi);
            t.margin = wording::display_number(std::abs(x - (low ? lo : hi)), fact->to_base);
            t.margin_unit = fact->unit;
            append(t.text, FMT_COMPILE("{} {} {} (between {} and {}): borderline, measure again"),
                   left, band_words(*t.band, *fact), low ? low_limit : high_limit, low_limit,
                   high_limit);
        } else if (t.value == Truth::unknown)
            append(t.text, FMT_COMPILE("{}: is it between {} and {}?"), left, low_limit,
                   high_limit);
        else
            append(t.text, FMT_COMPILE("{} is {}between {} and {}"), left,
                   t.value == Truth::true_ ? "" : "not ", low_limit, high_limit);
    }

    void membership(Term& t, const detail::Node& n) const {
        t.kind = TermKind::membership;
        const auto& f = p_.facts[n.ref];
        t.fact = f.name;
        if (full()) t.facts.push_back(f.name);
        t.op = n.op == NodeOp::enum_in       ? (n.negate ? "not in" : "in")
               : n.op == NodeOp::set_has_all ? "contains all of"
                                             : "contains any of";
        for (std::size_t i = 0; i < f.members.size(); ++i)
            if (n.mask & (std::uint64_t{1} << i)) t.members.push_back(f.members[i]);
        wording::fact_value_data(f, facts_.value(n.ref), t.actual.emplace());
        // The condition as written ("history.red_flags contains fever", "… = internal"), then
        // what the patient has.
        if (!t.actual->known)
            append(t.text, FMT_COMPILE("{}: not yet known"), t.condition);
        else
            append(t.text, FMT_COMPILE("{}: it {} {}"), t.condition,
                   f.type == ValueType::set_of ? "has" : "is", t.actual->text);
    }

    /// Empties every field of `t` but its children as a default Term has them, keeping the
    /// memory its strings hold: each kind of term then sets the fields it has.
    static void clear_term(Term& t) {
        begin_term(t);
        t.children.clear();
    }

    static void begin_term(Term& t) {
        t.text.clear();
        t.condition.clear();
        t.kind = TermKind::constant;
        t.value = Truth::unknown;
        t.node.clear();
        t.fact.clear();
        t.op.clear();
        t.actual.reset();
        t.thresholds.clear();
        t.members.clear();
        t.margin.reset();
        t.margin_unit.clear();
        t.band.reset();
        t.facts.clear();
        t.cite.clear();
        t.date.clear();
    }

    /// Fills `t` with node `index`'s tree, overwriting every field. Children are built in
    /// place, into the children `t` already has: moving a Term costs about as much as building
    /// a small one.
    void term(std::uint32_t index, Term& t) const {
        const auto& n = p_.nodes[index];
        begin_term(t);
        Refill<Term> children(t.children, n.child_count);
        t.value = e_.node_values()[index];
        // A summary reads the conditions of leaves alone (wording::evidence).
        if (full() || !combines_children(n.op)) condition_text(index, t.condition);
        auto kids = [&] {
            // A summary shows the children that decided their parent (the branches
            // wording::is_deciding_child picks), so it builds those alone. A node decided
            // by cases may have none of its own value: it keeps its children, none deciding,
            // so that it does not read as a leaf.
            const std::uint32_t* kid = p_.children.data() + n.first_child;
            auto decides = [&](std::uint32_t i) { return e_.node_values()[kid[i]] == t.value; };
            bool all = full() || n.child_count == 1 || t.value == Truth::unknown;
            if (!all) {
                all = true;
                for (std::uint32_t i = 0; i < n.child_count && all; ++i) all = !decides(i);
            }
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                if (all || decides(i))
                    term(kid[i], children.next());
                else
                    mark_expansions(kid[i]);
            }
        };
        switch (n.op) {
            case NodeOp::constant:
                t.kind = TermKind::constant;
                t.text = n.text;
                break;
            case NodeOp::fact_bool: {
                const auto& f = p_.facts[n.ref];
                t.kind = TermKind::fact;
                t.fact = f.name;
                if (full()) t.facts.push_back(f.name);
                wording::fact_value_data(f, facts_.value(n.ref), t.actual.emplace());
                if (t.actual->known)
                    append(t.text, FMT_COMPILE("{} is {}"), f.name, t.actual->text);
                else
                    append(t.text, FMT_COMPILE("{}: not yet known"), f.name);
                break;
            }
            case NodeOp::criterion_ref: {
                const auto& c = p_.criteria[n.ref];
                t.kind = TermKind::criterion;
                t.node = c.name;
                const std::string& wording = t.value == Truth::true_    ? c.pass_text
                                             : t.value == Truth::false_ ? c.fail_text
                                                                        : std::string();
                append(t.text, FMT_COMPILE("{} ({}): {}"), c.title, c.name,
                       t.value == Truth::true_    ? "pass"
                       : t.value == Truth::false_ ? "fail"
                                                  : "not yet known");
                if (!wording.empty()) {
                    t.text += " — ";
                    t.text += wording;
                }
                if (full()) t.cite = c.cite;
                if (expanded_[n.ref] || expansion_depth_ >= max_expansions) {
                    reuse_.not_expanded(n.ref, expanded_[n.ref]);
                    t.text += expanded_[n.ref] ? " (derivation shown once, above)" : " (…)";
                    break;
                }
                Term& derived = children.next();
                if (const Term* built = reuse_.copy_of(n.ref, expansion_depth_, expanded_)) {
                    derived = *built;
                    mark_expanded(n.ref);
                    for (auto k : reuse_.expansions(n.ref)) mark_expanded(k);
                    break;
                }
                mark_expanded(n.ref);
                reuse_.begin(n.ref, expansion_depth_, full() && visit_values_ == nullptr);
                ++expansion_depth_;
                term(p_.items[p_.criterion_item[n.ref]].root(), derived);
                --expansion_depth_;
                reuse_.end(derived);
                break;
            }
            case NodeOp::conclusion_ref: {
                const auto& c = p_.conclusions[n.ref];
                t.kind = TermKind::conclusion;
                t.node = c.name;
                append(t.text, FMT_COMPILE("{} ({}): {}"), c.title, c.name,
                       wording::reference_words(e_.status(n.ref)));
                if (full()) t.cite = c.cite;
                break;
            }
            case NodeOp::compare:
                comparison(t, n, index);
                break;
            case NodeOp::held:
                held(t, n, index, children);
                break;
            case NodeOp::between:
                between(t, n, index);
                break;
            case NodeOp::enum_in:
            case NodeOp::set_has_any:
            case NodeOp::set_has_all:
                membership(t, n);
                break;
            case NodeOp::logical_not:
                t.kind = TermKind::not_;
                t.text = "not";
                kids();
                break;
            case NodeOp::logical_and:
                t.kind = TermKind::all_of;
                list_use(t.text, "all of", n);
                kids();
                break;
            case NodeOp::logical_or:
                t.kind = TermKind::any_of;
                list_use(t.text, "any of", n);
                kids();
                break;
            case NodeOp::at_least:
                t.kind = TermKind::at_least;
                append(t.text, FMT_COMPILE("at least {} of"), n.count);
                list_use(t.text, "", n);
                kids();
                break;
            case NodeOp::score_sum:
                t.kind = TermKind::score;
                append(t.text, FMT_COMPILE("{} {}"), p_.scores[n.ref].name,
                       wording::score_value_text(e_, facts_.rule_set(), n.ref));
                break;
            case NodeOp::score_compare:
                t.kind = TermKind::score;
                t.op = compare_symbol(n.compare);
                threshold(n.operands[0], nullptr, t.thresholds.emplace_back());
                append(t.text, FMT_COMPILE("{} {} {} {}"), p_.scores[n.ref].name,
                       wording::score_value_text(e_, facts_.rule_set(), n.ref), t.op,
                       Named(t.thresholds.back()));
                break;
        }
    }

    /// Node `index`'s condition as a term shows it, on one line, into `out`.
    void condition_text(std::uint32_t index, std::string& out) const {
        if (p_.node_text_one_line[index])
            out.assign(p_.nodes[index].text);
        else
            detail::one_line(p_.nodes[index].text, out);
    }

    /// A criterion expanded in this tree: a later reference reads "shown once, above".
    void mark_expanded(std::uint32_t criterion) const {
        expanded_[criterion] = true;
        reuse_.expanded(criterion);
    }

    /// Marks the criteria term() would expand under `index`, as it would mark them, for a
    /// branch a summary leaves out: a criterion is derived once in a tree, where first met, and
    /// a later reference reads "derivation shown once, above" in a summary as in the full tree.
    void mark_expansions(std::uint32_t index) const {
        const auto& n = p_.nodes[index];
        if (n.op == NodeOp::criterion_ref) {
            if (expanded_[n.ref] || expansion_depth_ >= max_expansions) return;
            mark_expanded(n.ref);
            ++expansion_depth_;
            mark_expansions(p_.items[p_.criterion_item[n.ref]].root());
            --expansion_depth_;
        } else if (combines_children(n.op)) {  // the rest are leaves (a held period's too)
            for (std::uint32_t i = 0; i < n.child_count; ++i)
                mark_expansions(p_.children[n.first_child + i]);
        }
    }

    /// `not`, `and`, `or`, `at least`: the nodes whose terms are built from their children's.
    static bool combines_children(NodeOp op) {
        return op == NodeOp::logical_not || op == NodeOp::logical_and || op == NodeOp::logical_or ||
               op == NodeOp::at_least;
    }

    /// The values comparisons read: the latest visit's, or while a held comparison is
    /// explained at an earlier visit, that visit's.
    const std::vector<FactValue>& values() const {
        return visit_values_ ? *visit_values_ : facts_.values();
    }

    std::string visit_date(std::size_t visit) const {
        auto day = facts_.visit_date(visit);
        return day ? format_date(*day) : std::string();
    }

    /// A comparison held over a period: one child per visit read, the latest first, each with
    /// its date and what that visit recorded; the walk is evaluation's own (held_period.hpp).
    /// `children` hands out t's children (term() trims them after).
    void held(Term& t, const detail::Node& n, std::uint32_t index, Refill<Term>& children) const {
        t.kind = TermKind::held;
        auto child = p_.children[n.first_child];
        auto latest = facts_.visit_count() - 1;
        term(child, children.next());
        t.children[0].date = visit_date(latest);
        detail::HeldHistory history;
        if (t.children[0].value != Truth::false_) {
            history = detail::walk_held_period(p_, index, facts_, detail::reading_bands(p_),
                                               [&](std::size_t visit, Truth value) {
                                                   visit_values_ = &facts_.visit_values(visit);
                                                   Term& at = children.next();
                                                   begin_term(at);
                                                   at.children.clear();
                                                   at.value = value;
                                                   condition_text(child, at.condition);
                                                   if (p_.nodes[child].op == NodeOp::between)
                                                       between(at, p_.nodes[child], child);
                                                   else
                                                       comparison(at, p_.nodes[child], child);
                                                   visit_values_ = nullptr;
                                                   at.date = visit_date(visit);
                                               });
        }
        auto visits = children.size();
        for (std::size_t i = 0; i < visits; ++i)
            if (auto& c = t.children[i]; !c.date.empty()) c.text.insert(0, ": ").insert(0, c.date);
        const Term& last_visit = t.children[visits - 1];
        // The period in the unit the rules give it ("6 weeks"), the span of the visits in days.
        const auto& d = n.operands[0];
        std::string period(d.text);
        if (d.kind == OperandKind::parameter) {
            const auto& prm = p_.parameters[d.index];
            period =
                prm.name + " " +
                wording::quantity_text(p_.parameter_base_values[d.index], prm.to_base, prm.unit);
        } else if (auto space = d.text.rfind(' '); space != std::string::npos) {
            for (const auto& u : p_.units)
                if (u.name == d.text.substr(space + 1))
                    period = wording::quantity_text(d.value, u.to_base, u.name);
        }
        auto span = wording::quantity_text(history.span, detail::seconds_per_day, "day");
        if (t.value == Truth::true_)
            append(t.text, FMT_COMPILE("held at every visit for at least {} ({} visits over {})"),
                   period, visits, span);
        else if (t.value == Truth::false_ && !history.spans && t.children[0].value != Truth::false_)
            append(t.text, FMT_COMPILE("not held for {}: the visits span only {}"), period, span);
        else if (t.value == Truth::false_ && last_visit.date.empty())
            append(t.text, FMT_COMPILE("not held for {}: false now"), period);
        else if (t.value == Truth::false_)
            append(t.text, FMT_COMPILE("not held for {}: false on {}"), period, last_visit.date);
        else
            append(t.text, FMT_COMPILE("held for at least {}? not yet known at every visit"),
                   period);
    }

    static constexpr int max_expansions = 16;

    const Evaluation& e_;
    const Facts& facts_;
    const Program& p_;
    std::vector<std::span<const FactIndex>> missing_;  // per conclusion: in e_
    mutable std::vector<bool> visited_;                // chain_to: nodes already tried
    mutable std::vector<bool> expanded_;  // term: criteria already expanded in this tree
    const ExplainDetail detail_;
    mutable int expansion_depth_ = 0;
    // Per step: the gate term built for its first conclusion (gate_derivation), in `out`.
    mutable std::vector<const Term*> gate_terms_;
    mutable std::vector<ConclusionIndex> path_;         // conclusion: the gate chain (chain_to)
    std::vector<std::uint32_t> need_of_;                // run: each fact's place in `needed`
    static inline const std::string no_unit_;           // a literal compared with no fact
    static inline const std::string day_unit_ = "day";  // two dates compared
    mutable const std::vector<FactValue>* visit_values_ = nullptr;
    detail::DerivationReuse& reuse_;  // criteria derived in an earlier tree, to copy
};

}  // namespace

detail::DerivationReuse& detail::thread_derivation_reuse() {
    thread_local DerivationReuse reuse;
    return reuse;
}

Explanation explain(const Evaluation& evaluation, const Facts& facts, ExplainDetail detail) {
    Explanation out;
    explain(evaluation, facts, detail, out);
    return out;
}

void explain(const Evaluation& evaluation, const Facts& facts, ExplainDetail detail,
             Explanation& out) {
    // Program strings are shared, so identity of the name's storage identifies the rule set.
    if (evaluation.empty() ||
        evaluation.audit().rule_set_name.data() != facts.rule_set().name().data())
        throw std::invalid_argument(
            "ilio::explain: the evaluation does not come from these facts' rule set");
    Explainer(evaluation, facts, detail, detail::thread_derivation_reuse()).run(out);
}

}  // namespace ilio
