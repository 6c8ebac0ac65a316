#include "check/expression_lowering.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "check/arithmetic_lowering.hpp"
#include "common/one_line.hpp"
#include "common/spelling.hpp"
#include "program/node_equality.hpp"

namespace ilio::check {

namespace {

using detail::Node;
using detail::NodeOp;
using detail::one_line;
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
        score,
        item_list,
        expression  // arithmetic: index into Program::expressions
    };
    Kind kind = Kind::invalid;
    ValueType type = ValueType::number;
    std::string unit, dimension;
    double base = 0.0;  // literal or parameter value in base units
    std::uint32_t index = detail::no_index;
    std::string text;
    std::uint32_t begin = 0, end = 0;

    bool numeric() const {
        return kind == Kind::number || kind == Kind::expression ||
               ((kind == Kind::fact || kind == Kind::parameter) &&
                (type == ValueType::number || type == ValueType::integer ||
                 type == ValueType::date));
    }
    bool boolean() const {
        return kind == Kind::boolean ||
               ((kind == Kind::fact || kind == Kind::parameter) && type == ValueType::boolean);
    }
};

/// Where a name stands, so that "did you mean" offers only names that fit there.
enum class Place { condition, value, number, one_of, set_of, item_list };

/// The item list an item names when the item is a bare name and names one.
std::optional<std::uint32_t> item_list_named(const CheckContext& ctx, const ast::OrExpr& e) {
    if (!e.rest.empty() || !e.first.rest.empty() || !e.first.first.nots.empty()) return {};
    const auto* c = boost::get<ast::Comparison>(&e.first.first.atom.var);
    if (!c || c->tail) return {};
    const auto* id = boost::get<ast::Identifier>(&c->lhs.var);
    if (!id) return {};
    const Symbol* s = ctx.find(id->name);
    if (!s || s->kind != SymbolKind::item_list) return {};
    return s->index;
}

/// E090 for item lists `members` (in order; the first follows the last), reported at `at`, once
/// for each list: the lists are marked as reported.
void report_list_cycle(CheckContext& ctx, const std::vector<std::uint32_t>& members,
                       const ast::Located& at) {
    if (std::any_of(members.begin(), members.end(),
                    [&](std::uint32_t m) { return ctx.cyclic_lists.count(m) != 0; }))
        return;
    std::string chain;
    for (auto m : members) {
        chain += fmt::format("item list `{}` → ", ctx.item_lists[m]->name.name);
        ctx.cyclic_lists.insert(m);
    }
    chain += fmt::format("item list `{}`", ctx.item_lists[members.front()]->name.name);
    auto d = ctx.source.error(
        "E090", at.begin, at.end,
        fmt::format("dependency cycle: {}: an item list cannot contain itself", chain));
    for (std::size_t i = 1; i < members.size(); ++i) {
        const auto& name = ctx.item_lists[members[i]]->name;
        d.notes.push_back(ctx.source.note(
            name.begin, name.end, fmt::format("item list `{}` is defined here", name.name)));
    }
    ctx.diagnostics.push_back(std::move(d));
}

class Lowering {
  public:
    explicit Lowering(CheckContext& ctx) : ctx_(ctx), program_(ctx.program) {}

    /// The items of a list, item lists expanded, each lowered.
    std::vector<LoweredItem> lower_source(const ast::ItemSource& source) {
        std::vector<Listed> listed;
        if (source.list)
            list_named(*source.list, listed);
        else
            collect(source.items, listed);
        return lower_listed(listed);
    }

    /// An item list where it is declared: its own conditions are reported here, once.
    void lower_declared(std::uint32_t list) {
        enter(list);  // a list naming itself is a cycle, not a second copy
        declaring_ = true;
        std::vector<Listed> listed;
        collect(ctx_.item_lists[list]->items, listed);
        lower_listed(listed);
        leave();
        declaring_ = false;
    }

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

    static std::vector<std::uint32_t> roots(const std::vector<LoweredItem>& items) {
        std::vector<std::uint32_t> out;
        out.reserve(items.size());
        for (const auto& item : items) out.push_back(item.root);
        return out;
    }

    std::uint32_t lower_forward(const ast::ListOf& l) {
        auto kids = roots(lower_source(l.source));
        if (kids.empty()) return emit(unknown_node(l));  // reported
        auto op = l.quantifier == ast::Quantifier::all ? NodeOp::logical_and : NodeOp::logical_or;
        return emit(named_list(make(op, l), l.source), kids);
    }

