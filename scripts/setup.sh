# Shared by demo.sh and test.sh: install what is missing (Debian 12), then configure and build.
# Sourced, not run.

ILIO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ILIO_BUILD="${ILIO_BUILD:-$ILIO_ROOT/build}"

ILIO_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost-dev libboost-graph-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  catch2 libbenchmark-dev
  python3 python3-dev pybind11-dev python3-pytest
  python3-venv python3-setuptools python3-pip python3-wheel python3-numpy
  python3-pandas python3-dask python3-distributed python3-mypy python3-jsonschema
  python3-matplotlib
  libz3-dev libbdd-dev libgraphviz-dev libsimdjson-dev libssl-dev
  chromium clang-14 libfuzzer-14-dev libclang-rt-14-dev
)

ilio_install_missing() {
  local missing=()
  for p in "${ILIO_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "ilio: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ilio_build() {
  cmake -S "$ILIO_ROOT" -B "$ILIO_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DILIO_WARNINGS_AS_ERRORS=ON -DILIO_BUILD_BENCH=ON -DILIO_BUILD_PYTHON=ON \
    -DPython_EXECUTABLE=/usr/bin/python3 "$@"
  cmake --build "$ILIO_BUILD" -j2
}
