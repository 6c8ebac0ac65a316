#!/usr/bin/env bash
# Every performance figure of docs/performance.md in one command: the Google Benchmark program
# (evaluation, exact answers, facts from JSON, explanations; bench/*_bench.cpp) and the scaling
# of compile time, memory and evaluation time with rule-set size (bench/scaling.py, with its
# plot). Each writes its table between markers in docs/performance.md, atomically.
#   bench/run.sh [--quick]     --quick: one repetition, sizes up to 10,000 conclusions
# Builds build/ first (as scripts/test.sh configures it). Run it on a quiet machine: the tables
# say the load average they were measured at.
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions=3 sizes=1000,3000,10000,30000,100000
if [ "${1:-}" = --quick ]; then repetitions=1 sizes=1000,3000,10000; fi
source scripts/setup.sh
ilio_build

results="$(mktemp --suffix=.json)"
trap 'rm -f "$results"' EXIT
command=(build/bench/ilio_bench "--benchmark_repetitions=$repetitions"
         --benchmark_report_aggregates_only=true --benchmark_format=json)
"${command[@]}" > "$results"
/usr/bin/python3 bench/benchmark_table.py "$results" --markdown docs/performance.md \
  --command "${command[*]}"
/usr/bin/python3 bench/scaling.py --ilio build/ilio --eval build/bench/ilio_scale_eval \
  --sizes "$sizes" --repeat "$repetitions" \
  --markdown docs/performance.md --plot docs/scaling.png
echo "bench: docs/performance.md and docs/scaling.png written"
