#include "line_reader.hpp"

namespace ilio::cli {

bool LineReader::next(std::string& line) {
    line.clear();
    too_long_ = false;
    line_bytes_ = 0;
    std::streambuf* buffer = in_.rdbuf();
    bool any = false;
    for (;;) {
        auto c = buffer->sbumpc();
        if (std::char_traits<char>::eq_int_type(c, std::char_traits<char>::eof())) {
            in_.setstate(std::ios::eofbit);
            break;
        }
        any = true;
        if (c == '\n') break;
        ++line_bytes_;
        if (line.size() < max_)
            line.push_back(std::char_traits<char>::to_char_type(c));
        else
            too_long_ = true;
    }
    if (!any) return false;
    ++line_number_;
    return true;
}

}  // namespace ilio::cli
