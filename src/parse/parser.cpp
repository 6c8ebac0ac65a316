#include "parse/parser.hpp"

#include <cstring>

#include <fmt/format.h>

#include "common/source_text.hpp"
#include "common/spelling.hpp"
#include "parse/config.hpp"
#include "parse/grammar.hpp"
#include "parse/source_check.hpp"

namespace ilio::parse {

namespace {

constexpr std::string_view declaration_keywords[] = {
    "ruleset", "unit",      "fact",  "param",    "step",       "criterion", "finding", "red_flag",
    "caution", "recommend", "refer", "escalate", "population", "score",     "items",   "instances"};

bool starts_declaration(std::string_view word) {
    for (auto k : declaration_keywords)
        if (k == word) return true;
    return false;
}

const char* skip_blank(const char* it, const char* last) {
    whitespace_parser const ws;
    x3::unused_type unused;
    ws.parse(it, last, unused, unused, unused);
    return it;
}

/// What the parser found at `at`, for "expected X, found Y".
std::string describe_found(const char* at, const char* last) {
    if (at == last) return "the end of the file";
    if (*at == '"') return "a string";
    if ((*at >= '0' && *at <= '9') || *at == '-') return "a number";
    auto word = peek_word(at, last);
    if (!word.empty()) return fmt::format("`{}`", word);
    auto len = static_cast<std::size_t>((static_cast<unsigned char>(*at) >= 0xF0)   ? 4
                                        : (static_cast<unsigned char>(*at) >= 0xE0) ? 3
                                        : (static_cast<unsigned char>(*at) >= 0xC0) ? 2
                                                                                    : 1);
    len = std::min<std::size_t>(len, static_cast<std::size_t>(last - at));
    return fmt::format("`{}`", std::string_view(at, len));
}

/// The start of the next line whose first word starts a declaration (or the end).
const char* next_declaration(const char* from, const char* last) {
    const char* it = from;
    while (it != last) {
        const auto* newline =
            static_cast<const char*>(std::memchr(it, '\n', static_cast<std::size_t>(last - it)));
        if (!newline) break;
        it = newline + 1;
        const char* word_start = it;
        while (word_start != last && (*word_start == ' ' || *word_start == '\t')) ++word_start;
        if (starts_declaration(peek_word(word_start, last))) return word_start;
    }
    return last;
}

/// What an expectation point wanted, in an author's words. X3 names a literal character 'x'
/// (ilio's messages quote code as `x`) and a parser without a name by its C++ type: the grammar
/// names every expectation point (tests/unit/grammar_messages_test.cpp drives them all), and
/// should one ever be missed, a type name still never reaches the author.
std::string readable(const std::string& which) {
    if (which.size() == 3 && which.front() == '\'' && which.back() == '\'')
        return fmt::format("`{}`", which[1]);
    bool internal = which.empty() || which.find("boost") != std::string::npos ||
                    which.find("spirit") != std::string::npos ||
                    which.find("::") != std::string::npos ||
                    (which.size() > 1 && which[0] == 'N' && which[1] >= '0' && which[1] <= '9');
    return internal ? std::string("the rest of this declaration") : which;
}

std::uint32_t offset(const detail::SourceText& source, const char* at) {
    return static_cast<std::uint32_t>(at - source.text().data());
}

std::uint32_t token_end(const char* at, const char* last) {
    auto word = peek_word(at, last);
    return static_cast<std::uint32_t>(word.empty() ? (at == last ? 0 : 1) : word.size());
}

/// How many lines start with a declaration's keyword: the declarations of a file as authors
/// and `ilio fmt` write them (one per line), so the syntax tree is sized once instead of moving
/// every declaration at each doubling (a profile of 2026-11-30 put the growing at a tenth of
/// compiling 100,000 conclusions; on the faster machine since, the gain is within its noise),
/// with next_declaration's own line scan. Only a hint:
/// a file laid out otherwise still parses, with the vector growing as needed.
std::size_t count_declaration_lines(const char* first, const char* last) {
    std::size_t count = starts_declaration(peek_word(first, last)) ? 1 : 0;
    for (const char* it = next_declaration(first, last); it != last;
         it = next_declaration(it, last))
        ++count;
    return count;
}

/// For a declaration that failed to parse, the name it was declaring, if one can be read.
void remember_name(const char* start, const char* last, std::vector<std::string>& names) {
    auto keyword = peek_word(start, last);
    if (!starts_declaration(keyword)) return;
    if (keyword == "ruleset") {
        names.emplace_back("ruleset");
        return;
    }
    const char* it = skip_blank(start + keyword.size(), last);
    const char* end = it;
    while (end != last && (is_word_char(*end) || *end == '.')) ++end;
    if (end != it) names.emplace_back(it, end);
}

}  // namespace

ParseOutput parse_rules(const detail::SourceText& source, std::size_t max_bytes) {
    ParseOutput out;
    if (!check_source_bytes(source, max_bytes, out.diagnostics)) return out;

    const char* const begin = source.text().data();
    const char* const last = begin + source.text().size();
    const char* it = begin;
    if (source.text().starts_with(detail::byte_order_mark)) it += detail::byte_order_mark.size();
    it = skip_blank(it, last);
    if (it == last) {
        out.diagnostics.push_back(
            Diagnostic{Severity::error,
                       "E005",
                       source.file_name(),
                       {},
                       "the file holds no declarations: a rules file starts with `ruleset NAME`",
                       {}});
        return out;
    }

    out.file.declarations.reserve(count_declaration_lines(it, last));
    ParseState state{begin, last, 0};
    whitespace_parser const ws;
    auto phrase_ctx = x3::make_context<x3::skipper_tag>(ws);
    auto ctx = x3::make_context<parse_state_tag>(state, phrase_ctx);

    auto report = [&](const char* at, const char* code, std::string message) {
        at = skip_blank(at, last);
        auto from = offset(source, at);
        out.diagnostics.push_back(
            source.error(code, from, from + token_end(at, last), std::move(message)));
    };

    std::string previous;  // the kind of the last declaration parsed, for clause errors
    const char* previous_start = nullptr;
    while (it != last) {
        const char* start = it;
        ast::Declaration decl;
        state.depth = 0;
        try {
            if (declaration_rule().parse(it, last, ctx, x3::unused, decl)) {
                previous = peek_word(start, last);
                previous_start = start;
                out.file.declarations.push_back(std::move(decl));
                it = skip_blank(it, last);
                continue;
            }
            auto word = peek_word(start, last);
            std::vector<std::string> candidates(std::begin(declaration_keywords),
                                                std::end(declaration_keywords));
            auto suggestion = detail::closest_spelling(word, candidates);
            if (!previous.empty()) {
                // The declaration before this word lost the clauses that follow it: leave it to
                // the error, rather than check it as if it were complete.
                out.file.declarations.pop_back();
                remember_name(previous_start, last, out.unparsed_names);
            }
            if (suggestion == "ruleset") out.unparsed_names.emplace_back("ruleset");
            std::string hint = suggestion.empty() ? std::string()
                                                  : fmt::format("; did you mean `{}`?", suggestion);
            if (!word.empty() && !is_keyword(word) && !previous.empty())
                report(start, "E012",
                       fmt::format("unknown word `{}`: expected a clause of this {} or a new "
                                   "declaration{}",
                                   word, previous, hint));
            else if (!word.empty() && !is_keyword(word))
                report(start, "E012",
                       fmt::format(
                           "unknown word `{}`: expected a declaration (ruleset, unit, "
                           "fact, param, step, criterion, finding, red_flag, caution, "
                           "recommend, refer, escalate, population, score, items, instances){}",
                           word, hint));
            else if (!previous.empty() && !word.empty())
                report(start, "E012",
                       fmt::format("`{}` does not belong here: expected a clause of this {} or "
                                   "a new declaration",
                                   word, previous));
            else
                report(start, "E010",
                       fmt::format("expected a declaration (ruleset, unit, fact, param, step, "
                                   "criterion, finding, red_flag, caution, recommend, refer, "
                                   "escalate, population, score, items, instances), found {}",
                                   describe_found(start, last)));
        } catch (x3::expectation_failure<iterator_type> const& e) {
            const char* at = skip_blank(e.where(), last);
            // Where only a name fits, a keyword there is most likely meant as one.
            bool keyword_as_name = e.which() == "a name" && is_keyword(peek_word(at, last));
            report(at, "E010",
                   fmt::format("expected {}, found {}{}", readable(e.which()),
                               describe_found(at, last),
                               keyword_as_name ? ", a keyword that cannot be used as a name" : ""));
        } catch (LexicalError const& e) {
            report(e.where, e.code, e.message);
        }
        previous.clear();
        remember_name(start, last, out.unparsed_names);
        it = next_declaration(start, last);
    }
    return out;
}

}  // namespace ilio::parse
