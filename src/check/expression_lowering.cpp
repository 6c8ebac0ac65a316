#include "check/expression_lowering.hpp"

#include <cmath>

#include <fmt/format.h>

#include "common/spelling.hpp"

namespace ilio::check {

namespace {

using detail::Node;
using detail::NodeOp;
using detail::OperandKind;

/// An operand once its name is resolved.
struct Value {
    enum class Kind {
        invalid,
        fact,
        parameter,
        number,
        boolean,
        name,
        criterion,
        conclusion,
        step,
        score
    };
    Kind kind = Kind::invalid;
    ValueType type = ValueType::number;
    std::string unit, dimension;
    double base = 0.0;  // literal or parameter value in base units
    std::uint32_t index = detail::no_index;
    std::string text;
    std::uint32_t begin = 0, end = 0;

    bool numeric() const {
        return kind == Kind::number || ((kind == Kind::fact || kind == Kind::parameter) &&
                                        (type == ValueType::number || type == ValueType::integer));
    }
    bool boolean() const {
        return kind == Kind::boolean ||
               ((kind == Kind::fact || kind == Kind::parameter) && type == ValueType::boolean);
    }
};

class Lowering {
  public:
    explicit Lowering(CheckContext& ctx) : ctx_(ctx), program_(ctx.program) {}

    std::uint32_t lower(const ast::OrExpr& e) {
        if (e.rest.empty()) return lower(e.first);
        std::vector<std::uint32_t> kids{lower(e.first)};
        for (const auto& r : e.rest) kids.push_back(lower(r));
        return emit(make(NodeOp::logical_or, e), kids);
    }

  private:
    std::uint32_t lower(const ast::AndExpr& e) {
        if (e.rest.empty()) return lower(e.first);
        std::vector<std::uint32_t> kids{lower(e.first)};
        for (const auto& r : e.rest) kids.push_back(lower(r));
        return emit(make(NodeOp::logical_and, e), kids);
    }

    std::uint32_t lower(const ast::Unary& u) {
        auto node = lower(u.atom);
        // `not not x` is x: an even chain of nots adds nothing, however long it is.
        if (u.nots.size() % 2 == 1) node = emit(make(NodeOp::logical_not, u), {node});
        return node;
    }

    std::uint32_t lower(const ast::Atom& a) {
        return boost::apply_visitor(
            [&](const auto& alt) -> std::uint32_t {
                using T = std::decay_t<decltype(alt)>;
                if constexpr (std::is_same_v<T, ast::Comparison>)
                    return lower_comparison(alt);
                else
                    return lower_forward(alt.get());
            },
            a.var);
    }

    std::uint32_t lower_forward(const ast::OrExpr& e) { return lower(e); }

    std::uint32_t lower_forward(const ast::ListOf& l) {
        std::vector<std::uint32_t> kids;
        for (const auto& item : l.items) kids.push_back(lower(item));
        auto op = l.quantifier == ast::Quantifier::all ? NodeOp::logical_and : NodeOp::logical_or;
        return emit(make(op, l), kids);
    }

    std::uint32_t lower_forward(const ast::AtLeast& a) {
        Value count = resolve(a.count);
        std::vector<std::uint32_t> kids;
        for (const auto& item : a.items) kids.push_back(lower(item));
        Node node = make(NodeOp::at_least, a);
        double n = -1;
        if (count.kind == Value::Kind::number && count.unit.empty())
            n = count.base;
        else if (count.kind == Value::Kind::parameter && count.type == ValueType::integer)
            n = count.base;
        if (n < 1 || n > static_cast<double>(kids.size()) || std::floor(n) != n) {
            ctx_.error("E054", count.begin, count.end,
                       fmt::format("`at least {} of` needs a whole number between 1 and the "
                                   "number of items ({})",
                                   count.text, kids.size()));
            return emit(unknown_node(a), kids);
        }
        node.count = static_cast<std::uint32_t>(n);
        return emit(std::move(node), kids);
    }

    std::uint32_t lower_comparison(const ast::Comparison& c) {
        Value lhs = resolve(c.lhs);
        if (!c.tail) return lower_alone(lhs, c);
        return boost::apply_visitor(
            [&](const auto& t) -> std::uint32_t { return lower_tail(lhs, t, c); }, c.tail->var);
    }

