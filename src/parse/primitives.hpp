#pragma once
// Hand-written X3 primitive parsers for the lexical level: whole-word keywords, names that are
// not keywords, strings, numbers and the whitespace/comment skipper. Each fills its AST node
// directly, positions included, and names itself for "expected …" messages.

#include <array>
#include <bit>
#include <charconv>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <boost/spirit/home/x3.hpp>

#include "parse/ast.hpp"

namespace ilio::parse {

namespace x3 = boost::spirit::x3;

/// Shared by every parser of one run: where the source starts (for offsets) and how deep the
/// expression nesting is.
struct ParseState {
    const char* source_begin = nullptr;
    const char* source_end = nullptr;
    int depth = 0;
};
struct parse_state_tag;

/// A lexical error with its own diagnostic code (an unterminated string, a number that is not
/// finite, nesting too deep); grammar expectations raise x3::expectation_failure instead.
struct LexicalError {
    const char* where;
    const char* code;
    std::string message;
};

/// The classes of a byte the lexical parsers ask about, one table read each instead of a chain
/// of comparisons: the parsers ask for every character they look at.
enum CharClass : std::uint8_t { word_start = 1, word_digit = 2, blank = 4 };
inline constexpr std::array<std::uint8_t, 256> char_classes = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[c] = word_start;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = word_start;
    t['_'] = word_start;
    for (int c = '0'; c <= '9'; ++c) t[c] = word_digit;
    for (int c : {' ', '\t', '\n', '\r'}) t[c] = blank;
    return t;
}();
inline std::uint8_t char_class(char c) noexcept {
    return char_classes[static_cast<unsigned char>(c)];
}
inline bool is_word_char(char c) noexcept {
    return char_class(c) & (word_start | word_digit);
}
inline bool is_word_start(char c) noexcept {
    return char_class(c) & word_start;
}
inline bool is_blank(char c) noexcept {
    return char_class(c) & blank;
}

// The reserved words of docs/language.md; a name may not be one of them.
inline constexpr std::string_view keywords[] = {
    "ruleset",   "version",   "title",      "source",   "unit",    "fact",  "param",    "step",
    "requires",  "criterion", "when",       "pass",     "fail",    "cite",  "finding",  "red_flag",
    "caution",   "recommend", "refer",      "escalate", "because", "dose",  "severity", "ask",
    "number",    "integer",   "bool",       "one",      "set",     "of",    "in",       "and",
    "or",        "not",       "at",         "least",    "any",     "all",   "between",  "contains",
    "true",      "false",     "population", "score",    "by",      "items", "each",     "error",
    "instances", "per",       "over",       "baseline", "previous"};

/// For each first letter, the keywords that start with it (bit i: keywords[i]), so a name is
/// compared with two or three keywords, not all of them (every name is asked).
inline constexpr std::array<std::uint64_t, 26> keywords_by_letter = [] {
    static_assert(std::size(keywords) <= 64, "one bit per keyword");
    std::array<std::uint64_t, 26> masks{};
    for (std::size_t i = 0; i < std::size(keywords); ++i)
        masks[static_cast<std::size_t>(keywords[i][0] - 'a')] |= std::uint64_t{1} << i;
    return masks;
}();

inline bool is_keyword(std::string_view word) noexcept {
    if (word.empty() || word[0] < 'a' || word[0] > 'z') return false;
    for (auto m = keywords_by_letter[static_cast<std::size_t>(word[0] - 'a')]; m != 0; m &= m - 1)
        if (keywords[std::countr_zero(m)] == word) return true;
    return false;
}

/// Reads a maximal run of word characters at `first` (no skipping).
inline std::string_view peek_word(const char* first, const char* last) noexcept {
    const char* it = first;
    while (it != last && is_word_char(*it)) ++it;
    return {first, static_cast<std::size_t>(it - first)};
}

/// Whether `word` stands at `first` as a whole word: peek_word(first, last) == word, without
/// reading the rest of a longer word (alternatives try keyword after keyword at one place).
inline bool at_word(const char* first, const char* last, std::string_view word) noexcept {
    auto n = word.size();
    if (static_cast<std::size_t>(last - first) < n) return false;
    // Most tries fail at the first letter: a loop, not a call to memcmp.
    for (std::size_t i = 0; i < n; ++i)
        if (first[i] != word[i]) return false;
    return first + n == last || !is_word_char(first[n]);
}

/// Sets a lexical node's source range, moves the input past it and hands it to X3.
template <typename Node, typename It, typename Ctx, typename Attr>
bool accept(Node&& node, It& first, It end, Ctx const& ctx, Attr& out) {
    auto const& state = x3::get<parse_state_tag>(ctx);
    node.begin = static_cast<std::uint32_t>(first - state.source_begin);
    node.end = static_cast<std::uint32_t>(end - state.source_begin);
    first = end;
    x3::traits::move_to(std::forward<Node>(node), out);
    return true;
}

