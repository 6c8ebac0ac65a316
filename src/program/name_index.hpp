#pragma once
// Names to indexes by hash. A linear search made reading a complete facts document quadratic
// in the number of facts (each key looked up among all of them): 10.7 s for a patient of a
// 100,000-conclusion rule set. With the index, finding a name costs the same at any size.
//
// Open addressing over a power-of-two table at most half full, the names side by side in one
// buffer: a lookup hashes the name once, then reads one slot (rarely a few neighbours) and
// compares one name, with no division and no pointer to follow. Reading a facts document looks
// up every key, so this is on its hot path.
//
// The hash is our own, inline: std::hash<std::string_view> is libstdc++'s out-of-line murmur
// (`_Hash_bytes`), about 75 instructions for a 15-byte name and 12% of reading a 19-fact
// document. Names are short, so this one reads at most two overlapping words for a name of up
// to 16 bytes (wyhash's trick for short keys) and folds each in with a multiply.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ilio::detail {

/// The 8 and the 4 bytes at `at`, as one number (names are read a word at a time).
inline std::uint64_t word8_at(const char* at) noexcept {
    std::uint64_t w;
    std::memcpy(&w, at, 8);
    return w;
}
inline std::uint64_t word4_at(const char* at) noexcept {
    std::uint32_t w;
    std::memcpy(&w, at, 4);
    return w;
}

/// A 64-bit hash of `name` for NameIndex: both halves are mixed from every byte, as the index
/// takes the slot from the low bits and the tag from the high ones. Not for anything adversarial
/// beyond a hash table of a rule set's own names (a colliding key costs a probe, never a wrong
/// answer: every hit is compared whole).
inline std::uint64_t name_hash(std::string_view name) noexcept {
    constexpr std::uint64_t k0 = 0x9e3779b97f4a7c15u, k1 = 0xd6e8feb86659fd93u;
    const char* p = name.data();
    std::size_t n = name.size();
    std::uint64_t h = k0 ^ (n * k1);
    auto fold = [&h](std::uint64_t word) {
        h = (h ^ word) * k0;
        h ^= h >> 29;
    };
    if (n >= 8) {
        const char* last = p + n - 8;
        for (; p < last; p += 8) fold(word8_at(p));
        fold(word8_at(last));  // overlaps the word before unless n is a multiple of 8
    } else if (n >= 4) {
        fold(word4_at(p) | (word4_at(p + n - 4) << 32));
    } else if (n > 0) {
        auto byte = [](char c) { return std::uint64_t{static_cast<unsigned char>(c)}; };
        fold(byte(p[0]) | (byte(p[n / 2]) << 8) | (byte(p[n - 1]) << 16));
    }
    h *= k1;
    return h ^ (h >> 32);
}

/// Whether `n` bytes at `a` and `b` are the same: names are short, and libc's memcmp, a call
/// through the dynamic linker's table with its own dispatch on length, was 2.6% of a status
/// batch. Reads overlapping words as name_hash does.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (word8_at(a + i) != word8_at(b + i)) return false;
        return word8_at(a + n - 8) == word8_at(b + n - 8);
    }
    if (n >= 4) return word4_at(a) == word4_at(b) && word4_at(a + n - 4) == word4_at(b + n - 4);
    for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

class NameIndex {
  public:
    /// Indexes `items` (anything with a `name`) by position. Names are unique in a compiled
    /// program (the checker refuses duplicates); were one repeated, the first would be found,
    /// as a search from the front finds it.
    template <typename Item>
    void build(const std::vector<Item>& items) {
        text_.clear();
        for (const auto& item : items) text_ += item.name;
        slots_.assign(std::bit_ceil(std::max<std::size_t>(8, 2 * items.size())), Slot{});
        std::uint32_t offset = 0;
        for (std::size_t i = 0; i < items.size(); ++i) {
            std::string_view name = items[i].name;
            std::uint64_t hash = name_hash(name);
            Slot& slot = slots_[slot_for(name, hash)];
            if (slot.position == Slot::empty)
                slot = Slot{tag(hash), static_cast<std::uint32_t>(i), offset,
                            static_cast<std::uint32_t>(name.size())};
            offset += static_cast<std::uint32_t>(name.size());
        }
    }

    std::optional<std::uint32_t> find(std::string_view name) const noexcept {
        if (slots_.empty()) return std::nullopt;
        const Slot& slot = slots_[slot_for(name, name_hash(name))];
        if (slot.position == Slot::empty) return std::nullopt;
        return slot.position;
    }

  private:
    struct Slot {
        static constexpr std::uint32_t empty = UINT32_MAX;
        std::uint32_t tag = 0;  // the hash's high half: most other names differ there
        std::uint32_t position = empty;
        std::uint32_t offset = 0;  // the name in text_
        std::uint32_t length = 0;
    };

    static std::uint32_t tag(std::uint64_t hash) noexcept {
        return static_cast<std::uint32_t>(hash >> 32);
    }

    /// The slot holding `name`, or the empty slot where it would go.
    std::size_t slot_for(std::string_view name, std::uint64_t hash) const noexcept {
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.position == Slot::empty ||
                (slot.tag == tag(hash) && slot.length == name.size() &&
                 same_bytes(text_.data() + slot.offset, name.data(), name.size())))
                return i;
        }
    }

    std::string text_;  // every name, one after another
    std::vector<Slot> slots_;
};

}  // namespace ilio::detail