    // An operand used as a condition by itself.
    std::uint32_t lower_alone(const Value& v, const ast::Comparison& c) {
        Node node = make(NodeOp::constant, c);
        switch (v.kind) {
            case Value::Kind::fact:
                if (v.type == ValueType::boolean) {
                    node.op = NodeOp::fact_bool;
                    node.ref = v.index;
                    return emit(std::move(node));
                }
                ctx_.error(
                    "E050", v.begin, v.end,
                    fmt::format("`{}` is {} {} fact, not a condition: compare it, e.g. "
                                "`{} {} …`",
                                v.text, article(to_string(v.type)), to_string(v.type), v.text,
                                v.type == ValueType::set_of   ? "contains"
                                : v.type == ValueType::one_of ? "="
                                                              : "<"));
                return emit(unknown_node(c));
            case Value::Kind::parameter:
                if (v.type == ValueType::boolean) {
                    node.constant = v.base != 0 ? Truth::true_ : Truth::false_;
                    return emit(std::move(node));
                }
                ctx_.error("E050", v.begin, v.end,
                           fmt::format("parameter `{}` is a number, not a condition", v.text));
                return emit(unknown_node(c));
            case Value::Kind::boolean:
                node.constant = v.base != 0 ? Truth::true_ : Truth::false_;
                return emit(std::move(node));
            case Value::Kind::criterion:
                node.op = NodeOp::criterion_ref;
                node.ref = v.index;
                return emit(std::move(node));
            case Value::Kind::conclusion:
                node.op = NodeOp::conclusion_ref;
                node.ref = v.index;
                return emit(std::move(node));
            case Value::Kind::number:
                ctx_.error("E050", v.begin, v.end,
                           fmt::format("`{}` is a number, not a condition", v.text));
                return emit(unknown_node(c));
            case Value::Kind::name:
                report_undefined(v);
                return emit(unknown_node(c));
            case Value::Kind::step:
                report_step(v);
                return emit(unknown_node(c));
            case Value::Kind::score:
                ctx_.error("E050", v.begin, v.end,
                           fmt::format("`{}` is a score, a number, not a condition: compare it, "
                                       "e.g. `{} >= 2`",
                                       v.text, v.text));
                return emit(unknown_node(c));
            case Value::Kind::invalid:
                break;
        }
        return emit(unknown_node(c));
    }

    std::uint32_t lower_tail(const Value& lhs, const ast::CompareTail& t,
                             const ast::Comparison& c) {
        Value rhs = resolve(t.rhs);
        if (lhs.kind == Value::Kind::invalid || rhs.kind == Value::Kind::invalid)
            return emit(unknown_node(c));
        bool equality = t.op == ast::Comparator::equal || t.op == ast::Comparator::not_equal;

        // enum fact = member
        const Value* enum_side = is_enum(lhs) ? &lhs : is_enum(rhs) ? &rhs : nullptr;
        if (enum_side) {
            const Value& other = enum_side == &lhs ? rhs : lhs;
            if (!equality) {
                ctx_.error("E052", c.begin, c.end,
                           fmt::format("`{}` is a one-of fact: compare it with = or !=, or use "
                                       "`in {{…}}`",
                                       enum_side->text));
                return emit(unknown_node(c));
            }
            if (other.kind != Value::Kind::name && other.kind != Value::Kind::fact &&
                other.kind != Value::Kind::parameter && other.kind != Value::Kind::criterion &&
                other.kind != Value::Kind::conclusion) {
                ctx_.error("E050", other.begin, other.end,
                           fmt::format("`{}` is a one-of fact; compare it with one of its "
                                       "values: {}",
                                       enum_side->text, member_list(enum_side->index)));
                return emit(unknown_node(c));
            }
            Node node = make(NodeOp::enum_in, c);
            node.ref = enum_side->index;
            node.negate = t.op == ast::Comparator::not_equal;
            auto bit = member_bit(enum_side->index, other.text, other.begin, other.end);
            if (!bit) return emit(unknown_node(c));
            node.mask = *bit;
            return emit(std::move(node));
        }
        if (is_set(lhs) || is_set(rhs)) {
            const Value& s = is_set(lhs) ? lhs : rhs;
            ctx_.error("E052", c.begin, c.end,
                       fmt::format("`{}` is a set: use `{} contains …`", s.text, s.text));
            return emit(unknown_node(c));
        }
        if (lhs.kind == Value::Kind::name) return report_undefined(lhs), emit(unknown_node(c));
        if (rhs.kind == Value::Kind::name) return report_undefined(rhs), emit(unknown_node(c));
        if (lhs.kind == Value::Kind::step) return report_step(lhs), emit(unknown_node(c));
        if (rhs.kind == Value::Kind::step) return report_step(rhs), emit(unknown_node(c));
        if (lhs.kind == Value::Kind::score || rhs.kind == Value::Kind::score)
            return lower_score_compare(t.op, lhs, rhs, c);

        if (lhs.boolean() && rhs.boolean()) {
            if (!equality) {
                ctx_.error("E052", c.begin, c.end,
                           "true/false values can only be compared with = or !=");
                return emit(unknown_node(c));
            }
            return emit_compare(c, t.op, lhs, rhs);
        }
        if (lhs.numeric() && rhs.numeric()) {
            if (!check_dimensions(lhs, rhs, c)) return emit(unknown_node(c));
            check_range(lhs, rhs);
            check_range(rhs, lhs);
            return emit_compare(c, t.op, lhs, rhs);
        }
        ctx_.error("E050", c.begin, c.end,
                   fmt::format("cannot compare {} with {}", describe(lhs), describe(rhs)));
        return emit(unknown_node(c));
    }

