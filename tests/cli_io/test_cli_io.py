"""Every command checks that its output was written: /dev/full, a closed pipe, a broken stderr.
Rules are read from standard input and pipes within the same size limit as files."""

import json
import os
import resource
import shutil
import signal
import subprocess
import tempfile

import pytest

ILIO = os.environ["ILIO_CLI"]
SOURCE = os.environ["ILIO_SOURCE_DIR"]
RULES = os.path.join(SOURCE, "rules", "psoas_release.ilio")
PATIENT = os.path.join(SOURCE, "examples", "patients", "05-hip-pain-during-test.json")
# A rules file that compiles but is not in the canonical layout: fmt has something to say.
UNFORMATTED = os.path.join(SOURCE, "tests", "format", "unformatted.ilio")
# Two patients, one per line, as JSON Lines.
_BATCH_DIR = tempfile.TemporaryDirectory()
BATCH = os.path.join(_BATCH_DIR.name, "two.jsonl")
with open(PATIENT, encoding="utf-8") as _patient, open(BATCH, "w", encoding="utf-8") as _batch:
    _line = json.dumps(json.load(_patient)) + "\n"
    _batch.write(_line * 2)

# Every command that writes to standard output, with inputs that succeed.
COMMANDS = {
    "check_summary": ["check", "--summary", RULES],
    "eval_text": ["eval", RULES, "--facts", PATIENT],
    "eval_markdown": ["eval", RULES, "--facts", PATIENT, "--format", "markdown"],
    "eval_json": ["eval", RULES, "--facts", PATIENT, "--format", "json"],
    "eval_jsonl_json": ["eval", RULES, "--facts", BATCH, "--format", "json"],
    "eval_jsonl_text": ["eval", RULES, "--facts", BATCH],
    "check_json": ["check", "--format", "json", RULES],
    "check_sarif": ["check", "--format", "sarif", RULES],
    "lint_json": ["lint", "--format", "json", RULES],
    "lint_sarif": ["lint", "--format", "sarif", RULES],
    "fmt_check": ["fmt", "--check", UNFORMATTED],
    "fmt_diff": ["fmt", "--diff", UNFORMATTED],
    "graph": ["graph", RULES],
    "graph_facts": ["graph", RULES, "--facts", PATIENT],
    "graph_svg": ["graph", RULES, "--format", "svg"],
    "test": ["test", RULES],
    "help": ["--help"],
    "eval_help": ["eval", "--help"],
    "version": ["--version"],
}
# Commands whose success is not exit 0: `fmt --check` says a file would change with exit 1.
EXPECTED_CODE = {"fmt_check": 1}


