// StatusWriter: JSON fragments rendered once per rule set (with nlohmann, which escapes them),
// then copied out per patient.

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

#include <nlohmann/json.hpp>

#include "explain/value_text.hpp"
#include "ilio/status.hpp"

namespace ilio {

namespace {

using json = nlohmann::ordered_json;

constexpr ConclusionStatus all_statuses[] = {
    ConclusionStatus::fired, ConclusionStatus::not_applicable, ConclusionStatus::unknown,
    ConclusionStatus::withheld, ConclusionStatus::out_of_population};
constexpr std::size_t status_count = std::size(all_statuses);

// A status's value indexes its field: the table above must follow the enum's order.
constexpr bool statuses_in_enum_order() {
    for (std::size_t i = 0; i < status_count; ++i)
        if (static_cast<std::size_t>(all_statuses[i]) != i) return false;
    return true;
}
static_assert(statuses_in_enum_order() &&
              static_cast<std::size_t>(ConclusionStatus::out_of_population) + 1 == status_count);

std::string json_string(std::string_view text) {
    return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

StatusWriter::StatusWriter(const RuleSet& rules) {
    for (const auto& c : rules.conclusions()) {
        conclusion_names_.push_back(json_string(c.name));
        for (auto s : all_statuses)
            status_fields_.push_back(conclusion_names_.back() + ":" + json_string(to_string(s)));
    }
    for (const auto& f : rules.facts()) fact_names_.push_back(json_string(f.name));
    // Every field at its longest, every conclusion fired and every fact needed, a line number
    // of 20 digits: append() writes within this.
    longest_line_ =
        std::string_view("{\"line\":,\"statuses\":{},\"fired\":[],\"needed\":[]").size() + 20;
    for (std::size_t c = 0; c < conclusion_names_.size(); ++c) {
        std::size_t longest = 0;
        for (std::size_t s = 0; s < status_count; ++s)
            longest = std::max(longest, status_fields_[c * status_count + s].size());
        longest_line_ += longest + 1 + conclusion_names_[c].size() + 1;
    }
    for (const auto& name : fact_names_) longest_line_ += name.size() + 1;
    audit_ = ",\"rule_set\":" + json_string(rules.name()) +
             ",\"version\":" + json_string(rules.version()) +
             ",\"source_sha256\":" + json_string(rules.source_hash());
    json overrides = json::array();
    for (const auto& p : rules.parameters())
        if (p.overridden)
            overrides.push_back({{"name", p.name}, {"value", wording::parameter_value_text(p)}});
    if (!overrides.empty())
        audit_ +=
            ",\"overrides\":" + overrides.dump(-1, ' ', false, json::error_handler_t::replace);
    longest_line_ += audit_.size();
}

void StatusWriter::append(std::string& out, const Evaluation& evaluation, const Facts& facts,
                          std::size_t line) const {
    // Sized for the longest line first, then written through a cursor: one append per field
    // and name (about eighty a psoas line) checked the capacity and called memcpy each time.
    std::size_t start = out.size();
    out.resize(start + longest_line_);
    char* at = out.data() + start;
    auto put = [&at](std::string_view text) {
        std::memcpy(at, text.data(), text.size());
        at += text.size();
    };
    *at++ = '{';
    if (line != 0) {
        put("\"line\":");
        at = std::to_chars(at, at + 20, line).ptr;
        *at++ = ',';
    }
    put("\"statuses\":{");
    auto count = static_cast<ConclusionIndex>(conclusion_names_.size());
    for (ConclusionIndex c = 0; c < count; ++c) {
        if (c != 0) *at++ = ',';
        auto s = static_cast<std::size_t>(evaluation.status(c));
        put(status_fields_[c * status_count + s]);
    }
    put("},\"fired\":[");
    bool first = true;
    for (ConclusionIndex c = 0; c < count; ++c) {
        if (evaluation.status(c) != ConclusionStatus::fired) continue;
        if (!first) *at++ = ',';
        first = false;
        put(conclusion_names_[c]);
    }
    put("],\"needed\":[");
    first = true;
    for (auto f : evaluation.needed()) {
        if (!first) *at++ = ',';
        first = false;
        put(fact_names_[f]);
    }
    *at++ = ']';
    put(audit_);
    out.resize(static_cast<std::size_t>(at - out.data()));
    if (!facts.warnings().empty()) {
        out += ",\"warnings\":";
        out += render_fact_problems_json(facts.warnings());
    }
    out += '}';
}

}  // namespace ilio
