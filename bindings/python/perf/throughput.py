"""Throughput of the Python package on a JSON Lines file of patients, for docs/performance.md.

    PYTHONPATH=build/python python3 bindings/python/perf/throughput.py RULES PATIENTS.jsonl
    PYTHONPATH=build/python python3 bindings/python/perf/throughput.py RULES --write N PATIENTS.jsonl

Prints patients per second for: evaluate_many (statuses and facts needed), evaluate_many then
explain().json() for every patient (what `ilio eval --jsonl --format json` does), evaluate_many
then summary() for every patient (what `ilio eval --jsonl --format text` does), and one
evaluate() per patient. The JSON is parsed before the clock starts for all three.
"""

import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "python"))

import ilio  # noqa: E402


def write(rules, count, path):
    from synthetic_cohort import cohort
    with open(path, "w") as out:
        for row in cohort(rules, count, seed=11).to_dict("records"):
            record = {}
            for name, value in row.items():
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                record[name] = sorted(value) if isinstance(value, frozenset) else value
            out.write(json.dumps(record) + "\n")


def rate(label, count, run, repeat):
    """Best of `repeat`: wall-clock rate, and the CPU time of the process (all threads)."""
    best = min((_timed(run) for _ in range(repeat)), key=lambda t: t[0])
    wall, cpu = best
    print(f"{label:40s} {count / wall:9.0f} patients/s wall  {count / cpu:9.0f} patients/s "
          f"per CPU-second  ({wall:.3f} s wall, {cpu:.3f} s CPU, best of {repeat})")


def _timed(run):
    start, start_cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - start_cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rules")
    parser.add_argument("patients")
    parser.add_argument("--write", type=int, help="write this many synthetic patients first")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rules = ilio.load(args.rules)
    if args.write:
        write(rules, args.write, args.patients)
    with open(args.patients) as f:
        records = [json.loads(line) for line in f if line.strip()]
    n = len(records)
    r = args.repeat
    rate("evaluate_many", n, lambda: rules.evaluate_many(records, threads=args.threads), r)
    rate("evaluate_many + explain().json() each", n,
         lambda: [x.explain().json() for x in rules.evaluate_many(records, threads=args.threads)],
         r)
    rate("evaluate_many + summary() each", n,
         lambda: [x.summary() for x in rules.evaluate_many(records, threads=args.threads)], r)
    rate("evaluate() one by one", n, lambda: [rules.evaluate(x) for x in records], r)


if __name__ == "__main__":
    main()
