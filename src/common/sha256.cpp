// SHA-256 by OpenSSL's libcrypto: the audit hash of a rules file comes from the implementation
// the rest of the system already trusts, not from one written here.

#include "common/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include <fmt/format.h>

namespace ilio::detail {

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1 ||
        length != 32)
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

}  // namespace ilio::detail
