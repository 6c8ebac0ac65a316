#include "line_reader.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli_common.hpp"

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

int for_each_json_line(const std::string& path, std::size_t max_line_bytes, bool json_output,
                       const std::function<bool(std::string_view, std::size_t)>& each) {
    std::error_code ec;
    // /dev/stdin rather than std::cin: a file stream reads in blocks, std::cin byte by byte.
    std::ifstream in(path == "-" ? std::string("/dev/stdin") : path, std::ios::binary);
    if (!in || std::filesystem::is_directory(path, ec)) {
        std::cerr << fmt::format("ilio: cannot read facts file {}\n", path);
        return exit_usage;
    }
    LineReader reader(in, max_line_bytes);
    std::string line;
    bool all_ok = true;
    std::size_t patients = 0;
    while (reader.next(line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos && !reader.too_long()) continue;
        ++patients;
        if (reader.too_long()) {
            auto message = fmt::format(
                "the line is {} bytes, over the limit of {} bytes for one patient "
                "(--max-line-bytes)",
                reader.line_bytes(), max_line_bytes);
            std::cerr << fmt::format("{}:{}: error: {}\n", path, reader.line_number(), message);
            if (json_output)
                std::cout << fmt::format("{{\"line\":{},\"error\":{}}}\n", reader.line_number(),
                                         render_fact_problems_json({{"", "", message}}));
            all_ok = false;
            continue;
        }
        all_ok &= each(line, reader.line_number());
    }
    if (reader.failed()) {
        std::cerr << fmt::format("ilio: reading facts file {} failed after line {}\n", path,
                                 reader.line_number());
        return exit_usage;
    }
    if (patients == 0) {
        std::cerr << fmt::format("ilio: {} holds no patients: it is empty or every line is blank\n",
                                 path);
        return exit_failed;
    }
    return all_ok ? exit_ok : exit_failed;
}

}  // namespace ilio::cli
