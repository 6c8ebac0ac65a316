#include "check/arithmetic_lowering.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace ilio::check {

namespace {

using detail::ArithOp;
using detail::ArithStep;
using detail::OperandKind;

constexpr double infinity = std::numeric_limits<double>::infinity();

/// What a sub-expression is, for checking: its dimension and display unit, the range of its
/// value (base units; infinite bounds when unbounded), and whether it is a constant.
struct Shape {
    bool ok = true;
    std::string dimension, unit;
    double to_base = 1.0;
    double low = -infinity, high = infinity;
    bool constant = false;
    double value = 0.0;  // a constant's, in base units
    std::string text;
    std::uint32_t begin = 0, end = 0;
};

/// Interval bounds stay bounds: a product of 0 and an infinite bound is 0, not NaN.
double times(double a, double b) {
    if (a == 0 || b == 0) return 0;
    return a * b;
}

class ArithmeticLowering {
  public:
    explicit ArithmeticLowering(CheckContext& ctx) : ctx_(ctx), p_(ctx.program) {}

    std::optional<std::uint32_t> run(const ast::Sum& root) {
        Shape shape = sum(root);
        if (!shape.ok) return std::nullopt;
        if (max_depth_ > detail::max_arithmetic_stack) {
            ctx_.error("E084", root.begin, root.end,
                       fmt::format("this arithmetic keeps more than {} values pending at once; "
                                   "split it into parameters or simpler parts",
                                   detail::max_arithmetic_stack));
            return std::nullopt;
        }
        detail::Expression e;
        e.first_step = static_cast<std::uint32_t>(p_.arith_steps.size());
        e.step_count = static_cast<std::uint32_t>(steps_.size());
        p_.arith_steps.insert(p_.arith_steps.end(), steps_.begin(), steps_.end());
        auto& f = e.shape;
        f.name = std::string(ctx_.source.slice(root.begin, root.end));
        f.type = ValueType::number;
        f.unit = shape.unit;
        f.dimension = shape.dimension;
        f.to_base = shape.to_base;
        if (std::isfinite(shape.low) && std::isfinite(shape.high)) {
            f.minimum = shape.low / shape.to_base;
            f.maximum = shape.high / shape.to_base;
        }
        p_.expressions.push_back(std::move(e));
        return static_cast<std::uint32_t>(p_.expressions.size() - 1);
    }

  private:
    void push(ArithStep step) {
        steps_.push_back(step);
        if (step.op == ArithOp::value)
            max_depth_ = std::max(max_depth_, ++depth_);
        else if (step.op != ArithOp::abs)
            --depth_;
    }

    Shape sum(const ast::Sum& s) {
        Shape left = product(s.first);
        for (const auto& step : s.rest) {
            Shape right = product(step.product);
            left = combine(left, right, step.op == '+' ? ArithOp::add : ArithOp::subtract, step);
        }
        left.begin = s.begin;
        left.end = s.end;
        left.text = std::string(ctx_.source.slice(s.begin, s.end));
        return left;
    }

    Shape product(const ast::Product& p) {
        Shape left = factor(p.first);
        for (const auto& step : p.rest) {
            Shape right = factor(step.factor);
            left = combine(left, right, step.op == '*' ? ArithOp::multiply : ArithOp::divide, step);
        }
        left.begin = p.begin;
        left.end = p.end;
        left.text = std::string(ctx_.source.slice(p.begin, p.end));
        return left;
    }

    Shape factor(const ast::Factor& f) {
        Shape out;
        out.begin = f.begin;
        out.end = f.end;
        out.text = std::string(ctx_.source.slice(f.begin, f.end));
        if (const auto* q = boost::get<ast::Quantity>(&f.var)) return quantity(*q, out);
        if (const auto* id = boost::get<ast::Identifier>(&f.var)) return name(*id, out);
        if (const auto* s = boost::get<ast::x3::forward_ast<ast::Sum>>(&f.var)) {
            Shape inner = sum(s->get());
            inner.begin = out.begin;
            inner.end = out.end;
            inner.text = out.text;
            return inner;
        }
        if (const auto* c = boost::get<ast::x3::forward_ast<ast::Call>>(&f.var))
            return call(c->get(), out);
        if (const auto* v = boost::get<ast::VisitRef>(&f.var)) return visit(*v, out);
        if (const auto* t = boost::get<ast::VisitTime>(&f.var)) {
            if (t->which == "date") return time_since_date(*t, out);
            if (t->fact) {
                ctx_.error("E010", t->fact->begin, t->fact->end,
                           fmt::format("`time since {}` names no fact: it counts from that visit "
                                       "to the latest",
                                       t->which));
                return out.ok = false, out;
            }
            // From that visit to the latest, in days; unknown without dated visits.
            out.dimension = "time";
            out.unit = "day";
            out.to_base = detail::seconds_per_day;
            out.low = 0;
            push({ArithOp::value,
                  t->which == "baseline" ? OperandKind::time_since_baseline
                                         : OperandKind::time_since_previous,
                  detail::no_index, 0.0});
            return out;
        }
        ctx_.error("E050", f.begin, f.end,
                   fmt::format("`{}` is true or false, not a number to compute with", out.text));
        out.ok = false;
        return out;
    }

