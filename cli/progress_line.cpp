#include "progress_line.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

namespace ilio::cli {

namespace {

/// 1234567 → "1,234,567": a count read at a glance.
std::string grouped(std::uint64_t n) {
    auto digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string duration(double seconds) {
    auto s = static_cast<long long>(seconds + 0.5);
    if (s < 60) return fmt::format("{} s", s);
    if (s < 3600) return fmt::format("{}:{:02} min", s / 60, s % 60);
    return fmt::format("{}:{:02} h", s / 3600, s / 60 % 60);
}

}  // namespace

ProgressLine::ProgressLine(std::uint64_t total_bytes)
    : enabled_(::isatty(STDERR_FILENO) == 1), total_bytes_(total_bytes) {}

void ProgressLine::update(std::size_t patients, std::uint64_t bytes_read) {
    if (!enabled_) return;
    auto now = clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(250))
        return;
    last_ = now;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    auto text = fmt::format("ilio: {} patients, {} a second", grouped(patients),
                            grouped(static_cast<std::uint64_t>(patients / elapsed)));
    if (total_bytes_ > 0 && bytes_read > 0 && bytes_read <= total_bytes_)
        text += fmt::format(", about {} left",
                            duration(elapsed * static_cast<double>(total_bytes_ - bytes_read) /
                                     static_cast<double>(bytes_read)));
    std::cerr << "\r\033[K" << text << std::flush;
    shown_ = true;
}

void ProgressLine::clear() {
    if (!shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

}  // namespace ilio::cli
