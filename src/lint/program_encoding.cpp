#include "lint/program_encoding.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ilio::linter {

using detail::CompareOp;
using detail::NodeOp;
using detail::OperandKind;

namespace {

// A double as an exact rational numeral, so a threshold and a range bound computed the same
// way are the same number to the solver.
z3::expr exact_real(z3::context& ctx, double v) {
    if (v == 0.0 || !std::isfinite(v)) return ctx.real_val(0);
    int exponent = 0;
    double mantissa = std::frexp(v, &exponent);
    auto m = static_cast<long long>(std::ldexp(mantissa, 53));
    exponent -= 53;
    while (m % 2 == 0 && exponent < 0) {
        m /= 2;
        ++exponent;
    }
    if (exponent >= 0 && exponent < 10)
        return ctx.real_val(fmt::format("{}", m * (1LL << exponent)).c_str());
    if (exponent < 0 && exponent > -63)
        return ctx.real_val(fmt::format("{}/{}", m, 1ULL << -exponent).c_str());
    return ctx.real_val(fmt::format("{:.6f}", v).c_str());
}

double model_number(const z3::expr& value) {
    if (value.is_numeral()) {
        std::string text;
        value.is_numeral(text, 17);
        if (!text.empty() && text.back() == '?') text.pop_back();
        return std::strtod(text.c_str(), nullptr);
    }
    return 0.0;
}

}  // namespace

ProgramEncoding::ProgramEncoding(const detail::Program& program)
    : p_(program), solver_(ctx_), fired_exact_(program.conclusions.size(), 1) {
    z3::params limits(ctx_);
    limits.set("rlimit", query_resource_limit);
    solver_.set(limits);
    encode_facts();
    collect_thresholds();
    draw_samples();
    terms_.reserve(p_.nodes.size());
    exact_.assign(p_.nodes.size(), 1);
    for (std::uint32_t n = 0; n < p_.nodes.size(); ++n) terms_.push_back(ctx_.bool_val(true));
    item_of_node_.assign(p_.nodes.size(), detail::no_index);
    // Items are in topological order: what an item references is encoded before it.
    for (std::uint32_t i = 0; i < p_.items.size(); ++i) {
        const auto& item = p_.items[i];
        for (auto n = item.node_begin; n < item.node_end; ++n) {
            item_of_node_[n] = i;
            encode_node(n);
        }
    }
    fired_.reserve(p_.conclusions.size());
    for (std::uint32_t c = 0; c < p_.conclusions.size(); ++c) {
        auto step = p_.conclusions[c].step;
        std::uint32_t gate = step ? p_.gate_item[*step] : detail::no_index;
        if (gate == detail::no_index) {
            fired_.push_back(condition(c));
            fired_exact_[c] = item_exact(p_.conclusion_item[c]);
        } else {
            fired_.push_back(condition(c) && item_term(gate));
            fired_exact_[c] = item_exact(p_.conclusion_item[c]) && item_exact(gate);
        }
    }
}

/// A number fact's value under `name`: the declared constant, its value in base units (as the
/// evaluator compares it) and its declared range.
ProgramEncoding::NumberTerms ProgramEncoding::number_terms(const FactInfo& fact,
                                                           const std::string& name) {
    z3::expr declared = fact.type == ValueType::integer ? ctx_.int_const(name.c_str())
                                                        : ctx_.real_const(name.c_str());
    z3::expr base = fact.type == ValueType::integer
                        ? z3::to_real(declared) * exact_real(ctx_, fact.to_base)
                        : declared * exact_real(ctx_, fact.to_base);
    z3::expr domain = ctx_.bool_val(true);
    if (fact.minimum) domain = domain && declared >= exact_real(ctx_, *fact.minimum);
    if (fact.maximum) domain = domain && declared <= exact_real(ctx_, *fact.maximum);
    return {declared, base, domain};
}

