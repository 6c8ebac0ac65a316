"""`ilio eval --jsonl` on every core: the same output, in input order, whatever the number of
threads; `--format status` says what the full explanation says; a progress line on a terminal
only, never in the output."""

import glob
import json
import os
import pty
import re
import subprocess
import tempfile
import time

ILIO = os.environ["ILIO_CLI"]
SOURCE = os.environ["ILIO_SOURCE_DIR"]
RULES = os.path.join(SOURCE, "rules", "psoas_release.ilio")
EXAMPLES = sorted(glob.glob(os.path.join(SOURCE, "examples", "patients", "*.json")))


def example_lines():
    lines = []
    for path in EXAMPLES:
        with open(path, encoding="utf-8") as f:
            lines.append(json.dumps(json.load(f)))
    return lines


def write_batch(directory, count):
    """`count` lines: the examples in turn, with a blank line and a bad fact now and then."""
    examples = example_lines()
    path = os.path.join(directory, "batch.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            if i % 89 == 7:
                f.write("\n")
            elif i % 89 == 30:
                f.write('{"thomas.thigh_angle.left": 500}\n')
            else:
                f.write(examples[i % len(examples)] + "\n")
    return path


def run(args, **kwargs):
    return subprocess.run([ILIO, *args], capture_output=True, timeout=600, **kwargs)


def test_output_is_the_same_in_input_order_on_any_number_of_threads():
    # Status lines over ten blocks of 256 lines; the explanations, slower, over two.
    for fmt, count in [("status", 2500), ("json", 300), ("text", 300)]:
        with tempfile.TemporaryDirectory() as d:
            batch = write_batch(d, count)
            one = run(["eval", RULES, "--facts", batch, "--format", fmt, "--threads", "1"])
            assert one.returncode == 1  # the bad lines
            for threads in ["2", "0"]:
                many = run(["eval", RULES, "--facts", batch, "--format", fmt, "--threads", threads])
                assert many.returncode == one.returncode
                assert many.stdout == one.stdout, fmt
                assert many.stderr == one.stderr, fmt
    # Text: one header per patient, in input order.
    numbers = [int(l.split(b" line ")[1].split(b" ")[0])
               for l in one.stdout.splitlines() if l.startswith("── ".encode())]
    assert numbers == sorted(numbers) and len(numbers) == 300 - len(range(7, 300, 89))


def test_status_lines_say_what_the_explanations_say():
    with tempfile.TemporaryDirectory() as d:
        batch = write_batch(d, len(EXAMPLES) * 2)
        status = run(["eval", RULES, "--facts", batch, "--format", "status"])
        full = run(["eval", RULES, "--facts", batch, "--format", "json"])
        status_lines = [json.loads(l) for l in status.stdout.splitlines()]
        full_lines = [json.loads(l) for l in full.stdout.splitlines()]
        assert len(status_lines) == len(full_lines) > len(EXAMPLES)
        for s, f in zip(status_lines, full_lines):
            assert s["line"] == f["line"]
            if "error" in f:
                assert s["error"] == f["error"]
                continue
            x = f["explanation"]
            assert s["statuses"] == {c["name"]: c["status"] for c in x["conclusions"]}
            assert s["fired"] == [c["name"] for c in x["conclusions"] if c["status"] == "fired"]
            assert s["needed"] == [n["fact"] for n in x["needed"]]
            assert s["source_sha256"] == x["audit"]["source_sha256"]
            assert s["version"] == x["audit"]["version"]


def test_progress_line_only_on_a_terminal_and_never_in_the_output():
    line = example_lines()[0].encode() + b"\n"

    def feed(stderr):
        # A batch fed slowly through a pipe: the second block arrives after a second, when
        # a long batch shows its progress.
        # Output to a file: a pipe nobody reads while the batch is fed would fill and stall.
        with tempfile.TemporaryFile() as stdout:
            process = subprocess.Popen(
                [ILIO, "eval", RULES, "--facts", "-", "--jsonl", "--format", "status"],
                stdin=subprocess.PIPE, stdout=stdout, stderr=stderr)
            process.stdin.write(line * 1024)
            process.stdin.flush()
            time.sleep(1.5)
            process.stdin.write(line * 1024)
            process.stdin.flush()
            time.sleep(0.5)
            process.stdin.write(line * 10)
            process.stdin.close()
            assert process.wait(timeout=120) == 0
            stdout.seek(0)
            return stdout.read()

    controller, terminal = pty.openpty()
    try:
        out = feed(terminal)
        os.close(terminal)
        shown = b""
        try:
            while chunk := os.read(controller, 4096):
                shown += chunk
        except OSError:  # the terminal's other end is closed
            pass
    finally:
        os.close(controller)
    assert re.search(rb"ilio: [0-9,]+ patients, [0-9,]+ a second", shown)
    assert shown.endswith(b"\r\x1b[K")  # cleared at the end
    assert len(out.splitlines()) == 2058
    assert b"patients" not in out

    with tempfile.TemporaryFile() as stderr:
        feed(stderr)
        stderr.seek(0)
        assert stderr.read() == b""  # not a terminal: nothing
