#pragma once
// Kleene's three-valued connectives on Truth's two bits (bit 1 "may be true", bit 0 "is true"):
// `and` is the bitwise and, `or` the bitwise or, and none of them branches. A patient's facts
// are unpredictable from one evaluation to the next, and a mispredicted branch costs more than
// the few instructions that compute a truth outright.

#include <cstdint>

#include "ilio/evaluation.hpp"

namespace ilio::detail {

inline constexpr std::uint8_t bits(Truth t) noexcept {
    return static_cast<std::uint8_t>(t);
}
inline constexpr Truth from_bits(unsigned b) noexcept {
    return static_cast<Truth>(b);
}

static_assert(bits(Truth::false_) == 0 && bits(Truth::unknown) == 2 && bits(Truth::true_) == 3,
              "the connectives below read Truth as two bits");

inline constexpr Truth truth_of(bool b) noexcept {
    return from_bits(b * 3u);
}

inline constexpr Truth kleene_and(Truth a, Truth b) noexcept {
    return from_bits(bits(a) & bits(b));
}
inline constexpr Truth kleene_or(Truth a, Truth b) noexcept {
    return from_bits(bits(a) | bits(b));
}
/// True where `t` cannot be true, may be true where `t` is not true.
inline constexpr Truth kleene_not(Truth t) noexcept {
    unsigned b = bits(t);
    return from_bits((((b >> 1) | (b << 1)) & 3u) ^ 3u);
}

static_assert(kleene_not(Truth::true_) == Truth::false_ &&
              kleene_not(Truth::false_) == Truth::true_ &&
              kleene_not(Truth::unknown) == Truth::unknown);

/// `t`, or `fallback` where `t` is unknown (a leaf whose fact is missing, when its whole domain
/// answers alike).
inline constexpr Truth or_fallback(Truth t, Truth fallback) noexcept {
    return t == Truth::unknown ? fallback : t;
}

}  // namespace ilio::detail
