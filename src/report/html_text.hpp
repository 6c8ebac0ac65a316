#pragma once
// Text from a rules file or facts document, made safe for HTML element content and attribute
// values: it shows as written and never becomes markup.

#include <string>
#include <string_view>

namespace ilio::report {

std::string html_escape(std::string_view text);

}  // namespace ilio::report
