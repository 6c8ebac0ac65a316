// CDS Hooks cards from an explanation.

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/sha256.hpp"
#include "common/utf8.hpp"
#include "explain/evidence.hpp"
#include "explain/full_detail.hpp"
#include "explain/markdown_text.hpp"
#include "ilio/cds_hooks.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

using json = nlohmann::ordered_json;

bool is_card(const ExplainedConclusion& c) {
    return c.status == ConclusionStatus::fired && c.kind != ConclusionKind::finding;
}

/// A name-based UUID (RFC 9562 version 8, from SHA-256) of the rule set, its version and the
/// conclusion: the same card keeps its uuid across patients and runs, and changes when the
/// rules' version does.
std::string card_uuid(const Explanation& x, const ExplainedConclusion& c) {
    auto hex =
        detail::sha256_hex(fmt::format("ilio.card\n{}\n{}\n{}", x.rule_set, x.version, c.name));
    hex[12] = '8';  // version 8
    static constexpr char variant[] = "89ab";
    hex[16] = variant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // variant 10xx
    return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                       hex.substr(16, 4), hex.substr(20, 12));
}

/// At most `limit` characters (code points), cut at a whole UTF-8 sequence, with "…" when cut.
std::string clip(const std::string& text, std::size_t limit) {
    std::size_t count = 0, i = 0, cut = 0;
    while (i < text.size()) {
        auto len = detail::utf8_sequence_length(text, i);
        if (len == 0) len = 1;
        if (count == limit - 1) cut = i;
        if (++count > limit) return text.substr(0, cut) + "…";
        i += len;
    }
    return text;
}

std::string_view kind_words(ConclusionKind kind) {
    switch (kind) {
        case ConclusionKind::red_flag:
            return "Red flag";
        case ConclusionKind::referral:
            return "Refer";
        case ConclusionKind::escalation:
            return "Escalate";
        case ConclusionKind::caution:
            return "Caution";
        case ConclusionKind::recommendation:
            return "Recommend";
        case ConclusionKind::finding:
            return "Finding";
    }
    return "";
}

std::string detail_markdown(const Explanation& x, const ExplainedConclusion& c) {
    using wording::markdown_escape;
    std::string out;
    if (!c.because.empty()) out += "Because " + markdown_escape(c.because) + ".\n\n";
    if (!c.dose.empty()) out += "**Dose:** " + markdown_escape(c.dose) + "\n\n";
    auto evidence = wording::evidence(c.derivation, 3);
    if (!evidence.empty()) {
        out += "**For this patient:**\n\n";
        for (const auto& e : evidence) out += "- " + markdown_escape(e) + "\n";
        out += "\n";
    }
    // What this card holds back: the steps closed by this conclusion.
    std::size_t held = 0;
    for (const auto& other : x.conclusions)
        if (other.status == ConclusionStatus::withheld && other.withheld_by &&
            other.withheld_by->name == c.name)
            ++held;
    if (held > 0)
        out += fmt::format("Withholds {} conclusion{} of later steps until it is resolved.\n\n",
                           held, held == 1 ? "" : "s");
    if (c.step) out += "*" + markdown_escape(c.step->title) + "*";
    if (!c.cite.empty())
        out += (c.step ? " · " : "") + std::string("cite: ") + markdown_escape(c.cite);
    return out;
}

}  // namespace

std::string render_cds_cards(const Explanation& x, int indent) {
    detail::require_full_detail(x, "render_cds_cards");
    std::vector<const ExplainedConclusion*> fired;
    for (const auto& c : x.conclusions)
        if (is_card(c)) fired.push_back(&c);
    std::stable_sort(fired.begin(), fired.end(), [](auto* a, auto* b) {
        if (a->urgency != b->urgency) return a->urgency > b->urgency;
        return detail::kind_precedence(a->kind) < detail::kind_precedence(b->kind);
    });
    json cards = json::array();
    for (auto* c : fired) {
        std::string label = (x.title.empty() ? x.rule_set : x.title) + " " + x.version;
        if (!c->cite.empty()) label += " — " + c->cite;
        cards.push_back({{"uuid", card_uuid(x, *c)},
                         {"summary", clip(fmt::format("{}: {}", kind_words(c->kind), c->title),
                                          cds_card_summary_limit)},
                         {"indicator", to_string(c->urgency)},
                         {"detail", detail_markdown(x, *c)},
                         {"source",
                          {{"label", label},
                           {"topic",
                            {{"system", "urn:ilio:" + x.rule_set + ":" + x.version},
                             {"code", c->name},
                             {"display", c->title}}}}}});
    }
    json out = {{"cards", cards}};
    return out.dump(indent);
}

}  // namespace ilio
