#include "explain/evidence.hpp"

#include <algorithm>

#include "explain/presentation.hpp"
#include "explain/value_text.hpp"

namespace ilio::wording {

namespace {

struct Leaf {
    const Term* term;
    bool negated;  // under an odd number of `not`s
};

void collect(const Term& t, bool negated, std::vector<Leaf>& out) {
    if (t.kind == TermKind::not_) negated = !negated;
    if (t.children.empty()) {
        out.push_back({&t, negated});
        return;
    }
    for (const auto& child : t.children)
        if (is_deciding_child(t, child)) collect(child, negated, out);
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

std::string threshold_words(const TermThreshold& t) {
    return t.source == "literal" ? t.value.text : t.name + " " + t.value.text;
}

/// A leaf as a sentence that is true for this patient.
std::string sentence(const Leaf& leaf) {
    const Term& t = *leaf.term;
    if (t.kind == TermKind::comparison && t.actual && t.actual->type == ValueType::boolean &&
        t.actual->known)
        return t.fact + " is " + t.actual->text;
    bool flip = leaf.negated && t.value == Truth::false_;
    if (!flip) return t.text;
    if (t.kind == TermKind::comparison && t.actual && t.actual->known && !t.thresholds.empty() &&
        t.actual->type != ValueType::boolean) {
        auto op = negated_op(t.op);
        std::string out = t.fact + " " + t.actual->text + " is " + comparison_words(op, true) +
                          " " + threshold_words(t.thresholds[0]);
        if (t.margin && *t.margin != 0)
            out += " " + margin_words(op, true, quantity_text(*t.margin, 1.0, t.margin_unit));
        return out;
    }
    if (t.kind == TermKind::between && t.actual && t.thresholds.size() == 2)
        return t.fact + " " + t.actual->text + " is outside " + threshold_words(t.thresholds[0]) +
               " to " + threshold_words(t.thresholds[1]);
    if (t.kind == TermKind::conclusion) return t.text;  // already "…: no"
    return "not " + t.condition + " — " + (t.actual ? t.actual->text : std::string("unknown"));
}

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

}  // namespace

std::vector<std::string> evidence(const Term& derivation, std::size_t limit) {
    std::vector<Leaf> leaves;
    collect(derivation, false, leaves);
    std::stable_sort(leaves.begin(), leaves.end(), [](const Leaf& a, const Leaf& b) {
        return weight(*a.term) < weight(*b.term);
    });
    std::vector<std::string> out;
    // Conclusions that did not fire read as one item: "none of these: A, B and 10 more".
    std::vector<const Term*> not_fired;
    for (const auto& leaf : leaves)
        if (leaf.term->kind == TermKind::conclusion && leaf.negated &&
            leaf.term->value == Truth::false_)
            not_fired.push_back(leaf.term);
    if (not_fired.size() > 1) {
        std::erase_if(leaves, [](const Leaf& l) {
            return l.term->kind == TermKind::conclusion && l.negated &&
                   l.term->value == Truth::false_;
        });
        std::string names;
        for (std::size_t i = 0; i < not_fired.size() && i < 2; ++i)
            names += (names.empty() ? "" : ", ") + not_fired[i]->condition;
        if (not_fired.size() > 2) names += " and " + std::to_string(not_fired.size() - 2) + " more";
        out.push_back("none of these holds: " + names);
    }
    for (const auto& leaf : leaves) {
        if (out.size() >= limit) break;
        auto text = sentence(leaf);
        if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
    }
    return out;
}

std::string evidence_line(const Term& derivation, std::size_t limit) {
    std::string out;
    for (const auto& e : evidence(derivation, limit)) out += (out.empty() ? "" : "; ") + e;
    return out;
}

}  // namespace ilio::wording
