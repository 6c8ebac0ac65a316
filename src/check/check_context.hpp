#pragma once
// State shared by the checker's passes: the program being filled, the names it defines, and the
// diagnostics found so far.

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "check/unit_table.hpp"
#include "common/article.hpp"
#include "common/source_text.hpp"
#include "common/spelling.hpp"
#include "parse/ast.hpp"
#include "program/name_index.hpp"
#include "program/program.hpp"

namespace ilio::check {

enum class SymbolKind : std::uint8_t {
    fact,
    parameter,
    criterion,
    conclusion,
    step,
    population,
    score,
    item_list
};

struct Symbol {
    SymbolKind kind;
    std::uint32_t index;
    std::uint32_t begin, end;  // where it is defined
};

std::string_view describe(SymbolKind kind) noexcept;

/// How many items all uses of item lists may expand to in one file (E007 beyond): each use
/// copies the list's conditions, so a large list used many times could otherwise exhaust memory.
inline constexpr std::size_t max_expanded_items = 100'000;

using detail::article;
using detail::with_article;

/// Hashes names with the inline name_hash (libstdc++'s murmur is out of line) and lets
/// `symbols` be searched with a string_view, so a lookup builds no std::string.
struct SymbolNameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
        return static_cast<std::size_t>(detail::name_hash(name));
    }
};

struct CheckContext {
    CheckContext(const detail::SourceText& s, detail::Program& p, std::vector<Diagnostic>& d,
                 std::vector<std::string> unparsed_names)
        : source(s), program(p), diagnostics(d), unparsed(std::move(unparsed_names)) {}

    const detail::SourceText& source;
    detail::Program& program;
    std::vector<Diagnostic>& diagnostics;
    UnitTable units;
    std::unordered_map<std::string, Symbol, SymbolNameHash, std::equal_to<>> symbols;
    std::vector<bool> fact_used, parameter_used;
    std::vector<const ast::ItemsDecl*> item_lists;  // by SymbolKind::item_list index
    // A declaration `per SET` that is not a list of conditions (a number fact): its instances'
    // names, so a reference to it by the template's name can say which to choose.
    std::unordered_map<std::string, std::vector<std::string>> instances_of;
    std::vector<bool> item_list_used;
    std::set<std::uint32_t> cyclic_lists;  // item lists already reported in an E090 cycle
    std::size_t expanded_items = 0;
    bool reported_expansion_limit = false;
    /// While positive, errors are not reported: the conditions of an item list are checked once,
    /// where it is declared, not again at each use.
    int muted = 0;
    /// A structural hash of each node of program.nodes, to find an item listed twice.
    std::vector<std::uint64_t> node_hashes;
    std::vector<std::string> unparsed;  // declarations that failed to parse

    bool failed_to_parse(std::string_view name) const {
        for (const auto& n : unparsed)
            if (n == name) return true;
        return false;
    }

    void error(const char* code, std::uint32_t begin, std::uint32_t end, std::string message) {
        if (muted == 0) diagnostics.push_back(source.error(code, begin, end, std::move(message)));
    }
    void warning(const char* code, std::uint32_t begin, std::uint32_t end, std::string message) {
        if (muted == 0) diagnostics.push_back(source.warning(code, begin, end, std::move(message)));
    }
    /// E030 for an undefined name, with "did you mean" among the names that `fits`; E083 for
    /// the template name of a declaration per instance; nothing when its declaration failed to
    /// parse (that has its error).
    template <typename Fits>
    void report_undefined(const std::string& name, std::uint32_t begin, std::uint32_t end,
                          Fits fits);

    const Symbol* find(std::string_view name) const {
        auto it = symbols.find(name);
        return it == symbols.end() ? nullptr : &it->second;
    }
    /// The unit named by `id`, or nullptr after reporting E032.
    const UnitInfo* unit(const ast::Identifier& id);
    /// The defined names `fits` accepts, for "did you mean": only a name of the kind the place
    /// takes is offered.
    template <typename Fits>
    std::vector<std::string> names_where(Fits fits) const {
        std::vector<std::string> out;
        for (const auto& [name, symbol] : symbols)
            if (fits(symbol)) out.push_back(name);
        std::sort(out.begin(), out.end());  // ties resolve alike on every platform
        return out;
    }
};

template <typename Fits>
void CheckContext::report_undefined(const std::string& name, std::uint32_t begin, std::uint32_t end,
                                    Fits fits) {
    // Muted, nothing is reported, and "did you mean" is the costly part: an item list's
    // conditions are lowered again at every use, and a list that doubles at each level was
    // lowered thousands of times, each looking for the closest of every name (0.5 s, and over
    // 30 s in the sanitizers' build, for a fuzz input of 23 KB).
    if (muted != 0 || failed_to_parse(name)) return;
    if (auto per = instances_of.find(name); per != instances_of.end()) {
        std::string names;
        for (std::size_t i = 0; i < per->second.size(); ++i)
            names += (i == 0                        ? ""
                      : i + 1 == per->second.size() ? " or "
                                                    : ", ") +
                     ("`" + per->second[i] + "`");
        error("E083", begin, end,
              fmt::format("`{}` is declared per instance: name one, {}", name, names));
        return;
    }
    auto suggestion = detail::closest_spelling(name, names_where(fits));
    error("E030", begin, end,
          suggestion.empty()
              ? fmt::format("undefined name `{}`", name)
              : fmt::format("undefined name `{}`; did you mean `{}`?", name, suggestion));
}

}  // namespace ilio::check
