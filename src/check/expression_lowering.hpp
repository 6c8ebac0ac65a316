#pragma once
// Type-, unit- and range-checks one condition and appends its nodes, in post-order, to the
// program.

#include <vector>

#include "check/check_context.hpp"
#include "parse/ast.hpp"

namespace ilio::check {

/// Lowers `expr` into nodes appended to ctx.program.nodes; returns the root node's index.
/// Errors are reported into ctx; a node for an erroneous piece is still emitted (as unknown) so
/// the rest of the expression is checked too.
std::uint32_t lower_condition(CheckContext& ctx, const ast::OrExpr& expr);

/// One item of a list, once item lists are expanded: the root node of its condition and the
/// source range of its condition.
struct LoweredItem {
    std::uint32_t root = 0;
    std::uint32_t begin = 0, end = 0;
};

/// Lowers the items of `any of`, `all of`, `at least` or a score's `each of`, expanding item
/// lists in place (E030/E050 when `of NAME` names no item list) and reporting an item listed
/// twice (E079).
std::vector<LoweredItem> lower_items(CheckContext& ctx, const ast::ItemSource& source);

/// Checks every item list where it is declared: cycles (E090) first, then each list's
/// conditions and duplicates. Leaves no nodes behind; uses lower them again.
void check_item_lists(CheckContext& ctx);

}  // namespace ilio::check