def run(args, **kwargs):
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([ILIO, *args], timeout=120, **kwargs)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_succeeds_with_output(name):
    result = run(COMMANDS[name], stdout=subprocess.PIPE)
    assert result.returncode == EXPECTED_CODE.get(name, 0), result.stderr
    assert result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_full_disk_is_an_io_error(name):
    with open("/dev/full", "wb") as full:
        result = run(COMMANDS[name], stdout=full)
    assert result.returncode == 2
    assert b"ilio: cannot write standard output (/dev/full): No space left on device" in (
        result.stderr
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_closed_pipe_ends_quietly_by_sigpipe(name):
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(COMMANDS[name], stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == -signal.SIGPIPE
    assert result.stderr == b""


def test_closed_pipe_with_sigpipe_ignored_by_the_parent():
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(
            COMMANDS["eval_text"],
            stdout=write_end,
            preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN),
        )
    finally:
        os.close(write_end)
    assert result.returncode == -signal.SIGPIPE
    assert result.stderr == b""


def test_diagnostics_that_cannot_be_written_are_an_io_error():
    bad = os.path.join(SOURCE, "tests", "diagnostics", "E030-undefined-name.ilio")
    with open("/dev/full", "wb") as full:
        result = run(["check", bad], stdout=subprocess.PIPE, stderr=full)
    assert result.returncode == 2


def test_rules_from_standard_input():
    with open(RULES, "rb") as rules:
        result = run(["check", "--summary", "-"], stdin=rules, stdout=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    assert b"psoas" in result.stdout


def test_rules_from_a_pipe():
    # <(…) as a shell gives it: a /dev/fd path naming a pipe.
    result = subprocess.run(
        ["bash", "-c", f'"{ILIO}" eval <(cat "{RULES}") --facts "{PATIENT}" --format json'],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b'"schema":"ilio.explanation/2"' in result.stdout


def test_rules_errors_from_standard_input_name_stdin():
    with open(os.path.join(SOURCE, "tests", "diagnostics", "E030-undefined-name.ilio"), "rb") as f:
        result = run(["check", "-"], stdin=f, stdout=subprocess.PIPE)
    assert result.returncode == 1
    assert b"<stdin>:" in result.stderr and b"error[E030]" in result.stderr


# A limit far below the default (64 MiB) keeps the oversize inputs small.
LIMIT = 1 << 20


def oversize_rules():
    line = b"# a comment line that makes the rules file larger than its limit\n"
    return line * (LIMIT // len(line) + 2)


def test_oversize_rules_file_is_an_io_error():
    with tempfile.NamedTemporaryFile(suffix=".ilio") as big:
        big.write(oversize_rules())
        big.flush()
        limit = str(LIMIT)
        for command in (
            ["--max-rules-bytes", limit, "check", big.name],
            ["check", big.name, "--max-rules-bytes", limit],
            ["eval", big.name, "--facts", PATIENT, "--max-rules-bytes", limit],
            ["lint", big.name, "--max-rules-bytes", limit],
            ["test", big.name, "--max-rules-bytes", limit],
        ):
            result = run(command, stdout=subprocess.PIPE)
            assert result.returncode == 2, command
            assert b"error[E002]" in result.stderr, command
            assert b"limited to 1048576 bytes (1 MiB)" in result.stderr, command


def test_rules_file_over_the_default_limit_is_refused_unread():
    # A sparse file: ilio must refuse it by its size, before reading 65 MiB of nothing.
    with tempfile.NamedTemporaryFile(suffix=".ilio") as big:
        big.truncate((64 << 20) + 1)
        result = run(["check", big.name], stdout=subprocess.PIPE)
        assert result.returncode == 2
        assert b"limited to 67108864 bytes (64 MiB)" in result.stderr


def test_raised_limit_admits_the_file():
    with tempfile.NamedTemporaryFile(suffix=".ilio") as big:
        with open(RULES, "rb") as rules:
            big.write(rules.read())
        big.write(oversize_rules())
        big.flush()
        result = run(["check", big.name, "--max-rules-bytes", str(2 * LIMIT)], stdout=subprocess.PIPE)
        assert result.returncode == 0, result.stderr


def test_bad_limit_is_a_usage_error():
    for value in ("0", "-1", "many", str(1 << 33)):
        result = run(["check", RULES, "--max-rules-bytes", value], stdout=subprocess.PIPE)
        assert result.returncode == 2, value
        assert b"--max-rules-bytes" in result.stderr, value


def test_oversize_rules_from_standard_input_is_an_io_error():
    result = run(["check", "-", "--max-rules-bytes", str(LIMIT)], input=oversize_rules(), stdin=None,
                 stdout=subprocess.PIPE)
    assert result.returncode == 2
    assert b"<stdin>: error[E002]" in result.stderr


def test_empty_batch_is_an_error():
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as empty:
        empty.write(b"\n  \n\r\n")
        empty.flush()
        result = run(["eval", RULES, "--facts", empty.name], stdout=subprocess.PIPE)
    assert result.returncode == 1
    assert b"holds no patients: it is empty or every line is blank" in result.stderr
    assert result.stdout == b""


def test_batch_line_over_the_limit_is_reported_and_the_others_run():
    with open(BATCH, "rb") as f:
        good = f.readline()
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as batch:
        batch.write(good + b'{"history.red_flags": ["' + b"x" * 5000 + b'"]}\n' + good)
        batch.flush()
        result = run(
            ["eval", RULES, "--facts", batch.name, "--format", "json", "--max-line-bytes", "4096"],
            stdout=subprocess.PIPE,
        )
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3]
    assert "explanation" in lines[0] and "explanation" in lines[2]
    assert "over the limit of 4096 bytes" in lines[1]["error"][0]["message"]
    assert b":2: error: the line is 5027 bytes, over the limit of 4096 bytes" in result.stderr


def test_batch_from_standard_input():
    with open(BATCH, "rb") as batch:
        result = run(
            ["eval", RULES, "--facts", "-", "--jsonl", "--format", "json"],
            stdin=batch,
            stdout=subprocess.PIPE,
        )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_huge_value_is_quoted_as_an_excerpt():
    with tempfile.NamedTemporaryFile(suffix=".json") as facts:
        facts.write(b'{"history.red_flags": ["' + b"\x92" * 10_000_000 + b'"]}')
        facts.flush()
        result = run(
            ["eval", RULES, "--facts", facts.name, "--format", "json"], stdout=subprocess.PIPE
        )
    assert result.returncode == 1
    assert len(result.stderr) < 1000
    assert b"(10000000 bytes)" in result.stderr or b"ill-formed UTF-8" in result.stderr


def limit_file_size():
    """In the child: files may hold at most 16 bytes, and a write beyond fails with EFBIG
    instead of killing the process, as a full disk would fail it."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))


def test_fmt_that_cannot_write_its_file_is_an_io_error_and_keeps_the_old_file():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "rules.ilio")
        shutil.copyfile(UNFORMATTED, path)
        os.chmod(path, 0o640)
        result = run(["fmt", path], stdout=subprocess.PIPE, preexec_fn=limit_file_size)
        assert result.returncode == 2
        assert f"ilio fmt: cannot write {path}: File too large".encode() in result.stderr
        with open(path, "rb") as kept, open(UNFORMATTED, "rb") as original:
            assert kept.read() == original.read()
        assert os.listdir(directory) == ["rules.ilio"]  # no temporary left behind
        # Without the limit, the same run replaces the file and keeps its permissions.
        result = run(["fmt", path], stdout=subprocess.PIPE)
        assert result.returncode == 0, result.stderr
        assert os.stat(path).st_mode & 0o777 == 0o640
        assert run(["fmt", "--check", path], stdout=subprocess.PIPE).returncode == 0
        assert os.listdir(directory) == ["rules.ilio"]


def test_report_that_cannot_write_its_file_is_an_io_error_and_keeps_the_old_file():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "report.html")
        with open(path, "w", encoding="utf-8") as old:
            old.write("old")
        command = ["report", RULES, "--facts", PATIENT, "-o", path]
        result = run(command, stdout=subprocess.PIPE, preexec_fn=limit_file_size)
        assert result.returncode == 2
        assert f"ilio: cannot write {path}: File too large".encode() in result.stderr
        with open(path, encoding="utf-8") as kept:
            assert kept.read() == "old"
        assert os.listdir(directory) == ["report.html"]
        result = run(command, stdout=subprocess.PIPE)
        assert result.returncode == 0, result.stderr
        with open(path, encoding="utf-8") as written:
            assert written.read().startswith("<!DOCTYPE html>")


def test_report_into_a_missing_directory_is_an_io_error():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "missing", "report.html")
        result = run(["report", RULES, "--facts", PATIENT, "-o", path], stdout=subprocess.PIPE)
    assert result.returncode == 2
    assert f"ilio: cannot write {path}: cannot create".encode() in result.stderr
    assert b"No such file or directory" in result.stderr


def test_lint_findings_that_cannot_be_written_are_an_io_error():
    warned = os.path.join(SOURCE, "tests", "lint", "cases", "L001-fires.ilio")
    assert run(["lint", warned], stdout=subprocess.PIPE).stderr  # it has findings to print
    with open("/dev/full", "wb") as full:
        result = run(["lint", warned], stdout=subprocess.PIPE, stderr=full)
    assert result.returncode == 2
