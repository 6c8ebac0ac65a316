#pragma once
// Filling a list of an explanation in place: explain() into a reused Explanation overwrites
// the elements it already has, so their strings keep the memory an earlier patient's left.

#include <cstddef>
#include <vector>

namespace ilio::wording {

/// Hands out a vector's elements in order, adding one only past its end; at the end of its
/// scope the vector holds exactly the elements handed out. Each element is handed out as it
/// was left (the caller overwrites every field), and a reference stays valid until the next.
template <typename T>
class Refill {
  public:
    /// `expected`: how many elements are likely, reserved at once rather than grown to.
    explicit Refill(std::vector<T>& list, std::size_t expected = 0) : list_(list) {
        list_.reserve(expected);
    }
    Refill(const Refill&) = delete;
    Refill& operator=(const Refill&) = delete;
    ~Refill() { list_.resize(used_); }

    T& next() {
        if (used_ == list_.size()) list_.emplace_back();
        return list_[used_++];
    }
    std::size_t size() const { return used_; }

  private:
    std::vector<T>& list_;
    std::size_t used_ = 0;
};

}  // namespace ilio::wording
