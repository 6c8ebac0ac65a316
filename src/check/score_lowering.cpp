#include "check/score_lowering.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "check/expression_lowering.hpp"
#include "common/spelling.hpp"

namespace ilio::check {

namespace {

using detail::NodeOp;
using detail::OperandKind;

/// A band of a number fact as an interval of base values.
struct Interval {
    double low = -std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    bool low_closed = false, high_closed = false;
    std::size_t band = 0;
};

class ScoreLowering {
  public:
    ScoreLowering(CheckContext& ctx, const ast::ScoreDecl& d, ScoreIndex index)
        : ctx_(ctx), p_(ctx.program), d_(d), index_(index) {}

    void run() {
        auto& info = p_.scores[index_];
        info.title = d_.title.value;
        info.location = ctx_.source.span(d_.name.begin, d_.name.end);
        auto& score = p_.score_data[index_];
        score.scale = scale();
        auto node_begin = static_cast<std::uint32_t>(p_.nodes.size());
        score.first_part = static_cast<std::uint32_t>(p_.score_parts.size());
        const ast::Range* range = nullptr;
        for (const auto& part : d_.parts) {
            if (const auto* points = boost::get<ast::ScorePoints>(&part.var)) {
                auto root = lower_condition(ctx_, points->condition);
                add_part(false, part, {{root, scaled(points->weight)}});
            } else if (const auto* each = boost::get<ast::ScoreEach>(&part.var)) {
                // Each item is a part of its own, so an explanation names the items that
                // counted.
                auto points = scaled(each->weight);
                for (const auto& item : lower_items(ctx_, each->source)) {
                    ast::Located at;
                    at.begin = item.begin;
                    at.end = item.end;
                    add_part(false, at, {{item.root, points}});
                }
            } else if (const auto* bands = boost::get<ast::ScoreBands>(&part.var)) {
                lower_bands(*bands, part);
            } else if (const auto* r = boost::get<ast::Range>(&part.var)) {
                if (range)
                    ctx_.error("E042", r->begin, r->end,
                               fmt::format("`in [...]` given twice in score `{}`", info.name));
                range = r;
            } else if (const auto* cite = boost::get<ast::TextClause>(&part.var)) {
                info.cite = cite->text.value;
            }
        }
        score.part_count = static_cast<std::uint32_t>(p_.score_parts.size()) - score.first_part;
        if (score.part_count == 0)
            ctx_.error(
                "E040", d_.begin, d_.name.end,
                fmt::format(
                    "score `{}` has no points: add `+1 when …`, `+1 each of …` or `by FACT …`",
                    info.name));
        for (auto i = score.first_part; i < score.first_part + score.part_count; ++i) {
            score.least += p_.score_parts[i].least;
            score.most += p_.score_parts[i].most;
        }
        info.minimum = static_cast<double>(score.least) / static_cast<double>(score.scale);
        info.maximum = static_cast<double>(score.most) / static_cast<double>(score.scale);
        if (score.most - score.least + 1 > detail::max_score_steps) {
            score.interval = true;
            info.interval = true;
            ctx_.warning(
                "W007", d_.name.begin, d_.name.end,
                fmt::format("score `{}` can take {} values (more than {}): with facts "
                            "missing it is tracked as an interval, so fewer "
                            "comparisons on it can be decided",
                            info.name, score.most - score.least + 1, detail::max_score_steps));
        } else {
            score.first_word = p_.score_words;
            score.word_count = static_cast<std::uint32_t>((score.most - score.least + 64) / 64);
            p_.score_words += score.word_count;
        }
        if (range &&
            (info.minimum < range->low.value - 1e-9 || info.maximum > range->high.value + 1e-9))
            ctx_.error("E075", range->begin, range->end,
                       fmt::format("score `{}` can reach {} to {}, outside its declared range "
                                   "[{}, {}]",
                                   info.name, number_text(info.minimum), number_text(info.maximum),
                                   range->low.text, range->high.text));
        root(node_begin);
    }

