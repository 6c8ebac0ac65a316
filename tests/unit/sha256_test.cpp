#include <catch2/catch.hpp>

#include <string>

#include "common/sha256.hpp"

using ilio::detail::sha256_hex;

// The audit hash (OpenSSL's libcrypto behind detail::sha256_hex) against known vectors: the
// FIPS 180-2 / NIST CSVP example values; the repeated-'a' lengths were cross-checked against
// sha256sum / Python hashlib.

TEST_CASE("sha256: empty input", "[sha256]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256: abc", "[sha256]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: 448-bit message", "[sha256]") {
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256: 896-bit message", "[sha256]") {
    CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                     "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: one million 'a'", "[sha256]") {
    const std::string million(1'000'000, 'a');
    CHECK(sha256_hex(million) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// 55 is the longest tail that fits the length in one padded block; 56..63 force
// an extra block; 64 and 65 cross a whole-block boundary.
TEST_CASE("sha256: padding boundary lengths", "[sha256]") {
    SECTION("55 bytes") {
        CHECK(sha256_hex(std::string(55, 'a')) ==
              "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    }
    SECTION("56 bytes") {
        CHECK(sha256_hex(std::string(56, 'a')) ==
              "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    }
    SECTION("63 bytes") {
        CHECK(sha256_hex(std::string(63, 'a')) ==
              "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
    }
    SECTION("64 bytes") {
        CHECK(sha256_hex(std::string(64, 'a')) ==
              "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    }
    SECTION("65 bytes") {
        CHECK(sha256_hex(std::string(65, 'a')) ==
              "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
    }
}

TEST_CASE("sha256: bytes that are not text, NUL included", "[sha256]") {
    // printf '\x00\xff\x80\n' | sha256sum
    CHECK(sha256_hex(std::string("\x00\xff\x80\n", 4)) ==
          "6d6f7836f1e146dc0204afb5133dae52fdc05603d8ac2dc793b481b0e0829fd1");
}
