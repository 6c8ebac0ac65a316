#include "common/article.hpp"

#include <fmt/format.h>

namespace ilio::detail {

std::string_view article(std::string_view word) noexcept {
    // Said with a consonant sound though written with a vowel: "a one-of fact", "a unit".
    if (word.starts_with("one") || word.starts_with("uni") || word.starts_with("use")) return "a";
    return !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos ? "an"
                                                                                              : "a";
}

std::string with_article(std::string_view word) {
    return fmt::format("{} {}", article(word), word);
}

}  // namespace ilio::detail