    std::uint32_t lower_forward(const ast::AtLeast& a) {
        Value count = resolve(a.count);
        auto kids = roots(lower_source(a.source));
        if (kids.empty()) return emit(unknown_node(a));  // reported
        Node node = named_list(make(NodeOp::at_least, a), a.source);
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
        if (c.held) return lower_held(c);
        Value lhs = resolve(c.lhs);
        if (!c.tail) return lower_alone(lhs, c);
        return boost::apply_visitor(
            [&](const auto& t) -> std::uint32_t { return lower_tail(lhs, t, c); }, c.tail->var);
    }

    /// `x > 0 deg at every visit for at least 6 week`: the comparison (the node's one child)
    /// read at every visit of the period, each visit as it was recorded: so it compares facts
    /// recorded over visits, and reads no other visit itself; the period is a time above zero.
    std::uint32_t lower_held(const ast::Comparison& c) {
        const ast::HeldPeriod& period = c.held->get();
        ast::Comparison inner = c;
        inner.held.reset();
        inner.end = c.tail ? c.tail->end : c.lhs.end;
        bool comparison =
            c.tail && (boost::get<ast::CompareTail>(&c.tail->var) ||
                       boost::get<ast::x3::forward_ast<ast::BetweenTail>>(&c.tail->var));
        if (!comparison) {
            ctx_.error("E086", c.begin, period.begin,
                       fmt::format("`{}` is not a comparison of numbers: only a comparison "
                                   "such as `x > 0 deg` is held `at every visit`",
                                   one_line(ctx_.source.slice(inner.begin, inner.end))));
            return emit(unknown_node(c));
        }
        auto child = lower_comparison(inner);
        const Node& compared = program_.nodes[child];
        if (compared.op != NodeOp::compare && compared.op != NodeOp::between)
            return emit(unknown_node(c), {child});  // reported by the comparison
        if (!held_reads_visits(compared, inner)) return emit(unknown_node(c), {child});
        Value duration = resolve(period.duration);
        if (duration.kind == Value::Kind::invalid) return emit(unknown_node(c), {child});
        bool constant =
            duration.kind == Value::Kind::number || duration.kind == Value::Kind::parameter;
        if (!constant || duration.dimension != "time" || !(duration.base > 0)) {
            ctx_.error("E086", period.duration.begin, period.duration.end,
                       fmt::format("the period of `at every visit for at least` is {}: it "
                                   "must be a time above zero, such as `6 week`, or a "
                                   "parameter that is one",
                                   !constant ? describe(duration)
                                   : duration.dimension != "time"
                                       ? fmt::format("`{}` ({})", duration.text,
                                                     duration.dimension.empty()
                                                         ? std::string("a plain number")
                                                         : duration.dimension)
                                       : fmt::format("`{}`", duration.text)));
            return emit(unknown_node(c), {child});
        }
        Node node = make(NodeOp::held, c);
        node.operands[0] = operand(duration);
        return emit(std::move(node), {child});
    }

