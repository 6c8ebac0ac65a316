#pragma once
// One patient's facts, bound to one rule set. A fact that is not set is unknown: there are no
// defaults, and no invalid value is ever stored.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
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
};

class Facts {
  public:
    explicit Facts(const RuleSet& rules);

    const RuleSet& rule_set() const noexcept { return rules_; }

    /// Sets a number or integer fact; `unit` empty means the declared unit.
    void set_number(FactIndex fact, double value, std::string_view unit = {});
    void set_bool(FactIndex fact, bool value);
    /// Sets a one-of fact to one member.
    void set_enum(FactIndex fact, std::string_view member);
    /// Sets a set-of fact to exactly these members (possibly none).
    void set_members(FactIndex fact, std::initializer_list<std::string_view> members);
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
    std::vector<FactValue> values_;
    std::vector<FactProblem> warnings_;
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

/// Reads one JSON object of facts: `{"name": value, …}`. A number is in the declared unit or
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
