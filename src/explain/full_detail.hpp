#pragma once
// Renderers that show derivation trees need an explanation that has them all.

#include <stdexcept>
#include <string>
#include <string_view>

#include "ilio/explanation.hpp"

namespace ilio::detail {

/// Throws std::invalid_argument, naming `renderer`, unless `x` was explained with
/// ExplainDetail::full: a summary explanation would render empty trees, not an error.
inline void require_full_detail(const Explanation& x, std::string_view renderer) {
    if (x.detail == ExplainDetail::full) return;
    throw std::invalid_argument(
        std::string("ilio::") + std::string(renderer) +
        ": this explanation was built with ExplainDetail::summary, which leaves out the "
        "derivation trees it shows; explain with ExplainDetail::full");
}

}  // namespace ilio::detail