    /// Whether a held comparison reads only facts recorded over visits (E085 otherwise), at
    /// least one, and no earlier visit of its own (E086).
    bool held_reads_visits(const Node& n, const ast::Comparison& c) {
        std::vector<std::uint32_t> facts;
        bool earlier = false;
        for (const auto& o : n.operands) {
            if (o.kind == OperandKind::fact) facts.push_back(o.index);
            if (o.kind != OperandKind::expression) continue;
            const auto& ex = program_.expressions[o.index];
            for (auto i = ex.first_step; i < ex.first_step + ex.step_count; ++i) {
                const auto& s = program_.arith_steps[i];
                if (s.op != detail::ArithOp::value) continue;
                if (s.kind == OperandKind::fact) facts.push_back(s.index);
                earlier = earlier || s.kind == OperandKind::fact_at_baseline ||
                          s.kind == OperandKind::fact_at_previous ||
                          s.kind == OperandKind::time_since_baseline ||
                          s.kind == OperandKind::time_since_previous ||
                          s.kind == OperandKind::time_since_date;
            }
        }
        auto text = one_line(ctx_.source.slice(c.begin, c.end));
        if (earlier) {
            ctx_.error("E086", c.begin, c.end,
                       fmt::format("`{}` is read at every visit as that visit recorded it: it "
                                   "cannot itself read `baseline`, `previous` or `time since`",
                                   text));
            return false;
        }
        for (auto f : facts) {
            if (program_.facts[f].over_visits) continue;
            ctx_.error("E085", c.begin, c.end,
                       fmt::format("`{}` is held at every visit, but `{}` is not recorded over "
                                   "visits; declare it `over visits`",
                                   text, program_.facts[f].name));
            return false;
        }
        if (facts.empty()) {
            ctx_.error("E085", c.begin, c.end,
                       fmt::format("`{}` reads no fact recorded over visits, so it is the same "
                                   "at every visit",
                                   text));
            return false;
        }
        return true;
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
            case Value::Kind::expression:
                ctx_.error("E050", v.begin, v.end,
                           fmt::format("`{}` is a number, not a condition: compare it, e.g. "
                                       "`{} > …`",
                                       v.text, v.text));
                return emit(unknown_node(c));
            case Value::Kind::name:
                report_undefined(v, Place::condition);
                return emit(unknown_node(c));
            case Value::Kind::item_list:
                ctx_.error("E050", v.begin, v.end,
                           fmt::format("`{}` is an item list, not a condition: use `any of {}`, "
                                       "`all of {}` or `at least N of {}`",
                                       v.text, v.text, v.text, v.text));
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
        if (lhs.kind == Value::Kind::name)
            return report_undefined(lhs, Place::value), emit(unknown_node(c));
        if (rhs.kind == Value::Kind::name)
            return report_undefined(rhs, Place::value), emit(unknown_node(c));
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
            if (v->kind == Value::Kind::name)
                return report_undefined(*v, Place::number), emit(unknown_node(c));
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
        } else if (known_bounds && shape_of(lhs)) {
            const auto& f = *shape_of(lhs);
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
        if (lhs.kind == Value::Kind::name)
            return report_undefined(lhs, Place::one_of), emit(unknown_node(c));
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
        if (lhs.kind == Value::Kind::name)
            return report_undefined(lhs, Place::set_of), emit(unknown_node(c));
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
                } else if constexpr (std::is_same_v<T, ast::Identifier>)
                    resolve_name(alt, v);
                else
                    resolve_arithmetic(alt.get(), v);
            },
            op.var);
        return v;
    }

    void resolve_arithmetic(const ast::Sum& sum, Value& v) {
        // `(x)`: the value itself, so a parenthesised condition or number reads as before.
        if (const ast::Factor* plain = parenthesised_plain(sum)) {
            ast::Operand inner;
            if (const auto* q = boost::get<ast::Quantity>(&plain->var)) inner = *q;
            if (const auto* b = boost::get<ast::BoolLit>(&plain->var)) inner = *b;
            if (const auto* id = boost::get<ast::Identifier>(&plain->var)) inner = *id;
            inner.begin = plain->begin;
            inner.end = plain->end;
            v = resolve(inner);
            return;
        }
        v.begin = sum.begin;
        v.end = sum.end;
        v.text = std::string(ctx_.source.slice(sum.begin, sum.end));
        auto e = lower_arithmetic(ctx_, sum);
        if (!e) {
            v.kind = Value::Kind::invalid;
            return;
        }
        const auto& shape = program_.expressions[*e].shape;
        v.kind = Value::Kind::expression;
        v.type = ValueType::number;
        v.index = *e;
        v.unit = shape.unit;
        v.dimension = shape.dimension;
    }

    /// What a numeric value is described by for range checks: a fact's declaration, or the
    /// shape of arithmetic (its range propagated from its operands).
    const FactInfo* shape_of(const Value& v) const {
        if (v.kind == Value::Kind::fact) return &program_.facts[v.index];
        if (v.kind == Value::Kind::expression) return &program_.expressions[v.index].shape;
        return nullptr;
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
            case SymbolKind::item_list:
                v.kind = Value::Kind::item_list;
                break;
            case SymbolKind::step:
            case SymbolKind::population:  // neither is a condition: reported alike
                v.kind = Value::Kind::step;
                break;
        }
    }

    detail::Operand operand(const Value& v) const {
        detail::Operand o;
        o.text = ctx_.source.slice(v.begin, v.end);
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
            case Value::Kind::expression:
                o.kind = OperandKind::expression;
                o.index = v.index;
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
            case Value::Kind::item_list:
                return fmt::format("item list `{}`", v.text);
            case Value::Kind::expression:
                return fmt::format(
                    "`{}` ({})", v.text,
                    v.unit.empty() ? std::string("a plain number") : "a number in " + v.unit);
            default:
                return fmt::format("`{}`", v.text);
        }
    }

    // A plain number (literal or parameter) is accepted for a count; elsewhere a quantity needs
    // its unit.
    bool check_dimensions(const Value& a, const Value& b, const ast::Located& where) {
        if (a.dimension == b.dimension) return true;
        if (a.dimension == "date" || b.dimension == "date") {
            const Value& date = a.dimension == "date" ? a : b;
            const Value& other = a.dimension == "date" ? b : a;
            ctx_.error("E087", where.begin, where.end,
                       fmt::format("cannot compare the date `{}` with {}: compare a date with "
                                   "another date, or the time between two (`{} - …`, `time "
                                   "since {}`) with a time",
                                   date.text, describe(other), date.text, date.text));
            return false;
        }
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
        const FactInfo* shape = shape_of(fact);
        if (!shape) return;
        if (threshold.kind != Value::Kind::number && threshold.kind != Value::Kind::parameter)
            return;
        const auto& f = *shape;
        if (!f.minimum || !f.maximum) return;
        double in_unit = threshold.base / f.to_base;
        constexpr double slack = 1e-9;
        if (in_unit < *f.minimum - slack || in_unit > *f.maximum + slack)
            ctx_.error(
                "E070", threshold.begin, threshold.end,
                fmt::format(
                    "threshold {}{} is outside {} `{}`, "
                    "[{:g}, {:g}] {}: the comparison can never change",
                    threshold.text,
                    threshold.unit == f.unit ? std::string{}
                                             : fmt::format(" (= {:g} {})", in_unit, f.unit),
                    fact.kind == Value::Kind::expression ? "the range of" : "the declared range of",
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

    bool fits(const Symbol& s, Place place) const {
        auto type = [&]() -> std::optional<ValueType> {
            if (s.kind == SymbolKind::fact) return program_.facts[s.index].type;
            if (s.kind == SymbolKind::parameter) return program_.parameters[s.index].type;
            return std::nullopt;
        }();
        bool numeric = type && (*type == ValueType::number || *type == ValueType::integer);
        switch (place) {
            case Place::condition:
                return s.kind == SymbolKind::criterion || s.kind == SymbolKind::conclusion ||
                       (type && *type == ValueType::boolean);
            case Place::value:
                return type.has_value() || s.kind == SymbolKind::score;
            case Place::number:
                return numeric;
            case Place::one_of:
                return s.kind == SymbolKind::fact && *type == ValueType::one_of;
            case Place::set_of:
                return s.kind == SymbolKind::fact && *type == ValueType::set_of;
            case Place::item_list:
                return s.kind == SymbolKind::item_list;
        }
        return false;
    }

    void report_undefined(const Value& v, Place place) {
        report_undefined(v.text, v.begin, v.end, place);
    }

    void report_undefined(const std::string& name, std::uint32_t begin, std::uint32_t end,
                          Place place) {
        ctx_.report_undefined(name, begin, end, [&](const Symbol& s) { return fits(s, place); });
    }

    // ---- item lists ------------------------------------------------------------------------

    /// An item as listed: its condition, the item written where the list is used (itself, or
    /// the name of the item list it came through), and that outermost item list, if any.
    /// `path` is the item lists it came through (into paths_), which stay open while the
    /// item itself is lowered: an item that uses its own list is a cycle, not a recursion.
    struct Listed {
        const ast::OrExpr* expr;
        const ast::Located* origin;
        std::uint32_t via = detail::no_index;
        std::int32_t path = -1;
    };

    /// The item lists being expanded, as a tree: each entry is a list and the entry it is inside.
    struct PathEntry {
        std::uint32_t list;
        std::int32_t parent;
    };

    void collect(const std::vector<ast::OrExpr>& items, std::vector<Listed>& out) {
        for (const auto& item : items) {
            if (auto list = item_list_named(ctx_, item))
                expand(*list, item, out);
            else
                out.push_back({&item, &item, detail::no_index, current_});
        }
    }

    void enter(std::uint32_t list) {
        path_.push_back(list);
        paths_.push_back({list, current_});
        current_ = static_cast<std::int32_t>(paths_.size() - 1);
    }
    void leave() {
        path_.pop_back();
        current_ = paths_[static_cast<std::size_t>(current_)].parent;
    }
    /// Makes `entry` the current path.
    void restore(std::int32_t entry) {
        path_.clear();
        for (auto e = entry; e >= 0; e = paths_[static_cast<std::size_t>(e)].parent)
            path_.push_back(paths_[static_cast<std::size_t>(e)].list);
        std::reverse(path_.begin(), path_.end());
        current_ = entry;
    }

    /// `of NAME`: NAME must be an item list.
    void list_named(const ast::Identifier& id, std::vector<Listed>& out) {
        const Symbol* s = ctx_.find(id.name);
        if (s && s->kind == SymbolKind::item_list) return expand(s->index, id, out);
        if (!s) return report_undefined(id.name, id.begin, id.end, Place::item_list);
        ctx_.error("E050", id.begin, id.end,
                   fmt::format("`{}` is {}, not an item list: put the items in parentheses, "
                               "e.g. `of ({}, …)`, or declare `items NAME = (…)`",
                               id.name, with_article(check::describe(s->kind)), id.name));
    }

    void expand(std::uint32_t list, const ast::Located& origin, std::vector<Listed>& out) {
        ctx_.item_list_used[list] = true;
        // Every list named counts toward the limit as an item does: lists that each name the
        // one before twice double at every level, and where the innermost closes a cycle (which
        // adds no item) they would otherwise be walked 2^depth times without reaching it.
        ++ctx_.expanded_items;
        // A list inside itself: E090 (a list named as an item is reported with the declarations;
        // this catches one used inside its own items, as in `items a = (b, any of a)`).
        if (auto again = std::find(path_.begin(), path_.end(), list); again != path_.end()) {
            report_list_cycle(ctx_, {again, path_.end()}, origin);
            return;
        }
        // Checked before descending as well as per item: after the limit, a doubling list
        // would still be walked 2^depth times.
        if (ctx_.expanded_items > max_expanded_items) {
            report_expansion_limit(origin);
            return;
        }
        if (path_.size() >= static_cast<std::size_t>(max_nesting_depth)) {
            limit_error("E006", origin,
                        fmt::format("item lists nested too deeply: at most {} levels are allowed",
                                    max_nesting_depth));
            return;
        }
        enter(list);
        // The list written where the items are used (a declaration being checked is not).
        auto top = path_[declared_depth()];
        for (const auto& item : ctx_.item_lists[list]->items) {
            if (auto inner = item_list_named(ctx_, item)) {
                expand(*inner, origin, out);
            } else if (ctx_.expanded_items >= max_expanded_items) {
                report_expansion_limit(origin);
                break;
            } else {
                ++ctx_.expanded_items;
                out.push_back({&item, &origin, top, current_});
            }
        }
        leave();
    }

    void report_expansion_limit(const ast::Located& origin) {
        limit_error("E007", origin,
                    fmt::format("item lists expand to more than {} items in this file: each use "
                                "copies a list's conditions",
                                max_expanded_items));
    }

    std::size_t declared_depth() const { return declaring_ ? 1 : 0; }

    /// A limit is reported once, even where other errors are muted.
    void limit_error(const char* code, const ast::Located& at, std::string message) {
        if (ctx_.reported_expansion_limit) return;
        ctx_.reported_expansion_limit = true;
        ctx_.diagnostics.push_back(ctx_.source.error(code, at.begin, at.end, std::move(message)));
    }

    std::vector<LoweredItem> lower_listed(const std::vector<Listed>& listed) {
        std::vector<LoweredItem> out;
        out.reserve(listed.size());
        auto outer = current_;
        for (const auto& l : listed) {
            bool quiet = l.via != detail::no_index;  // checked where its list is declared
            if (quiet) ++ctx_.muted;
            restore(l.path);
            auto root = lower(*l.expr);
            restore(outer);
            if (quiet) --ctx_.muted;
            out.push_back({root, l.expr->begin, l.expr->end});
        }
        report_duplicates(listed, out);
        return out;
    }

    void report_duplicates(const std::vector<Listed>& listed,
                           const std::vector<LoweredItem>& items) {
        std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_hash;
        std::set<std::pair<const ast::Located*, const ast::Located*>> reported;
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto& same_hash = by_hash[ctx_.node_hashes[items[i].root]];
            auto first = std::find_if(same_hash.begin(), same_hash.end(), [&](std::size_t j) {
                return same_subtree(items[j].root, items[i].root);
            });
            if (first == same_hash.end()) {
                same_hash.push_back(i);
                continue;
            }
            const Listed& a = listed[*first];
            const Listed& b = listed[i];
            // Twice inside one use of a list: reported where that list is declared.
            if (a.origin == b.origin && b.via != detail::no_index) continue;
            // Once for each pair of items written where the list is used.
            if (!reported.emplace(a.origin, b.origin).second) continue;
            auto name = [&](std::uint32_t list) { return ctx_.item_lists[list]->name.name; };
            if (a.expr == b.expr && a.via == b.via) {  // one item list named twice
                auto d = ctx_.source.error(
                    "E079", b.origin->begin, b.origin->end,
                    fmt::format("item list `{}` is listed twice: an item of a list counts once",
                                name(b.via)));
                d.notes.push_back(
                    ctx_.source.note(a.origin->begin, a.origin->end, "first listed here"));
                if (ctx_.muted == 0) ctx_.diagnostics.push_back(std::move(d));
                continue;
            }
            std::string via;
            if (a.via != detail::no_index && b.via != detail::no_index && a.via != b.via)
                via = fmt::format(" (through item lists `{}` and `{}`)", name(a.via), name(b.via));
            else if (a.via != detail::no_index || b.via != detail::no_index)
                via = fmt::format(" (through item list `{}`)",
                                  name(a.via != detail::no_index ? a.via : b.via));
            auto d = ctx_.source.error(
                "E079", b.origin->begin, b.origin->end,
                fmt::format("`{}` is listed twice{}: an item of a list counts once; to weigh it "
                            "more, give it its own points in a score",
                            one_line(ctx_.source.slice(b.expr->begin, b.expr->end)), via));
            d.notes.push_back(ctx_.source.note(a.expr->begin, a.expr->end, "first listed here"));
            if (b.expr != b.origin)
                d.notes.push_back(
                    ctx_.source.note(b.expr->begin, b.expr->end, "listed again here"));
            if (ctx_.muted == 0) ctx_.diagnostics.push_back(std::move(d));
        }
    }

    /// Whether two lowered conditions are the same test; a condition in error is like no other.
    bool same_subtree(std::uint32_t a, std::uint32_t b) const {
        std::vector<std::pair<std::uint32_t, std::uint32_t>> pending{{a, b}};
        while (!pending.empty()) {
            auto [x, y] = pending.back();
            pending.pop_back();
            const Node& n = program_.nodes[x];
            const Node& m = program_.nodes[y];
            if (n.op == NodeOp::constant && n.constant == Truth::unknown) return false;
            if (!detail::same_test(n, m)) return false;
            for (std::uint32_t k = 0; k < n.child_count; ++k)
                pending.emplace_back(program_.children[n.first_child + k],
                                     program_.children[m.first_child + k]);
        }
        return true;
    }

    static std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
        // boost::hash_combine's mixing, widened to 64 bits
        return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 12) + (h >> 4));
    }

    std::uint64_t node_hash(const Node& n, const std::vector<std::uint32_t>& kids) const {
        auto bits = [](double d) {
            std::uint64_t u;
            std::memcpy(&u, &d, sizeof u);
            return u;
        };
        std::uint64_t h = static_cast<std::uint64_t>(n.op);
        // An unknown stands for an error already reported and equals nothing (same_subtree):
        // its own index keeps many of them apart, or finding duplicates would be quadratic.
        if (n.op == NodeOp::constant && n.constant == Truth::unknown)
            h = mix(h, program_.nodes.size());
        for (std::uint64_t v :
             {std::uint64_t(n.compare), std::uint64_t(n.negate), std::uint64_t(n.constant),
              std::uint64_t(n.ref), std::uint64_t(n.count), n.mask})
            h = mix(h, v);
        for (const auto& o : n.operands)
            h = mix(mix(mix(h, std::uint64_t(o.kind)), o.index), bits(o.value));
        for (auto kid : kids) h = mix(h, ctx_.node_hashes[kid]);
        return h;
    }

    void report_step(const Value& v) {
        const Symbol* s = ctx_.find(v.text);
        ctx_.error("E050", v.begin, v.end,
                   fmt::format("`{}` is {}; a condition can use facts, parameters, "
                               "criteria and conclusions",
                               v.text, with_article(s ? check::describe(s->kind) : "step")));
    }

    // ---- nodes -----------------------------------------------------------------------------

    Node make(NodeOp op, const ast::Located& at) const {
        Node n;
        n.op = op;
        n.text = ctx_.source.slice(at.begin, at.end);
        n.span = ctx_.source.span(at.begin, at.end);
        return n;
    }

    /// A use of a named item list keeps the name, for explanations.
    Node named_list(Node n, const ast::ItemSource& source) const {
        if (source.list) n.list = ctx_.source.slice(source.list->begin, source.list->end);
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
        // Nodes another phase appended (a score's root) never stand as an item: hash 0.
        ctx_.node_hashes.resize(program_.nodes.size(), 0);
        ctx_.node_hashes.push_back(node_hash(node, kids));
        node.first_child = static_cast<std::uint32_t>(program_.children.size());
        node.child_count = static_cast<std::uint32_t>(kids.size());
        program_.children.insert(program_.children.end(), kids.begin(), kids.end());
        program_.nodes.push_back(std::move(node));
        return static_cast<std::uint32_t>(program_.nodes.size() - 1);
    }

    CheckContext& ctx_;
    detail::Program& program_;
    std::vector<std::uint32_t> path_;  // the item lists being expanded, outermost first
    std::vector<PathEntry> paths_;     // every path taken, so an item can reopen its own
    std::int32_t current_ = -1;        // path_ as an entry of paths_ (-1: no list)
    bool declaring_ = false;           // path_[0] is the list whose declaration is checked
};

