// Facts: validated values by fact index. Every setter checks the value against the declaration,
// so no invalid value is ever stored; JSON reading goes through the same setters.

#include "ilio/facts.hpp"

#include <cmath>

#include <fmt/format.h>

#include "common/article.hpp"
#include "common/utf8.hpp"
#include "program/program.hpp"

namespace ilio {

namespace {

std::string range_text(const FactInfo& f) {
    return fmt::format("[{:g}, {:g}]{}{}", *f.minimum, *f.maximum, f.unit.empty() ? "" : " ",
                       f.unit);
}

std::string members_text(const FactInfo& f) {
    std::string out;
    for (const auto& m : f.members) out += (out.empty() ? "" : ", ") + m;
    return out;
}

void expect_type(const FactInfo& f, std::initializer_list<ValueType> allowed,
                 std::string_view given) {
    for (auto t : allowed)
        if (f.type == t) return;
    std::string hint;
    switch (f.type) {
        case ValueType::number:
        case ValueType::integer:
            hint = fmt::format("give a number{}", f.unit.empty() ? "" : " in " + f.unit);
            break;
        case ValueType::boolean:
            hint = "give true or false";
            break;
        case ValueType::one_of:
            hint = "give one of: " + members_text(f);
            break;
        case ValueType::set_of:
            hint = "give a list drawn from: " + members_text(f);
            break;
    }
    throw FactError(fmt::format("`{}` is {} fact, but {} was given; {}", f.name,
                                detail::with_article(to_string(f.type)), given, hint));
}

std::uint64_t member_bit(const FactInfo& f, std::string_view member) {
    for (std::size_t i = 0; i < f.members.size(); ++i)
        if (f.members[i] == member) return std::uint64_t{1} << i;
    throw FactError(fmt::format("`{}` is not a value of `{}`; its values are: {}",
                                detail::excerpt(member), f.name, members_text(f)));
}

}  // namespace

Facts::Facts(const RuleSet& rules) : rules_(rules), values_(rules.facts().size()) {}

FactIndex Facts::index_of(std::string_view fact) const {
    if (auto i = rules_.find_fact(fact)) return *i;
    throw FactError(fmt::format("unknown fact `{}`: rule set `{}` declares no such fact",
                                detail::excerpt(fact), rules_.name()));
}

void Facts::set_number(FactIndex fact, double value, std::string_view unit) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::number, ValueType::integer}, "a number");
    if (!std::isfinite(value))
        throw FactError(fmt::format("`{}` must be a finite number, not {}", f.name, value));
    double to_base = f.to_base;
    if (!unit.empty() && unit != f.unit) {
        const UnitInfo* u = nullptr;
        for (const auto& candidate : rules_.units())
            if (candidate.name == unit) u = &candidate;
        if (!u)
            throw FactError(fmt::format("`{}`: unknown unit `{}`{}", f.name, detail::excerpt(unit),
                                        f.unit.empty() ? "" : "; it is measured in " + f.unit));
        if (u->dimension != f.dimension)
            throw FactError(fmt::format("`{}` is {} in {}, but `{}` is a unit of {}", f.name,
                                        f.dimension.empty() ? "a plain number" : f.dimension,
                                        f.unit.empty() ? "no unit" : f.unit, u->name,
                                        u->dimension));
        to_base = u->to_base;
    }
    double in_declared = value * to_base / f.to_base;
    if (!std::isfinite(in_declared * f.to_base))
        throw FactError(
            fmt::format("`{}` = {:g} {} is too large to compare: it is not finite "
                        "once converted",
                        f.name, value, unit.empty() ? f.unit : std::string(unit)));
    if (f.type == ValueType::integer && std::abs(in_declared - std::round(in_declared)) > 1e-9)
        throw FactError(fmt::format("`{}` is a whole number{}, but {:g}{} was given{}", f.name,
                                    f.unit.empty() ? "" : " of " + f.unit, value,
                                    unit.empty() ? "" : " " + std::string(unit),
                                    unit.empty() || unit == f.unit
                                        ? std::string()
                                        : fmt::format(" (= {:g} {})", in_declared, f.unit)));
    constexpr double slack = 1e-9;
    if (f.minimum && (in_declared < *f.minimum - slack || in_declared > *f.maximum + slack))
        throw FactError(fmt::format("`{}` = {:g}{}{} is outside its declared range {}", f.name,
                                    value, unit.empty() ? (f.unit.empty() ? "" : " ") : " ",
                                    unit.empty() ? f.unit : std::string(unit), range_text(f)));
    values_[fact] = FactValue{true, in_declared * f.to_base, 0};
}

void Facts::set_bool(FactIndex fact, bool value) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::boolean}, value ? "true" : "false");
    values_[fact] = FactValue{true, value ? 1.0 : 0.0, 0};
}

void Facts::set_enum(FactIndex fact, std::string_view member) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::one_of}, fmt::format("\"{}\"", detail::excerpt(member)));
    values_[fact] = FactValue{true, 0.0, member_bit(f, member)};
}

void Facts::set_members(FactIndex fact, std::initializer_list<std::string_view> members) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::set_of}, "a list");
    std::uint64_t mask = 0;
    for (auto m : members) mask |= member_bit(f, m);
    values_[fact] = FactValue{true, 0.0, mask};
}

void Facts::set_members(FactIndex fact, const std::vector<std::string>& members) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::set_of}, "a list");
    std::uint64_t mask = 0;
    for (const auto& m : members) mask |= member_bit(f, m);
    values_[fact] = FactValue{true, 0.0, mask};
}

void Facts::clear(FactIndex fact) {
    values_[fact] = FactValue{};
}

void Facts::set_number(std::string_view fact, double value, std::string_view unit) {
    set_number(index_of(fact), value, unit);
}
void Facts::set_bool(std::string_view fact, bool value) {
    set_bool(index_of(fact), value);
}
void Facts::set_enum(std::string_view fact, std::string_view member) {
    set_enum(index_of(fact), member);
}
void Facts::set_members(std::string_view fact, std::initializer_list<std::string_view> members) {
    set_members(index_of(fact), members);
}
void Facts::clear(std::string_view fact) {
    clear(index_of(fact));
}

}  // namespace ilio
