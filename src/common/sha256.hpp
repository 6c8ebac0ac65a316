#pragma once

#include <string>
#include <string_view>

namespace ilio::detail {

/// SHA-256 (FIPS 180-4) of `data`, as 64 lowercase hex digits, computed by OpenSSL's libcrypto.
std::string sha256_hex(std::string_view data);

}  // namespace ilio::detail
