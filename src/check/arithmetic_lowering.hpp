#pragma once
// Arithmetic on quantities (`a - b`, `2 * x`, `abs(a - b)`, `min(a, b)`): checked for dimensions
// and lowered to a postfix program (Program::expressions), with the range its value can take so
// that an impossible threshold is still caught (E070).

#include <cstdint>
#include <optional>

#include "check/check_context.hpp"
#include "parse/ast.hpp"

namespace ilio::check {

/// The index of the lowered expression in Program::expressions, or nothing after an error
/// (reported: E030, E050, E060, E061, E084).
///
/// Dimensions: `+`, `-`, `min` and `max` need one dimension (deg - deg is deg; a plain number
/// goes with a count); `*` and `/` take a plain number on one side (week * 2 is week), and a
/// quotient of one dimension is a plain ratio; a product or quotient of two dimensions is an
/// error. A constant divisor of zero is an error; a divisor that is zero at evaluation leaves
/// the comparison unknown.
std::optional<std::uint32_t> lower_arithmetic(CheckContext& ctx, const ast::Sum& sum);

/// When `sum` is only a plain value in parentheses, `(x)`: that value, so a parenthesised
/// condition or number reads as itself.
const ast::Factor* parenthesised_plain(const ast::Sum& sum);

}  // namespace ilio::check
