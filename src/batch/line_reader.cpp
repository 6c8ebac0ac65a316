#include "batch/line_reader.hpp"

#include <algorithm>
#include <cstring>

namespace ilio::detail {

namespace {
constexpr std::size_t read_block = std::size_t{1} << 16;
}

LineReader::LineReader(std::istream& in, std::size_t max_line_bytes)
    : in_(in), max_(max_line_bytes), buffer_(read_block, '\0') {}

bool LineReader::refill() {
    begin_ = 0;
    end_ = 0;
    if (!in_) return false;
    auto n = in_.rdbuf()->sgetn(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (n <= 0) {
        in_.setstate(std::ios::eofbit);
        return false;
    }
    end_ = static_cast<std::size_t>(n);
    return true;
}

bool LineReader::next(std::string& line) {
    too_long_ = false;
    line_bytes_ = 0;
    bool any = false;
    for (;;) {
        if (begin_ == end_ && !refill()) break;
        any = true;
        const char* start = buffer_.data() + begin_;
        std::size_t available = end_ - begin_;
        const void* newline = std::memchr(start, '\n', available);
        std::size_t length =
            newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start)
                    : available;
        std::size_t room = line_bytes_ < max_ ? max_ - line_bytes_ : 0;
        line.append(start, std::min(length, room));
        if (length > room) too_long_ = true;
        line_bytes_ += length;
        std::size_t consumed = length + (newline ? 1 : 0);
        begin_ += consumed;
        bytes_read_ += consumed;
        if (newline) break;
    }
    if (!any) return false;
    ++line_number_;
    return true;
}

}  // namespace ilio::detail
