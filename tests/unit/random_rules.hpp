#pragma once
// Random small rule sets for property tests that compare the engine with brute force over every
// completion of the facts: x (number, deg, [0, 6]), y (integer, week, [0, 4]), b and d (bool),
// e (one of p, q, r), s (set of u, v). Conditions nest `and`, `or`, `not` and `at least`, and
// read facts, earlier criteria, and in whole rule sets a score and earlier conclusions.

#include <random>
#include <string>

#include <fmt/format.h>

namespace ilio::testing {

class RandomRules {
  public:
    explicit RandomRules(unsigned seed) : rng_(seed) {}

    /// Facts x, y, b, e, s and `count` criteria over them (no d, no score, no conclusion).
    std::string criteria_only(int count) {
        whole_ = false;
        std::string out = "ruleset r version \"1.0.0\" title \"random\" source \"s\"\n" + facts();
        for (int c = 0; c < count; ++c) out += criterion(c);
        return out;
    }

    /// criteria_only(3) and `count` findings in no step, each `(condition) and b`: any two read
    /// a fact in common, as the linter's check for implied conclusions (L020) asks.
    std::string criteria_and_findings(int count) {
        auto out = criteria_only(3);
        for (int k = 0; k < count; ++k)
            out += fmt::format("finding f{} \"f{}\" when ({}) and b because \"b\" cite \"c\"\n", k,
                               k, condition(2));
        return out;
    }

    /// criteria_only(3), `flags` red flags and `referrals` referrals in no step; a referral
    /// reads facts and criteria alone, or also a red flag (`or`, `and`), as a referral that
    /// covers one does.
    std::string red_flags_and_referrals(int flags, int referrals) {
        auto out = criteria_only(3);
        for (int k = 0; k < flags; ++k)
            out += fmt::format(
                "red_flag rf{} \"rf{}\" severity critical when {} because \"b\" cite \"c\"\n", k, k,
                condition(2));
        for (int k = 0; k < referrals; ++k) {
            auto condition_text = condition(2);
            switch (pick(3)) {
                case 0:
                    condition_text = fmt::format("({}) or rf{}", condition_text, pick(flags));
                    break;
                case 1:
                    condition_text = fmt::format("rf{} and ({})", pick(flags), condition_text);
                    break;
                default:
                    break;
            }
            out += fmt::format(
                "refer q{} \"q{}\" severity critical when {} because \"b\" cite \"c\"\n", k, k,
                condition_text);
        }
        return out;
    }

    /// Every fact; perhaps a population of the rule set; a score with points by a condition
    /// (negative ones too) and by bands of x; three criteria and a red flag in a first step; a
    /// second step gated by `not rf` with three recommendations.
    std::string rules() {
        whole_ = true;
        bool population = pick(2) == 0;
        std::string out =
            fmt::format("ruleset r version \"1.0.0\" title \"random\" source \"s\"{}\n",
                        population ? " population adults" : "") +
            facts();
        if (population)
            out += fmt::format("population adults \"adults\" when {} cite \"c\"\n", condition(1));
        int band = 2 + pick(3);
        out += fmt::format(
            "score sc \"sc\" in [-3, 6]\n  +1 when {}\n  +2 when {}\n  -1 when {}\n"
            "  by x\n    < {} deg: 0\n    >= {} deg: 1\n  cite \"c\"\n",
            atom(), atom(), atom(), band, band);
        score_declared_ = true;
        out += "step first \"first\" cite \"c\"\n";
        for (int c = 0; c < 3; ++c) out += criterion(c);
        criteria_ = 3;
        out += fmt::format("red_flag rf \"rf\" severity warning when {} because \"b\" cite \"c\"\n",
                           condition(2));
        conclusions_ = 1;
        out += fmt::format("step second \"second\" requires not rf cite \"c\"\n");
        for (int k = 0; k < 3; ++k) {
            out += fmt::format("recommend k{} \"k{}\" when {} because \"b\" cite \"c\"\n", k, k,
                               condition(3));
            ++conclusions_;
        }
        return out;
    }

