#pragma once
// The indefinite article a word takes in messages ("an integer fact", "a criterion").

#include <string>
#include <string_view>

namespace ilio::detail {

/// "an" before a vowel, else "a" (by sound: "a one-of fact", "an integer fact").
std::string_view article(std::string_view word) noexcept;
/// `word` after its article: "an item list", "a criterion".
std::string with_article(std::string_view word);

}  // namespace ilio::detail