void ProgramEncoding::encode_facts() {
    // Earlier visits: a fact recorded over visits has a value of its own at the first visit and
    // at the one before the latest, unconstrained by its latest value but in its declared range
    // (documents are checked visit by visit); the times since those visits are any times, the
    // previous visit no earlier than the first; the evaluation date is any date.
    auto since_baseline = ctx_.real_const("time_since_baseline");
    auto since_previous = ctx_.real_const("time_since_previous");
    clock_.push_back(since_baseline);
    clock_.push_back(since_previous);
    clock_.push_back(ctx_.real_const("evaluated_on"));
    history_domain_ = since_previous >= 0 && since_previous <= since_baseline;
    for (std::uint32_t f = 0; f < p_.facts.size(); ++f) {
        const auto& fact = p_.facts[f];
        auto name = fmt::format("f{}", f);
        z3::expr_vector members(ctx_);
        if (fact.over_visits) {
            auto baseline = number_terms(fact, name + "_baseline");
            auto previous = number_terms(fact, name + "_previous");
            baseline_terms_.push_back(baseline.base);
            previous_terms_.push_back(previous.base);
            history_domain_ = history_domain_ && baseline.domain && previous.domain;
        } else {
            baseline_terms_.push_back(ctx_.real_val(0));  // never read
            previous_terms_.push_back(ctx_.real_val(0));
        }
        switch (fact.type) {
            case ValueType::number:
            case ValueType::integer:
            case ValueType::date: {  // a date: seconds since 1970-01-01, any date
                auto terms = number_terms(fact, name);
                fact_terms_.push_back(terms.base);
                declared_.push_back(terms.declared);
                domains_.push_back(terms.domain);
                break;
            }
            case ValueType::boolean:
                fact_terms_.push_back(ctx_.bool_const(name.c_str()));
                declared_.push_back(fact_terms_.back());
                domains_.push_back(ctx_.bool_val(true));
                break;
            case ValueType::one_of: {
                auto v = ctx_.int_const(name.c_str());
                fact_terms_.push_back(v);
                declared_.push_back(v);
                domains_.push_back(v >= 0 && v < static_cast<int>(fact.members.size()));
                break;
            }
            case ValueType::set_of:
                for (std::size_t m = 0; m < fact.members.size(); ++m)
                    members.push_back(ctx_.bool_const(fmt::format("{}_{}", name, m).c_str()));
                fact_terms_.push_back(ctx_.bool_val(true));
                declared_.push_back(ctx_.bool_val(true));
                domains_.push_back(ctx_.bool_val(true));
                break;
        }
        members_.push_back(members);
    }
}

z3::expr ProgramEncoding::fresh_bool() {
    return ctx_.bool_const(fmt::format("unknown{}", fresh_++).c_str());
}

z3::expr ProgramEncoding::operand(const detail::Operand& o, bool& exact) {
    switch (o.kind) {
        case OperandKind::fact: {
            const auto& fact = p_.facts[o.index];
            if (fact.type == ValueType::number || fact.type == ValueType::integer)
                return fact_terms_[o.index];
            if (fact.type == ValueType::boolean)
                return z3::ite(fact_terms_[o.index], ctx_.real_val(1), ctx_.real_val(0));
            exact = false;
            return ctx_.real_const(fmt::format("unknown{}", fresh_++).c_str());
        }
        case OperandKind::parameter:
            return exact_real(ctx_, p_.parameter_base_values[o.index]);
        case OperandKind::literal:
            return exact_real(ctx_, o.value);
        case OperandKind::expression:
            return arithmetic(o.index, exact);
        case OperandKind::fact_at_baseline:
            return baseline_terms_[o.index];
        case OperandKind::fact_at_previous:
            return previous_terms_[o.index];
        case OperandKind::time_since_baseline:
            return clock_[0];
        case OperandKind::time_since_previous:
            return clock_[1];
        case OperandKind::time_since_date:
            return clock_[2] - fact_terms_[o.index];
        case OperandKind::none:
            break;
    }
    exact = false;
    return ctx_.real_const(fmt::format("unknown{}", fresh_++).c_str());
}