    /// A score compared with a plain number or a parameter without a unit: `wells >= 2`.
    std::uint32_t lower_score_compare(ast::Comparator op, const Value& lhs, const Value& rhs,
                                      const ast::Comparison& c) {
        bool score_left = lhs.kind == Value::Kind::score;
        const Value& score = score_left ? lhs : rhs;
        const Value& other = score_left ? rhs : lhs;
        bool plain = (other.kind == Value::Kind::number ||
                      (other.kind == Value::Kind::parameter && other.type != ValueType::boolean)) &&
                     other.dimension.empty();
        if (!plain) {
            ctx_.error("E050", other.begin, other.end,
                       fmt::format("score `{}` is a plain number: compare it with a number or a "
                                   "parameter without a unit, not {}",
                                   score.text, describe(other)));
            return emit(unknown_node(c));
        }
        // Written the other way round (`2 <= wells`), the comparison is mirrored.
        auto mirrored = [](ast::Comparator o) {
            switch (o) {
                case ast::Comparator::less:
                    return ast::Comparator::greater;
                case ast::Comparator::less_equal:
                    return ast::Comparator::greater_equal;
                case ast::Comparator::greater:
                    return ast::Comparator::less;
                case ast::Comparator::greater_equal:
                    return ast::Comparator::less_equal;
                default:
                    return o;
            }
        };
        Node node = make(NodeOp::score_compare, c);
        node.compare = static_cast<detail::CompareOp>(score_left ? op : mirrored(op));
        node.ref = score.index;
        node.operands[0] = operand(other);
        return emit(std::move(node));
    }

    std::uint32_t lower_tail(const Value& lhs, const ast::BetweenTail& t,
                             const ast::Comparison& c) {
        Value low = resolve(t.low), high = resolve(t.high);
        if (lhs.kind == Value::Kind::invalid || low.kind == Value::Kind::invalid ||
            high.kind == Value::Kind::invalid)
            return emit(unknown_node(c));
        for (const Value* v : std::initializer_list<const Value*>{&lhs, &low, &high}) {
            if (v->kind == Value::Kind::name) return report_undefined(*v), emit(unknown_node(c));
            if (!v->numeric()) {
                ctx_.error("E052", v->begin, v->end,
                           fmt::format("`between` needs numbers, but {} is not one", describe(*v)));
                return emit(unknown_node(c));
            }
        }
        if (!check_dimensions(lhs, low, c) || !check_dimensions(lhs, high, c))
            return emit(unknown_node(c));
        // Bounds are literals or parameters (values known now, overrides applied), so an empty
        // interval, or one that misses the fact's declared range entirely, is a mistake.
        bool known_bounds =
            (low.kind == Value::Kind::number || low.kind == Value::Kind::parameter) &&
            (high.kind == Value::Kind::number || high.kind == Value::Kind::parameter);
        if (known_bounds && low.base > high.base) {
            ctx_.error("E071", t.begin, t.end,
                       fmt::format("empty range: {} is above {}", low.text, high.text));
        } else if (known_bounds && lhs.kind == Value::Kind::fact) {
            const auto& f = program_.facts[lhs.index];
            if (f.minimum && (high.base / f.to_base < *f.minimum - 1e-9 ||
                              low.base / f.to_base > *f.maximum + 1e-9))
                ctx_.error(
                    "E070", t.begin, t.end,
                    fmt::format("[{}, {}] lies outside the declared range of `{}`, "
                                "[{:g}, {:g}] {}: the comparison can never change",
                                low.text, high.text, f.name, *f.minimum, *f.maximum, f.unit));
        }
        Node node = make(NodeOp::between, c);
        node.operands[0] = operand(lhs);
        node.operands[1] = operand(low);
        node.operands[2] = operand(high);
        return emit(std::move(node));
    }

