#pragma once
// Checks one `score` declaration and appends its item: the parts' conditions as nodes, bands
// checked for overlaps and gaps over the fact's range, weights scaled to whole steps.

#include "check/check_context.hpp"
#include "parse/ast.hpp"

namespace ilio::check {

void lower_score(CheckContext& ctx, const ast::ScoreDecl& score, ScoreIndex index);

}  // namespace ilio::check
