#pragma once
// Random patients for property tests: each fact known with some probability, numbers drawn
// from their range and, often, from the thresholds the rules compare them with.

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "ilio/ilio.hpp"

namespace ilio::testing {

class RandomFacts {
  public:
    RandomFacts(const RuleSet& rules, std::uint64_t seed) : rules_(rules), random_(seed) {
        // Thresholds in each fact's unit: parameters of the same dimension, and a little either
        // side of them, so boundaries are hit on purpose.
        interesting_.resize(rules.facts().size());
        for (std::size_t f = 0; f < rules.facts().size(); ++f) {
            const auto& fact = rules.facts()[f];
            if (!fact.minimum) continue;
            interesting_[f] = {*fact.minimum, *fact.maximum};
            for (const auto& p : rules.parameters()) {
                if (p.dimension != fact.dimension || p.type == ValueType::boolean) continue;
                double v = p.value * p.to_base / fact.to_base;
                for (double d : {-1.0, -0.001, 0.0, 0.001, 1.0})
                    if (v + d >= *fact.minimum && v + d <= *fact.maximum)
                        interesting_[f].push_back(v + d);
            }
        }
    }

    /// Sets fact `f` to a random valid value.
    void set(Facts& facts, FactIndex f) {
        const auto& fact = rules_.facts()[f];
        switch (fact.type) {
            case ValueType::boolean:
                facts.set_bool(f, coin());
                break;
            case ValueType::one_of:
                facts.set_enum(f, fact.members[pick(fact.members.size())]);
                break;
            case ValueType::set_of: {
                std::vector<std::string> members;
                for (const auto& m : fact.members)
                    if (pick(4) == 0) members.push_back(m);
                facts.set_members(f, members);
                break;
            }
            case ValueType::date:  // a day of 2026
                facts.set_date(f, 20454 + static_cast<std::int32_t>(pick(365)));
                break;
            case ValueType::number:
            case ValueType::integer: {
                double lo = fact.minimum.value_or(-100), hi = fact.maximum.value_or(100);
                double v;
                if (!interesting_[f].empty() && coin())
                    v = interesting_[f][pick(interesting_[f].size())];
                else
                    v = std::uniform_real_distribution<double>(lo, hi)(random_);
                if (fact.type == ValueType::integer) v = std::clamp(std::round(v), lo, hi);
                facts.set_number(f, v);
                break;
            }
        }
    }

    /// Sets fact `f` in turn to each value worth trying — both bools, every enum member, the
    /// empty, full and one-member sets, the range's ends and the values at and either side of
    /// every threshold — and calls `check()` after each.
    template <typename Check>
    void for_each_value(Facts& facts, FactIndex f, Check check) {
        const auto& fact = rules_.facts()[f];
        switch (fact.type) {
            case ValueType::boolean:
                for (bool b : {false, true}) facts.set_bool(f, b), check();
                break;
            case ValueType::one_of:
                for (const auto& m : fact.members) facts.set_enum(f, m), check();
                break;
            case ValueType::set_of:
                facts.set_members(f, std::vector<std::string>{}), check();
                facts.set_members(f, fact.members), check();
                for (const auto& m : fact.members)
                    facts.set_members(f, std::vector<std::string>{m}), check();
                break;
            case ValueType::date:
                for (std::int32_t day : {20454, 20500, 20818}) facts.set_date(f, day), check();
                break;
            case ValueType::number:
            case ValueType::integer:
                for (double v : interesting_[f]) {
                    if (fact.type == ValueType::integer && std::round(v) != v) continue;
                    facts.set_number(f, v), check();
                }
                break;
        }
    }

    /// Facts where each is known with probability `known`.
    Facts partial(double known) {
        Facts facts(rules_);
        std::bernoulli_distribution is_known(known);
        for (FactIndex f = 0; f < rules_.facts().size(); ++f)
            if (is_known(random_)) set(facts, f);
        return facts;
    }

    double probability() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

  private:
    bool coin() { return pick(2) == 0; }
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
    }

    const RuleSet& rules_;
    std::mt19937_64 random_;
    std::vector<std::vector<double>> interesting_;
};

}  // namespace ilio::testing
