#!/usr/bin/env bash
# Installs what is missing, builds and runs every test through ctest.
#   scripts/test.sh          the normal build (warnings as errors) and the whole suite, in build/
#   scripts/test.sh asan     AddressSanitizer + UndefinedBehaviorSanitizer (-O1), the whole suite
#                            (Python included, with the ASan runtime preloaded), in build-asan/
#   scripts/test.sh tsan     ThreadSanitizer, the concurrent tests, in build-tsan/
# Any sanitizer report aborts the test that caused it, so the stage fails.
set -euo pipefail
mode="${1:-normal}"
source "$(dirname "$0")/setup.sh"
ilio_install_missing

# Property tests run 10,000 cases each normally; sanitized builds run 10-50x slower.
sanitized_cases="${ILIO_SANITIZED_PROPERTY_CASES:-500}"

case "$mode" in
  normal)
    ilio_build
    ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2
    ;;
  asan)
    ILIO_BUILD="$ILIO_ROOT/build-asan"
    ilio_build -DILIO_SANITIZE=address,undefined -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
      -DILIO_WARNINGS_AS_ERRORS=OFF -DILIO_BUILD_BENCH=OFF -DILIO_BUILD_EXAMPLES=OFF
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export ILIO_PROPERTY_CASES="$sanitized_cases"
    # Not here: the packaging tests build outside projects (and pip builds the library afresh)
    # against the installed, uninstrumented way of using ilio: they test packaging, not
    # memory, and run in the normal stage; so does `mypy --strict`, which reads the stubs and
    # runs none of ilio. The tests that load the Python module run next, apart.
    packaging="find_package_consumer|add_subdirectory_consumer|add_subdirectory_configure"
    packaging+="|python_pip_install|python_cmake_install|python_mypy_strict"
    python="python_tests|python_dask|python_stubtest"
    ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2 -E "^($packaging|$python)$"
    # The Python module is instrumented but python3 is not: the ASan runtime must be loaded
    # first. CPython keeps its interpreter state alive at exit by design, so leak detection is
    # off for these (ASan's other checks and UBSan stay on).
    LD_PRELOAD="$(gcc -print-file-name=libasan.so)" ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" \
      ctest --test-dir "$ILIO_BUILD" --output-on-failure -R "^($python)$" --no-tests=error
    ;;
  tsan)
    ILIO_BUILD="$ILIO_ROOT/build-tsan"
    cmake -S "$ILIO_ROOT" -B "$ILIO_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DILIO_SANITIZE=thread -DILIO_BUILD_CLI=OFF \
      -DILIO_BUILD_EXAMPLES=OFF -DILIO_BUILD_PYTHON=OFF -DILIO_BUILD_BENCH=OFF -DILIO_INSTALL=OFF
    cmake --build "$ILIO_BUILD" -j2 --target ilio_tests
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
    export ILIO_PROPERTY_CASES="$sanitized_cases"
    # The concurrent tests: one rule set evaluated from many threads, the batch on every thread
    # count (evaluate_batch…, batch_threads…) and JSON Lines batches (a JSON Lines batch…, an
    # empty batch…). At least one must exist, or the stage would pass having run nothing.
    ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2 \
      -R "^(threads|batch|evaluate_batch|a JSON Lines batch|an empty batch)" \
      --no-tests=error
    ;;
  *)
    echo "usage: scripts/test.sh [normal|asan|tsan]" >&2
    exit 2
    ;;
esac