    Shape quantity(const ast::Quantity& q, Shape& out) {
        out.constant = true;
        out.value = q.number.value;
        if (q.unit) {
            const UnitInfo* u = ctx_.unit(*q.unit);
            if (!u) return out.ok = false, out;
            out.unit = u->name;
            out.dimension = u->dimension;
            out.to_base = u->to_base;
            out.value = q.number.value * u->to_base;
        }
        if (!std::isfinite(out.value)) {
            ctx_.error("E013", q.begin, q.end,
                       fmt::format("`{}` is too large: it is not finite once converted", out.text));
            return out.ok = false, out;
        }
        out.low = out.high = out.value;
        push({ArithOp::value, OperandKind::literal, detail::no_index, out.value});
        return out;
    }

    Shape name(const ast::Identifier& id, Shape& out) {
        const Symbol* s = ctx_.find(id.name);
        auto numeric_fact = [&](const Symbol& sym) {
            if (sym.kind == SymbolKind::fact) {
                auto t = p_.facts[sym.index].type;
                return t == ValueType::number || t == ValueType::integer || t == ValueType::date;
            }
            return sym.kind == SymbolKind::parameter &&
                   p_.parameters[sym.index].type != ValueType::boolean;
        };
        if (!s) {
            ctx_.report_undefined(id.name, id.begin, id.end, numeric_fact);
            return out.ok = false, out;
        }
        if (!numeric_fact(*s)) {
            ctx_.error(
                "E050", id.begin, id.end,
                fmt::format(
                    "`{}` is {}, not a number to compute with", id.name,
                    s->kind == SymbolKind::fact
                        ? with_article(std::string(to_string(p_.facts[s->index].type)) + " fact")
                        : with_article(describe(s->kind))));
            return out.ok = false, out;
        }
        if (s->kind == SymbolKind::fact) {
            const auto& f = p_.facts[s->index];
            ctx_.fact_used[s->index] = true;
            out.unit = f.unit;
            out.dimension = f.dimension;
            out.to_base = f.to_base;
            if (f.minimum && f.maximum) {
                out.low = *f.minimum * f.to_base;
                out.high = *f.maximum * f.to_base;
            }
            push({ArithOp::value, OperandKind::fact, s->index, 0.0});
        } else {
            const auto& prm = p_.parameters[s->index];
            ctx_.parameter_used[s->index] = true;
            out.unit = prm.unit;
            out.dimension = prm.dimension;
            out.to_base = prm.to_base;
            out.constant = true;
            out.value = out.low = out.high = p_.parameter_base_values[s->index];
            push({ArithOp::value, OperandKind::parameter, s->index, out.value});
        }
        return out;
    }

    /// `baseline x`, `previous x`: a fact recorded over visits, read at an earlier visit, with
    /// its range, unit and measurement error (a change between two readings has both errors).
    Shape visit(const ast::VisitRef& v, Shape& out) {
        const Symbol* s = ctx_.find(v.fact.name);
        if (!s) {
            ctx_.report_undefined(v.fact.name, v.fact.begin, v.fact.end, [&](const Symbol& sym) {
                return sym.kind == SymbolKind::fact && p_.facts[sym.index].over_visits;
            });
            return out.ok = false, out;
        }
        if (s->kind != SymbolKind::fact || !p_.facts[s->index].over_visits) {
            ctx_.error("E085", v.begin, v.end,
                       fmt::format("`{} {}`: `{}` is not recorded over visits; declare the fact "
                                   "`over visits` to read it at an earlier visit",
                                   v.which, v.fact.name, v.fact.name));
            return out.ok = false, out;
        }
        Shape fact = name(v.fact, out);
        // The step name() pushed reads the latest visit: make it read the earlier one.
        steps_.back().kind =
            v.which == "baseline" ? OperandKind::fact_at_baseline : OperandKind::fact_at_previous;
        return fact;
    }

