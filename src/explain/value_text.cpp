#include "explain/value_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "program/program.hpp"

namespace ilio::wording {

namespace {

/// Units that are English words take a plural; symbols (deg, cm, kg, s) never do.
bool is_word_unit(const std::string& unit) {
    static constexpr std::array<std::string_view, 16> words = {
        "second", "minute",  "hour", "day",   "week",       "month",  "year", "point",
        "degree", "session", "time", "visit", "repetition", "breath", "step", "set"};
    return std::find(words.begin(), words.end(), unit) != words.end();
}

}  // namespace

double display_number(double base_value, double to_base) {
    double v = base_value / to_base;
    // Round away conversion noise (0.30000000000000004 deg) without hiding real decimals.
    double rounded = std::round(v * 1e6) / 1e6;
    return rounded == 0 ? 0.0 : rounded;
}

std::string quantity_text(double base_value, double to_base, const std::string& unit) {
    std::string out;
    append_quantity_text(out, base_value, to_base, unit);
    return out;
}

void append_quantity_text(std::string& out, double base_value, double to_base,
                          const std::string& unit) {
    double v = display_number(base_value, to_base);
    // Most readings are whole numbers, which {:g} writes as integers below a million: written
    // so directly, for a fifth of the instructions.
    if (std::abs(v) < 1e6 && v == std::trunc(v)) {
        fmt::format_int digits(static_cast<long long>(v));
        out.append(digits.data(), digits.size());
    } else {
        fmt::format_to(std::back_inserter(out), "{:g}", v);
    }
    if (unit.empty()) return;
    out += ' ';
    out += unit;
    if (is_word_unit(unit) && std::abs(v) != 1.0) out += 's';
}

std::string members_text(const FactInfo& fact, std::uint64_t mask) {
    std::string out;
    for (std::size_t i = 0; i < fact.members.size(); ++i)
        if (mask & (std::uint64_t{1} << i)) out += (out.empty() ? "" : ", ") + fact.members[i];
    return "{" + out + "}";
}

std::string fact_value_text(const FactInfo& fact, const FactValue& value) {
    std::string out;
    append_fact_value_text(out, fact, value);
    return out;
}

void append_fact_value_text(std::string& out, const FactInfo& fact, const FactValue& value) {
    if (!value.known) {
        out += "unknown";
        return;
    }
    switch (fact.type) {
        case ValueType::number:
        case ValueType::integer:
            return append_quantity_text(out, value.number, fact.to_base, fact.unit);
        case ValueType::boolean:
            out += value.number != 0 ? "true" : "false";
            return;
        case ValueType::date:
            // Days since 1970-01-01.
            out += format_date(
                static_cast<std::int32_t>(std::floor(value.number / detail::seconds_per_day)));
            return;
        case ValueType::one_of:
            for (std::size_t i = 0; i < fact.members.size(); ++i)
                if (value.members & (std::uint64_t{1} << i)) {
                    out += fact.members[i];
                    return;
                }
            out += "unknown";
            return;
        case ValueType::set_of:
            if (value.members == 0) {
                out += "none";
                return;
            }
            out += members_text(fact, value.members);
            return;
    }
}

TermValue fact_value_data(const FactInfo& fact, const FactValue& value) {
    TermValue v;
    fact_value_data(fact, value, v);
    return v;
}

void fact_value_data(const FactInfo& fact, const FactValue& value, TermValue& v) {
    v.type = fact.type;
    v.known = value.known;
    v.number = 0.0;
    v.unit = fact.unit;
    v.members.clear();
    v.text.clear();
    append_fact_value_text(v.text, fact, value);
    if (!value.known) return;
    switch (fact.type) {
        case ValueType::number:
        case ValueType::integer:
            v.number = display_number(value.number, fact.to_base);
            break;
        case ValueType::boolean:
            v.number = value.number != 0 ? 1 : 0;
            break;
        case ValueType::date:  // days since 1970-01-01 as data, the ISO date as text
            v.number = std::floor(value.number / detail::seconds_per_day);
            break;
        case ValueType::one_of:
        case ValueType::set_of:
            for (std::size_t i = 0; i < fact.members.size(); ++i)
                if (value.members & (std::uint64_t{1} << i)) v.members.push_back(fact.members[i]);
            break;
    }
}

std::string parameter_value_text(const ParameterInfo& parameter) {
    if (parameter.type == ValueType::boolean) return parameter.value != 0 ? "true" : "false";
    return quantity_text(parameter.value, 1.0, parameter.unit);
}

std::string comparison_words(std::string_view op, bool holds, bool dates) {
    if (op == "!=") return holds ? "not equal to" : "equal to";
    std::string_view words = op == "<"    ? (dates ? "before" : "below")
                             : op == "<=" ? (dates ? "on or before" : "at or below")
                             : op == ">"  ? (dates ? "after" : "above")
                             : op == ">=" ? (dates ? "on or after" : "at or above")
                                          : (dates ? "on" : "equal to");
    return holds ? std::string(words) : "not " + std::string(words);
}

std::string margin_words(std::string_view op, bool holds, const std::string& amount) {
    if (holds) return "(by " + amount + ")";
    if (op == ">" || op == ">=") return "(" + amount + " short)";
    if (op == "<" || op == "<=") return "(" + amount + " over)";
    return "(" + amount + " apart)";
}

std::string_view reference_words(ConclusionStatus status) {
    switch (status) {
        case ConclusionStatus::fired:
            return "yes";
        case ConclusionStatus::not_applicable:
            return "no";
        case ConclusionStatus::withheld:
            return "withheld";
        case ConclusionStatus::unknown:
            return "not yet known";
        case ConclusionStatus::out_of_population:
            return "does not apply (outside the population)";
    }
    return "?";
}

}  // namespace ilio::wording
