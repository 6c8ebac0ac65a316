// libFuzzer target for `ilio fmt`: any bytes as a rules file. Formatting never crashes; what
// does not compile is refused; what compiles formats to a text that compiles to the same
// program and formats to itself.
#include <cstdint>
#include <string_view>

#include "ilio/format.hpp"
#include "ilio/ilio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto once = ilio::format_rules(text);
    bool compiles = ilio::compile(text).ok();
    if (once.ok() != compiles) __builtin_trap();
    if (!once.ok()) return 0;
    if (!ilio::program_difference(text, *once.text).empty()) __builtin_trap();
    auto twice = ilio::format_rules(*once.text);
    if (!twice.ok() || *twice.text != *once.text) __builtin_trap();
    return 0;
}