    std::uint32_t lower_tail(const Value& lhs, const ast::InTail& t, const ast::Comparison& c) {
        if (lhs.kind == Value::Kind::invalid) return emit(unknown_node(c));
        if (lhs.kind == Value::Kind::name) return report_undefined(lhs), emit(unknown_node(c));
        if (!is_enum(lhs)) {
            ctx_.error("E052", lhs.begin, lhs.end,
                       is_set(lhs) ? fmt::format("`{}` is a set: use `{} contains any of {{…}}`",
                                                 lhs.text, lhs.text)
                                   : fmt::format("`in {{…}}` needs a one-of fact, but {} is not",
                                                 describe(lhs)));
            return emit(unknown_node(c));
        }
        Node node = make(NodeOp::enum_in, c);
        node.ref = lhs.index;
        node.negate = t.negated;
        if (!collect_members(lhs.index, t.members, node.mask)) return emit(unknown_node(c));
        return emit(std::move(node));
    }

    std::uint32_t lower_tail(const Value& lhs, const ast::ContainsTail& t,
                             const ast::Comparison& c) {
        if (lhs.kind == Value::Kind::invalid) return emit(unknown_node(c));
        if (lhs.kind == Value::Kind::name) return report_undefined(lhs), emit(unknown_node(c));
        if (!is_set(lhs)) {
            ctx_.error(
                "E052", lhs.begin, lhs.end,
                is_enum(lhs)
                    ? fmt::format("`{}` is a one-of fact: use `{} in {{…}}`", lhs.text, lhs.text)
                    : fmt::format("`contains` needs a set-of fact, but {} is not", describe(lhs)));
            return emit(unknown_node(c));
        }
        Node node = make(
            t.quantifier == ast::Quantifier::all ? NodeOp::set_has_all : NodeOp::set_has_any, c);
        node.ref = lhs.index;
        if (!collect_members(lhs.index, t.members, node.mask)) return emit(unknown_node(c));
        return emit(std::move(node));
    }

    // ---- operands ------------------------------------------------------------------------

    Value resolve(const ast::Operand& op) {
        Value v;
        v.begin = op.begin;
        v.end = op.end;
        v.text = std::string(ctx_.source.slice(op.begin, op.end));
        boost::apply_visitor(
            [&](const auto& alt) {
                using T = std::decay_t<decltype(alt)>;
                if constexpr (std::is_same_v<T, ast::Quantity>)
                    resolve_quantity(alt, v);
                else if constexpr (std::is_same_v<T, ast::BoolLit>) {
                    v.kind = Value::Kind::boolean;
                    v.type = ValueType::boolean;
                    v.base = alt.value ? 1.0 : 0.0;
                } else
                    resolve_name(alt, v);
            },
            op.var);
        return v;
    }

    void resolve_quantity(const ast::Quantity& q, Value& v) {
        v.kind = Value::Kind::number;
        v.base = q.number.value;
        if (!q.unit) return;
        const UnitInfo* unit = ctx_.unit(*q.unit);
        if (!unit) {
            v.kind = Value::Kind::invalid;
            return;
        }
        v.unit = unit->name;
        v.dimension = unit->dimension;
        v.base = q.number.value * unit->to_base;
        if (!std::isfinite(v.base)) {
            ctx_.error("E013", q.begin, q.end,
                       fmt::format("`{}` is too large: it is not finite once converted",
                                   ctx_.source.slice(q.begin, q.end)));
            v.kind = Value::Kind::invalid;
        }
    }

