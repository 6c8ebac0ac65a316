#include "common/source_text.hpp"

#include <algorithm>

namespace ilio::detail {

SourceText::SourceText(std::string file_name, std::string_view text)
    : file_name_(std::move(file_name)), text_(text) {
    line_starts_.push_back(0);
    for (std::uint32_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') line_starts_.push_back(i + 1);
}

SourcePosition SourceText::position(std::uint32_t offset) const noexcept {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    return {line, offset - line_starts_[line - 1] + 1};
}

SourceSpan SourceText::span(std::uint32_t begin, std::uint32_t end) const noexcept {
    return {position(begin), position(std::max(begin, end))};
}

std::string_view SourceText::line(std::uint32_t line_number) const noexcept {
    if (line_number == 0 || line_number > line_starts_.size()) return {};
    auto begin = line_starts_[line_number - 1];
    auto end = line_number < line_starts_.size() ? line_starts_[line_number] - 1
                                                 : static_cast<std::uint32_t>(text_.size());
    auto text = text_.substr(begin, end - begin);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

std::string_view SourceText::slice(std::uint32_t begin, std::uint32_t end) const noexcept {
    if (begin >= text_.size() || end <= begin) return {};
    return text_.substr(begin, end - begin);
}

Diagnostic SourceText::error(std::string code, std::uint32_t begin, std::uint32_t end,
                             std::string message) const {
    return Diagnostic{Severity::error,  std::move(code),    file_name_,
                      span(begin, end), std::move(message), {}};
}

Diagnostic SourceText::warning(std::string code, std::uint32_t begin, std::uint32_t end,
                               std::string message) const {
    return Diagnostic{Severity::warning, std::move(code),    file_name_,
                      span(begin, end),  std::move(message), {}};
}

DiagnosticNote SourceText::note(std::uint32_t begin, std::uint32_t end, std::string message) const {
    return DiagnosticNote{std::move(message), file_name_, span(begin, end)};
}

}  // namespace ilio::detail
