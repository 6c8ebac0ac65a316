#pragma once
// Work over items 0..count-1 shared by threads in small chunks taken from one atomic counter,
// so that threads meeting costlier items (patients with many missing facts) do not hold the
// others up. Used by evaluate_batch and by JSON Lines batches.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace ilio::detail {

/// Items taken at a time: large enough that the shared counter is touched rarely, small enough
/// that the last chunks balance out.
inline constexpr std::size_t batch_chunk_size = 64;

/// Runs `work(worker, item)` for every item on `threads` threads (the calling thread is worker
/// 0; 1 runs everything on it), `chunk` items at a time. The calling thread first runs
/// `meanwhile()` while the other threads start on the items, then joins them: a batch reads its
/// next block and writes its last one while this one is evaluated. If `work` or `meanwhile`
/// throws, the remaining items are skipped and the first exception is rethrown once every
/// thread has stopped.
template <typename Work, typename Meanwhile>
void for_each_in_chunks(std::size_t count, unsigned threads, Work&& work, std::size_t chunk,
                        Meanwhile&& meanwhile) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto fail = [&] {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
    };
    auto run = [&](unsigned worker) {
        try {
            while (!failed.load(std::memory_order_relaxed)) {
                std::size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
                if (begin >= count) return;
                std::size_t end = std::min(begin + chunk, count);
                for (std::size_t i = begin; i < end; ++i) work(worker, i);
            }
        } catch (...) {
            fail();
        }
    };
    {
        std::vector<std::jthread> pool;
        pool.reserve(threads > 1 ? threads - 1 : 0);
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
        try {
            meanwhile();
        } catch (...) {
            fail();
        }
        run(0);  // the calling thread works too
    }            // the jthreads join here
    if (first_error) std::rethrow_exception(first_error);
}

template <typename Work>
void for_each_in_chunks(std::size_t count, unsigned threads, Work&& work,
                        std::size_t chunk = batch_chunk_size) {
    for_each_in_chunks(count, threads, std::forward<Work>(work), chunk, [] {});
}

}  // namespace ilio::detail
