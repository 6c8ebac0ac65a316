// A unified diff for `ilio fmt --diff`: common lines at both ends are trimmed, the middle is
// aligned by longest common subsequence (or shown whole when it is too large to align cheaply).

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "ilio/format.hpp"

namespace ilio {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t begin = 0;
    while (begin < text.size()) {
        auto end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        out.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return out;
}

struct Edit {
    char op;  // ' ', '-', '+'
    std::string_view line;
};

std::vector<Edit> align(const std::vector<std::string_view>& a,
                        const std::vector<std::string_view>& b) {
    std::vector<Edit> out;
    auto n = a.size(), m = b.size();
    if (n * m > 4'000'000) {
        for (auto l : a) out.push_back({'-', l});
        for (auto l : b) out.push_back({'+', l});
        return out;
    }
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (auto i = n; i-- > 0;)
        for (auto j = m; j-- > 0;)
            at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out.push_back({' ', a[i]});
            ++i, ++j;
        } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
            out.push_back({'+', b[j++]});
        } else {
            out.push_back({'-', a[i++]});
        }
    }
    return out;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view name) {
    if (before == after) return {};
    auto a = split_lines(before), b = split_lines(after);
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix + prefix < a.size() && suffix + prefix < b.size() &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    const std::size_t context = 3;
    auto lead = std::min(prefix, context), trail = std::min(suffix, context);
    std::vector<std::string_view> mid_a(a.begin() + static_cast<long>(prefix),
                                        a.end() - static_cast<long>(suffix));
    std::vector<std::string_view> mid_b(b.begin() + static_cast<long>(prefix),
                                        b.end() - static_cast<long>(suffix));
    auto edits = align(mid_a, mid_b);
    std::string out = fmt::format("--- {}\n+++ {} (formatted)\n", name, name);
    out += fmt::format("@@ -{},{} +{},{} @@\n", prefix - lead + 1, mid_a.size() + lead + trail,
                       prefix - lead + 1, mid_b.size() + lead + trail);
    for (auto k = prefix - lead; k < prefix; ++k) out += fmt::format(" {}\n", a[k]);
    for (const auto& e : edits) out += fmt::format("{}{}\n", e.op, e.line);
    for (auto k = a.size() - suffix; k < a.size() - suffix + trail; ++k)
        out += fmt::format(" {}\n", a[k]);
    return out;
}

}  // namespace ilio