  private:
    static std::string number_text(double v) { return fmt::format("{}", v); }

    /// The smallest of 1, 10, 100, 1000 that makes every weight whole (E078 beyond).
    std::int64_t scale() {
        std::vector<const ast::NumberLit*> weights;
        for (const auto& part : d_.parts) {
            if (const auto* points = boost::get<ast::ScorePoints>(&part.var))
                weights.push_back(&points->weight);
            if (const auto* each = boost::get<ast::ScoreEach>(&part.var))
                weights.push_back(&each->weight);
            if (const auto* bands = boost::get<ast::ScoreBands>(&part.var))
                for (const auto& band : bands->bands) weights.push_back(&band.weight);
        }
        auto whole = [](double v) {
            return std::abs(v - std::round(v)) < 1e-9 * std::max(1.0, std::abs(v));
        };
        for (std::int64_t scale : {1, 10, 100, 1000}) {
            bool ok = true;
            for (const auto* w : weights) ok = ok && whole(w->value * static_cast<double>(scale));
            if (ok) return scale;
        }
        for (const auto* w : weights)
            if (!whole(w->value * 1000))
                ctx_.error("E078", w->begin, w->end,
                           fmt::format("weight {} has more than three decimals; scores count in "
                                       "steps of 0.001 at the finest",
                                       w->text));
        return 1000;
    }

    std::int64_t scaled(const ast::NumberLit& weight) const {
        double v = std::round(weight.value * static_cast<double>(p_.score_data[index_].scale));
        // Weights large enough to overflow would need more than max_score_steps values anyway.
        v = std::clamp(v, -1e15, 1e15);
        return static_cast<std::int64_t>(v);
    }

    void add_part(bool bands, const ast::Located& at, std::vector<detail::ScoreChoice> choices) {
        detail::ScorePart part;
        part.bands = bands;
        part.first_choice = static_cast<std::uint32_t>(p_.score_choices.size());
        part.choice_count = static_cast<std::uint32_t>(choices.size());
        part.text = ctx_.source.slice(at.begin, at.end);
        // A plain part adds nothing when its condition fails; of bands, exactly one holds.
        part.least = bands ? std::numeric_limits<std::int64_t>::max() : 0;
        part.most = bands ? std::numeric_limits<std::int64_t>::min() : 0;
        for (const auto& c : choices) {
            part.least = std::min(part.least, c.points);
            part.most = std::max(part.most, c.points);
            p_.score_choices.push_back(c);
        }
        if (choices.empty()) part.least = part.most = 0;
        p_.score_parts.push_back(part);
    }

    // ---- bands -----------------------------------------------------------------------------

    static ast::Unary unary_of(const ast::Comparison& c) {
        ast::Unary u;
        u.begin = c.begin;
        u.end = c.end;
        u.atom = ast::Atom(c);
        u.atom.begin = c.begin;
        u.atom.end = c.end;
        return u;
    }

    ast::Comparison comparison(const ast::Identifier& fact, ast::Tail tail,
                               const ast::Located& at) const {
        ast::Comparison c;
        c.begin = at.begin;
        c.end = at.end;
        c.lhs = ast::Operand(fact);
        c.lhs.begin = fact.begin;
        c.lhs.end = fact.end;
        tail.begin = at.begin;
        tail.end = at.end;
        c.tail = tail;
        return c;
    }

