#pragma once
// The check phase: syntax tree → checked program (names resolved, types, units and ranges
// checked, conditions lowered to nodes) plus diagnostics. Ordering is left to the graph phase.

#include <vector>

#include "common/source_text.hpp"
#include "ilio/rule_set.hpp"
#include "parse/ast.hpp"
#include "program/program.hpp"

namespace ilio::check {

/// Fills `program` from `file`. The program is usable only when no error was reported.
/// `unparsed` names declarations that failed to parse: references to them are not reported.
void check_rules(const ast::File& file, const detail::SourceText& source,
                 const std::vector<ParameterOverride>& overrides,
                 const std::vector<std::string>& unparsed, detail::Program& program,
                 std::vector<Diagnostic>& diagnostics);

}  // namespace ilio::check