/// Skips spaces, tabs, newlines and `#` comments.
struct whitespace_parser : x3::parser<whitespace_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
        It it = first;
        while (it != last) {
            if (is_blank(*it)) {
                ++it;
            } else if (*it == '#') {
                while (it != last && *it != '\n') ++it;
            } else {
                break;
            }
        }
        if (it == first) return false;
        first = it;
        return true;
    }
};
inline constexpr whitespace_parser whitespace{};

/// One keyword, matched as a whole word.
struct keyword_parser : x3::parser<keyword_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    std::string_view word;
    constexpr explicit keyword_parser(std::string_view w) : word(w) {}
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
        x3::skip_over(first, last, ctx);
        if (!at_word(first, last, word)) return false;
        first += word.size();
        return true;
    }
};

/// One of several keywords; the attribute is the word matched.
struct keyword_choice_parser : x3::parser<keyword_choice_parser> {
    using attribute_type = std::string;
    static bool const has_attribute = true;
    std::span<const std::string_view> words;
    std::string_view description;
    constexpr keyword_choice_parser(std::span<const std::string_view> w, std::string_view d)
        : words(w), description(d) {}
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        for (auto w : words) {
            if (at_word(first, last, w)) {
                x3::traits::move_to(std::string(w), attr);
                first += w.size();
                return true;
            }
        }
        return false;
    }
};

/// A name: letters, digits, '_' and inner dots between segments; never a keyword.
struct identifier_parser : x3::parser<identifier_parser> {
    using attribute_type = ast::Identifier;
    static bool const has_attribute = true;
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
        x3::skip_over(first, last, ctx);
        It it = first;
        if (it == last || !is_word_start(*it)) return false;
        while (true) {
            while (it != last && is_word_char(*it)) ++it;
            if (it != last && *it == '.' && it + 1 != last && is_word_start(*(it + 1))) {
                ++it;
                continue;
            }
            break;
        }
        std::string_view word(first, static_cast<std::size_t>(it - first));
        if (is_keyword(word)) return false;
        ast::Identifier id;
        id.name.assign(word);
        return accept(std::move(id), first, it, ctx, attr);
    }
};

/// "text" on one line, with \" \\ \n escapes.
struct string_parser : x3::parser<string_parser> {
    using attribute_type = ast::StringLit;
    static bool const has_attribute = true;
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& out) const {
        x3::skip_over(first, last, ctx);
        if (first == last || *first != '"') return false;
        ast::StringLit attr;
        It it = first + 1;
        while (true) {
            // The plain run up to the next quote, escape or line end, appended at once: a
            // character at a time was 4% of parsing.
            It run = it;
            while (it != last && *it != '"' && *it != '\\' && *it != '\n') ++it;
            attr.value.append(run, it);
            if (it == last || *it == '\n')
                throw LexicalError{first, "E011",
                                   "unterminated string: a string must close with `\"` on the "
                                   "line where it starts"};
            if (*it == '"') break;
            if (*it == '\\') {
                ++it;
                if (it == last || *it == '\n') continue;  // reported as unterminated above
                switch (*it) {
                    case 'n':
                        attr.value.push_back('\n');
                        break;
                    case '"':
                        attr.value.push_back('"');
                        break;
                    case '\\':
                        attr.value.push_back('\\');
                        break;
                    default:
                        throw LexicalError{it - 1, "E010",
                                           "unknown escape in string: use \\\", \\\\ or \\n"};
                }
                ++it;
                continue;
            }
        }
        return accept(std::move(attr), first, it + 1, ctx, out);
    }
};

/// An optionally negative decimal number; `nan`, `inf` and overflow are rejected (E013).
struct number_parser : x3::parser<number_parser> {
    using attribute_type = ast::NumberLit;
    static bool const has_attribute = true;
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& out) const {
        x3::skip_over(first, last, ctx);
        It it = first;
        if (it != last && (*it == '-' || *it == '+')) ++it;
        It digits = it;
        while (it != last && *it >= '0' && *it <= '9') ++it;
        if (it == digits) return false;
        if (it != last && *it == '.' && it + 1 != last && *(it + 1) >= '0' && *(it + 1) <= '9') {
            ++it;
            while (it != last && *it >= '0' && *it <= '9') ++it;
        }
        if (it != last && (*it == 'e' || *it == 'E')) {
            It exp = it + 1;
            if (exp != last && (*exp == '-' || *exp == '+')) ++exp;
            if (exp != last && *exp >= '0' && *exp <= '9') {
                it = exp;
                while (it != last && *it >= '0' && *it <= '9') ++it;
            }
        }
        ast::NumberLit attr;
        attr.text.assign(first, it);
        const char* text_begin = attr.text.c_str() + (attr.text[0] == '+' ? 1 : 0);
        auto [ptr, ec] =
            std::from_chars(text_begin, attr.text.c_str() + attr.text.size(), attr.value);
        if (ec == std::errc::result_out_of_range || ptr != attr.text.c_str() + attr.text.size())
            throw LexicalError{first, "E013",
                               "number `" + attr.text + "` is out of range: it must be finite"};
        return accept(std::move(attr), first, it, ctx, out);
    }
};

