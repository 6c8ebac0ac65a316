#include "common/template_text.hpp"

#include <string>

namespace ilio::detail {

std::size_t walk_template(
    std::string_view text, const std::function<void(std::string_view)>& on_text,
    const std::function<void(std::string_view, std::size_t)>& on_placeholder) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto open = text.find('{', i);
        if (open == std::string_view::npos) {
            on_text(text.substr(i));
            return std::string_view::npos;
        }
        if (open > i) on_text(text.substr(i, open - i));
        auto close = text.find('}', open);
        if (close == std::string_view::npos) return open;
        auto name = text.substr(open + 1, close - open - 1);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        on_placeholder(name, open);
        i = close + 1;
    }
    return std::string_view::npos;
}

}  // namespace ilio::detail
