#pragma once
// Names to indexes by hash. A linear search made reading a complete facts document quadratic
// in the number of facts (each key looked up among all of them): 10.7 s for a patient of a
// 100,000-conclusion rule set. With the index, finding a name costs the same at any size.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ilio::detail {

class NameIndex {
  public:
    /// Indexes `items` (anything with a `name`) by position. Names are unique in a compiled
    /// program (the checker refuses duplicates); were one repeated, the first would be found,
    /// as a search from the front finds it.
    template <typename Item>
    void build(const std::vector<Item>& items) {
        positions_.clear();
        positions_.reserve(items.size());
        for (std::size_t i = 0; i < items.size(); ++i)
            positions_.emplace(items[i].name, static_cast<std::uint32_t>(i));
    }

    std::optional<std::uint32_t> find(std::string_view name) const noexcept {
        auto it = positions_.find(name);
        if (it == positions_.end()) return std::nullopt;
        return it->second;
    }

  private:
    // Transparent, so a string_view is looked up without building a std::string.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> positions_;
};

}  // namespace ilio::detail
