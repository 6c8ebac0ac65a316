#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test through ctest.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ilio_install_missing
ilio_build
ctest --test-dir "$ILIO_BUILD" --output-on-failure -j2
