#!/usr/bin/env bash
# Installs what is missing, builds and runs every test through ctest.
#   scripts/test.sh          the normal build (GCC -O2, warnings as errors) and the whole suite, in
#                            build/
#   scripts/test.sh asan     clang-14, AddressSanitizer + UndefinedBehaviorSanitizer (-O1) and the
#                            fuzz targets, the whole suite but the packaging tests (Python
#                            included, with clang's ASan runtime preloaded), in build-asan/
#   scripts/test.sh tsan     clang-14, ThreadSanitizer, the concurrent tests, in build-tsan/
# Any sanitizer report aborts the test that caused it, so the stage fails.
set -euo pipefail
mode="${1:-normal}"
source "$(dirname "$0")/setup.sh"
ilio_install_missing

# Property tests run 10,000 cases each normally; sanitized builds run 10-50x slower.
sanitized_cases="${ILIO_SANITIZED_PROPERTY_CASES:-500}"

case "$mode" in
  normal)
    # -O2 without debug info: -g added about 40% to each unit's compile time, and CI only
    # reads the tests' verdicts (a developer's own build keeps RelWithDebInfo).
    ilio_build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
    ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2 --no-tests=error
    ;;
  asan)
    # clang 14 with ASan, UBSan and libFuzzer's coverage instrumentation (ILIO_BUILD_FUZZ), so
    # that one instrumented build serves the whole suite here and the fuzz targets, which .ci/run
    # then smoke-runs from this tree (ILIO_FUZZ_BUILD=build-asan ILIO_FUZZ_NO_BUILD=1). The
    # library at -O1, where the tests spend their time; the code around it (tests, command line,
    # Python module, fuzz drivers) at -O0, half the compile time of -O1 under ASan. Line tables
    # are all a sanitizer report needs to name file and line. The warnings are GCC's business
    # (the normal build fails on any). A unity build: each batch of units parses the heavy
    # headers (Catch2, Boost, {fmt}, nlohmann, pybind11) once, a third less CPU than one unit at
    # a time (docs/testing.md); the normal build still compiles every file on its own.
    ILIO_BUILD="$ILIO_ROOT/build-asan"
    ilio_build -DCMAKE_CXX_COMPILER=clang++-14 -DILIO_BUILD_FUZZ=ON \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DILIO_OUTER_COMPILE_OPTIONS=-O0 \
      -DILIO_WARNINGS_AS_ERRORS=OFF -DILIO_BUILD_BENCH=OFF -DILIO_BUILD_EXAMPLES=OFF \
      -DCMAKE_UNITY_BUILD=ON
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
    # Graphviz's and fontconfig's own leaks (each line says why), nothing of ilio's.
    export LSAN_OPTIONS="suppressions=$ILIO_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export ILIO_PROPERTY_CASES="$sanitized_cases"
    # Not here: the packaging tests build outside projects (and pip builds the library afresh)
    # against the installed, uninstrumented way of using ilio: they test packaging, not
    # memory, and run in the normal stage; so does `mypy --strict`, which reads the stubs and
    # runs none of ilio. The tests that load the Python module run next, apart.
    packaging="find_package_consumer|add_subdirectory_consumer|add_subdirectory_configure"
    packaging+="|python_pip_install|python_cmake_install|python_mypy_strict"
    python="python_tests|python_dask|python_stubtest"
    ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2 --no-tests=error \
      -E "^($packaging|$python)$"
    # The Python module is instrumented but python3 is not: clang's shared ASan runtime must be
    # loaded first (it also holds UBSan's handlers and the coverage callbacks the module calls).
    # CPython keeps its interpreter state alive at exit by design, so leak detection is off for
    # these (ASan's other checks and UBSan stay on).
    LD_PRELOAD="$(clang++-14 -print-file-name=libclang_rt.asan-x86_64.so)" \
      ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" \
      ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2 -R "^($python)$" --no-tests=error
    ;;
  tsan)
    # clang 14 at -O1 with line tables compiled the heaviest units a quarter faster than GCC at
    # -O1 -g (docs/testing.md); ilio_tests is built from the concurrent tests' files alone
    # (ILIO_CONCURRENCY_TESTS_ONLY), the library whole; a unity build, as for ASan.
    ILIO_BUILD="$ILIO_ROOT/build-tsan"
    cmake -S "$ILIO_ROOT" -B "$ILIO_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_UNITY_BUILD=ON \
      -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
      -DILIO_SANITIZE=thread -DILIO_CONCURRENCY_TESTS_ONLY=ON -DILIO_BUILD_CLI=OFF \
      -DILIO_BUILD_EXAMPLES=OFF -DILIO_BUILD_PYTHON=OFF -DILIO_BUILD_BENCH=OFF -DILIO_INSTALL=OFF
    cmake --build "$ILIO_BUILD" -j2 --target ilio_tests
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
    export ILIO_PROPERTY_CASES="$sanitized_cases"
    # The concurrent tests: one rule set evaluated from many threads (and one evaluation read
    # from many, its facts needed next worked out by the first), the batch on every thread
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
