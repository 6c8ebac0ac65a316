#!/usr/bin/env python3
"""Writes a realistic synthetic ilio rule set of a given number of conclusions.

The scaling benchmark (bench/run.sh) compiles these at growing sizes; its figures are only
meaningful if the generated rules look like real guides, so each block of ten conclusions
mimics one assessment of the psoas guide:

- five facts: two booleans, an angle in degrees with a range, a duration in weeks and an
  enumeration;
- a threshold parameter with a unit and a citation;
- three criteria on those facts, the third referring to the first two;
- ten conclusions in a reference chain ten deep (each names the one before it), with
  `at least N of`, enumerations, `between` and a placeholder in every explanation;
- every 25 blocks a new step whose gate requires that the previous step raised no red flag,
  so the gates chain through the whole file as the psoas steps do.

Usage: make_rule_set.py CONCLUSIONS [--seed N] [--no-ask]   (the rules go to standard output)
Without --no-ask the rules compile without a diagnostic; with it, every fact draws a warning.
The output is deterministic for a given size and seed.
"""

import argparse
import random
import sys

BLOCK = 10  # conclusions per block: one reference chain
BLOCKS_PER_STEP = 25


def asked(ask: bool, question: str) -> list[str]:
    # Without `ask` each fact draws warning W002: the way to make a file of many warnings.
    return [f'  ask "{question}"'] if ask else []


def block_text(b: int, rng: random.Random, ask: bool) -> str:
    p = f"b{b}"
    limit = rng.randint(-10, 20)
    weeks = rng.randint(2, 26)
    out = [
        f"fact {p}.present : bool",
        f'  "Block {b}: the sign is present on examination."',
        *asked(ask, f"Block {b}: is the sign present?"),
        f"fact {p}.reported : bool",
        f'  "Block {b}: the patient reports the symptom."',
        *asked(ask, f"Block {b}: does the patient report the symptom?"),
        f"fact {p}.angle : number deg in [-60, 90]",
        f'  "Block {b}: the measured angle, positive above horizontal."',
        *asked(ask, f"Block {b}: measure the angle."),
        f"fact {p}.duration : integer week in [0, 520]",
        f'  "Block {b}: how long the symptom has lasted."',
        *asked(ask, f"Block {b}: for how many weeks?"),
        f"fact {p}.kind : one of {{none, mild, marked, severe}}",
        f'  "Block {b}: how marked the finding is."',
        *asked(ask, f"Block {b}: how marked is it?"),
        "",
        f"param {p}_limit = {limit} deg",
        f'  "Block {b}: highest angle still within normal range."',
        f'  cite "Synthetic source {b}, table {b % 7 + 1}"',
        "",
        f'criterion {p}_in_range "Block {b}: angle within range"',
        f"  when {p}.angle <= {p}_limit",
        f'  pass "the angle {{{p}.angle}} is within the limit"',
        f'  fail "the angle {{{p}.angle}} is beyond the limit {{{p}_limit}}"',
        f'  cite "Synthetic source {b}"',
        "",
        f'criterion {p}_lasting "Block {b}: symptom lasting"',
        f"  when {p}.duration >= {weeks} week",
        f'  pass "the symptom has lasted {{{p}.duration}}"',
        f'  fail "the symptom is recent ({{{p}.duration}})"',
        f'  cite "Synthetic source {b}"',
        "",
        f'criterion {p}_clean "Block {b}: clean examination"',
        f"  when {p}_in_range and not ({p}.present and {p}_lasting)",
        f'  pass "the examination is clean"',
        f'  fail "the examination is not clean"',
        f'  cite "Synthetic source {b}"',
        "",
    ]
    conditions = [
        f"not {p}_in_range and {p}.present",
        f"{p}_0 and {p}.kind in {{marked, severe}}",
        f"at least 2 of ({p}_1, {p}.reported, {p}_lasting)",
        f"{p}_2 and {p}.angle between {limit - 20} deg and {limit + 30} deg",
        f"{p}_3 or ({p}_1 and not {p}_clean)",
        f"any of ({p}_4, {p}.kind = severe)",
        f"{p}_5 and {p}.duration > {weeks * 2} week",
        f"all of ({p}_6, {p}.reported, not {p}_clean)",
        f"{p}_7 or at least 2 of ({p}_2, {p}_4, {p}.present)",
        f"{p}_8 and {p}.kind != none",
    ]
    kinds = ["finding"] * 7 + ["recommend", "caution", "refer"]
    for i, condition in enumerate(conditions):
        kind = kinds[i]
        out.append(f'{kind} {p}_{i} "Block {b}, conclusion {i}"')
        if kind == "caution":
            out.append("  severity warning")
        out.append(f"  when {condition}")
        out.append(f'  because "the angle is {{{p}.angle}} after {{{p}.duration}}"')
        if kind == "recommend":
            out.append('  dose "daily for two weeks"')
        out.append(f'  cite "Synthetic source {b}, point {i + 1}"')
        out.append("")
    return "\n".join(out)


def step_text(s: int) -> str:
    out = [f'step s{s} "Step {s + 1}"']
    if s > 0:
        out.append(f"  requires not s{s - 1}_stop")
    out.append(f'  cite "Synthetic step {s + 1}"')
    out.append("")
    out.append(f'red_flag s{s}_stop "Step {s + 1}: stop"')
    out.append("  severity critical")
    out.append(f"  when s{s}.urgent")
    out.append('  because "an urgent sign is present"')
    out.append(f'  cite "Synthetic step {s + 1}"')
    out.append("")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conclusions", type=int, help="number of conclusions (rounded up to a block of ten)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ask", action="store_true",
                        help="leave out the facts' ask texts: one warning (W002) per fact")
    args = parser.parse_args()
    if args.conclusions < 1:
        parser.error("conclusions must be at least 1")
    rng = random.Random(args.seed)
    blocks = (args.conclusions + BLOCK - 1) // BLOCK
    steps = (blocks + BLOCKS_PER_STEP - 1) // BLOCKS_PER_STEP
    parts = [
        f"# Generated by bench/make_rule_set.py {args.conclusions} --seed {args.seed}: "
        "a synthetic rule set for the scaling benchmark.",
        "ruleset synthetic",
        '  version "1.0.0"',
        f'  title "Synthetic rule set of {blocks * BLOCK + steps} conclusions"',
        "",
    ]
    for s in range(steps):
        parts.append(f"fact s{s}.urgent : bool")
        parts.append(f'  "Step {s + 1}: an urgent sign."')
        parts.extend(asked(not args.no_ask, f"Step {s + 1}: is there an urgent sign?"))
    parts.append("")
    for b in range(blocks):
        if b % BLOCKS_PER_STEP == 0:
            parts.append(step_text(b // BLOCKS_PER_STEP))
        parts.append(block_text(b, rng, not args.no_ask))
    sys.stdout.write("\n".join(parts) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
