#pragma once
// Type-, unit- and range-checks one condition and appends its nodes, in post-order, to the
// program.

#include "check/check_context.hpp"
#include "parse/ast.hpp"

namespace ilio::check {

/// Lowers `expr` into nodes appended to ctx.program.nodes; returns the root node's index.
/// Errors are reported into ctx; a node for an erroneous piece is still emitted (as unknown) so
/// the rest of the expression is checked too.
std::uint32_t lower_condition(CheckContext& ctx, const ast::OrExpr& expr);

}  // namespace ilio::check