    /// A band as the condition it stands for: `age < 65 year`, `age >= 65 year and age < 75
    /// year`, `age between …`, `sex in {female}`.
    ast::OrExpr band_expr(const ast::Identifier& fact, const ast::ScoreBand& band) const {
        ast::OrExpr e;
        const auto& at = band.condition;
        e.begin = e.first.begin = at.begin;
        e.end = e.first.end = at.end;
        if (const auto* limits = boost::get<ast::BandLimits>(&at.var)) {
            e.first.first = unary_of(comparison(fact, ast::Tail(limits->first), limits->first));
            if (limits->second)
                e.first.rest.push_back(
                    unary_of(comparison(fact, ast::Tail(*limits->second), *limits->second)));
        } else if (const auto* between = boost::get<ast::BetweenTail>(&at.var)) {
            e.first.first = unary_of(comparison(fact, ast::Tail(*between), at));
        } else if (const auto* member = boost::get<ast::Identifier>(&at.var)) {
            ast::InTail in;
            in.members.push_back(*member);
            e.first.first = unary_of(comparison(fact, ast::Tail(in), at));
        }
        return e;
    }

    /// "undefined fact", offering only a fact that bands can split.
    std::string undefined_fact(const std::string& name) const {
        auto suggestion = detail::closest_spelling(name, ctx_.names_where([&](const Symbol& s) {
            if (s.kind != SymbolKind::fact) return false;
            auto type = p_.facts[s.index].type;
            return type == ValueType::number || type == ValueType::integer ||
                   type == ValueType::one_of;
        }));
        return suggestion.empty()
                   ? fmt::format("undefined fact `{}`", name)
                   : fmt::format("undefined fact `{}`; did you mean `{}`?", name, suggestion);
    }

    void lower_bands(const ast::ScoreBands& bands, const ast::ScorePart& part) {
        const Symbol* s = ctx_.find(bands.fact.name);
        if (!s || s->kind != SymbolKind::fact) {
            if (!ctx_.failed_to_parse(bands.fact.name))
                ctx_.error(s ? "E050" : "E030", bands.fact.begin, bands.fact.end,
                           s ? fmt::format("`{}` is {}: points by bands need a number, "
                                           "integer or one-of fact",
                                           bands.fact.name, with_article(describe(s->kind)))
                             : undefined_fact(bands.fact.name));
            return;
        }
        const auto& fact = p_.facts[s->index];
        if (fact.type != ValueType::number && fact.type != ValueType::integer &&
            fact.type != ValueType::one_of) {
            ctx_.error("E050", bands.fact.begin, bands.fact.end,
                       fmt::format("`{}` is {} {} fact: points by bands need a number, integer "
                                   "or one-of fact (for a bool, use `+N when {}`)",
                                   fact.name, article(to_string(fact.type)), to_string(fact.type),
                                   fact.name));
            return;
        }
        auto errors_before = count_errors();
        std::vector<detail::ScoreChoice> choices;
        for (const auto& band : bands.bands)
            choices.push_back(
                {lower_condition(ctx_, band_expr(bands.fact, band)), scaled(band.weight)});
        // Coverage means something only for bands that were understood.
        if (count_errors() == errors_before) {
            if (fact.type == ValueType::one_of)
                check_member_bands(bands, choices, s->index);
            else
                check_number_bands(bands, choices, s->index);
        }
        add_part(true, part, std::move(choices));
    }

    std::size_t count_errors() const {
        return static_cast<std::size_t>(
            std::count_if(ctx_.diagnostics.begin(), ctx_.diagnostics.end(),
                          [](const Diagnostic& d) { return d.severity == Severity::error; }));
    }

    std::string band_text(const ast::ScoreBands& bands, std::size_t i) const {
        const auto& c = bands.bands[i].condition;
        return std::string(ctx_.source.slice(c.begin, c.end));
    }

    void check_member_bands(const ast::ScoreBands& bands,
                            const std::vector<detail::ScoreChoice>& choices, FactIndex fact) {
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < choices.size(); ++i) {
            auto mask = p_.nodes[choices[i].node].mask;
            if (seen & mask) {
                const auto& c = bands.bands[i].condition;
                ctx_.error("E076", c.begin, c.end,
                           fmt::format("band `{}` of `{}` is given twice", band_text(bands, i),
                                       bands.fact.name));
            }
            seen |= mask;
        }
        const auto& info = p_.facts[fact];
        std::string missing;
        for (std::size_t m = 0; m < info.members.size(); ++m)
            if (!(seen & (std::uint64_t{1} << m)))
                missing += (missing.empty() ? "" : ", ") + info.members[m];
        if (!missing.empty())
            ctx_.error("E077", bands.begin, bands.end,
                       fmt::format("no band of `{}` covers {}: give each member its points (0 "
                                   "too)",
                                   bands.fact.name, missing));
    }

