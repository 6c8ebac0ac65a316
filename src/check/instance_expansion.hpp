#pragma once
// Instances (left and right, …): a fact, criterion or conclusion declared `per side` is copied
// once per member of the instance set `side`, before anything else is checked, so every later
// phase (checker, graph, evaluation, explanations, lint, coverage) sees ordinary declarations.

#include <optional>

#include "check/check_context.hpp"
#include "parse/ast.hpp"

namespace ilio::check {

/// The file with every declaration `per SET` replaced, in place, by one copy per member:
/// - its name and every reference to a declaration of the same set get `.member`
///   (`thomas.thigh_angle` in the copy for `left` reads `thomas.thigh_angle.left`);
/// - in its texts, `{SET}` reads the member and `{name}` of such a declaration its instance;
/// - its title starts with the member ("Left: …") unless it places `{SET}` itself;
/// and, for each criterion, conclusion or bool fact declared per a set, an item list of its
/// instances under its own name, so other rules combine sides with `any of NAME`, `all of
/// NAME` or `at least 1 of NAME`. Nothing is returned (and nothing copied) for a file without
/// instance sets. Reports E083 for a bad set or a reference across sets.
std::optional<ast::File> expand_instances(const ast::File& file, CheckContext& ctx);

}  // namespace ilio::check