/// Arithmetic as real arithmetic over the facts' terms: the linter reasons about `a - b > 5 deg`
/// exactly (a division by zero is left unconstrained, as Z3 leaves it).
z3::expr ProgramEncoding::arithmetic(std::uint32_t e, bool& exact) {
    std::vector<z3::expr> stack;
    const auto& ex = p_.expressions[e];
    for (auto i = ex.first_step; i < ex.first_step + ex.step_count; ++i) {
        const auto& s = p_.arith_steps[i];
        if (s.op == detail::ArithOp::value) {
            detail::Operand o;
            o.kind = s.kind;
            o.index = s.index;
            o.value = s.value;
            stack.push_back(operand(o, exact));
            continue;
        }
        if (s.op == detail::ArithOp::abs) {
            auto x = stack.back();
            stack.back() = z3::ite(x < 0, -x, x);
            continue;
        }
        auto b = stack.back();
        stack.pop_back();
        auto a = stack.back();
        switch (s.op) {
            case detail::ArithOp::add:
                stack.back() = a + b;
                break;
            case detail::ArithOp::subtract:
                stack.back() = a - b;
                break;
            case detail::ArithOp::multiply:
                stack.back() = a * b;
                break;
            case detail::ArithOp::divide:
                stack.back() = a / b;
                break;
            case detail::ArithOp::min:
                stack.back() = z3::ite(a < b, a, b);
                break;
            case detail::ArithOp::max:
                stack.back() = z3::ite(a > b, a, b);
                break;
            default:
                break;
        }
    }
    return stack.back();
}

namespace {

double constant_value(const detail::Program& p, const detail::Operand& o) {
    if (o.kind == OperandKind::parameter) return p.parameter_base_values[o.index];
    return o.value;
}

}  // namespace

