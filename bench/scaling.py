#!/usr/bin/env python3
"""Measures how compiling and reporting grow with the size of a rule set.

For each size, a synthetic rule set (bench/make_rule_set.py) is written and checked with the
`ilio` command line, as a rule author runs it: the wall time and peak resident memory of
`ilio check` (parse, check, graph), and of `ilio check` on the same rules without `ask` texts,
where every fact draws a warning, so the time to report thousands of diagnostics shows too.
With --eval (bench/scale_eval.cpp's program), the evaluation of one patient of each rule set
is timed too: every fact known, and each known with probability 1/2 (a reused Evaluation,
statuses). Each figure is the median of --repeat runs.

Usage: scaling.py --ilio build/ilio [--eval build/bench/ilio_scale_eval]
                  [--sizes 1000,10000,100000] [--repeat 3] [--markdown FILE] [--plot FILE.png]
The Markdown table goes to standard output, or replaces the text between the markers
`<!-- scaling:begin -->` and `<!-- scaling:end -->` in --markdown FILE (written atomically).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from markdown_section import replace_section

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(conclusions: int, no_ask: bool, directory: str) -> str:
    path = os.path.join(directory, f"synthetic-{conclusions}{'-no-ask' if no_ask else ''}.ilio")
    command = [sys.executable, os.path.join(HERE, "make_rule_set.py"), str(conclusions)]
    if no_ask:
        command.append("--no-ask")
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run(command, stdout=out, check=True)
    return path


def measure(ilio: str, path: str, expect_code: int) -> tuple[float, float, float, int]:
    """Wall and CPU seconds and peak resident MiB of one `ilio check`, and its warnings."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        # The limit is raised so the largest sizes are admitted; the default is 64 MiB.
        child = subprocess.Popen([ilio, "--max-rules-bytes", str(1 << 30), "check", path],
                                 stdout=subprocess.DEVNULL, stderr=errors)
        # wait4 gives this child's own peak memory (getrusage would give the largest so far).
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    if child.returncode != expect_code:
        sys.exit(f"scaling: `ilio check {path}` exited {child.returncode}, expected "
                 f"{expect_code}:\n{stderr.decode(errors='replace')[:2000]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, stderr.count(b": warning[")


def median_of(repeat: int, ilio: str, path: str, expect_code: int) -> tuple[float, float, float, int]:
    runs = [measure(ilio, path, expect_code) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs), runs[0][3])


def evaluation(tool: str, path: str, repeat: int) -> tuple[float, float]:
    """Microseconds of CPU per evaluation, median of `repeat`: every fact known, half known."""
    result = subprocess.run(
        [tool, path, "--benchmark_format=json", "--benchmark_min_time=0.2",
         f"--benchmark_repetitions={repeat}", "--benchmark_report_aggregates_only=true"],
        capture_output=True, check=False)
    if result.returncode != 0:
        sys.exit(f"scaling: `{tool} {path}` exited {result.returncode}:\n"
                 f"{result.stderr.decode(errors='replace')[:2000]}")
    medians = {}
    for b in json.loads(result.stdout)["benchmarks"]:
        if b.get("aggregate_name", "median") == "median":
            medians[b["run_name"]] = b["cpu_time"] / 1000  # ns to µs (time_unit "ns")
    return medians["complete"], medians["half_known"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ilio", required=True)
    parser.add_argument("--eval", help="bench/scale_eval.cpp's program: time evaluation too")
    parser.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown")
    parser.add_argument("--plot")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for n in sizes:
            clean = generate(n, False, directory)
            noisy = generate(n, True, directory)
            size_mib = os.path.getsize(clean) / (1 << 20)
            wall, cpu, peak, _ = median_of(args.repeat, args.ilio, clean, 0)
            # Warnings only: the exit code stays 0.
            report_wall, report_cpu, report_peak, warnings = median_of(args.repeat, args.ilio, noisy, 0)
            complete, half_known = (evaluation(args.eval, clean, args.repeat) if args.eval
                                    else (float("nan"), float("nan")))
            rows.append((n, size_mib, wall, cpu, peak, report_wall, report_cpu, report_peak, warnings,
                         complete, half_known))
            os.unlink(clean)
            os.unlink(noisy)
            print(f"scaling: {n} conclusions done", file=sys.stderr)

    eval_flag = " --eval build/bench/ilio_scale_eval" if args.eval else ""
    command = (f"python3 bench/scaling.py --ilio build/ilio{eval_flag} --sizes {args.sizes} "
               f"--repeat {args.repeat}")
    lines = [
        f"Measured with `{command}` (median of {args.repeat} runs of `ilio check`; CPU is user + "
        "system time, memory the peak resident set; evaluation is the CPU time of one patient "
        "with a reused `Evaluation`, every fact known or each known with probability 1/2).",
        "",
        "| conclusions | rules text | check: wall | CPU | memory | one warning per fact: wall | "
        "CPU | memory | warnings | evaluation: complete | half known |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (n, size_mib, wall, cpu, peak, report_wall, report_cpu, report_peak, warnings, complete,
         half_known) in rows:
        lines.append(f"| {n:,} | {size_mib:.1f} MiB | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MiB | "
                     f"{report_wall:.2f} s | {report_cpu:.2f} s | {report_peak:.0f} MiB | {warnings:,} | "
                     f"{complete:,.0f} µs | {half_known:,.0f} µs |")
    table = "\n".join(lines) + "\n"

    if args.markdown:
        replace_section(args.markdown, "scaling", table)
    else:
        sys.stdout.write(table)

    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        ns = [r[0] for r in rows]
        # Each panel: a measure (two columns of `rows`, solid and dashed) against size.
        panels = [
            ("Compile time", "CPU time, user + system (s)",
             (3, "check"), (6, "check, one warning per fact")),
            ("Compile memory", "peak resident memory (MiB)",
             (4, "check"), (7, "check, one warning per fact")),
            ("Evaluation time", "CPU time per patient (µs)",
             (9, "every fact known"), (10, "half the facts known")),
        ]
        fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4))
        for ax, (title, ylabel, solid, dashed) in zip(axes, panels):
            for (column, label), style in ((solid, "o-"), (dashed, "s--")):
                ax.plot(ns, [r[column] for r in rows], style, label=label)
            ax.set_xlabel("conclusions")
            ax.set_ylabel(ylabel)
            ax.set_title(title)
            ax.legend()
            ax.grid(True, alpha=0.3)
            ax.set_xlim(left=0)
            ax.set_ylim(bottom=0)
        fig.suptitle("ilio: scaling with rule-set size (linear axes: a straight line is linear)")
        fig.tight_layout()
        temporary = args.plot + ".tmp.png"
        fig.savefig(temporary, dpi=100)
        os.replace(temporary, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