    /// `time since NAME`: from a date fact to the evaluation date, in days.
    Shape time_since_date(const ast::VisitTime& t, Shape& out) {
        const ast::Identifier& id = *t.fact;
        const Symbol* s = ctx_.find(id.name);
        auto date_fact = [&](const Symbol& sym) {
            return sym.kind == SymbolKind::fact && p_.facts[sym.index].type == ValueType::date;
        };
        if (!s) {
            ctx_.report_undefined(id.name, id.begin, id.end, date_fact);
            return out.ok = false, out;
        }
        if (!date_fact(*s)) {
            ctx_.error(
                "E087", t.begin, t.end,
                fmt::format(
                    "`time since {}`: `{}` is {}, not a date fact; `time since` "
                    "takes `baseline`, `previous` or a fact declared `: date`",
                    id.name, id.name,
                    s->kind == SymbolKind::fact
                        ? with_article(std::string(to_string(p_.facts[s->index].type)) + " fact")
                        : with_article(describe(s->kind))));
            return out.ok = false, out;
        }
        ctx_.fact_used[s->index] = true;
        out.dimension = "time";
        out.unit = "day";
        out.to_base = detail::seconds_per_day;
        push({ArithOp::value, OperandKind::time_since_date, s->index, 0.0});
        return out;
    }

    Shape call(const ast::Call& c, Shape& out) {
        bool unary = c.function == "abs";
        if (unary ? c.arguments.size() != 1 : c.arguments.size() < 2) {
            ctx_.error("E050", c.begin, c.end,
                       unary ? std::string("`abs` takes one value: `abs(a - b)`")
                             : fmt::format("`{}` takes two values or more: `{}(a, b)`", c.function,
                                           c.function));
            return out.ok = false, out;
        }
        Shape result = sum(c.arguments.front());
        if (unary) {
            if (!result.ok) return result;
            push({ArithOp::abs, OperandKind::none, detail::no_index, 0.0});
            double low = result.low, high = result.high;
            result.low = low >= 0 ? low : high <= 0 ? -high : 0;
            result.high = std::max(std::abs(low), std::abs(high));
            result.value = std::abs(result.value);
        } else {
            auto op = c.function == "min" ? ArithOp::min : ArithOp::max;
            for (std::size_t i = 1; i < c.arguments.size(); ++i)
                result = combine(result, sum(c.arguments[i]), op, c.arguments[i]);
        }
        result.begin = out.begin;
        result.end = out.end;
        result.text = out.text;
        return result;
    }

    static bool bare(const Shape& s) { return s.dimension.empty(); }
    static bool date(const Shape& s) { return s.dimension == "date"; }

    static std::string dimension_words(const Shape& s) {
        if (s.dimension.empty()) return "a plain number";
        if (date(s)) return "a date";
        return s.dimension == s.unit ? s.unit : s.dimension + " in " + s.unit;
    }

