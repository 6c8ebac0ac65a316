#include "cli_common.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace ilio::cli {

namespace {

std::size_t rules_byte_limit = default_max_source_bytes;

}  // namespace

void add_rules_limit_option(CLI::App& app) {
    app.add_option("--max-rules-bytes", rules_byte_limit,
                   fmt::format("Largest rules file accepted, in bytes (default {} = 64 MiB)",
                               default_max_source_bytes))
        ->check(CLI::Range(std::size_t{1}, max_source_bytes_limit));
    // Subcommands hand options they do not know to the app, so the limit may follow them.
    app.fallthrough();
}

CompileOptions rules_options() {
    CompileOptions options;
    options.max_source_bytes = rules_byte_limit;
    return options;
}

bool report(const CompileResult& result) {
    std::cerr << render_diagnostics(result.diagnostics, result.source);
    return has_errors(result.diagnostics);
}

bool is_io_error_code(std::string_view code) {
    return code == "E001" || code == "E002";
}

bool is_io_error(const CompileResult& result) {
    return result.diagnostics.size() == 1 && is_io_error_code(result.diagnostics[0].code);
}

namespace {

/// Appends at most `limit` bytes of `in` to `out`. False when the stream failed (not at EOF).
bool read_bounded(std::istream& in, std::string& out, std::size_t limit) {
    char buffer[1 << 16];
    while (out.size() < limit) {
        auto want = std::min(sizeof buffer, limit - out.size());
        in.read(buffer, static_cast<std::streamsize>(want));
        out.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (in.eof()) return true;
        if (!in) return false;
    }
    return true;
}

}  // namespace

bool read_input(const std::string& path, std::string& out, std::size_t limit) {
    out.clear();
    if (path == "-") return read_bounded(std::cin, out, limit);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    return read_bounded(in, out, limit);
}

CompileResult load_rules_file(const std::string& path, CompileOptions options) {
    std::error_code ec;
    if (path != "-" && !std::filesystem::is_fifo(path, ec) &&
        !std::filesystem::is_character_file(path, ec))
        return load(path, options);
    options.file_name = path == "-" ? "<stdin>" : path;
    std::string text;
    if (!read_input(path, text, options.max_source_bytes + 1)) {
        CompileResult result;
        result.diagnostics.push_back(Diagnostic{Severity::error,
                                                "E001",
                                                options.file_name,
                                                {},
                                                "cannot read rules file: reading it failed",
                                                {}});
        return result;
    }
    // compile() rejects text over the limit (E002); one byte more than the limit shows it.
    return compile(text, options);
}

void keep_until_exit(CompileResult&& result) {
    // Never deleted (see the declaration); one slot, so a second call frees the first result.
    static auto* kept = new std::optional<CompileResult>();
    *kept = std::move(result);
}

