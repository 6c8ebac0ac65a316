#pragma once
// Explanation templates: "knee flexion {thomas.knee_flexion} is below {knee_normal}". The
// checker validates the placeholders and the explainer fills them; both walk the text here.

#include <cstddef>
#include <functional>
#include <string_view>

namespace ilio::detail {

/// Calls `on_text` for literal runs and `on_placeholder` for each `{name}` (name trimmed), in
/// order. Returns the offset of an unclosed `{`, or npos when the template is well formed.
std::size_t walk_template(std::string_view text,
                          const std::function<void(std::string_view)>& on_text,
                          const std::function<void(std::string_view, std::size_t)>& on_placeholder);

}  // namespace ilio::detail