    /// Rules over visits and sides: a measured fact per side (a.left, a.right: deg, [0, 6],
    /// error 1 deg), a measured fact and a score recorded over visits (m: deg, [0, 6], error
    /// 1 deg; t: points, [0, 4]), a bool (b) and a date (o). Criteria per side and over both,
    /// conditions reading earlier visits, changes, times since, a comparison held over a
    /// period and the time since the date; a red flag closing the gate of a second step.
    std::string visits_and_sides() {
        std::string out =
            "ruleset r version \"1.0.0\" title \"random\" source \"s\"\n"
            "instances side = {left, right}\n"
            "fact a : number deg in [0, 6] \"a\" error 1 deg per side ask \"a?\"\n"
            "fact m : number deg in [0, 6] \"m\" error 1 deg over visits ask \"m?\"\n"
            "fact t : integer points in [0, 4] \"t\" over visits ask \"t?\"\n"
            "fact b : bool \"b\" ask \"b?\"\n"
            "fact o : date \"o\" ask \"o?\"\n"
            "step first \"first\" cite \"c\"\n";
        out += fmt::format(
            "criterion high \"high\" per side when a > {} deg{}\n"
            "  pass \"p\" fail \"f\" cite \"g\"\n",
            1 + pick(4), pick(2) ? "" : fmt::format(" or {}", visit_atom()));
        for (int c = 0; c < 3; ++c)
            out += fmt::format(
                "criterion v{} \"v{}\" when {}\n  pass \"p\" fail \"f\" cite "
                "\"g\"\n",
                c, c, visit_condition(2, c));
        out += fmt::format(
            "red_flag rf \"rf\" severity warning when {} because \"b\" cite "
            "\"c\"\n",
            visit_condition(2, 3));
        out += "step second \"second\" requires not rf cite \"c\"\n";
        for (int k = 0; k < 3; ++k)
            out += fmt::format(
                "recommend k{} \"k{}\" per side when {} because \"b\" cite "
                "\"c\"\n",
                k, k, pick(2) ? "high" : "high and " + visit_condition(1, 3));
        out += fmt::format("finding both \"both\" when {} of high because \"b\" cite \"c\"\n",
                           pick(2) ? "all" : "any");
        return out;
    }

  private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

    /// One condition over visits and sides, reading criteria v0 … v(criteria - 1).
    std::string visit_atom(int criteria = 0) {
        static const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
        switch (pick(criteria > 0 ? 11 : 10)) {
            case 0:
                return fmt::format("m {} {} deg", ops[pick(6)], 1 + pick(5));
            case 1:
                return fmt::format("baseline m - m {} {} deg", ops[pick(6)], pick(3));
            case 2:
                return fmt::format("t {} previous t", ops[pick(6)]);
            case 3:
                return fmt::format("time since baseline >= {} week", 1 + pick(6));
            case 4:
                return fmt::format("m > {} deg at every visit for at least {} week", 1 + pick(4),
                                   1 + pick(5));
            case 5:
                return fmt::format("abs(a.left - a.right) > {} deg", pick(3));
            case 6:
                return fmt::format("time since o {} {} week", pick(2) ? "<" : ">=", 1 + pick(20));
            case 7:
                return pick(2) ? "b" : "not b";
            case 8:
                return fmt::format("a.{} {} {} deg", pick(2) ? "left" : "right", ops[pick(6)],
                                   1 + pick(5));
            case 9:
                return fmt::format(
                    "t between {} points and {} points at every visit for at least "
                    "{} week",
                    pick(2), 2 + pick(2), 1 + pick(4));
            default:
                return fmt::format("v{}", pick(criteria));
        }
    }

    std::string visit_condition(int depth, int criteria) {
        if (depth == 0 || pick(3) == 0) return visit_atom(criteria);
        switch (pick(3)) {
            case 0:
                return fmt::format("({} and {})", visit_condition(depth - 1, criteria),
                                   visit_condition(depth - 1, criteria));
            case 1:
                return fmt::format("({} or {})", visit_condition(depth - 1, criteria),
                                   visit_condition(depth - 1, criteria));
            default:
                return fmt::format("not {}", visit_condition(depth - 1, criteria));
        }
    }

