#pragma once
// Names to indexes by hash. A linear search made reading a complete facts document quadratic
// in the number of facts (each key looked up among all of them): 10.7 s for a patient of a
// 100,000-conclusion rule set. With the index, finding a name costs the same at any size.
//
// Open addressing over a power-of-two table at most half full, the names side by side in one
// buffer: a lookup hashes the name once, then reads one slot (rarely a few neighbours) and
// compares one name, with no division and no pointer to follow. Reading a facts document looks
// up every key, so this is on its hot path.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ilio::detail {

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
            std::size_t hash = std::hash<std::string_view>{}(name);
            Slot& slot = slots_[slot_for(name, hash)];
            if (slot.position == Slot::empty)
                slot = Slot{tag(hash), static_cast<std::uint32_t>(i), offset,
                            static_cast<std::uint32_t>(name.size())};
            offset += static_cast<std::uint32_t>(name.size());
        }
    }

    std::optional<std::uint32_t> find(std::string_view name) const noexcept {
        if (slots_.empty()) return std::nullopt;
        const Slot& slot = slots_[slot_for(name, std::hash<std::string_view>{}(name))];
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

    static std::uint32_t tag(std::size_t hash) noexcept {
        return static_cast<std::uint32_t>(static_cast<std::uint64_t>(hash) >> 32);
    }

    /// The slot holding `name`, or the empty slot where it would go.
    std::size_t slot_for(std::string_view name, std::size_t hash) const noexcept {
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.position == Slot::empty ||
                (slot.tag == tag(hash) && slot.length == name.size() &&
                 (name.empty() ||
                  std::memcmp(text_.data() + slot.offset, name.data(), name.size()) == 0)))
                return i;
        }
    }

    std::string text_;  // every name, one after another
    std::vector<Slot> slots_;
};

}  // namespace ilio::detail
