// L040-L043: advice that can fire beside a red flag and a red flag no referral follows (in a
// rule set that declares red flags), missing severities, parameters without a citation
// (conclusions and criteria without one are the compiler's W003).

#include <fmt/format.h>

#include "lint/analysis.hpp"

namespace ilio::linter {

namespace {

/// "One of `cs` fires".
z3::expr fired_any(ProgramEncoding& e, const std::vector<std::uint32_t>& cs) {
    z3::expr_vector v(e.context());
    for (auto c : cs) v.push_back(e.fired(c));
    return v.empty() ? e.context().bool_val(false) : z3::mk_or(v);
}

/// `items` and the items each of `cs` fires through (its condition and gate).
std::vector<std::uint32_t> items_of(const ProgramEncoding& e, const std::vector<std::uint32_t>& cs,
                                    std::vector<std::uint32_t> items) {
    for (auto c : cs)
        for (auto i : e.fired_items(c)) items.push_back(i);
    return items;
}

/// A complete patient for whom red flag `r` fires and none of `referrals` does (`question`,
/// over `facts`), as satisfy() would find one. One question naming every referral grows with
/// the rule set and, asked once per red flag, made lint quadratic; most referrals cannot fire
/// beside a given red flag anyway. So the solver is asked only about the referrals that fired
/// in a patient found so far, from none, until a patient shows the whole question or none is
/// found: a red flag no patient shows without those referrals shows none without them all.
/// Each round adds a referral or ends, so it ends. What a round's answer leaves open is taken
/// from `quiet` (a patient for whom no referral fires, when there is one), so that the
/// referrals firing in it are those the red flag's own facts fire.
std::optional<z3::model> red_flag_alone(ProgramEncoding& e, std::uint32_t r,
                                        const std::vector<std::uint32_t>& referrals,
                                        const z3::expr& question,
                                        const std::vector<std::uint32_t>& facts,
                                        const z3::model* quiet) {
    std::vector<std::uint32_t> asked;
    std::vector<char> is_asked(e.program().conclusions.size(), 0);
    for (;;) {
        auto patient =
            e.patient_satisfying(e.fired(r) && !fired_any(e, asked),
                                 e.facts_of_items(items_of(e, asked, e.fired_items(r))), quiet);
        if (!patient || e.shows(*patient, question, facts)) return patient;
        auto before = asked.size();
        for (auto q : referrals)
            if (!is_asked[q] && patient->eval(e.fired(q), true).is_true()) {
                asked.push_back(q);
                is_asked[q] = 1;
            }
        // No referral fired, yet the patient does not show the question (a domain of a fact
        // only a referral reads): the whole question.
        if (asked.size() == before) return e.satisfy(question, facts);
    }
}

}  // namespace

void analyse_safety(Analysis& a) {
    const auto& p = a.program();
    auto& e = a.encoding();
    std::vector<std::uint32_t> red_flags, referrals, every_referral;
    for (std::uint32_t c = 0; c < p.conclusions.size(); ++c) {
        // A witness of L041 shows every referral not firing, those the solver cannot reason
        // about exactly too (reduce_witnesses).
        if (p.conclusions[c].kind == ConclusionKind::referral) every_referral.push_back(c);
        if (p.conclusions[c].kind == ConclusionKind::red_flag && e.fired_exact(c))
            red_flags.push_back(c);
        if (p.conclusions[c].kind == ConclusionKind::referral && e.fired_exact(c))
            referrals.push_back(c);
    }
    if (!red_flags.empty()) {
        auto any_red_flag = fired_any(e, red_flags);
        // A step whose gate cannot open beside a red flag (the usual "cleared" gate) makes all
        // of its conclusions safe at once: one query per step rather than one per conclusion.
        std::vector<char> gate_excludes_red_flags(p.steps.size(), 0);
        for (std::uint32_t s = 0; s < p.steps.size(); ++s) {
            auto gate = p.gate_item[s];
            if (gate == detail::no_index || !e.item_exact(gate)) continue;
            auto facts = e.facts_of_items(items_of(e, red_flags, {gate}));
            gate_excludes_red_flags[s] = e.impossible(e.item_term(gate) && any_red_flag, facts);
        }
        for (std::uint32_t c = 0; c < p.conclusions.size(); ++c) {
            auto kind = p.conclusions[c].kind;
            if ((kind != ConclusionKind::recommendation && kind != ConclusionKind::escalation &&
                 kind != ConclusionKind::caution) ||
                !e.fired_exact(c))
                continue;
            auto step = p.conclusions[c].step;
            if (step && gate_excludes_red_flags[*step]) continue;
            auto facts = e.facts_of_items(items_of(e, red_flags, e.fired_items(c)));
            auto model = e.witness_patient(e.fired(c) && any_red_flag, facts);
            if (!model) continue;
            std::vector<std::uint32_t> beside;
            for (auto r : red_flags)
                if (model->eval(e.fired(r), true).is_true()) beside.push_back(r);
            auto& f =
                a.add("L040", p.conclusions[c].location,
                      fmt::format("{} `{}` can fire while red flag `{}` fires", to_string(kind),
                                  p.conclusions[c].name, p.conclusions[beside.front()].name));
            for (auto r : beside)
                f.diagnostic.notes.push_back(a.conclusion_note(
                    r, fmt::format("red flag `{}` ({}) fires with it", p.conclusions[r].name,
                                   to_string(p.conclusions[r].urgency))));
            a.witness(f, *model, facts, {c, beside.front()});
            f.fix =
                "gate its step on no red flag firing, or exclude the red flags in its "
                "condition";
        }
        auto any_referral = fired_any(e, referrals);
        auto quiet =
            e.patient_satisfying(!any_referral, e.facts_of_items(items_of(e, referrals, {})));
        for (auto r : red_flags) {
            auto facts = e.facts_of_items(items_of(e, referrals, e.fired_items(r)));
            auto question = e.fired(r) && !any_referral;
            auto model =
                red_flag_alone(e, r, referrals, question, facts, quiet ? &*quiet : nullptr);
            if (!model) continue;
            // The finding stands; its witness outside every band where there is one.
            if (auto outside = e.patient_outside_bands(question, facts)) model = outside;
            auto& f = a.add("L041", p.conclusions[r].location,
                            fmt::format("red flag `{}` can fire without any referral firing",
                                        p.conclusions[r].name));
            a.witness(f, *model, facts, {r}, every_referral);
            f.fix = "add a referral whose condition covers this red flag";
        }
    }
    for (std::uint32_t c = 0; c < p.conclusions.size(); ++c) {
        const auto& conclusion = p.conclusions[c];
        auto kind = conclusion.kind;
        if (kind == ConclusionKind::red_flag || kind == ConclusionKind::referral ||
            kind == ConclusionKind::caution) {
            const auto* d = a.declaration(conclusion.name);
            if (d && !d->has_clause("severity"))
                a.add("L042", conclusion.location,
                      fmt::format("{} `{}` states no severity", to_string(kind), conclusion.name))
                    .fix = "add `severity info`, `severity warning` or `severity critical`";
        }
    }
    for (const auto& q : p.parameters)
        if (q.cite.empty())
            a.add("L043", q.location, fmt::format("parameter `{}` cites no source", q.name)).fix =
                "add a `cite` clause naming where the value comes from";
}

}  // namespace ilio::linter
