#pragma once
// Byte-level checks that run before parsing, so the grammar only ever sees sane text.

#include <cstddef>
#include <string>
#include <vector>

#include "common/source_text.hpp"
#include "ilio/diagnostic.hpp"

namespace ilio::parse {

/// Size limit (E002, over `max_bytes`), NUL bytes (E004), invalid UTF-8 (E003). Returns false
/// when the text must not be parsed at all.
bool check_source_bytes(const detail::SourceText& source, std::size_t max_bytes,
                        std::vector<Diagnostic>& out);

/// E002 for a rules text of `size` bytes over `max_bytes`: one message for `load`, which
/// refuses a file before reading it, and for text already in memory.
Diagnostic source_too_large(const std::string& file_name, std::size_t size, std::size_t max_bytes);

/// The limit in force: `requested` capped at what 32-bit source positions can address.
std::size_t effective_source_limit(std::size_t requested);

}  // namespace ilio::parse
