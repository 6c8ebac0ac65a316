#pragma once
// Text from a rules file or a facts document, made safe to put into Markdown: it shows as
// written and never becomes a link, an image, emphasis, code, a table cell or raw HTML.

#include <string>
#include <string_view>

namespace ilio::wording {

std::string markdown_escape(std::string_view text);

}  // namespace ilio::wording