    /// The interval of base values a band's condition node covers.
    bool interval_of(std::uint32_t node, Interval& out) const {
        const auto& n = p_.nodes[node];
        auto value = [&](const detail::Operand& o) {
            return o.kind == OperandKind::parameter ? p_.parameter_base_values[o.index] : o.value;
        };
        switch (n.op) {
            case NodeOp::compare: {
                double v = value(n.operands[1]);
                switch (n.compare) {
                    case detail::CompareOp::less:
                        out.high = v;
                        return true;
                    case detail::CompareOp::less_equal:
                        out.high = v, out.high_closed = true;
                        return true;
                    case detail::CompareOp::greater:
                        out.low = v;
                        return true;
                    case detail::CompareOp::greater_equal:
                        out.low = v, out.low_closed = true;
                        return true;
                    case detail::CompareOp::equal:
                        out.low = out.high = v, out.low_closed = out.high_closed = true;
                        return true;
                    default:
                        return false;
                }
            }
            case NodeOp::between:
                out.low = value(n.operands[1]), out.high = value(n.operands[2]);
                out.low_closed = out.high_closed = true;
                return true;
            case NodeOp::logical_and: {
                for (std::uint32_t k = 0; k < n.child_count; ++k) {
                    Interval part;
                    if (!interval_of(p_.children[n.first_child + k], part)) return false;
                    if (part.low > out.low || (part.low == out.low && !part.low_closed))
                        out.low = part.low, out.low_closed = part.low_closed;
                    if (part.high < out.high || (part.high == out.high && !part.high_closed))
                        out.high = part.high, out.high_closed = part.high_closed;
                }
                return true;
            }
            default:
                return false;
        }
    }