    void resolve_name(const ast::Identifier& id, Value& v) {
        v.text = id.name;
        const Symbol* s = ctx_.find(id.name);
        if (!s) {
            v.kind = Value::Kind::name;
            return;
        }
        v.index = s->index;
        switch (s->kind) {
            case SymbolKind::fact: {
                const auto& f = program_.facts[s->index];
                v.kind = Value::Kind::fact;
                v.type = f.type;
                v.unit = f.unit;
                v.dimension = f.dimension;
                ctx_.fact_used[s->index] = true;
                break;
            }
            case SymbolKind::parameter: {
                const auto& p = program_.parameters[s->index];
                v.kind = Value::Kind::parameter;
                v.type = p.type;
                v.unit = p.unit;
                v.dimension = p.dimension;
                v.base = program_.parameter_base_values[s->index];
                ctx_.parameter_used[s->index] = true;
                break;
            }
            case SymbolKind::criterion:
                v.kind = Value::Kind::criterion;
                break;
            case SymbolKind::conclusion:
                v.kind = Value::Kind::conclusion;
                break;
            case SymbolKind::score:
                v.kind = Value::Kind::score;
                break;
            case SymbolKind::step:
            case SymbolKind::population:  // neither is a condition: reported alike
                v.kind = Value::Kind::step;
                break;
        }
    }

    detail::Operand operand(const Value& v) const {
        detail::Operand o;
        o.text = v.text;
        switch (v.kind) {
            case Value::Kind::fact:
                o.kind = OperandKind::fact;
                o.index = v.index;
                break;
            case Value::Kind::parameter:
                o.kind = OperandKind::parameter;
                o.index = v.index;
                o.value = v.base;
                break;
            default:
                o.kind = OperandKind::literal;
                o.value = v.base;
                break;
        }
        return o;
    }

    // ---- checks ----------------------------------------------------------------------------

    bool is_enum(const Value& v) const {
        return v.kind == Value::Kind::fact && v.type == ValueType::one_of;
    }
    bool is_set(const Value& v) const {
        return v.kind == Value::Kind::fact && v.type == ValueType::set_of;
    }

    std::string describe(const Value& v) const {
        switch (v.kind) {
            case Value::Kind::fact:
                return fmt::format("`{}` ({} fact{})", v.text, to_string(v.type),
                                   v.unit.empty() ? "" : " in " + v.unit);
            case Value::Kind::parameter:
                return fmt::format("parameter `{}`", v.text);
            case Value::Kind::number:
                return fmt::format("the number `{}`", v.text);
            case Value::Kind::boolean:
                return fmt::format("`{}`", v.text);
            case Value::Kind::criterion:
                return fmt::format("criterion `{}`", v.text);
            case Value::Kind::conclusion:
                return fmt::format("conclusion `{}`", v.text);
            case Value::Kind::step:
                return fmt::format("step `{}`", v.text);
            case Value::Kind::score:
                return fmt::format("score `{}`", v.text);
            default:
                return fmt::format("`{}`", v.text);
        }
    }

    // A plain number (literal or parameter) is accepted for a count; elsewhere a quantity needs
    // its unit.
    bool check_dimensions(const Value& a, const Value& b, const ast::Located& where) {
        if (a.dimension == b.dimension) return true;
        auto bare = [](const Value& v) {
            return (v.kind == Value::Kind::number || v.kind == Value::Kind::parameter) &&
                   v.dimension.empty();
        };
        if ((bare(a) && b.dimension == "count") || (bare(b) && a.dimension == "count")) return true;
        if (bare(a) || bare(b)) {
            const Value& number = bare(a) ? a : b;
            const Value& other = bare(a) ? b : a;
            ctx_.error("E061", number.begin, number.end,
                       number.kind == Value::Kind::parameter
                           ? fmt::format("parameter `{}` has no unit, but {} is measured in {} "
                                         "({}): declare it with a unit, e.g. `{} {}`",
                                         number.text, describe(other), other.unit, other.dimension,
                                         number.base, other.unit)
                           : fmt::format("`{}` has no unit, but {} is measured in {} ({}): write "
                                         "`{} {}`",
                                         number.text, describe(other), other.unit, other.dimension,
                                         number.text, other.unit));
            return false;
        }
        auto dim = [](const Value& v) {
            if (v.dimension.empty()) return std::string("no unit");
            return v.dimension == v.unit ? v.unit : v.dimension + " in " + v.unit;
        };
        ctx_.error("E060", where.begin, where.end,
                   fmt::format("cannot compare `{}` ({}) with `{}` ({}): different dimensions",
                               a.text, dim(a), b.text, dim(b)));
        return false;
    }

