#!/usr/bin/env bash
# Instructions one evaluation of the psoas rules costs, counted by callgrind: ilio_repeat_eval
# runs for 0 and for N evaluations of each patient, and the difference over N is one
# evaluation's (evaluate alone; with the facts needed next; explained into a kept Explanation
# and summarised; explained in full and rendered as JSON into a kept string). The count is the same on every run of the same build, where a
# timing varies with the machine and its load: the figure to compare two builds by.
#
#     bench/instructions.sh [BUILD_DIR] [N]      (default: build, 1000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
n=${2:-1000}
tool=$build/bench/ilio_repeat_eval
command -v valgrind > /dev/null || {
  echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2
  exit 1
}
[ -x "$tool" ] || {
  echo "instructions.sh: no $tool (build with -DILIO_BUILD_BENCH=ON)" >&2
  exit 1
}
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$tool" "$@" 2>&1 > /dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
rules=$root/rules/psoas_release.ilio
printf '| patient | work | instructions per evaluation |\n| --- | --- | --- |\n'
for patient in 02-short-iliopsoas 07-incomplete-assessment; do
  facts=$root/examples/patients/$patient.json
  for mode in evaluate --needed --summary --json; do
    option=()
    [ "$mode" = evaluate ] || option=("$mode")
    base=$(count "$rules" "$facts" 0 "${option[@]}")
    full=$(count "$rules" "$facts" "$n" "${option[@]}")
    printf '| %s | %s | %s |\n' "$patient" "$mode" "$(((full - base) / n))"
  done
done
