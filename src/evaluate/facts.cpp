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

/// The error for a value of the wrong type: what was given, and what `f` takes.
[[noreturn]] void wrong_type(const FactInfo& f, std::string_view given) {
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
        case ValueType::date:
            hint = "give an ISO 8601 calendar date such as \"2026-09-01\"";
            break;
    }
    throw FactError(fmt::format("`{}` is {} fact, but {} was given; {}", f.name,
                                detail::with_article(to_string(f.type)), given, hint));
}

/// Throws unless `f` is of one of the `allowed` types. `describe_given` words what was given
/// ("a number", "\"left\""); it is called only for the error, so that setting a valid value
/// formats nothing and allocates nothing.
template <typename DescribeGiven>
void expect_type(const FactInfo& f, std::initializer_list<ValueType> allowed,
                 DescribeGiven describe_given) {
    for (auto t : allowed)
        if (f.type == t) return;
    wrong_type(f, describe_given());
}

std::uint64_t member_bit(const FactInfo& f, std::string_view member) {
    for (std::size_t i = 0; i < f.members.size(); ++i)
        if (f.members[i] == member) return std::uint64_t{1} << i;
    throw FactError(fmt::format("`{}` is not a value of `{}`; its values are: {}",
                                detail::excerpt(member), f.name, members_text(f)));
}

/// The set value of `f` holding exactly `members` (any range of strings).
template <typename Members>
std::uint64_t members_mask(const FactInfo& f, const Members& members) {
    expect_type(f, {ValueType::set_of}, [] { return "a list"; });
    std::uint64_t mask = 0;
    for (const auto& m : members) mask |= member_bit(f, m);
    return mask;
}

}  // namespace

Facts::Facts(const RuleSet& rules) : rules_(rules), values_(rules.facts().size()) {}

// Howard Hinnant's days_from_civil: proleptic Gregorian calendar, exact for every year here.
namespace {
std::int32_t days_from_civil(int y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}
}  // namespace

std::optional<std::int32_t> parse_date(std::string_view iso) noexcept {
    // YYYY-MM-DD, digits only: the calendar date form of ISO 8601.
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
    auto digits = [&](std::size_t from, std::size_t count, unsigned& out) {
        out = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return false;
            out = out * 10 + static_cast<unsigned>(iso[i] - '0');
        }
        return true;
    };
    unsigned y, m, d;
    if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
    static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1) return std::nullopt;
    if (d > month_days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
    return days_from_civil(static_cast<int>(y), m, d);
}

std::string format_date(std::int32_t day) {
    // civil_from_days, the inverse of days_from_civil.
    int z = day + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return fmt::format("{:04}-{:02}-{:02}", y + (m <= 2), m, d);
}

namespace {

/// Visit `visit` (counted from 1) may be dated `day`: after the visit before it, if any, and
/// not after the evaluation date, if given.
void check_visit_date(std::size_t visit, std::int32_t day, std::optional<std::int32_t> before,
                      std::optional<std::int32_t> evaluated_on) {
    if (before && *before >= day)
        throw FactError(
            fmt::format("visit {} on {} does not follow the visit before it on {}: "
                        "visits go in date order, one per date",
                        visit, format_date(day), format_date(*before)));
    if (evaluated_on && day > *evaluated_on)
        throw FactError(fmt::format("visit {} on {} is after the evaluation date {}", visit,
                                    format_date(day), format_date(*evaluated_on)));
}

}  // namespace

void Facts::set_evaluated_on(std::int32_t day) {
    for (std::size_t i = 0; i < dates_.size(); ++i)
        if (dates_[i]) check_visit_date(i + 1, *dates_[i], std::nullopt, day);
    evaluated_on_ = day;
}

void Facts::date_visit(std::int32_t day) {
    check_visit_date(dates_.size(), day,
                     dates_.size() > 1 ? dates_[dates_.size() - 2] : std::nullopt, evaluated_on_);
    dates_.back() = day;
}

void Facts::add_visit(std::int32_t day) {
    if (!dates_.back())
        throw FactError(
            fmt::format("visit {} has no date: date every visit of a patient seen "
                        "more than once",
                        dates_.size()));
    check_visit_date(dates_.size() + 1, day, dates_.back(), evaluated_on_);
    earlier_.push_back(std::move(values_));
    values_.assign(rules_.facts().size(), FactValue{});
    dates_.push_back(day);
}

FactIndex Facts::index_of(std::string_view fact) const {
    if (auto i = rules_.find_fact(fact)) return *i;
    throw FactError(fmt::format("unknown fact `{}`: rule set `{}` declares no such fact",
                                detail::excerpt(fact), rules_.name()));
}

void Facts::set_number(FactIndex fact, double value, std::string_view unit) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::number, ValueType::integer}, [] { return "a number"; });
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
    expect_type(f, {ValueType::boolean}, [&] { return value ? "true" : "false"; });
    values_[fact] = FactValue{true, value ? 1.0 : 0.0, 0};
}

void Facts::set_enum(FactIndex fact, std::string_view member) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::one_of},
                [&] { return fmt::format("\"{}\"", detail::excerpt(member)); });
    values_[fact] = FactValue{true, 0.0, member_bit(f, member)};
}

void Facts::set_members(FactIndex fact, std::initializer_list<std::string_view> members) {
    values_[fact] = FactValue{true, 0.0, members_mask(rules_.facts()[fact], members)};
}

void Facts::set_members(FactIndex fact, std::span<const std::string_view> members) {
    values_[fact] = FactValue{true, 0.0, members_mask(rules_.facts()[fact], members)};
}

void Facts::set_members(FactIndex fact, const std::vector<std::string>& members) {
    values_[fact] = FactValue{true, 0.0, members_mask(rules_.facts()[fact], members)};
}

void Facts::set_date(FactIndex fact, std::int32_t day) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::date}, [&] { return fmt::format("the date {}", format_date(day)); });
    values_[fact] = FactValue{true, day * detail::seconds_per_day, 0};
}

void Facts::set_date(std::string_view fact, std::int32_t day) {
    set_date(index_of(fact), day);
}

void Facts::set_date(FactIndex fact, std::string_view iso) {
    const FactInfo& f = rules_.facts()[fact];
    expect_type(f, {ValueType::date}, [&] { return fmt::format("\"{}\"", detail::excerpt(iso)); });
    auto day = parse_date(iso);
    if (!day)
        throw FactError(
            fmt::format("`{}` must be an ISO 8601 calendar date such as "
                        "\"2026-09-01\", not \"{}\"",
                        f.name, detail::excerpt(iso)));
    set_date(fact, *day);
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