/// `true` or `false`.
struct bool_parser : x3::parser<bool_parser> {
    using attribute_type = ast::BoolLit;
    static bool const has_attribute = true;
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& out) const {
        x3::skip_over(first, last, ctx);
        bool value = at_word(first, last, "true");
        if (!value && !at_word(first, last, "false")) return false;
        ast::BoolLit attr;
        attr.value = value;
        return accept(std::move(attr), first, first + (value ? 4 : 5), ctx, out);
    }
};

/// A common slip, recognised where it starts: when the next character is `c`, the parse stops with
/// `message` (a clearer error than the expectation it would otherwise break); else it fails
/// softly and the grammar goes on.
struct slip_parser : x3::parser<slip_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    char c;
    std::string_view message;
    constexpr slip_parser(char ch, std::string_view m) : c(ch), message(m) {}
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
        It at = first;
        x3::skip_over(at, last, ctx);
        if (at != last && *at == c) throw LexicalError{at, "E010", std::string(message)};
        return false;
    }
};

/// Matches nothing: after an expectation point (`x > expected_here{…}`) it makes the failure
/// say what should have followed.
struct expected_here : x3::parser<expected_here> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    std::string_view description;
    constexpr explicit expected_here(std::string_view d) : description(d) {}
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It&, It const&, Ctx const&, RCtx&, Attr&) const {
        return false;
    }
};

/// Gives a composite parser (a sequence, list or alternative) a human name for "expected …"
/// messages; X3 would otherwise spell it as its C++ type.
template <typename Subject>
struct described_directive : x3::unary_parser<Subject, described_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, described_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    std::string_view description;
    constexpr described_directive(Subject const& subject, std::string_view d)
        : base_type(subject), description(d) {}
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
        return this->subject.parse(first, last, ctx, rctx, attr);
    }
};

struct described {
    std::string_view description;
    template <typename Subject>
    constexpr described_directive<typename x3::extension::as_parser<Subject>::value_type>
    operator[](Subject const& subject) const {
        return {x3::as_parser(subject), description};
    }
};

/// Bounds recursion: the subject may nest at most `limit` deep, so no input exhausts the stack.
template <typename Subject>
struct depth_guard_directive : x3::unary_parser<Subject, depth_guard_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, depth_guard_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    int limit;
    constexpr depth_guard_directive(Subject const& subject, int l) : base_type(subject), limit(l) {}
    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
        auto& state = const_cast<ParseState&>(x3::get<parse_state_tag>(ctx));
        if (state.depth >= limit) {
            It at = first;
            x3::skip_over(at, last, ctx);
            throw LexicalError{at, "E006",
                               "expression nested too deeply: at most " + std::to_string(limit) +
                                   " levels are allowed"};
        }
        struct Restore {
            int& d;
            ~Restore() { --d; }
        } restore{++state.depth};
        return this->subject.parse(first, last, ctx, rctx, attr);
    }
};

struct depth_guard_gen {
    int limit;
    template <typename Subject>
    constexpr depth_guard_directive<typename x3::extension::as_parser<Subject>::value_type>
    operator[](Subject const& subject) const {
        return {x3::as_parser(subject), limit};
    }
};

}  // namespace ilio::parse

namespace boost::spirit::x3 {
template <>
struct get_info<ilio::parse::keyword_parser> {
    using result_type = std::string;
    std::string operator()(ilio::parse::keyword_parser const& p) const {
        return "`" + std::string(p.word) + "`";
    }
};
template <>
struct get_info<ilio::parse::keyword_choice_parser> {
    using result_type = std::string;
    std::string operator()(ilio::parse::keyword_choice_parser const& p) const {
        return std::string(p.description);
    }
};
template <>
struct get_info<ilio::parse::expected_here> {
    using result_type = std::string;
    std::string operator()(ilio::parse::expected_here const& p) const {
        return std::string(p.description);
    }
};
template <typename Subject>
struct get_info<ilio::parse::described_directive<Subject>> {
    using result_type = std::string;
    std::string operator()(ilio::parse::described_directive<Subject> const& p) const {
        return std::string(p.description);
    }
};
template <>
struct get_info<ilio::parse::identifier_parser> {
    using result_type = std::string;
    std::string operator()(ilio::parse::identifier_parser const&) const { return "a name"; }
};
template <>
struct get_info<ilio::parse::string_parser> {
    using result_type = std::string;
    std::string operator()(ilio::parse::string_parser const&) const {
        return "a string in double quotes";
    }
};
template <>
struct get_info<ilio::parse::number_parser> {
    using result_type = std::string;
    std::string operator()(ilio::parse::number_parser const&) const { return "a number"; }
};
}  // namespace boost::spirit::x3