    std::string facts() const {
        return std::string(
                   "fact x : number deg in [0, 6] \"x\" ask \"x?\"\n"
                   "fact y : integer week in [0, 4] \"y\" ask \"y?\"\n"
                   "fact b : bool \"b\" ask \"b?\"\n") +
               (whole_ ? "fact d : bool \"d\" ask \"d?\"\n" : "") +
               "fact e : one of {p, q, r} \"e\" ask \"e?\"\n"
               "fact s : set of {u, v} \"s\" ask \"s?\"\n";
    }

    std::string criterion(int c) {
        criteria_ = c;
        return fmt::format("criterion c{} \"c{}\" when {}\n  pass \"p\" fail \"f\" cite \"g\"\n", c,
                           c, condition(3));
    }

    enum class Atom {
        x_compared,
        y_compared,
        x_between,
        b,
        d,
        e_is,
        e_in,
        s_contains,
        criterion,
        score,
        conclusion,
        s_contains_all
    };

    std::string atom() {
        static constexpr Atom criteria_only_atoms[] = {
            Atom::x_compared, Atom::y_compared, Atom::x_between,
            Atom::b,          Atom::e_is,       Atom::e_in,
            Atom::s_contains, Atom::criterion,  Atom::s_contains_all};
        static constexpr Atom whole_atoms[] = {
            Atom::x_compared, Atom::y_compared, Atom::x_between,  Atom::b,
            Atom::d,          Atom::e_is,       Atom::e_in,       Atom::s_contains,
            Atom::criterion,  Atom::score,      Atom::conclusion, Atom::s_contains_all};
        static const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
        // Where a whole rule set has nothing of a kind yet, d; b in criteria alone.
        const char* plain = whole_ ? "d" : "b";
        switch (whole_ ? whole_atoms[pick(12)] : criteria_only_atoms[pick(9)]) {
            case Atom::x_compared:
                return fmt::format("x {} {} deg", ops[pick(6)], 1 + pick(5));
            case Atom::y_compared:
                return fmt::format("y {} {} week", ops[pick(6)], 1 + pick(3));
            case Atom::x_between: {
                int lo = 1 + pick(4);
                return fmt::format("x between {} deg and {} deg", lo, lo + pick(2));
            }
            case Atom::b:
                return whole_ && !pick(2) ? "not b" : "b";
            case Atom::d:
                return "d";
            case Atom::e_is:
                return fmt::format("e = {}", "pqr"[pick(3)]);
            case Atom::e_in:
                return fmt::format("e in {{{}, {}}}", "pqr"[pick(3)],
                                   "pqr"[pick(3)] == 'p' ? 'q' : 'p');
            case Atom::s_contains:
                return fmt::format("s contains {}", pick(2) ? "u" : "v");
            case Atom::criterion:
                return criteria_ > 0 ? fmt::format("c{}", pick(criteria_)) : "b";
            case Atom::score:
                if (!score_declared_) return plain;  // a score's part cannot read the score
                return fmt::format("sc {} {}", ops[pick(6)], pick(6) - 1);
            case Atom::conclusion:
                return conclusions_ > 0 ? (conclusions_ == 1 || pick(2)
                                               ? "rf"
                                               : fmt::format("k{}", pick(conclusions_ - 1)))
                                        : plain;
            case Atom::s_contains_all:
                return "s contains all of {u, v}";
        }
        return plain;
    }

    std::string condition(int depth) {
        if (depth == 0 || pick(3) == 0) return atom();
        switch (pick(4)) {
            case 0:
                return fmt::format("({} and {})", condition(depth - 1), condition(depth - 1));
            case 1:
                return fmt::format("({} or {})", condition(depth - 1), condition(depth - 1));
            case 2:
                return fmt::format("not {}", condition(depth - 1));
            default:
                return fmt::format("at least 2 of ({}, {}, {})", condition(depth - 1),
                                   condition(depth - 1), condition(depth - 1));
        }
    }

    std::mt19937 rng_;
    bool whole_ = true;
    int criteria_ = 0;
    int conclusions_ = 0;
    bool score_declared_ = false;
};

}  // namespace ilio::testing
