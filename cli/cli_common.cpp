#include "cli_common.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

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

int emit_reports(const std::vector<LintReport>& reports, const std::string& format,
                 bool deny_warnings, bool io_error) {
    if (format == "json")
        std::cout << render_lint_json(reports);
    else if (format == "sarif")
        std::cout << render_lint_sarif(reports);
    else
        std::cerr << render_lint_text(reports);
    if (io_error) return exit_usage;
    return fails(reports, deny_warnings) ? exit_failed : exit_ok;
}

bool write_file_atomically(const std::string& path, const std::string& text, std::string& error) {
    namespace fs = std::filesystem;
    fs::path target(path);
    fs::path temporary = target;
    temporary += fmt::format(".ilio-tmp-{}", static_cast<unsigned long>(::getpid()));
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            error = fmt::format("cannot create {}", temporary.string());
            return false;
        }
        out << text;
        out.flush();
        if (!out) {
            error = fmt::format("cannot write {}", temporary.string());
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return false;
        }
    }
    std::error_code ec;
    // Keep the file's permissions, as an editor saving it would.
    auto status = fs::status(target, ec);
    if (!ec) fs::permissions(temporary, status.permissions(), ec);
    fs::rename(temporary, target, ec);
    if (ec) {
        error = fmt::format("cannot replace {}: {}", path, ec.message());
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return false;
    }
    return true;
}

}  // namespace ilio::cli