std::optional<int> load_rules(const std::string& path, const std::vector<std::string>& settings,
                              std::optional<RuleSet>& rules) {
    auto options = rules_options();
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
    auto result = load_rules_file(path, options);
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

namespace {

/// Writes all of `text` to `fd`, through short writes and signals; the errno of a failure.
int write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        auto n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    namespace fs = std::filesystem;
    fs::path target(path_);
    temporary_ =
        target.string() + fmt::format(".ilio-tmp-{}", static_cast<unsigned long>(::getpid()));
    // A temporary left by a killed run with the same process id is ours to replace.
    ::unlink(temporary_.c_str());
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0) {
        errno_ = errno;
        failing_ = "cannot create " + temporary_;
        return;
    }
    // Keep the file's permissions, as an editor saving it would.
    struct stat existing {};
    if (::stat(target.c_str(), &existing) == 0) (void)::fchmod(fd_, existing.st_mode & 07777);
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::write(std::string_view text) {
    if (errno_ == 0) errno_ = write_all(fd_, text);
}

bool AtomicFile::commit(std::string& error) {
    // Every step is checked: a full disk may show only at fsync or close (NFS, quotas), and a
    // rename over the old file must not publish a file whose contents never reached the disk.
    if (errno_ == 0 && ::fsync(fd_) != 0) errno_ = errno;
    if (fd_ >= 0 && ::close(fd_) != 0 && errno_ == 0 && errno != EINTR) errno_ = errno;
    fd_ = -1;
    if (errno_ == 0 && ::rename(temporary_.c_str(), path_.c_str()) != 0) errno_ = errno;
    if (errno_ != 0) {
        // The old file, if any, is untouched; the destructor removes the temporary one.
        error = failing_.empty() ? fmt::format("cannot write {}: {}", path_, std::strerror(errno_))
                                 : fmt::format("cannot write {}: {}: {}", path_, failing_,
                                               std::strerror(errno_));
        return false;
    }
    temporary_.clear();  // renamed: nothing to remove
    // Make the rename itself durable. Best effort: the new file is already in place, and a
    // directory that cannot be synced (some file systems refuse) loses nothing written.
    auto directory = std::filesystem::path(path_).parent_path();
    if (directory.empty()) directory = ".";
    if (int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
    return true;
}

bool write_file_atomically(const std::string& path, const std::string& text, std::string& error) {
    AtomicFile file(path);
    file.write(text);
    return file.commit(error);
}

namespace {

/// Standard output for the whole run: std::cout's buffer, written to file descriptor 1 with
/// the first error kept, so that a failed write is reported with its reason at exit (stdio
/// forgets the errno of a failed flush).
class CheckedStdout final : public std::streambuf {
  public:
    CheckedStdout() { setp(buffer_, buffer_ + sizeof buffer_); }
    int error() const { return error_; }

  protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

    /// A block at least as large as the buffer goes straight to the descriptor after what is
    /// buffered: a batch hands over hundreds of kilobytes at a time, and copying them through
    /// the buffer first was 4-6% of a status batch (perf).
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        if (n < static_cast<std::streamsize>(sizeof buffer_)) return std::streambuf::xsputn(s, n);
        if (!drain() || !write_all(s, static_cast<std::size_t>(n))) return 0;
        return n;
    }

  private:
    /// Writes out the buffer. After a failure the output is discarded: it cannot arrive.
    bool drain() {
        bool ok = write_all(pbase(), static_cast<std::size_t>(pptr() - pbase()));
        setp(buffer_, buffer_ + sizeof buffer_);
        return ok;
    }

    /// Writes `size` bytes at `p` unless a write failed before; keeps the first error.
    bool write_all(const char* p, std::size_t size) {
        const char* end = p + size;
        while (p < end && error_ == 0) {
            auto n = ::write(STDOUT_FILENO, p, static_cast<std::size_t>(end - p));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0)
                error_ = errno;
            else
                p += n;
        }
        return error_ == 0;
    }

    char buffer_[1 << 16];
    int error_ = 0;
};

CheckedStdout checked_stdout;
std::streambuf* original_stdout = nullptr;

/// What a standard stream is connected to, for the message: "standard output (/dev/full)".
std::string describe_stream(int fd, std::string_view name) {
    std::error_code ec;
    auto target = std::filesystem::read_symlink(fmt::format("/proc/self/fd/{}", fd), ec);
    return ec ? std::string(name) : fmt::format("{} ({})", name, target.string());
}

}  // namespace

void use_checked_stdout() {
    original_stdout = std::cout.rdbuf(&checked_stdout);
}

int finish_output(int code) {
    std::cout.flush();
    // Back to the original buffer: std::cout is flushed again after main returns.
    if (original_stdout != nullptr) std::cout.rdbuf(original_stdout);
    int error = checked_stdout.error();
    auto destination = describe_stream(STDOUT_FILENO, "standard output");
    // Some file systems (NFS, quotas) report a failed write only when the file is closed.
    // Nothing writes to standard output after this; a descriptor closed from the start is not
    // an error (there was nothing to write, or the write failed above).
    if (error == 0 && ::close(STDOUT_FILENO) != 0 && errno != EBADF && errno != EINTR)
        error = errno;
    if (error != 0) {
        if (error == EPIPE) {
            // The reader went away although SIGPIPE was not delivered: end as it would.
            std::signal(SIGPIPE, SIG_DFL);
            std::raise(SIGPIPE);
        }
        std::cerr << fmt::format("ilio: cannot write {}: {}\n", destination, std::strerror(error));
        code = exit_usage;
    }
    // Diagnostics that could not be written are lost output too; there is nowhere to say so.
    std::cerr.flush();
    if (std::fflush(stderr) != 0 || std::ferror(stderr) != 0 || !std::cerr) code = exit_usage;
    return code;
}

}  // namespace ilio::cli
