#!/usr/bin/env python3
"""Turns Google Benchmark's JSON output (aggregates of repetitions) into the Markdown table of
docs/performance.md: one row per benchmark, the median CPU time and wall time, the
allocations per iteration where the benchmark counts them, and the ratio to the hand-written
floor (`x_floor`, bench/floor_bench.cpp) where the benchmark measures it.

Usage: benchmark_table.py RESULTS.json [--markdown FILE] [--command TEXT]
The table goes to standard output, or replaces the text between `<!-- benchmarks:begin -->`
and `<!-- benchmarks:end -->` in --markdown FILE (written atomically)."""

import argparse
import json
import sys

from markdown_section import replace_section

UNITS = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def duration(ns: float) -> str:
    if ns < 1e3:
        return f"{ns:,.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns / 1e6:,.2f} ms"


def allocation_text(allocations: float | None) -> str:
    """Allocations per iteration; a buffer grown once over millions of iterations reads as
    under 0.01 rather than as a number in scientific notation."""
    if allocations is None:
        return ""
    if 0 < allocations < 0.01:
        return "< 0.01"
    return f"{allocations:g}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--markdown")
    parser.add_argument("--command", default="")
    args = parser.parse_args()
    with open(args.results, encoding="utf-8") as f:
        results = json.load(f)
    context = results["context"]
    rows = []
    for b in results["benchmarks"]:
        if b.get("aggregate_name", "median") != "median":
            continue
        scale = UNITS[b.get("time_unit", "ns")]
        allocations = b.get("allocs_per_eval")
        to_floor = b.get("x_floor")
        rows.append((b["run_name"], b["cpu_time"] * scale, b["real_time"] * scale,
                     allocation_text(allocations),
                     "" if to_floor is None else f"{to_floor:.1f}×"))
    if not rows:
        sys.exit(f"benchmark_table: {args.results} holds no results")
    lines = [
        f"Measured with `{args.command}` on {context.get('date', '?')}, {context.get('num_cpus', '?')} "
        f"CPUs at {context.get('mhz_per_cpu', '?')} MHz, load average "
        f"{', '.join(f'{x:.1f}' for x in context.get('load_avg', []))} "
        f"(median of {results['benchmarks'][0].get('repetitions', 1)} repetitions; read the CPU "
        "column on a shared machine).",
        "",
        "| benchmark | CPU time | wall time | allocations per iteration | to the floor |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, cpu, wall, allocations, to_floor in rows:
        lines.append(
            f"| `{name}` | {duration(cpu)} | {duration(wall)} | {allocations} | {to_floor} |")
    table = "\n".join(lines) + "\n"
    if args.markdown:
        replace_section(args.markdown, "benchmarks", table)
    else:
        sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
