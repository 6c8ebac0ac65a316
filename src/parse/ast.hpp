#pragma once
// The syntax tree of a rules file, as the parser builds it. Every node knows its source range
// (byte offsets, set by annotate_position when its rule succeeds), so the checker can point
// at any piece of text.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace ilio::ast {

namespace x3 = boost::spirit::x3;

struct Located {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

struct Identifier : Located {
    std::string name;
};

struct StringLit : Located {
    std::string value;
    bool terminated = true;
};

struct NumberLit : Located {
    double value = 0.0;
    std::string text;
    bool finite = true;
};

struct BoolLit : Located {
    bool value = false;
};

struct Quantity : Located {
    NumberLit number;
    boost::optional<Identifier> unit;
};

struct Sum;

/// A value: a number with its unit, true/false, a name, or arithmetic on values.
struct Operand : Located, x3::variant<Quantity, BoolLit, Identifier, x3::forward_ast<Sum>> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `baseline x`, `previous x`: a fact's value at the first visit, or at the visit before the
/// latest.
struct VisitRef : Located {
    std::string which;  // "baseline" or "previous"
    Identifier fact;
};

/// `time since baseline`, `time since previous`: from that visit to the latest; `time since
/// NAME`: from a date fact to the evaluation date.
struct VisitTime : Located {
    std::string word;   // "time"
    std::string which;  // "baseline", "previous", or "date" (then `fact` names it)
    boost::optional<Identifier> fact;
};

/// `abs(x)`, `min(a, b, …)`, `max(a, b, …)`.
struct Call : Located {
    std::string function;
    std::vector<Sum> arguments;
};

/// One factor of a product: a plain value, a call, or a sum in parentheses.
struct Factor : Located,
                x3::variant<Quantity, BoolLit, Identifier, VisitRef, VisitTime,
                            x3::forward_ast<Call>, x3::forward_ast<Sum>> {
    using base_type::base_type;
    using base_type::operator=;
};

struct ProductStep : Located {
    char op = '*';  // '*' or '/'
    Factor factor;
};

struct Product : Located {
    Factor first;
    std::vector<ProductStep> rest;
};

struct SumStep : Located {
    char op = '+';  // '+' or '-'
    Product product;
};

/// Arithmetic on quantities, `+ -` over `* /`: `a - b`, `2 * (a + b) / 3`.
struct Sum : Located {
    Product first;
    std::vector<SumStep> rest;
};

enum class Quantifier : std::uint8_t { one, any, all };

enum class Comparator : std::uint8_t { less, less_equal, greater, greater_equal, equal, not_equal };

struct CompareTail : Located {
    Comparator op = Comparator::equal;
    Operand rhs;
};

struct BetweenTail : Located {
    Operand low;
    Operand high;
};

struct InTail : Located {
    bool negated = false;
    std::vector<Identifier> members;
};

struct ContainsTail : Located {
    Quantifier quantifier = Quantifier::one;
    std::vector<Identifier> members;
};

// `between` and a held period are rare, and twice the size of the rest: on the heap, so every
// comparison is not as large as the largest (half the syntax tree of a large file was their
// empty room).
struct Tail : Located,
              x3::variant<CompareTail, x3::forward_ast<BetweenTail>, InTail, ContainsTail> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `at every visit for at least 6 week`: the comparison held at every visit of a period.
struct HeldPeriod : Located {
    std::string every;  // the word `every`
    Operand duration;
};

/// An operand alone (a bool fact, criterion or conclusion reference, or a literal) or an
/// operand with a comparison tail, which may be held over a period.
struct Comparison : Located {
    Operand lhs;
    boost::optional<Tail> tail;
    boost::optional<x3::forward_ast<HeldPeriod>> held;
};

struct OrExpr;

/// The items of `any of`, `all of`, `at least N of` or a score's `each of`: a list in
/// parentheses, whose items may name item lists, or the name of one item list alone.
struct ItemSource : Located {
    std::vector<OrExpr> items;
    boost::optional<Identifier> list;  // `of NAME`: the items of that item list
};

struct AtLeast : Located {
    Operand count;
    ItemSource source;
};

struct ListOf : Located {
    Quantifier quantifier = Quantifier::any;
    ItemSource source;
};

// Comparison comes first: a default-constructed Atom must not recurse.
struct Atom : Located,
              x3::variant<Comparison, x3::forward_ast<OrExpr>, x3::forward_ast<AtLeast>,
                          x3::forward_ast<ListOf>> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `not not … atom`: nots holds one '!' per `not`, so a chain of them does not recurse.
struct Unary : Located {
    std::string nots;
    Atom atom;
};

struct AndExpr : Located {
    Unary first;
    std::vector<Unary> rest;
};

struct OrExpr : Located {
    AndExpr first;
    std::vector<AndExpr> rest;
};

struct ExprClause : Located {
    std::string key;
    // On the heap: an expression is over 500 bytes inline, and every clause of a declaration
    // (most hold only text) is as large as the largest kind, so an inline one made the clauses
    // of a 100,000-conclusion file take most of a gigabyte.
    x3::forward_ast<OrExpr> expr;
};

struct TextClause : Located {
    std::string key;
    StringLit text;
};

struct WordClause : Located {
    std::string key;
    Identifier word;
};

/// `error 2 deg`: a quantity that belongs to the declaration (a measured fact's standard error).
struct QuantityClause : Located {
    std::string key;
    // On the heap, like ExprClause's expression: `error 2 deg` is rare, and inline it made
    // every clause of a file (mostly text) 168 bytes instead of 104.
    x3::forward_ast<Quantity> value;
};

struct Clause : Located, x3::variant<ExprClause, TextClause, WordClause, QuantityClause> {
    using base_type::base_type;
    using base_type::operator=;
};

struct RulesetDecl : Located {
    Identifier name;
    std::vector<Clause> clauses;
};

struct UnitDecl : Located {
    Identifier name;
    Identifier dimension;
    boost::optional<Quantity> definition;
};

struct FactType : Located {
    std::string kind;  // number, integer, bool, one_of, set_of
    boost::optional<Identifier> unit;
    std::vector<Identifier> members;
};

struct Range : Located {
    NumberLit low;
    NumberLit high;
};

struct FactDecl : Located {
    Identifier name;
    FactType type;
    boost::optional<Range> range;
    boost::optional<StringLit> description;
    std::vector<Clause> clauses;
};

struct ParamDecl : Located {
    Identifier name;
    Operand value;
    boost::optional<StringLit> description;
    std::vector<Clause> clauses;
};

struct StepDecl : Located {
    Identifier name;
    StringLit title;
    std::vector<Clause> clauses;
};

struct CriterionDecl : Located {
    Identifier name;
    StringLit title;
    std::vector<Clause> clauses;
};

struct ConclusionDecl : Located {
    std::string kind;  // the keyword: finding, red_flag, caution, recommend, refer, escalate
    Identifier name;
    StringLit title;
    std::vector<Clause> clauses;
};

/// `population NAME "title" when … cite …`: whom a rule set or step is about.
struct PopulationDecl : Located {
    Identifier name;
    StringLit title;
    std::vector<Clause> clauses;
};

/// `+1 when cond`: points earned when a condition holds.
struct ScorePoints : Located {
    NumberLit weight;
    OrExpr condition;
};

/// `+1 each of LIST`: points for each item of a list that holds.
struct ScoreEach : Located {
    NumberLit weight;
    ItemSource source;
};

/// A band's limits on the fact: `< 65 year` or `>= 65 year and < 75 year`.
struct BandLimits : Located {
    CompareTail first;
    boost::optional<CompareTail> second;
};

/// Which values of the fact a band covers: limits, `between … and …`, or an enum member.
struct BandCondition : Located, x3::variant<BandLimits, BetweenTail, Identifier> {
    using base_type::base_type;
    using base_type::operator=;
};

struct ScoreBand : Located {
    BandCondition condition;
    NumberLit weight;
};

/// `by FACT band: points …`: points by bands of one fact.
struct ScoreBands : Located {
    Identifier fact;
    std::vector<ScoreBand> bands;
};

struct ScorePart : Located, x3::variant<ScorePoints, ScoreEach, ScoreBands, Range, TextClause> {
    using base_type::base_type;
    using base_type::operator=;
};

/// `score NAME "title" parts…`: a point score.
struct ScoreDecl : Located {
    Identifier name;
    StringLit title;
    std::vector<ScorePart> parts;
};

/// `items NAME = (a, b, …)`: a named list of conditions, reused wherever a list is taken.
struct ItemsDecl : Located {
    Identifier name;
    std::vector<OrExpr> items;
    /// Made by instance expansion, not written: the instances of a declaration `per` a set.
    bool synthetic = false;
};

/// `instances side = {left, right}`: a small set of instances (the sides of the body, …) over
/// which facts, criteria and conclusions declared `per side` are copied, one per member.
struct InstancesDecl : Located {
    Identifier name;
    std::vector<Identifier> members;
    boost::optional<StringLit> description;
};

struct Declaration
    : Located,
      x3::variant<RulesetDecl, UnitDecl, FactDecl, ParamDecl, StepDecl, CriterionDecl,
                  ConclusionDecl, PopulationDecl, ScoreDecl, ItemsDecl, InstancesDecl> {
    using base_type::base_type;
    using base_type::operator=;
};

/// A whole file: its declarations in source order.
struct File {
    std::vector<Declaration> declarations;
};

}  // namespace ilio::ast