    // A threshold the fact can never reach is a mistake in the rules (or in the range).
    void check_range(const Value& fact, const Value& threshold) {
        if (fact.kind != Value::Kind::fact) return;
        if (threshold.kind != Value::Kind::number && threshold.kind != Value::Kind::parameter)
            return;
        const auto& f = program_.facts[fact.index];
        if (!f.minimum || !f.maximum) return;
        double in_unit = threshold.base / f.to_base;
        constexpr double slack = 1e-9;
        if (in_unit < *f.minimum - slack || in_unit > *f.maximum + slack)
            ctx_.error(
                "E070", threshold.begin, threshold.end,
                fmt::format("threshold {}{} is outside the declared range of `{}`, "
                            "[{:g}, {:g}] {}: the comparison can never change",
                            threshold.text,
                            threshold.unit == f.unit ? std::string{}
                                                     : fmt::format(" (= {:g} {})", in_unit, f.unit),
                            f.name, *f.minimum, *f.maximum, f.unit));
    }

    std::optional<std::uint64_t> member_bit(std::uint32_t fact, const std::string& name,
                                            std::uint32_t begin, std::uint32_t end) {
        const auto& members = program_.facts[fact].members;
        for (std::size_t i = 0; i < members.size(); ++i)
            if (members[i] == name) return std::uint64_t{1} << i;
        ctx_.error("E051", begin, end,
                   fmt::format("`{}` is not a value of `{}`; its values are: {}", name,
                               program_.facts[fact].name, member_list(fact)));
        return std::nullopt;
    }

    bool collect_members(std::uint32_t fact, const std::vector<ast::Identifier>& ids,
                         std::uint64_t& mask) {
        bool ok = true;
        for (const auto& id : ids) {
            auto bit = member_bit(fact, id.name, id.begin, id.end);
            if (bit)
                mask |= *bit;
            else
                ok = false;
        }
        return ok;
    }

    std::string member_list(std::uint32_t fact) const {
        std::string out;
        for (const auto& m : program_.facts[fact].members) out += (out.empty() ? "" : ", ") + m;
        return out;
    }

    void report_undefined(const Value& v) {
        if (ctx_.failed_to_parse(v.text)) return;  // its declaration already has an error
        auto suggestion = detail::closest_spelling(v.text, ctx_.names());
        ctx_.error("E030", v.begin, v.end,
                   suggestion.empty() ? fmt::format("undefined name `{}`", v.text)
                                      : fmt::format("undefined name `{}`; did you mean `{}`?",
                                                    v.text, suggestion));
    }

    void report_step(const Value& v) {
        const Symbol* s = ctx_.find(v.text);
        ctx_.error("E050", v.begin, v.end,
                   fmt::format("`{}` is a {}; a condition can use facts, parameters, "
                               "criteria and conclusions",
                               v.text, s ? check::describe(s->kind) : "step"));
    }

    // ---- nodes -----------------------------------------------------------------------------

    Node make(NodeOp op, const ast::Located& at) const {
        Node n;
        n.op = op;
        n.text = ctx_.source.slice(at.begin, at.end);
        n.span = ctx_.source.span(at.begin, at.end);
        return n;
    }

    Node unknown_node(const ast::Located& at) const {
        Node n = make(NodeOp::constant, at);
        n.constant = Truth::unknown;
        return n;
    }

    std::uint32_t emit_compare(const ast::Comparison& c, ast::Comparator op, const Value& lhs,
                               const Value& rhs) {
        Node node = make(NodeOp::compare, c);
        node.compare = static_cast<detail::CompareOp>(op);
        node.operands[0] = operand(lhs);
        node.operands[1] = operand(rhs);
        return emit(std::move(node));
    }

    std::uint32_t emit(Node node, const std::vector<std::uint32_t>& kids = {}) {
        node.first_child = static_cast<std::uint32_t>(program_.children.size());
        node.child_count = static_cast<std::uint32_t>(kids.size());
        program_.children.insert(program_.children.end(), kids.begin(), kids.end());
        program_.nodes.push_back(std::move(node));
        return static_cast<std::uint32_t>(program_.nodes.size() - 1);
    }

    CheckContext& ctx_;
    detail::Program& program_;
};

}  // namespace

std::uint32_t lower_condition(CheckContext& ctx, const ast::OrExpr& expr) {
    return Lowering(ctx).lower(expr);
}

}  // namespace ilio::check
