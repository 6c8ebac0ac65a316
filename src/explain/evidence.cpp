#include "explain/evidence.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "explain/presentation.hpp"
#include "explain/value_text.hpp"

namespace ilio::wording {

namespace {

/// Calls `visit(leaf, negated)` for each deciding leaf of `t`, in order; `negated`: under an odd
/// number of `not`s.
template <typename Visit>
void for_each_leaf(const Term& t, bool negated, const Visit& visit) {
    if (t.kind == TermKind::not_) negated = !negated;
    if (t.children.empty()) return visit(t, negated);
    for (const auto& child : t.children)
        if (is_deciding_child(t, child)) for_each_leaf(child, negated, visit);
}

/// A conclusion that did not fire, read under `not`: these read as one item together.
bool not_fired(const Term& t, bool negated) {
    return t.kind == TermKind::conclusion && negated && t.value == Truth::false_;
}

std::string negated_op(const std::string& op) {
    if (op == "<") return ">=";
    if (op == "<=") return ">";
    if (op == ">") return "<=";
    if (op == ">=") return "<";
    if (op == "=") return "!=";
    if (op == "!=") return "=";
    return op;
}

void append_threshold_words(std::string& out, const TermThreshold& t) {
    if (t.source != "literal") {
        out += t.name;
        out += ' ';
    }
    out += t.value.text;
}

/// Appends a leaf as a sentence that is true for this patient.
void append_sentence(std::string& out, const Term& t, bool negated) {
    if (t.kind == TermKind::comparison && t.actual && t.actual->type == ValueType::boolean &&
        t.actual->known) {
        out += t.fact;
        out += " is ";
        out += t.actual->text;
        return;
    }
    bool flip = negated && t.value == Truth::false_;
    if (!flip) {
        out += t.text;
        return;
    }
    if (t.kind == TermKind::comparison && t.actual && t.actual->known && !t.thresholds.empty() &&
        t.actual->type != ValueType::boolean) {
        auto op = negated_op(t.op);
        out += t.fact;
        out += ' ';
        out += t.actual->text;
        out += " is ";
        out += comparison_words(op, true);
        out += ' ';
        append_threshold_words(out, t.thresholds[0]);
        if (t.margin && *t.margin != 0) {
            out += ' ';
            out += margin_words(op, true, quantity_text(*t.margin, 1.0, t.margin_unit));
        }
        return;
    }
    if (t.kind == TermKind::between && t.actual && t.thresholds.size() == 2) {
        out += t.fact;
        out += ' ';
        out += t.actual->text;
        out += " is outside ";
        append_threshold_words(out, t.thresholds[0]);
        out += " to ";
        append_threshold_words(out, t.thresholds[1]);
        return;
    }
    if (t.kind == TermKind::conclusion) {  // already "…: no"
        out += t.text;
        return;
    }
    out += "not ";
    out += t.condition;
    out += " — ";
    out += t.actual ? t.actual->text : std::string_view("unknown");
}

/// Measured facts first, then memberships, then the rest (each group in tree order).
int weight(const Term& t) {
    switch (t.kind) {
        case TermKind::comparison:
            return t.actual && t.actual->type == ValueType::boolean ? 2 : 0;
        case TermKind::between:
            return 0;
        case TermKind::membership:
            return 1;
        case TermKind::fact:
            return 2;
        default:
            return 3;
    }
}
constexpr int weights = 4;

/// Items at most, whatever the limit asked: renderers show two or three.
constexpr std::size_t max_items = 15;

/// Appends the evidence to `out`, each item after `separator` but the first, no item twice;
/// calls `item_end(offset)` after each item kept. Items are written in place, where a list of
/// strings cost more than the sentences (a summary reads evidence for every fired finding).
template <typename ItemEnd>
void write_evidence(const Term& derivation, std::size_t limit, std::string_view separator,
                    std::string& out, const ItemEnd& item_end) {
    limit = std::min(limit, max_items);
    std::size_t items = 0;
    std::size_t begins[max_items + 1], ends[max_items + 1];  // each item kept, in `out`
    auto keep = [&](std::size_t begin) {
        begins[items] = begin;
        ends[items++] = out.size();
        item_end(out.size());
    };
    // Whether the item from `begin` to the end of `out` repeats one already kept.
    auto repeated = [&](std::size_t begin) {
        std::string_view item(out.data() + begin, out.size() - begin);
        for (std::size_t i = 0; i < items; ++i)
            if (std::string_view(out.data() + begins[i], ends[i] - begins[i]) == item) return true;
        return false;
    };
    // Conclusions that did not fire read as one item: "none of these holds: A, B and 10 more".
    std::size_t not_fired_count = 0;
    for_each_leaf(derivation, false,
                  [&](const Term& t, bool negated) { not_fired_count += not_fired(t, negated); });
    bool grouped = not_fired_count > 1;
    if (grouped) {
        auto begin = out.size();
        std::size_t named = 0;
        out += "none of these holds: ";
        for_each_leaf(derivation, false, [&](const Term& t, bool negated) {
            if (!not_fired(t, negated) || named == 2) return;
            if (named++ > 0) out += ", ";
            out += t.condition;
        });
        if (not_fired_count > 2)
            fmt::format_to(std::back_inserter(out), " and {} more", not_fired_count - 2);
        keep(begin);
    }
    for (int w = 0; w < weights && items < limit; ++w)
        for_each_leaf(derivation, false, [&](const Term& t, bool negated) {
            if (items >= limit || weight(t) != w || (grouped && not_fired(t, negated))) return;
            auto separator_begin = out.size();
            if (items > 0) out += separator;
            auto begin = out.size();
            append_sentence(out, t, negated);
            if (repeated(begin))
                out.resize(separator_begin);
            else
                keep(begin);
        });
}

}  // namespace

std::vector<std::string> evidence(const Term& derivation, std::size_t limit) {
    std::string joined;
    std::vector<std::size_t> ends;
    constexpr std::string_view separator = "\n";
    write_evidence(derivation, limit, separator, joined,
                   [&](std::size_t end) { ends.push_back(end); });
    std::vector<std::string> out;
    std::size_t begin = 0;
    for (auto end : ends) {
        out.emplace_back(joined, begin, end - begin);
        begin = end + separator.size();
    }
    return out;
}

void append_evidence_line(std::string& out, const Term& derivation, std::size_t limit) {
    write_evidence(derivation, limit, "; ", out, [](std::size_t) {});
}

std::string evidence_line(const Term& derivation, std::size_t limit) {
    std::string out;
    append_evidence_line(out, derivation, limit);
    return out;
}

}  // namespace ilio::wording