// The one place that maps a node kind to a solver term: a new node kind is one case here.
void ProgramEncoding::encode_node(std::uint32_t index) {
    const detail::Node& n = p_.nodes[index];
    bool exact = true;
    auto child = [&](std::uint32_t k) -> const z3::expr& {
        auto c = p_.children[n.first_child + k];
        exact = exact && exact_[c];
        return terms_[c];
    };
    z3::expr term = ctx_.bool_val(true);
    switch (n.op) {
        case NodeOp::constant:
            if (n.constant == Truth::unknown) {
                term = fresh_bool();
                exact = false;
            } else {
                term = ctx_.bool_val(n.constant == Truth::true_);
            }
            break;
        case NodeOp::fact_bool:
            term = fact_terms_[n.ref];
            break;
        case NodeOp::criterion_ref: {
            auto item = p_.criterion_item[n.ref];
            term = item_term(item);
            exact = item_exact(item);
            break;
        }
        case NodeOp::conclusion_ref: {
            auto item = p_.conclusion_item[n.ref];
            term = item_term(item);
            exact = item_exact(item);
            auto step = p_.conclusions[n.ref].step;
            if (step && p_.gate_item[*step] != detail::no_index) {
                term = term && item_term(p_.gate_item[*step]);
                exact = exact && item_exact(p_.gate_item[*step]);
            }
            break;
        }
        case NodeOp::compare: {
            auto a = operand(n.operands[0], exact);
            auto b = operand(n.operands[1], exact);
            switch (n.compare) {
                case CompareOp::less:
                    term = a < b;
                    break;
                case CompareOp::less_equal:
                    term = a <= b;
                    break;
                case CompareOp::greater:
                    term = a > b;
                    break;
                case CompareOp::greater_equal:
                    term = a >= b;
                    break;
                case CompareOp::equal:
                    term = a == b;
                    break;
                case CompareOp::not_equal:
                    term = a != b;
                    break;
            }
            break;
        }
        case NodeOp::between: {
            auto x = operand(n.operands[0], exact);
            auto lo = operand(n.operands[1], exact);
            auto hi = operand(n.operands[2], exact);
            term = x >= lo && x <= hi;
            break;
        }
        case NodeOp::enum_in: {
            z3::expr_vector in(ctx_);
            for (int m = 0; m < 64; ++m)
                if (n.mask >> m & 1u) in.push_back(fact_terms_[n.ref] == m);
            term = in.empty() ? ctx_.bool_val(false) : z3::mk_or(in);
            if (n.negate) term = !term;
            break;
        }
        case NodeOp::set_has_any:
        case NodeOp::set_has_all: {
            z3::expr_vector picked(ctx_);
            const auto& members = members_[n.ref];
            for (unsigned m = 0; m < members.size() && m < 64; ++m)
                if (n.mask >> m & 1u) picked.push_back(members[m]);
            if (picked.empty())
                term = ctx_.bool_val(n.op == NodeOp::set_has_all);
            else
                term = n.op == NodeOp::set_has_any ? z3::mk_or(picked) : z3::mk_and(picked);
            break;
        }
        case NodeOp::logical_not:
            term = !child(0);
            break;
        case NodeOp::logical_and:
        case NodeOp::logical_or: {
            z3::expr_vector kids(ctx_);
            for (std::uint32_t k = 0; k < n.child_count; ++k) kids.push_back(child(k));
            term = n.op == NodeOp::logical_and ? z3::mk_and(kids) : z3::mk_or(kids);
            break;
        }
        case NodeOp::at_least: {
            z3::expr_vector kids(ctx_);
            for (std::uint32_t k = 0; k < n.child_count; ++k) kids.push_back(child(k));
            term = n.count == 0            ? ctx_.bool_val(true)
                   : n.count > kids.size() ? ctx_.bool_val(false)
                                           : z3::atleast(kids, n.count);
            break;
        }
        case NodeOp::held:
            // Now, and at the earlier visits of the period: any history, one truth per
            // comparison and period as written (the same test held twice reads the same).
            term = child(0) && ctx_.bool_const(fmt::format("held {}", n.text).c_str());
            break;
        case NodeOp::score_sum:
            // A score's root carries no truth of its own: readers compare its value.
            term = ctx_.bool_val(true);
            break;
        case NodeOp::score_compare: {
            // The score's value: each part adds its points when its condition holds (a band
            // part's conditions exclude each other), in the score's scaled whole steps.
            const auto& score = p_.score_data[n.ref];
            z3::expr value = ctx_.int_val(0);
            for (auto part = score.first_part; part < score.first_part + score.part_count; ++part) {
                const auto& sp = p_.score_parts[part];
                for (auto c = sp.first_choice; c < sp.first_choice + sp.choice_count; ++c) {
                    const auto& choice = p_.score_choices[c];
                    exact = exact && exact_[choice.node];
                    value = value + z3::ite(terms_[choice.node],
                                            ctx_.int_val(static_cast<int64_t>(choice.points)),
                                            ctx_.int_val(0));
                }
            }
            auto limit = exact_real(
                ctx_, constant_value(p_, n.operands[0]) * static_cast<double>(score.scale));
            auto v = z3::to_real(value);
            switch (n.compare) {
                case CompareOp::less:
                    term = v < limit;
                    break;
                case CompareOp::less_equal:
                    term = v <= limit;
                    break;
                case CompareOp::greater:
                    term = v > limit;
                    break;
                case CompareOp::greater_equal:
                    term = v >= limit;
                    break;
                case CompareOp::equal:
                    term = v == limit;
                    break;
                case CompareOp::not_equal:
                    term = v != limit;
                    break;
            }
            break;
        }
    }
    terms_[index] = term;
    exact_[index] = exact;
}

