#pragma once
// One patient's facts, bound to one rule set. A fact that is not set is unknown: there are no
// defaults, and no invalid value is ever stored.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ilio/rule_set.hpp"

namespace ilio {

/// Thrown by the Facts setters for an invalid value; the message names the fact, the value and
/// the reason.
class FactError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

/// A stored value. Numbers are in the dimension's base unit; an enum value is a one-hot bit
/// mask over the members, a set value a mask of its members.
struct FactValue {
    bool known = false;
    double number = 0.0;
    std::uint64_t members = 0;
};

/// A problem with one fact in a facts document: `where` is a JSON pointer ("/thomas.pain") or
/// "line 3" for JSON Lines input.
struct FactProblem {
    std::string where;
    std::string fact;
    std::string message;
    friend bool operator==(const FactProblem&, const FactProblem&) = default;
};

/// A calendar date as days since 1970-01-01. Reads an ISO 8601 calendar date, "2026-09-01";
/// nothing for anything else (another form, a month 13, a 30 February).
std::optional<std::int32_t> parse_date(std::string_view iso) noexcept;
/// The ISO 8601 form of a day, "2026-09-01".
std::string format_date(std::int32_t day);

class Facts {
  public:
    explicit Facts(const RuleSet& rules);

    /// Visits: a patient seen more than once. The setters set the latest visit's facts; a new
    /// visit starts with every fact unknown (a value missing at a visit is unknown there, never
    /// carried over). Dates must increase from visit to visit (FactError otherwise).
    /// Dates the latest visit (the first one, usually): FactError if it would not follow the
    /// visit before it.
    void date_visit(std::int32_t day);
    /// Starts a new latest visit on `day`; the latest visit must have a date already.
    void add_visit(std::int32_t day);
    std::size_t visit_count() const noexcept { return earlier_.size() + 1; }
    /// The date of visit `i` (0: the first, the baseline); nothing when it was not given.
    std::optional<std::int32_t> visit_date(std::size_t i) const noexcept { return dates_[i]; }
    /// The first visit's values (the latest visit's when there is only one).
    const std::vector<FactValue>& baseline_values() const noexcept {
        return earlier_.empty() ? values_ : earlier_.front();
    }
    /// The values of the visit before the latest; nullptr when there is only one visit.
    const std::vector<FactValue>* previous_values() const noexcept {
        return earlier_.empty() ? nullptr : &earlier_.back();
    }
    /// The values of visit `i` (0: the first).
    const std::vector<FactValue>& visit_values(std::size_t i) const noexcept {
        return i < earlier_.size() ? earlier_[i] : values_;
    }

    const RuleSet& rule_set() const noexcept { return rules_; }

    /// The day the patient is evaluated (`evaluated_on`): no visit may come after it, and
    /// `time since` a date fact counts to it (to the latest visit's date when it is not given).
    /// FactError when a visit is dated after it.
    void set_evaluated_on(std::int32_t day);
    std::optional<std::int32_t> evaluated_on() const noexcept { return evaluated_on_; }

    /// Sets a date fact to a day (days since 1970-01-01, as parse_date gives).
    void set_date(FactIndex fact, std::int32_t day);
    void set_date(std::string_view fact, std::int32_t day);
    /// Sets a date fact from an ISO 8601 calendar date ("2026-09-01"); FactError naming the fact
    /// for anything else.
    void set_date(FactIndex fact, std::string_view iso);

    /// Sets a number or integer fact; `unit` empty means the declared unit.
    void set_number(FactIndex fact, double value, std::string_view unit = {});
    void set_bool(FactIndex fact, bool value);
    /// Sets a one-of fact to one member.
    void set_enum(FactIndex fact, std::string_view member);
    /// Sets a set-of fact to exactly these members (possibly none).
    void set_members(FactIndex fact, std::initializer_list<std::string_view> members);
    void set_members(FactIndex fact, std::span<const std::string_view> members);
    void set_members(FactIndex fact, const std::vector<std::string>& members);
    /// Makes the fact unknown again.
    void clear(FactIndex fact);

    /// By name: the same, after looking the name up (FactError when it is not declared).
    void set_number(std::string_view fact, double value, std::string_view unit = {});
    void set_bool(std::string_view fact, bool value);
    void set_enum(std::string_view fact, std::string_view member);
    void set_members(std::string_view fact, std::initializer_list<std::string_view> members);
    void clear(std::string_view fact);

    bool known(FactIndex fact) const noexcept { return values_[fact].known; }
    const FactValue& value(FactIndex fact) const noexcept { return values_[fact]; }
    const std::vector<FactValue>& values() const noexcept { return values_; }

    /// Warnings recorded in lenient mode: each fact that was dropped to unknown, and why.
    const std::vector<FactProblem>& warnings() const noexcept { return warnings_; }
    void add_warning(FactProblem problem) { warnings_.push_back(std::move(problem)); }

  private:
    FactIndex index_of(std::string_view fact) const;
    RuleSet rules_;
    std::vector<FactValue> values_;                // the latest visit
    std::vector<std::vector<FactValue>> earlier_;  // the visits before it, oldest first
    std::vector<std::optional<std::int32_t>> dates_{std::nullopt};  // per visit, the latest last
    std::vector<FactProblem> warnings_;
    std::optional<std::int32_t> evaluated_on_;
};

struct FactsOptions {
    /// Strict (default): any invalid fact is an error and no Facts are returned. Lenient: an
    /// invalid fact becomes unknown and a warning says so.
    bool lenient = false;
};

struct FactsResult {
    std::optional<Facts> facts;
    std::vector<FactProblem> errors;
    bool ok() const noexcept { return facts.has_value(); }
};

/// Reads one JSON object of facts: `{"name": value, …}`, or a patient's visits:
/// `{"visits": [{"date": "2026-09-01", "facts": {…}}, …], "evaluated_on": "2026-10-01"}` (dates
/// ISO 8601, strictly increasing, none after `evaluated_on` when it is given). A number is in the
/// declared unit or
/// `{"value": 5, "unit": "cm"}`; a bool is true/false; an enum a string; a set an array of
/// strings; null means unknown. Duplicate keys, unknown names, wrong types, values out of range,
/// NaN, infinities and enum values not declared are errors that name the fact and the reason.
FactsResult read_facts_json(const RuleSet& rules, std::string_view json,
                            const FactsOptions& options = {});

/// Problems as a JSON array of {"where", "fact", "message"} objects.
std::string render_fact_problems_json(const std::vector<FactProblem>& problems);

/// Deepest JSON nesting accepted in a facts document.
inline constexpr int max_facts_json_depth = 32;

}  // namespace ilio
