// StatusWriter: JSON fragments rendered once per rule set (with nlohmann, which escapes them),
// then copied out per patient.

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
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

// The bytes StatusWriter copies at a time (put_fragment).
constexpr std::size_t copy_block = 16;

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

StatusWriter::Fragment StatusWriter::add_fragment(const std::string& text) {
    Fragment f{static_cast<std::uint32_t>(fragments_.size()),
               static_cast<std::uint32_t>(text.size())};
    fragments_ += text;
    return f;
}

StatusWriter::StatusWriter(const RuleSet& rules) {
    for (const auto& c : rules.conclusions()) {
        auto name = json_string(c.name);
        conclusion_names_.push_back(add_fragment(name));
        for (auto s : all_statuses)
            status_fields_.push_back(add_fragment(name + ":" + json_string(to_string(s))));
    }
    for (const auto& f : rules.facts()) fact_names_.push_back(add_fragment(json_string(f.name)));
    fragments_.append(copy_block, ' ');  // what the last fragment's last block reads past it
    // Every field at its longest, every conclusion fired and every fact needed, a line number
    // of 20 digits: append() writes within this.
    longest_line_ =
        std::string_view("{\"line\":,\"statuses\":{},\"fired\":[],\"needed\":[]").size() + 20;
    for (std::size_t c = 0; c < conclusion_names_.size(); ++c) {
        std::size_t longest = 0;
        for (std::size_t s = 0; s < status_count; ++s)
            longest = std::max<std::size_t>(longest, status_fields_[c * status_count + s].size);
        longest_line_ += longest + 1 + conclusion_names_[c].size + 1;
    }
    for (const auto& name : fact_names_) longest_line_ += name.size + 1;
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
    // Written through a cursor into room for the longest line, then appended to `out` whole:
    // one append per field and name (about eighty a psoas line) checked the capacity and
    // called memcpy each time. The room is this thread's, kept from line to line: made in
    // `out` itself, it was zero-filled for the longest line (2.5 times a psoas line) every
    // time, in memory a batch's thousand kept lines leave cold.
    thread_local std::unique_ptr<char[]> room;
    thread_local std::size_t room_size = 0;
    // A block of room past the longest line: a fragment's last block may write past its end.
    if (room_size < longest_line_ + copy_block) {
        room_size = longest_line_ + copy_block;
        room = std::make_unique_for_overwrite<char[]>(room_size);
    }
    char* const begin = room.get();
    char* at = begin;
    auto put = [&at](std::string_view text) {
        std::memcpy(at, text.data(), text.size());
        at += text.size();
    };
    // A fragment in whole blocks of a fixed size, each copied with a couple of vector moves:
    // a call to memcpy per fragment (about ninety a psoas line) cost more than the copying.
    const char* fragments = fragments_.data();
    auto put_fragment = [&at, fragments](Fragment f) {
        const char* from = fragments + f.offset;
        for (std::uint32_t i = 0; i < f.size; i += copy_block)
            std::memcpy(at + i, from + i, copy_block);
        at += f.size;
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
        put_fragment(status_fields_[c * status_count + s]);
    }
    put("},\"fired\":[");
    bool first = true;
    for (ConclusionIndex c = 0; c < count; ++c) {
        if (evaluation.status(c) != ConclusionStatus::fired) continue;
        if (!first) *at++ = ',';
        first = false;
        put_fragment(conclusion_names_[c]);
    }
    put("],\"needed\":[");
    first = true;
    for (auto f : evaluation.needed()) {
        if (!first) *at++ = ',';
        first = false;
        put_fragment(fact_names_[f]);
    }
    *at++ = ']';
    put(audit_);
    out.append(begin, static_cast<std::size_t>(at - begin));
    if (!facts.warnings().empty()) {
        out += ",\"warnings\":";
        out += render_fact_problems_json(facts.warnings());
    }
    out += '}';
}

}  // namespace ilio
