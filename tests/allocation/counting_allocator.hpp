#pragma once
// Counts every heap allocation in the process by replacing the global operator new. Included
// by exactly one translation unit of a program (the benchmark, the allocation test).

// GCC pairs the replaced operator new with the free() below when it inlines them and warns of a
// mismatch that is not there: they are the one allocator of this program.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <atomic>
#include <cstdlib>
#include <new>

namespace ilio::counting {
inline std::atomic<long long> allocations{0};
}

void* operator new(std::size_t size) {
    ilio::counting::allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return ::operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
