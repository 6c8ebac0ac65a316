// StatusWriter: JSON fragments rendered once per rule set (with nlohmann, which escapes them),
// then copied out per patient.

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
}

void StatusWriter::append(std::string& out, const Evaluation& evaluation, const Facts& facts,
                          std::size_t line) const {
    out += '{';
    if (line != 0) {
        out += "\"line\":";
        out += std::to_string(line);
        out += ',';
    }
    out += "\"statuses\":{";
    for (std::size_t c = 0; c < conclusion_names_.size(); ++c) {
        if (c != 0) out += ',';
        auto s = static_cast<std::size_t>(evaluation.status(static_cast<ConclusionIndex>(c)));
        out += status_fields_[c * status_count + s];
    }
    out += "},\"fired\":[";
    bool first = true;
    for (std::size_t c = 0; c < conclusion_names_.size(); ++c) {
        if (evaluation.status(static_cast<ConclusionIndex>(c)) != ConclusionStatus::fired) continue;
        if (!first) out += ',';
        first = false;
        out += conclusion_names_[c];
    }
    out += "],\"needed\":[";
    first = true;
    for (auto f : evaluation.needed()) {
        if (!first) out += ',';
        first = false;
        out += fact_names_[f];
    }
    out += ']';
    out += audit_;
    if (!facts.warnings().empty()) {
        out += ",\"warnings\":";
        out += render_fact_problems_json(facts.warnings());
    }
    out += '}';
}

}  // namespace ilio
