#pragma once
// State shared by the checker's passes: the program being filled, the names it defines, and the
// diagnostics found so far.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "check/unit_table.hpp"
#include "common/source_text.hpp"
#include "parse/ast.hpp"
#include "program/program.hpp"

namespace ilio::check {

enum class SymbolKind : std::uint8_t {
    fact,
    parameter,
    criterion,
    conclusion,
    step,
    population,
    score
};

struct Symbol {
    SymbolKind kind;
    std::uint32_t index;
    std::uint32_t begin, end;  // where it is defined
};

std::string_view describe(SymbolKind kind) noexcept;
/// "a" or "an", agreeing with `word` ("an integer fact").
std::string_view article(std::string_view word) noexcept;

struct CheckContext {
    const detail::SourceText& source;
    detail::Program& program;
    std::vector<Diagnostic>& diagnostics;
    UnitTable units;
    std::unordered_map<std::string, Symbol> symbols;
    std::vector<bool> fact_used, parameter_used;
    std::vector<std::string> unparsed;  // declarations that failed to parse

    bool failed_to_parse(std::string_view name) const {
        for (const auto& n : unparsed)
            if (n == name) return true;
        return false;
    }

    void error(const char* code, std::uint32_t begin, std::uint32_t end, std::string message) {
        diagnostics.push_back(source.error(code, begin, end, std::move(message)));
    }
    void warning(const char* code, std::uint32_t begin, std::uint32_t end, std::string message) {
        diagnostics.push_back(source.warning(code, begin, end, std::move(message)));
    }
    const Symbol* find(const std::string& name) const {
        auto it = symbols.find(name);
        return it == symbols.end() ? nullptr : &it->second;
    }
    /// The unit named by `id`, or nullptr after reporting E032.
    const UnitInfo* unit(const ast::Identifier& id);
    /// Every defined name, for spelling suggestions.
    std::vector<std::string> names() const;
};

}  // namespace ilio::check
