#!/usr/bin/env bash
# Installs what is missing, builds, and evaluates every example patient against the psoas rules.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ilio_install_missing
ilio_build
"$ILIO_BUILD/ilio" check --summary "$ILIO_ROOT/rules/psoas_release.ilio"
for patient in "$ILIO_ROOT"/examples/patients/*.json; do
  echo
  echo "════ $(basename "$patient") ════"
  "$ILIO_BUILD/ilio" eval "$ILIO_ROOT/rules/psoas_release.ilio" --facts "$patient"
done