    void check_number_bands(const ast::ScoreBands& bands,
                            const std::vector<detail::ScoreChoice>& choices, FactIndex fact) {
        const auto& info = p_.facts[fact];
        bool integer = info.type == ValueType::integer;
        std::vector<Interval> intervals;
        for (std::size_t i = 0; i < choices.size(); ++i) {
            Interval in;
            if (!interval_of(choices[i].node, in)) {
                const auto& c = bands.bands[i].condition;
                ctx_.error("E050", c.begin, c.end,
                           fmt::format("band `{}` is not a range of `{}`: write `< x`, `>= x "
                                       "and < y` or `between x and y`",
                                       band_text(bands, i), bands.fact.name));
                return;
            }
            in.band = i;
            if (integer) {  // whole numbers in the declared unit: make every end closed
                auto whole = [&](double base, bool closed, bool low) {
                    double v = base / info.to_base;
                    if (std::isinf(v)) return v;
                    double r = std::round(v);
                    bool is_whole = std::abs(v - r) < 1e-9 * std::max(1.0, std::abs(v));
                    if (is_whole) return closed ? r : (low ? r + 1 : r - 1);
                    return low ? std::ceil(v) : std::floor(v);
                };
                in.low = whole(in.low, in.low_closed, true);
                in.high = whole(in.high, in.high_closed, false);
                in.low_closed = in.high_closed = true;
            } else {
                in.low /= info.to_base;
                in.high /= info.to_base;
            }
            intervals.push_back(in);
        }
        std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) {
            return a.low != b.low ? a.low < b.low : a.low_closed > b.low_closed;
        });
        auto at = [&](std::size_t band) -> const ast::Located& {
            return bands.bands[band].condition;
        };
        auto show = [&](double v) { return fmt::format("{} {}", v, info.unit); };
        double step = integer ? 1.0 : 0.0;
        double domain_low = info.minimum ? *info.minimum : -std::numeric_limits<double>::infinity();
        double domain_high = info.maximum ? *info.maximum : std::numeric_limits<double>::infinity();
        // Below the first band.
        const auto& first = intervals.front();
        if (first.low > domain_low ||
            (first.low == domain_low && !first.low_closed && !std::isinf(domain_low)))
            ctx_.error("E077", at(first.band).begin, at(first.band).end,
                       fmt::format("no band of `{}` covers values below {}{}", bands.fact.name,
                                   show(first.low),
                                   std::isinf(domain_low) ? std::string()
                                                          : fmt::format(" (its range starts at {})",
                                                                        show(domain_low))));
        for (std::size_t i = 1; i < intervals.size(); ++i) {
            const auto& a = intervals[i - 1];
            const auto& b = intervals[i];
            bool overlap = b.low < a.high || (b.low == a.high && b.low_closed && a.high_closed);
            bool gap = b.low > a.high + step ||
                       (!integer && b.low == a.high && !b.low_closed && !a.high_closed);
            if (overlap)
                ctx_.error(
                    "E076", at(b.band).begin, at(b.band).end,
                    fmt::format("bands `{}` and `{}` of `{}` overlap", band_text(bands, a.band),
                                band_text(bands, b.band), bands.fact.name));
            else if (gap && a.high < domain_high && b.low > domain_low)
                ctx_.error("E077", at(b.band).begin, at(b.band).end,
                           fmt::format("no band of `{}` covers the values between {} and {} "
                                       "(between bands `{}` and `{}`)",
                                       bands.fact.name, show(a.high), show(b.low),
                                       band_text(bands, a.band), band_text(bands, b.band)));
        }
        double top = -std::numeric_limits<double>::infinity();
        std::size_t top_band = 0;
        bool top_closed = false;
        for (const auto& in : intervals)
            if (in.high > top || (in.high == top && in.high_closed))
                top = in.high, top_band = in.band, top_closed = in.high_closed;
        if (top < domain_high || (top == domain_high && !top_closed && !std::isinf(domain_high)))
            ctx_.error(
                "E077", at(top_band).begin, at(top_band).end,
                fmt::format("no band of `{}` covers values above {}{}", bands.fact.name, show(top),
                            std::isinf(domain_high)
                                ? std::string()
                                : fmt::format(" (its range ends at {})", show(domain_high))));
    }

    /// The score's root node, whose children are every part's conditions.
    void root(std::uint32_t node_begin) {
        detail::Node node;
        node.op = NodeOp::score_sum;
        node.ref = index_;
        node.text = ctx_.source.slice(d_.name.begin, d_.name.end);
        node.span = ctx_.source.span(d_.name.begin, d_.name.end);
        node.first_child = static_cast<std::uint32_t>(p_.children.size());
        const auto& score = p_.score_data[index_];
        for (auto i = score.first_part; i < score.first_part + score.part_count; ++i) {
            const auto& part = p_.score_parts[i];
            for (auto k = part.first_choice; k < part.first_choice + part.choice_count; ++k)
                p_.children.push_back(p_.score_choices[k].node);
        }
        node.child_count = static_cast<std::uint32_t>(p_.children.size()) - node.first_child;
        p_.nodes.push_back(std::move(node));
        p_.items.push_back({detail::ItemKind::score, index_, node_begin,
                            static_cast<std::uint32_t>(p_.nodes.size())});
        p_.score_item[index_] = static_cast<std::uint32_t>(p_.items.size() - 1);
    }

    CheckContext& ctx_;
    detail::Program& p_;
    const ast::ScoreDecl& d_;
    ScoreIndex index_;
};

}  // namespace

void lower_score(CheckContext& ctx, const ast::ScoreDecl& score, ScoreIndex index) {
    ScoreLowering(ctx, score, index).run();
}

}  // namespace ilio::check