/// Every cycle among item lists (a list naming itself, directly or through others): E090 with
/// its path. Iterative, since a file may chain thousands of lists.
void report_item_list_cycles(CheckContext& ctx) {
    auto n = ctx.item_lists.size();
    std::vector<std::vector<std::uint32_t>> names(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& item : ctx.item_lists[i]->items)
            if (auto list = item_list_named(ctx, item)) names[i].push_back(*list);
    enum : char { fresh, open, done };
    std::vector<char> state(n, fresh);
    for (std::uint32_t start = 0; start < n; ++start) {
        if (state[start] != fresh) continue;
        std::vector<std::pair<std::uint32_t, std::size_t>> stack{{start, 0}};
        state[start] = open;
        while (!stack.empty()) {
            auto& [list, next] = stack.back();
            if (next == names[list].size()) {
                state[list] = done;
                stack.pop_back();
                continue;
            }
            auto target = names[list][next++];
            if (state[target] == fresh) {
                state[target] = open;
                stack.emplace_back(target, 0);
                continue;
            }
            if (state[target] != open) continue;
            auto from = std::find_if(stack.begin(), stack.end(),
                                     [&](const auto& entry) { return entry.first == target; });
            std::vector<std::uint32_t> members;
            for (auto it = from; it != stack.end(); ++it) members.push_back(it->first);
            report_list_cycle(ctx, members, ctx.item_lists[target]->name);
        }
    }
}

}  // namespace

std::uint32_t lower_condition(CheckContext& ctx, const ast::OrExpr& expr) {
    return Lowering(ctx).lower(expr);
}

std::vector<LoweredItem> lower_items(CheckContext& ctx, const ast::ItemSource& source) {
    return Lowering(ctx).lower_source(source);
}

void check_item_lists(CheckContext& ctx) {
    report_item_list_cycles(ctx);
    // Checking a list is not using the lists it names.
    auto used = ctx.item_list_used;
    auto& p = ctx.program;
    for (std::uint32_t index = 0; index < ctx.item_lists.size(); ++index) {
        auto nodes = p.nodes.size(), children = p.children.size();
        Lowering(ctx).lower_declared(index);
        p.nodes.resize(nodes);
        p.children.resize(children);
        ctx.node_hashes.resize(nodes);
    }
    ctx.item_list_used = std::move(used);
}

}  // namespace ilio::check
