#!/usr/bin/env python3
"""Writes a 1 GiB JSON Lines batch to /tmp/h-1g.jsonl for the memory measurement in
docs/performance.md: the 12 example patients in turn, each line padded with spaces inside the
object to 100,000 bytes (under the 1 MiB line limit), about 10,700 lines."""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 100_000
patients = [
    json.dumps(json.load(open(f, encoding="utf-8")), separators=(",", ":"))
    for f in sorted(glob.glob(os.path.join(HERE, "..", "examples", "patients", "*.json")))
]
lines = [(p[:-1] + " " * (SIZE - len(p) - 1) + "}\n").encode() for p in patients]
written = count = 0
with open("/tmp/h-1g.jsonl", "wb") as out:
    while written + SIZE <= 1 << 30:
        out.write(lines[count % len(lines)])
        written += SIZE
        count += 1
print(written, "bytes,", count, "lines")
