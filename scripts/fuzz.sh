#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, ASan+UBSan) in build-fuzz/ and runs each for SECONDS
# (default 60) with its seed corpus and the dictionary. New inputs go to FUZZ_WORK
# (default build-fuzz/corpus/<target>), never into the repository; crashes to FUZZ_WORK/artifacts.
#   scripts/fuzz.sh [SECONDS] [TARGET…]      e.g. scripts/fuzz.sh 3600 fuzz_facts
# Fails when a target finds a crash, leak, timeout or sanitizer report. ILIO_FUZZ_TIMEOUT (default
# 10 s) is the wall time one input may take: raise it for long runs at nice 19 on a busy machine,
# where a starved process can spend longer on an input it runs in a fraction of a second.
# ILIO_FUZZ_PARALLEL (default 1) targets run at once, each on one core (.ci/run: 2).
# ILIO_FUZZ_BUILD names another build tree and ILIO_FUZZ_NO_BUILD=1 uses it as it is: .ci/run
# smoke-runs the targets of the ASan+UBSan stage's tree (scripts/test.sh asan builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_compile fuzz_facts fuzz_jsonl fuzz_rule_tests fuzz_explain fuzz_fmt fuzz_lint)
build="${ILIO_FUZZ_BUILD:-build-fuzz}"
work="${FUZZ_WORK:-$build/corpus}"

if [ "${ILIO_FUZZ_NO_BUILD:-0}" != 1 ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  CXX=clang++-14 cmake "${launcher[@]}" -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DILIO_BUILD_FUZZ=ON -DILIO_BUILD_TESTS=OFF -DILIO_BUILD_EXAMPLES=OFF -DILIO_BUILD_CLI=OFF \
    -DILIO_INSTALL=OFF >/dev/null
  cmake --build "$build" -j"${ILIO_JOBS:-2}" --target "${targets[@]}"
fi

# LeakSanitizer reports what Graphviz and fontconfig never free, should a target lay out a
# graph: the same suppressions as the ASan+UBSan test stage.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0}"

# Read-only seeds beside each target's own corpus: the repository's real inputs.
seeds_for() {
  local surface="${1#fuzz_}"
  # Inputs that once crashed a target are replayed first.
  if [ -d "tests/fuzz/regressions/$surface" ]; then echo -n "tests/fuzz/regressions/$surface "; fi
  case "$1" in
    fuzz_compile) echo "tests/fuzz/corpus/compile rules tests/diagnostics tests/language" ;;
    fuzz_facts) echo "tests/fuzz/corpus/facts examples/patients" ;;
    fuzz_jsonl) echo "tests/fuzz/corpus/jsonl" ;;
    fuzz_rule_tests) echo "tests/fuzz/corpus/rule_tests" ;;
    fuzz_explain) echo "tests/fuzz/corpus/explain" ;;
    fuzz_fmt) echo "tests/fuzz/regressions/compile tests/fuzz/corpus/compile rules tests/diagnostics tests/lint/cases tests/format tests/language" ;;
    fuzz_lint) echo "tests/lint/cases rules" ;;
  esac
}

# One target: its log in $work/<target>.log, its summary (or what it found) printed at once.
fuzz_target() {
  local target="$1" report
  mkdir -p "$work/$target" "$work/artifacts/$target"
  # shellcheck disable=SC2046
  if "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout="${ILIO_FUZZ_TIMEOUT:-10}" \
      -rss_limit_mb=2048 -max_len=65536 -dict=tests/fuzz/ilio.dict -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$target/" "$work/$target" $(seeds_for "$target") \
      2> "$work/$target.log"; then
    report="$(grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+ *DONE" \
      "$work/$target.log" | sed "s/^/fuzz: $target: /")"
    echo "$report"
    # A run that executed no input has tested nothing: that fails too.
    if ! grep -Eq "^stat::number_of_executed_units: *[1-9]" "$work/$target.log"; then
      echo "fuzz: $target executed no input; see $work/$target.log" >&2
      return 1
    fi
  else
    report="fuzz: $target FOUND A PROBLEM; see $work/$target.log and $work/artifacts/$target/"
    echo "$report"$'\n'"$(tail -40 "$work/$target.log")" >&2
    return 1
  fi
}

status=0
pids=()
for target in "${targets[@]}"; do
  fuzz_target "$target" &
  pids+=($!)
  if [ ${#pids[@]} -ge "${ILIO_FUZZ_PARALLEL:-1}" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit $status
