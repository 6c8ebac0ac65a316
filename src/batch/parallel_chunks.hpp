#pragma once
// Work over items 0..count-1 shared by threads in small chunks taken from one atomic counter,
// so that threads meeting costlier items (patients with many missing facts) do not hold the
// others up. Used by evaluate_batch and by JSON Lines batches (on one pool for all blocks).

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace ilio::detail {

/// Items taken at a time: large enough that the shared counter is touched rarely, small enough
/// that the last chunks balance out.
inline constexpr std::size_t batch_chunk_size = 64;

/// Threads kept for a whole batch: a JSON Lines batch shares out hundreds of blocks, and
/// starting threads for each (with each new thread's reader buffers built again) cost a tenth
/// of a status batch's time. The calling thread is worker 0; the pool keeps `threads - 1`
/// helpers, which sleep between rounds.
class ChunkPool {
  public:
    explicit ChunkPool(unsigned threads) {
        helpers_.reserve(threads > 1 ? threads - 1 : 0);
        try {
            for (unsigned t = 1; t < threads; ++t) helpers_.emplace_back([this, t] { serve(t); });
        } catch (...) {  // a thread could not start: stop the ones that did, or joining them hangs
            stop();
            throw;
        }
    }
    ChunkPool(const ChunkPool&) = delete;
    ChunkPool& operator=(const ChunkPool&) = delete;
    ~ChunkPool() { stop(); }  // the helpers join here

    /// Runs `work(worker, item)` for every item on every thread of the pool, `chunk` items at
    /// a time. The calling thread first runs `meanwhile()` while the others start on the items,
    /// then joins them: a batch reads its next block and writes its last one while this one is
    /// evaluated. If `work` or `meanwhile` throws, the remaining items are skipped and the first
    /// exception is rethrown once every thread has stopped.
    template <typename Work, typename Meanwhile>
    void for_each_in_chunks(std::size_t count, Work&& work, std::size_t chunk,
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
            std::lock_guard lock(mutex_);
            job_ = &run;
            call_ = [](void* job, unsigned worker) { (*static_cast<decltype(run)*>(job))(worker); };
            finished_ = 0;
            ++round_;
        }
        start_.notify_all();
        try {
            meanwhile();
        } catch (...) {
            fail();
        }
        run(0);
        {
            std::unique_lock lock(mutex_);
            done_.wait(lock, [&] { return finished_ == helpers_.size(); });
        }
        if (first_error) std::rethrow_exception(first_error);
    }

  private:
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        start_.notify_all();
    }

    void serve(unsigned worker) {
        std::uint64_t seen = 0;
        for (;;) {
            void* job;
            void (*call)(void*, unsigned);
            {
                std::unique_lock lock(mutex_);
                start_.wait(lock, [&] { return stop_ || round_ != seen; });
                if (stop_) return;
                seen = round_;
                job = job_;
                call = call_;
            }
            call(job, worker);  // catches what the work throws
            bool last;
            {
                std::lock_guard lock(mutex_);
                last = ++finished_ == helpers_.size();
            }
            if (last) done_.notify_one();
        }
    }

    std::mutex mutex_;
    std::condition_variable start_, done_;
    std::uint64_t round_ = 0;   // rounds started: a helper runs each once
    std::size_t finished_ = 0;  // helpers done with this round
    bool stop_ = false;
    void* job_ = nullptr;
    void (*call_)(void*, unsigned) = nullptr;
    std::vector<std::jthread> helpers_;  // last: joined before the rest is destroyed
};

/// Runs `work(worker, item)` for every item on `threads` threads (the calling thread is worker
/// 0; 1 runs everything on it), `chunk` items at a time, with `meanwhile()` on the calling
/// thread first: ChunkPool::for_each_in_chunks on a pool of its own.
template <typename Work, typename Meanwhile>
void for_each_in_chunks(std::size_t count, unsigned threads, Work&& work, std::size_t chunk,
                        Meanwhile&& meanwhile) {
    ChunkPool pool(threads);
    pool.for_each_in_chunks(count, std::forward<Work>(work), chunk,
                            std::forward<Meanwhile>(meanwhile));
}

template <typename Work>
void for_each_in_chunks(std::size_t count, unsigned threads, Work&& work,
                        std::size_t chunk = batch_chunk_size) {
    for_each_in_chunks(count, threads, std::forward<Work>(work), chunk, [] {});
}

}  // namespace ilio::detail
