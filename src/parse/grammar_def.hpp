#pragma once
// The grammar of docs/language.md. Expectation points (>) follow each keyword that commits the
// parser; plain sequences (>>) come before it. Rule names are what "expected …" messages say, so
// whatever follows a `>` is a named rule, a primitive that names itself, or `described{…}[…]`:
// X3 would spell anything else as its C++ type. tests/language/grammar_messages_test.cpp breaks
// every expectation point and lists their names.

#include <cstring>

#include <boost/spirit/home/x3.hpp>

#include "ilio/rule_set.hpp"
#include "parse/ast.hpp"
#include "parse/ast_adapted.hpp"
#include "parse/grammar.hpp"
#include "parse/primitives.hpp"

namespace ilio::parse {

/// X3 parsers skip whitespace before they fail, so a rule's end can lie past blanks and comments
/// that follow it; the node's range should end at its last character.
inline const char* trim_trailing(const char* first, const char* last, const char* source_end) {
    // The skipper eats a comment's newline with it, so unless at the end of the source, a range
    // that ends in something other than a blank skipped nothing after its last character.
    if (last != first && last != source_end && !is_blank(last[-1])) return last;
    while (true) {
        while (last != first &&
               (last[-1] == ' ' || last[-1] == '\t' || last[-1] == '\n' || last[-1] == '\r'))
            --last;
        // A comment may end the range: find a '#' outside strings on its last line. Every node
        // of a line ends there, so the line is searched with memrchr/memchr, and walked (for
        // strings) only when it holds a '#' at all (memrchr: glibc's, as GCC and clang define
        // _GNU_SOURCE for C++).
        auto length = static_cast<std::size_t>(last - first);
        const auto* newline = static_cast<const char*>(memrchr(first, '\n', length));
        const char* line = newline ? newline + 1 : first;
        if (std::memchr(line, '#', static_cast<std::size_t>(last - line)) == nullptr) return last;
        const char* hash = nullptr;
        bool in_string = false;
        for (const char* it = line; it != last; ++it) {
            if (*it == '\\' && in_string && it + 1 != last)
                ++it;
            else if (*it == '"')
                in_string = !in_string;
            else if (*it == '#' && !in_string) {
                hash = it;
                break;
            }
        }
        if (!hash) return last;
        last = hash;
    }
}

/// Records each successfully parsed node's byte range in the node itself.
struct annotate_position {
    template <typename T, typename It, typename Ctx>
    void on_success(It const& first, It const& last, T& node, Ctx const& ctx) const {
        if constexpr (std::is_base_of_v<ast::Located, T>) {
            auto const& state = x3::get<parse_state_tag>(ctx);
            node.begin = static_cast<std::uint32_t>(first - state.source_begin);
            node.end = static_cast<std::uint32_t>(trim_trailing(first, last, state.source_end) -
                                                  state.source_begin);
        }
    }
};

inline constexpr keyword_parser kw_ruleset{"ruleset"}, kw_unit{"unit"}, kw_fact{"fact"},
    kw_param{"param"}, kw_step{"step"}, kw_criterion{"criterion"}, kw_number{"number"},
    kw_integer{"integer"}, kw_bool{"bool"}, kw_one{"one"}, kw_set{"set"}, kw_of{"of"}, kw_in{"in"},
    kw_and{"and"}, kw_or{"or"}, kw_not{"not"}, kw_at{"at"}, kw_least{"least"}, kw_any{"any"},
    kw_all{"all"}, kw_between{"between"}, kw_contains{"contains"}, kw_population{"population"},
    kw_score{"score"}, kw_when{"when"}, kw_by{"by"}, kw_cite{"cite"}, kw_items{"items"},
    kw_each{"each"}, kw_error{"error"}, kw_instances{"instances"};

// The slips a new author makes most: a list without its parentheses, or in braces.
inline constexpr slip_parser items_in_braces{
    '{',
    "the items of a list go in parentheses, not braces: write `of (a, b, …)`; braces hold a "
    "fact's values, as in `contains any of {…}`"};
inline constexpr slip_parser items_without_parentheses{
    ',',
    "the items of a list go in parentheses: write `of (a, b, …)`; a name alone after `of` must "
    "name an item list (`items NAME = (…)`)"};

inline constexpr std::string_view expr_keys[] = {"when", "requires"};
inline constexpr std::string_view text_keys[] = {"version", "title", "source",  "ask", "pass",
                                                 "fail",    "cite",  "because", "dose"};
inline constexpr std::string_view word_keys[] = {"severity", "per", "over"};
inline constexpr std::string_view conclusion_kinds[] = {"finding",   "red_flag", "caution",
                                                        "recommend", "refer",    "escalate"};

inline keyword_choice_parser const expr_key{expr_keys, "`when` or `requires`"};
inline keyword_choice_parser const text_key{text_keys, "a clause keyword"};
inline keyword_choice_parser const word_key{word_keys, "`severity`, `per` or `over`"};
// Not reserved: a function only when `(` follows (`min` is also a unit: `30 min`).
inline constexpr std::string_view function_names[] = {"abs", "min", "max"};
inline keyword_choice_parser const function_name{function_names, "`abs`, `min` or `max`"};
inline constexpr std::string_view visit_names[] = {"baseline", "previous"};
inline keyword_choice_parser const visit_name{visit_names, "`baseline` or `previous`"};
// Not reserved (a fact may be named `since`): `time since` starts `time since baseline` only.
inline constexpr std::string_view time_words[] = {"time"};
inline keyword_choice_parser const time_word{time_words, "`time`"};
inline constexpr std::string_view since_words[] = {"since"};
inline keyword_choice_parser const since_word{since_words, "`since`"};
// Not reserved either: `at every visit for at least 6 week` after a comparison.
inline constexpr std::string_view every_words[] = {"every"};
inline keyword_choice_parser const every_word{every_words, "`every`"};
inline constexpr keyword_parser kw_visit{"visit"}, kw_for{"for"};
// Not reserved (`surgery.date` is a fine name): a type only after a fact's `:`.
inline constexpr keyword_parser kw_date{"date"};
inline keyword_choice_parser const conclusion_kind{
    conclusion_kinds, "finding, red_flag, caution, recommend, refer or escalate"};

inline constexpr identifier_parser identifier{};
inline constexpr string_parser string_lit{};
inline constexpr number_parser number{};
inline constexpr bool_parser bool_lit{};
inline constexpr depth_guard_gen depth_guard{ilio::max_nesting_depth};

struct comparators_ : x3::symbols<ast::Comparator> {
    comparators_()
        : x3::symbols<ast::Comparator>(std::string("a comparison (<, <=, >, >=, =, !=)")) {
        add("<=", ast::Comparator::less_equal)("<", ast::Comparator::less)(
            ">=", ast::Comparator::greater_equal)(">", ast::Comparator::greater)(
            "!=", ast::Comparator::not_equal)("=", ast::Comparator::equal);
    }
};
inline comparators_ const comparator;

struct quantifiers_ : x3::symbols<ast::Quantifier> {
    quantifiers_() : x3::symbols<ast::Quantifier>(std::string("`any` or `all`")) {
        add("any", ast::Quantifier::any)("all", ast::Quantifier::all);
    }
};
inline quantifiers_ const quantifier;

// Rule IDs: each annotates its node with a source range.
struct quantity_class : annotate_position {};
struct operand_class : annotate_position {};
struct sum_class : annotate_position {};
struct sum_step_class : annotate_position {};
struct product_class : annotate_position {};
struct product_step_class : annotate_position {};
struct factor_class : annotate_position {};
struct call_class : annotate_position {};
struct visit_ref_class : annotate_position {};
struct visit_time_class : annotate_position {};
struct compare_tail_class : annotate_position {};
struct between_tail_class : annotate_position {};
struct in_tail_class : annotate_position {};
struct contains_tail_class : annotate_position {};
struct tail_class : annotate_position {};
struct comparison_class : annotate_position {};
struct held_period_class : annotate_position {};
struct at_least_class : annotate_position {};
struct list_of_class : annotate_position {};
struct atom_class : annotate_position {};
struct unary_class : annotate_position {};
struct and_expr_class : annotate_position {};
struct expr_class : annotate_position {};
struct expr_clause_class : annotate_position {};
struct text_clause_class : annotate_position {};
struct word_clause_class : annotate_position {};
struct quantity_clause_class : annotate_position {};
struct instances_decl_class : annotate_position {};
struct clause_class : annotate_position {};
struct ruleset_decl_class : annotate_position {};
struct unit_decl_class : annotate_position {};
struct fact_type_class : annotate_position {};
struct range_class : annotate_position {};
struct fact_decl_class : annotate_position {};
struct param_decl_class : annotate_position {};
struct step_decl_class : annotate_position {};
struct criterion_decl_class : annotate_position {};
struct conclusion_decl_class : annotate_position {};
struct population_clause_class : annotate_position {};
struct population_decl_class : annotate_position {};
struct weight_class : annotate_position {};
struct score_points_class : annotate_position {};
struct band_limits_class : annotate_position {};
struct band_condition_class : annotate_position {};
struct score_band_class : annotate_position {};
struct score_bands_class : annotate_position {};
struct score_part_class : annotate_position {};
struct score_cite_class : annotate_position {};
struct score_decl_class : annotate_position {};
struct item_source_class : annotate_position {};
struct score_each_class : annotate_position {};
struct items_decl_class : annotate_position {};

x3::rule<quantity_class, ast::Quantity> const quantity = "a number with an optional unit";
x3::rule<operand_class, ast::Operand> const operand = "a value or a name";
x3::rule<sum_class, ast::Sum> const sum = "a value or a name";
x3::rule<sum_step_class, ast::SumStep> const sum_step = "`+` or `-` and a value";
x3::rule<product_class, ast::Product> const product = "a value or a name";
x3::rule<product_step_class, ast::ProductStep> const product_step = "`*` or `/` and a value";
x3::rule<factor_class, ast::Factor> const factor = "a value or a name";
x3::rule<call_class, ast::Call> const call = "`abs(…)`, `min(…)` or `max(…)`";
x3::rule<visit_ref_class, ast::VisitRef> const visit_ref = "`baseline NAME` or `previous NAME`";
x3::rule<visit_time_class, ast::VisitTime> const visit_time =
    "`time since baseline` or `time since previous`";
x3::rule<compare_tail_class, ast::CompareTail> const compare_tail = "a comparison";
x3::rule<between_tail_class, ast::BetweenTail> const between_tail = "`between … and …`";
x3::rule<in_tail_class, ast::InTail> const in_tail = "`in {…}`";
x3::rule<contains_tail_class, ast::ContainsTail> const contains_tail = "`contains …`";
x3::rule<tail_class, ast::Tail> const tail = "a comparison";
x3::rule<comparison_class, ast::Comparison> const comparison = "a condition";
x3::rule<held_period_class, ast::HeldPeriod> const held_period =
    "`at every visit for at least` a time";
x3::rule<at_least_class, ast::AtLeast> const at_least = "`at least N of (…)`";
x3::rule<list_of_class, ast::ListOf> const list_of = "`any of (…)` or `all of (…)`";
x3::rule<atom_class, ast::Atom> const atom = "a condition";
x3::rule<unary_class, ast::Unary> const unary = "a condition";
x3::rule<and_expr_class, ast::AndExpr> const and_expr = "a condition";
x3::rule<expr_class, ast::OrExpr> const expr = "a condition";
x3::rule<expr_clause_class, ast::ExprClause> const expr_clause = "a `when` or `requires` clause";
x3::rule<text_clause_class, ast::TextClause> const text_clause = "a clause";
x3::rule<word_clause_class, ast::WordClause> const word_clause = "a `severity` or `per` clause";
x3::rule<quantity_clause_class, ast::QuantityClause> const quantity_clause =
    "an `error` clause (`error 2 deg`)";
x3::rule<clause_class, ast::Clause> const clause = "a clause";
x3::rule<ruleset_decl_class, ast::RulesetDecl> const ruleset_decl = "a ruleset header";
x3::rule<unit_decl_class, ast::UnitDecl> const unit_decl = "a unit declaration";
x3::rule<fact_type_class, ast::FactType> const fact_type =
    "a fact type (number, integer, bool, date, one of {…}, set of {…})";
x3::rule<range_class, ast::Range> const range = "a range `in [low, high]`";
x3::rule<fact_decl_class, ast::FactDecl> const fact_decl = "a fact declaration";
x3::rule<param_decl_class, ast::ParamDecl> const param_decl = "a parameter declaration";
x3::rule<step_decl_class, ast::StepDecl> const step_decl = "a step";
x3::rule<criterion_decl_class, ast::CriterionDecl> const criterion_decl = "a criterion";
x3::rule<conclusion_decl_class, ast::ConclusionDecl> const conclusion_decl = "a conclusion";
x3::rule<population_clause_class, ast::WordClause> const population_clause =
    "a `population` clause";
x3::rule<population_decl_class, ast::PopulationDecl> const population_decl = "a population";
x3::rule<weight_class, ast::NumberLit> const weight = "points (a number such as +1 or -2)";
x3::rule<score_points_class, ast::ScorePoints> const score_points = "points `+N when …`";
x3::rule<band_limits_class, ast::BandLimits> const band_limits = "band limits (`< 65 year`)";
x3::rule<band_condition_class, ast::BandCondition> const band_condition =
    "a band (`< 65 year`, `between … and …` or a member)";
x3::rule<score_band_class, ast::ScoreBand> const score_band = "a band `… : points`";
x3::rule<score_bands_class, ast::ScoreBands> const score_bands = "`by FACT` and its bands";
x3::rule<score_part_class, ast::ScorePart> const score_part =
    "a part of a score (`+N when …`, `+N each of …`, `by FACT …`, `in [low, high]` or `cite`)";
x3::rule<score_decl_class, ast::ScoreDecl> const score_decl = "a score";
x3::rule<score_cite_class, ast::TextClause> const score_cite = "`cite`";
x3::rule<item_source_class, ast::ItemSource> const item_source =
    "a list of items in parentheses `(a, b, …)` or the name of an item list";
x3::rule<score_each_class, ast::ScoreEach> const score_each = "points `+N each of …`";
x3::rule<items_decl_class, ast::ItemsDecl> const items_decl = "an item list";
x3::rule<instances_decl_class, ast::InstancesDecl> const instances_decl =
    "an instance set (`instances side = {left, right}`)";
declaration_type const declaration = "a declaration";

// Lists are rules of their own so that their items collect into one vector.
struct member_list_class;
struct expr_list_class;
x3::rule<member_list_class, std::vector<ast::Identifier>> const member_list =
    "values in braces `{a, b, …}`";
x3::rule<expr_list_class, std::vector<ast::OrExpr>> const expr_list =
    "a list of items in parentheses `(a, b, …)`";
auto const member_list_def = x3::lit('{') > identifier >
                             *(',' > identifier) > described{"`,` or `}`"}[x3::lit('}')];
auto const expr_list_def = x3::lit('(') > expr >
                           *(',' > expr) > described{"`,` or `)`"}[x3::lit(')')];

auto const quantity_def = number >> -identifier;
/// A sum that is one plain value is that value; anything else stays arithmetic.
struct plain_or_arithmetic {
    template <typename Context>
    void operator()(Context& ctx) const {
        ast::Sum& sum = x3::_attr(ctx);
        ast::Operand& out = x3::_val(ctx);
        // The action replaces the rule's own annotation: the operand spans what the sum spans.
        out.begin = sum.begin;
        out.end = sum.end;
        if (sum.rest.empty() && sum.first.rest.empty()) {
            auto& f = sum.first.first.var;
            if (auto* q = boost::get<ast::Quantity>(&f)) return void(out = std::move(*q));
            if (auto* b = boost::get<ast::BoolLit>(&f)) return void(out = std::move(*b));
            if (auto* id = boost::get<ast::Identifier>(&f)) return void(out = std::move(*id));
        }
        out = x3::forward_ast<ast::Sum>(std::move(sum));
    }
};

auto const operand_def = sum[plain_or_arithmetic{}];
// `+2 when …` after a condition starts the next part of a score, not a sum.
auto const sum_step_def = x3::char_("+-") >> product >> !(kw_when | kw_each);
auto const sum_def = product >> *sum_step;
auto const product_step_def = x3::char_("*/") > factor;
auto const product_def = factor >> *product_step;
struct call_arguments_class;
x3::rule<call_arguments_class, std::vector<ast::Sum>> const call_arguments = "a value or a name";
auto const call_arguments_def = sum % ',';
auto const call_def =
    (function_name >> &x3::lit('(')) > '(' > call_arguments > described{"`,` or `)`"}[x3::lit(')')];
// A parenthesis may open a sum or a condition: `(a + b) > 1 deg` or `(a or b)`. A sum is tried
// first and gives way (no expectation) when the parenthesis holds a condition.
auto const visit_ref_def = visit_name > identifier;
// `time since NAME` reads a date fact; the name is checked, not parsed, as one.
auto const visit_time_def = (time_word >> x3::omit[since_word]) >
                            described{"`baseline`, `previous` or the name of a date fact"}
                                [visit_name | (&identifier >> x3::attr(std::string("date")))] >
                            -identifier;
auto const factor_def = quantity | bool_lit | call | visit_time | visit_ref | identifier |
                        depth_guard[x3::lit('(') >> sum >> ')'];

auto const compare_tail_def = comparator > operand;
auto const between_tail_def = kw_between > operand > kw_and > operand;
auto const in_tail_def =
    ((kw_not > kw_in > x3::attr(true)) | (kw_in >> x3::attr(false))) > member_list;
auto const contains_tail_def =
    kw_contains >
    described{"a value, or `any of {…}` or `all of {…}`"}[(quantifier > kw_of > member_list) |
                                                          (x3::attr(ast::Quantifier::one) >>
                                                           x3::repeat(1)[identifier])];
auto const tail_def = compare_tail | between_tail | in_tail | contains_tail;
auto const held_period_def = (kw_at >> every_word) > kw_visit > kw_for > kw_at > kw_least > operand;
auto const comparison_def = operand >> -tail >> -held_period;

using no_items = std::vector<ast::OrExpr>;
using no_list = boost::optional<ast::Identifier>;
auto const item_source_def = (expr_list >> x3::attr(no_list{})) |
                             (x3::attr(no_items{}) >> identifier >> !items_without_parentheses) |
                             items_in_braces;
auto const at_least_def = kw_at > kw_least > operand > kw_of > item_source;
auto const list_of_def = quantifier >> kw_of > item_source;
auto const atom_def = comparison | (x3::lit('(') > expr > ')') | at_least | list_of;
auto const items_decl_def = kw_items > identifier > '=' > expr_list;
auto const instances_decl_def = kw_instances > identifier > '=' > member_list > -string_lit;
auto const unary_def = depth_guard[*(kw_not >> x3::attr('!')) >> atom];
auto const and_expr_def = unary >> *(kw_and > unary);
auto const expr_def = and_expr >> *(kw_or > and_expr);

auto const expr_clause_def = expr_key > expr;
auto const text_clause_def = text_key > string_lit;
auto const word_clause_def = word_key > identifier;
// `population NAME` names a population; followed by a string it is a population declaration
// instead, which ends the clauses before it.
auto const population_clause_def = kw_population >>
                                   x3::attr(std::string("population")) >> identifier >>
                                   !x3::lit('"');
auto const quantity_clause_def = kw_error >> x3::attr(std::string("error")) > quantity;
auto const clause_def =
    expr_clause | text_clause | word_clause | quantity_clause | population_clause;

auto const ruleset_decl_def = kw_ruleset > identifier > *clause;
auto const unit_decl_def = kw_unit > identifier > ':' > identifier > -('=' > quantity);

using no_members = std::vector<ast::Identifier>;
using no_unit = boost::optional<ast::Identifier>;
auto const fact_type_def =
    (kw_number >> x3::attr(std::string("number")) >> -identifier >> x3::attr(no_members{})) |
    (kw_integer >> x3::attr(std::string("integer")) >> -identifier >> x3::attr(no_members{})) |
    (kw_bool >> x3::attr(std::string("bool")) >> x3::attr(no_unit{}) >> x3::attr(no_members{})) |
    (kw_one > kw_of > x3::attr(std::string("one_of")) > x3::attr(no_unit{}) > member_list) |
    (kw_set > kw_of > x3::attr(std::string("set_of")) > x3::attr(no_unit{}) > member_list) |
    (kw_date >> x3::attr(std::string("date")) >> x3::attr(no_unit{}) >> x3::attr(no_members{}));
auto const range_def = kw_in > '[' > number > ',' > number > ']';
auto const fact_decl_def = kw_fact > identifier > ':' > fact_type > -range > -string_lit > *clause;
auto const param_decl_def = kw_param > identifier > '=' > operand > -string_lit > *clause;
auto const step_decl_def = kw_step > identifier > string_lit > *clause;
auto const criterion_decl_def = kw_criterion > identifier > string_lit > *clause;
auto const conclusion_decl_def = conclusion_kind > identifier > string_lit > *clause;
auto const population_decl_def = kw_population > identifier > string_lit > *clause;
auto const weight_def = -x3::lit('+') >> number;
auto const score_points_def = weight >> (kw_when > expr);
auto const band_limits_def = compare_tail >> -(kw_and > compare_tail);
auto const band_condition_def = band_limits | between_tail | identifier;
auto const score_band_def = band_condition > ':' > weight;
auto const score_bands_def =
    kw_by > identifier > described{"bands such as `< 65 year: 0` or `female: 1`"}[+score_band];
auto const score_cite_def = kw_cite >> x3::attr(std::string("cite")) > string_lit;
// (a >> b) > c is how C++ groups it anyway; the parentheses say so (clang warns otherwise).
auto const score_each_def = (weight >> kw_each) > kw_of > item_source;
auto const score_part_def =
    score_points | score_each | score_bands | range | score_cite |
    (x3::omit[weight] > expected_here{"`when …` or `each of …` after the points"});
auto const score_decl_def = kw_score > identifier > string_lit > *score_part;
auto const declaration_def = ruleset_decl | unit_decl | fact_decl | param_decl | step_decl |
                             criterion_decl | conclusion_decl | population_decl | score_decl |
                             items_decl | instances_decl;

BOOST_SPIRIT_DEFINE(quantity, operand, sum, sum_step, product, product_step, factor, call,
                    call_arguments, visit_ref, visit_time, compare_tail, between_tail, in_tail,
                    contains_tail, tail, comparison, held_period, at_least, list_of, atom, unary,
                    and_expr, expr, expr_clause, text_clause, word_clause, quantity_clause, clause,
                    ruleset_decl, unit_decl, fact_type, range, fact_decl, param_decl, step_decl,
                    criterion_decl, conclusion_decl, population_clause, population_decl, weight,
                    score_points, band_limits, band_condition, score_band, score_bands, score_part,
                    score_cite, score_decl, item_source, score_each, items_decl, instances_decl,
                    member_list, expr_list, declaration)

}  // namespace ilio::parse
