#include "cli_common.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

namespace ilio::cli {

bool report(const CompileResult& result) {
    for (const auto& d : result.diagnostics) std::cerr << render_diagnostic(d, result.source);
    return has_errors(result.diagnostics);
}

bool is_io_error(const CompileResult& result) {
    return result.diagnostics.size() == 1 && result.diagnostics[0].code == "E001";
}

bool read_input(const std::string& path, std::string& out) {
    if (path == "-") {
        std::ostringstream text;
        text << std::cin.rdbuf();
        out = text.str();
        return true;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

bool write_file_atomically(const std::string& path, std::string_view text) {
    namespace fs = std::filesystem;
    fs::path target(path);
    std::error_code ec;
    if (fs::is_directory(target, ec)) return false;
    fs::path temporary = target;
    temporary += fmt::format(".tmp-{}", static_cast<long>(::getpid()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            out.close();
            fs::remove(temporary, ec);
            return false;
        }
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary, ec);
        return false;
    }
    return true;
}

std::optional<int> load_rules(const std::string& path, const std::vector<std::string>& settings,
                              std::optional<RuleSet>& rules) {
    CompileOptions options;
    for (const auto& s : settings) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << fmt::format(
                "ilio: --set expects NAME=VALUE (e.g. knee_normal=75deg), "
                "got \"{}\"\n",
                s);
            return exit_usage;
        }
        options.overrides.push_back({s.substr(0, eq), s.substr(eq + 1)});
    }
    auto result = load(path, options);
    if (is_io_error(result)) {
        report(result);
        return exit_usage;
    }
    if (report(result)) return exit_failed;
    rules = std::move(result.rule_set);
    return std::nullopt;
}

}  // namespace ilio::cli