    /// Checks the dimensions of `a op b`, appends the operation and returns the result's shape.
    Shape combine(const Shape& a, const Shape& b, ArithOp op, const ast::Located& at) {
        Shape r;
        r.begin = a.begin;
        r.end = b.end;
        if (!a.ok || !b.ok) return r.ok = false, r;
        auto mismatch = [&](const char* code, std::string message) {
            ctx_.error(code, a.begin, b.end, std::move(message));
            r.ok = false;
            return r;
        };
        const char* sign = op == ArithOp::add        ? "+"
                           : op == ArithOp::subtract ? "-"
                           : op == ArithOp::multiply ? "*"
                           : op == ArithOp::divide   ? "/"
                           : op == ArithOp::min      ? "min"
                                                     : "max";
        bool additive = op == ArithOp::add || op == ArithOp::subtract || op == ArithOp::min ||
                        op == ArithOp::max;
        if (date(a) || date(b)) {
            // A date moves by a time; two dates are apart by one; nothing else computes.
            bool both = date(a) && date(b);
            bool moved = (op == ArithOp::add && (a.dimension == "time" || b.dimension == "time")) ||
                         (op == ArithOp::subtract && date(a) && b.dimension == "time");
            bool apart = both && op == ArithOp::subtract;
            bool bounded = both && (op == ArithOp::min || op == ArithOp::max);
            if (!moved && !apart && !bounded)
                return mismatch(
                    "E087", fmt::format("`{}` {} `{}`: a date takes `-` another date (the time "
                                        "between them), or `+`/`-` a time; not {}",
                                        a.text, sign, b.text, dimension_words(date(a) ? b : a)));
            const Shape& result = apart ? a : date(a) ? a : b;
            r.dimension = apart ? "time" : result.dimension;
            r.unit = apart ? "day" : result.unit;
            r.to_base = apart ? detail::seconds_per_day : result.to_base;
        } else if (additive) {
            bool count_with_number =
                (bare(a) && b.dimension == "count") || (bare(b) && a.dimension == "count");
            if (a.dimension != b.dimension && !count_with_number) {
                if (bare(a) || bare(b))
                    return mismatch(
                        "E061",
                        fmt::format("`{}` {} `{}`: `{}` has no unit, but `{}` is {}; "
                                    "give the number its unit",
                                    a.text, sign, b.text, bare(a) ? a.text : b.text,
                                    bare(a) ? b.text : a.text, dimension_words(bare(a) ? b : a)));
                return mismatch("E060",
                                fmt::format("`{}` {} `{}`: cannot combine {} with {}", a.text, sign,
                                            b.text, dimension_words(a), dimension_words(b)));
            }
            const Shape& unit_side = bare(a) ? b : a;
            r.dimension = unit_side.dimension;
            r.unit = unit_side.unit;
            r.to_base = unit_side.to_base;
        } else if (op == ArithOp::multiply) {
            if (!bare(a) && !bare(b) && a.dimension != "count" && b.dimension != "count")
                return mismatch(
                    "E060", fmt::format("`{}` * `{}`: a product of two quantities with units "
                                        "({} and {}) is not supported; multiply by a plain "
                                        "number",
                                        a.text, b.text, dimension_words(a), dimension_words(b)));
            const Shape& unit_side = bare(a) || a.dimension == "count" ? b : a;
            r.dimension = unit_side.dimension;
            r.unit = unit_side.unit;
            r.to_base = unit_side.to_base;
        } else {  // divide
            if (b.constant && b.value == 0)
                return mismatch("E084", fmt::format("`{}` / `{}` divides by zero", a.text, b.text));
            if (!bare(b) && a.dimension != b.dimension)
                return mismatch(
                    "E060", fmt::format("`{}` / `{}`: a quotient of {} by {} is not "
                                        "supported; divide by a plain number, or by a "
                                        "quantity of the same dimension for a ratio",
                                        a.text, b.text, dimension_words(a), dimension_words(b)));
            if (bare(b)) {
                r.dimension = a.dimension;
                r.unit = a.unit;
                r.to_base = a.to_base;
            }  // else a ratio: a plain number
        }
        push({op, OperandKind::none, detail::no_index, 0.0});
        interval(a, b, op, r);
        r.constant = a.constant && b.constant;
        (void)at;
        return r;
    }

    /// The range of `a op b` from the ranges of a and b (unbounded where it cannot be told).
    static void interval(const Shape& a, const Shape& b, ArithOp op, Shape& r) {
        switch (op) {
            case ArithOp::add:
                r.low = a.low + b.low;
                r.high = a.high + b.high;
                break;
            case ArithOp::subtract:
                r.low = a.low - b.high;
                r.high = a.high - b.low;
                break;
            case ArithOp::multiply: {
                double c[] = {times(a.low, b.low), times(a.low, b.high), times(a.high, b.low),
                              times(a.high, b.high)};
                r.low = *std::min_element(std::begin(c), std::end(c));
                r.high = *std::max_element(std::begin(c), std::end(c));
                break;
            }
            case ArithOp::divide: {
                if (b.low <= 0 && b.high >= 0) break;  // may divide by (almost) zero: unbounded
                double c[] = {a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high};
                r.low = *std::min_element(std::begin(c), std::end(c));
                r.high = *std::max_element(std::begin(c), std::end(c));
                break;
            }
            case ArithOp::min:
                r.low = std::min(a.low, b.low);
                r.high = std::min(a.high, b.high);
                break;
            case ArithOp::max:
                r.low = std::max(a.low, b.low);
                r.high = std::max(a.high, b.high);
                break;
            default:
                break;
        }
        if (std::isnan(r.low)) r.low = -infinity;
        if (std::isnan(r.high)) r.high = infinity;
    }

    CheckContext& ctx_;
    detail::Program& p_;
    std::vector<ArithStep> steps_;
    std::uint32_t depth_ = 0, max_depth_ = 0;
};

}  // namespace

std::optional<std::uint32_t> lower_arithmetic(CheckContext& ctx, const ast::Sum& sum) {
    return ArithmeticLowering(ctx).run(sum);
}

const ast::Factor* parenthesised_plain(const ast::Sum& sum) {
    if (!sum.rest.empty() || !sum.first.rest.empty()) return nullptr;
    const auto& f = sum.first.first;
    if (const auto* inner = boost::get<ast::x3::forward_ast<ast::Sum>>(&f.var)) {
        const ast::Factor* plain = parenthesised_plain(inner->get());
        return plain;
    }
    bool plain = boost::get<ast::Quantity>(&f.var) || boost::get<ast::BoolLit>(&f.var) ||
                 boost::get<ast::Identifier>(&f.var);
    return plain ? &f : nullptr;
}

}  // namespace ilio::check
