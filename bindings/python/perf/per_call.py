"""The cost of one `RuleSet.evaluate(record)` call from Python, for docs/performance.md.

    PYTHONPATH=build/python python3 bindings/python/perf/per_call.py RULES PATIENT.json

Reads one patient (a facts document of one visit) into a dict, then times `rules.evaluate`
on it, the result dropped each time as a loop over a cohort drops it: microseconds per call,
the best of three runs of 20,000 calls. What is timed: reading the dict's values into facts,
the evaluation (statuses; the facts needed next only when asked) and making the Result.
"""

import argparse
import json
import timeit

import ilio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rules")
    parser.add_argument("patient")
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()
    rules = ilio.load(args.rules)
    with open(args.patient) as f:
        record = json.load(f)
    rules.evaluate(record)  # fails here, not in the loop, on a bad patient
    best = min(timeit.repeat(lambda: rules.evaluate(record), number=args.calls, repeat=3))
    print(f"{args.rules}: {best / args.calls * 1e6:.2f} us per evaluate() call "
          f"(best of 3 runs of {args.calls:,})")


if __name__ == "__main__":
    main()
