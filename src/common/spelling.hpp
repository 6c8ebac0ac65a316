#pragma once
// "Did you mean …?" for undefined names.

#include <string>
#include <string_view>
#include <vector>

namespace ilio::detail {

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
std::string closest_spelling(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ilio::detail