// Iterative, with an explicit stack: a long chain of references must not exhaust the stack.
void ProgramEncoding::collect_facts(std::vector<std::uint32_t> pending,
                                    std::vector<char>& seen_items, std::vector<char>& seen_facts,
                                    std::vector<std::uint32_t>& out) const {
    auto add = [&](std::uint32_t f) {
        if (!seen_facts[f]) {
            seen_facts[f] = 1;
            out.push_back(f);
        }
    };
    auto enter = [&](std::uint32_t item) {
        if (seen_items[item]) return;
        seen_items[item] = 1;
        pending.push_back(p_.items[item].root());
    };
    while (!pending.empty()) {
        auto node = pending.back();
        pending.pop_back();
        const auto& n = p_.nodes[node];
        detail::for_each_fact_read(p_, p_.eval_nodes[node], add);
        if (n.op == NodeOp::criterion_ref) {
            enter(p_.criterion_item[n.ref]);
        } else if (n.op == NodeOp::conclusion_ref) {
            for (auto item : fired_items(n.ref)) enter(item);
        } else if (n.op == NodeOp::score_compare) {
            enter(p_.score_item[n.ref]);
        }
        for (std::uint32_t k = 0; k < n.child_count; ++k)
            pending.push_back(p_.children[n.first_child + k]);
    }
}

