"""Every command checks that its output was written: /dev/full, a closed pipe, a broken stderr.
Rules are read from standard input and pipes within the same size limit as files."""

import json
import os
import signal
import subprocess
import tempfile

import pytest

ILIO = os.environ["ILIO_CLI"]
SOURCE = os.environ["ILIO_SOURCE_DIR"]
RULES = os.path.join(SOURCE, "rules", "psoas_release.ilio")
PATIENT = os.path.join(SOURCE, "examples", "patients", "05-hip-pain-during-test.json")
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
    "graph": ["graph", RULES],
    "test": ["test", RULES],
    "help": ["--help"],
    "eval_help": ["eval", "--help"],
    "version": ["--version"],
}


def run(args, **kwargs):
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([ILIO, *args], timeout=120, **kwargs)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_succeeds_with_output(name):
    result = run(COMMANDS[name], stdout=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
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
    assert b'"schema":"ilio.explanation/1"' in result.stdout


def test_rules_errors_from_standard_input_name_stdin():
    with open(os.path.join(SOURCE, "tests", "diagnostics", "E030-undefined-name.ilio"), "rb") as f:
        result = run(["check", "-"], stdin=f, stdout=subprocess.PIPE)
    assert result.returncode == 1
    assert b"<stdin>:" in result.stderr and b"error[E030]" in result.stderr


def oversize_rules():
    line = b"# a comment line that makes the rules file larger than its limit\n"
    return line * ((1 << 20) // len(line) + 2)


def test_oversize_rules_file_is_an_io_error():
    with tempfile.NamedTemporaryFile(suffix=".ilio") as big:
        big.write(oversize_rules())
        big.flush()
        for command in (["check", big.name], ["eval", big.name, "--facts", PATIENT]):
            result = run(command, stdout=subprocess.PIPE)
            assert result.returncode == 2, command
            assert b"error[E002]" in result.stderr


def test_oversize_rules_from_standard_input_is_an_io_error():
    result = run(["check", "-"], input=oversize_rules(), stdin=None, stdout=subprocess.PIPE)
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
