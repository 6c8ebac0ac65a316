#pragma once
// Counts every heap allocation in the process by replacing every replaceable global allocation
// function: plain, array, nothrow, aligned and aligned nothrow (std::stable_sort's buffer, for
// one, comes from the nothrow form). Each deallocation form is replaced too, so memory from
// these functions always returns to the allocator it came from. Included by exactly one
// translation unit of a program (the benchmark, the allocation test).

// GCC pairs the replaced operator new with the free() below when it inlines them and warns of a
// mismatch that is not there: they are the one allocator of this program.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace ilio::counting {
inline std::atomic<long long> allocations{0};

inline void* allocate(std::size_t size, std::size_t alignment) noexcept {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (size == 0) size = 1;
    if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
    // aligned_alloc wants a size that is a multiple of the alignment.
    return std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
}

inline void* allocate_or_throw(std::size_t size, std::size_t alignment) {
    if (void* p = allocate(size, alignment)) return p;
    throw std::bad_alloc();
}
}  // namespace ilio::counting

// clang-format off
void* operator new(std::size_t n) { return ilio::counting::allocate_or_throw(n, 0); }
void* operator new[](std::size_t n) { return ilio::counting::allocate_or_throw(n, 0); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return ilio::counting::allocate(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return ilio::counting::allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return ilio::counting::allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return ilio::counting::allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return ilio::counting::allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return ilio::counting::allocate(n, static_cast<std::size_t>(a)); }

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
// clang-format on