std::vector<std::uint32_t> ProgramEncoding::facts_of_items(
    const std::vector<std::uint32_t>& items) const {
    std::vector<char> seen_items(p_.items.size(), 0), seen_facts(p_.facts.size(), 0);
    std::vector<std::uint32_t> out, roots;
    for (auto item : items) {
        if (seen_items[item]) continue;
        seen_items[item] = 1;
        roots.push_back(p_.items[item].root());
    }
    collect_facts(std::move(roots), seen_items, seen_facts, out);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::uint32_t> ProgramEncoding::facts_of_node(std::uint32_t node) const {
    std::vector<char> seen_items(p_.items.size(), 0), seen_facts(p_.facts.size(), 0);
    std::vector<std::uint32_t> out;
    collect_facts({node}, seen_items, seen_facts, out);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::uint32_t> ProgramEncoding::fired_items(std::uint32_t conclusion) const {
    std::vector<std::uint32_t> items{p_.conclusion_item[conclusion]};
    auto step = p_.conclusions[conclusion].step;
    if (step && p_.gate_item[*step] != detail::no_index) items.push_back(p_.gate_item[*step]);
    return items;
}

void ProgramEncoding::draw_samples() {
    cell_points_.assign(p_.facts.size(), {});
    for (std::uint32_t f = 0; f < p_.facts.size(); ++f) {
        const auto& fact = p_.facts[f];
        if (fact.type != ValueType::number && fact.type != ValueType::integer &&
            fact.type != ValueType::date)
            continue;
        // A date: the days of 2024 to 2026, in seconds.
        double low = fact.type == ValueType::date
                         ? 19723 * detail::seconds_per_day
                         : fact.minimum.value_or(fact.maximum ? *fact.maximum - 100 : -100);
        double high = fact.type == ValueType::date ? 20818 * detail::seconds_per_day
                                                   : fact.maximum.value_or(low + 200);
        // Cells in the declared unit: the bounds, each threshold inside them, and midpoints.
        std::vector<double> cuts{low};
        for (double t : thresholds_[f])
            if (t / fact.to_base > low && t / fact.to_base < high) cuts.push_back(t / fact.to_base);
        cuts.push_back(high);
        auto& points = cell_points_[f];
        for (std::size_t k = 0; k < cuts.size(); ++k) {
            points.push_back(cuts[k]);
            if (k + 1 < cuts.size()) points.push_back((cuts[k] + cuts[k + 1]) / 2);
        }
    }
    std::mt19937 rng(13);  // fixed: the same rules give the same findings and witnesses
    auto uniform = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int s = 0; s < sample_count; ++s) {
        z3::model m(ctx_);
        for (std::uint32_t f = 0; f < p_.facts.size(); ++f) {
            const auto& fact = p_.facts[f];
            switch (fact.type) {
                case ValueType::number:
                case ValueType::integer:
                case ValueType::date: {
                    // One point of a random cell of the range as the thresholds cut it (a
                    // threshold itself, or a point between two), so every side of every
                    // comparison turns up in some patient.
                    const auto& points = cell_points_[f];
                    double v =
                        points[static_cast<std::size_t>(uniform(static_cast<int>(points.size())))];
                    z3::expr value = fact.type == ValueType::integer
                                         ? ctx_.int_val(static_cast<int64_t>(std::floor(v)))
                                         : exact_real(ctx_, v);
                    auto decl = declared_[f].decl();
                    m.add_const_interp(decl, value);
                    break;
                }
                case ValueType::boolean: {
                    auto decl = declared_[f].decl();
                    auto value = ctx_.bool_val(uniform(2) == 1);
                    m.add_const_interp(decl, value);
                    break;
                }
                case ValueType::one_of: {
                    auto decl = declared_[f].decl();
                    auto value = ctx_.int_val(uniform(static_cast<int>(fact.members.size())));
                    m.add_const_interp(decl, value);
                    break;
                }
                case ValueType::set_of:
                    for (unsigned k = 0; k < members_[f].size(); ++k) {
                        auto decl = members_[f][k].decl();
                        // Every other patient has every set empty (no red flag at all, as most
                        // patients): gates on "no red flag" open only for those.
                        auto value = ctx_.bool_val(s % 2 == 1 && uniform(4) == 0);
                        m.add_const_interp(decl, value);
                    }
                    break;
            }
        }
        samples_.push_back(m);
    }
}

std::uint64_t ProgramEncoding::samples_satisfying(const z3::expr& query) {
    static_assert(sample_count <= 64);
    std::uint64_t bits = 0;
    for (std::size_t s = 0; s < samples_.size(); ++s)
        if (samples_[s].eval(query, true).is_true()) bits |= std::uint64_t{1} << s;
    return bits;
}

std::optional<z3::model> ProgramEncoding::patient_satisfying(
    const z3::expr& query, const std::vector<std::uint32_t>& facts, const z3::model* base) {
    std::optional<z3::model> found;
    if (base)
        solve(query, facts, &found);
    else
        check(query, facts, &found);
    if (!found) return found;
    z3::model patient(ctx_);
    const z3::model& rest = base ? *base : samples_.front();
    for (unsigned k = 0; k < rest.num_consts(); ++k) {
        auto decl = rest.get_const_decl(k);
        if (found->has_interp(decl)) continue;
        auto value = rest.get_const_interp(decl);
        patient.add_const_interp(decl, value);
    }
    for (unsigned k = 0; k < found->num_consts(); ++k) {
        auto decl = found->get_const_decl(k);
        auto value = found->get_const_interp(decl);
        patient.add_const_interp(decl, value);
    }
    return patient;
}

bool ProgramEncoding::shows(const z3::model& patient, const z3::expr& query,
                            const std::vector<std::uint32_t>& facts) const {
    z3::expr_vector all(query.ctx());
    all.push_back(query);
    for (auto f : facts) all.push_back(domains_[f]);
    all.push_back(history_domain_);
    return patient.eval(z3::mk_and(all), true).is_true();
}

z3::check_result ProgramEncoding::check(const z3::expr& query,
                                        const std::vector<std::uint32_t>& facts,
                                        std::optional<z3::model>* model) {
    for (int s = 0; s < checked_samples; ++s) {
        const auto& sample = samples_[static_cast<std::size_t>(s)];
        if (sample.eval(query, true).is_true()) {
            if (model) model->emplace(sample);
            return z3::sat;
        }
    }
    return solve(query, facts, model);
}

z3::check_result ProgramEncoding::solve(const z3::expr& query,
                                        const std::vector<std::uint32_t>& facts,
                                        std::optional<z3::model>* model) {
    solver_.push();
    for (auto f : facts) solver_.add(domains_[f]);
    solver_.add(history_domain_);
    solver_.add(query);
    auto result = solver_.check();
    if (result == z3::sat && model) model->emplace(solver_.get_model());
    solver_.pop();
    return result;
}

std::optional<z3::model> ProgramEncoding::satisfy(const z3::expr& query,
                                                  const std::vector<std::uint32_t>& facts) {
    std::optional<z3::model> model;
    check(query, facts, &model);
    return model;
}

std::optional<z3::model> ProgramEncoding::witness_patient(const z3::expr& query,
                                                          const std::vector<std::uint32_t>& facts) {
    if (auto patient = patient_outside_bands(query, facts)) return patient;
    return satisfy(query, facts);
}

std::optional<z3::model> ProgramEncoding::patient_outside_bands(
    const z3::expr& query, const std::vector<std::uint32_t>& facts) {
    auto bands = outside_bands(facts);
    if (bands.is_true()) return std::nullopt;
    return satisfy(query && bands, facts);
}

z3::expr ProgramEncoding::outside_bands(const std::vector<std::uint32_t>& facts) {
    z3::expr_vector outside(ctx_);
    for (auto f : facts) {
        double band = f < p_.fact_band.size() ? p_.fact_band[f] : 0.0;
        if (band <= 0) continue;
        // Exactly a band away is outside it, as evaluation reads it (within_band).
        for (double t : thresholds_[f])
            outside.push_back(fact_terms_[f] <= exact_real(ctx_, t - band) ||
                              fact_terms_[f] >= exact_real(ctx_, t + band));
    }
    return outside.empty() ? ctx_.bool_val(true) : z3::mk_and(outside);
}

bool ProgramEncoding::impossible(const z3::expr& query, const std::vector<std::uint32_t>& facts) {
    return check(query, facts, nullptr) == z3::unsat;
}

std::string ProgramEncoding::witness(const z3::model& model,
                                     const std::vector<std::uint32_t>& facts) const {
    auto object = nlohmann::ordered_json::object();
    for (auto f : facts) {
        const auto& fact = p_.facts[f];
        switch (fact.type) {
            case ValueType::number:
            case ValueType::integer: {
                double base = base_value(model, f);
                double declared = base / fact.to_base;
                if (fact.type == ValueType::integer) declared = std::round(declared);
                object[fact.name] = declared;
                break;
            }
            case ValueType::date:
                object[fact.name] = format_date(static_cast<std::int32_t>(
                    std::floor(base_value(model, f) / detail::seconds_per_day)));
                break;
            case ValueType::boolean:
                object[fact.name] = model.eval(fact_terms_[f], true).is_true();
                break;
            case ValueType::one_of: {
                auto v = model.eval(fact_terms_[f], true).get_numeral_int64();
                if (v >= 0 && static_cast<std::size_t>(v) < fact.members.size())
                    object[fact.name] = fact.members[static_cast<std::size_t>(v)];
                break;
            }
            case ValueType::set_of: {
                auto members = nlohmann::ordered_json::array();
                for (unsigned m = 0; m < members_[f].size(); ++m)
                    if (model.eval(members_[f][m], true).is_true())
                        members.push_back(fact.members[m]);
                object[fact.name] = members;
                break;
            }
        }
    }
    return object.dump();
}

z3::expr ProgramEncoding::differs_from(std::uint32_t fact, double threshold) {
    return fact_terms_[fact] != exact_real(ctx_, threshold);
}

double ProgramEncoding::base_value(const z3::model& model, std::uint32_t fact) const {
    return model_number(model.eval(fact_terms_[fact], true));
}

void ProgramEncoding::collect_thresholds() {
    thresholds_.assign(p_.facts.size(), {});
    for (const auto& n : p_.nodes) {
        if (n.op != NodeOp::compare && n.op != NodeOp::between) continue;
        int count = n.op == NodeOp::compare ? 2 : 3;
        for (int k = 0; k < count; ++k) {
            if (n.operands[k].kind != OperandKind::fact) continue;
            for (int j = 0; j < count; ++j)
                if (n.operands[j].kind == OperandKind::parameter ||
                    n.operands[j].kind == OperandKind::literal)
                    thresholds_[n.operands[k].index].push_back(constant_value(p_, n.operands[j]));
        }
    }
    for (auto& cuts : thresholds_) {
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    }
}

}  // namespace ilio::linter
