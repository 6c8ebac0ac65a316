#!/bin/sh
# The package installs like any Python package, offline: `pip install --no-build-isolation .`
# into a fresh virtual environment, then `pip wheel`, and the installed module evaluates a
# patient from outside the source tree.
# usage: install_test.sh SOURCE_DIR WORK_DIR PYTHON
set -eu
src=$1 work=$2 python=$3
rm -rf "$work"
mkdir -p "$work"
"$python" -m venv --system-site-packages "$work/venv"
pip="$work/venv/bin/python -m pip --disable-pip-version-check --no-input"
export PIP_NO_INDEX=1  # no network: everything comes from Debian's packages
$pip install --no-build-isolation --no-deps "$src"
$pip wheel --no-build-isolation --no-deps -w "$work/wheels" "$src"
cd "$work"
"$work/venv/bin/python" - "$src" "$work" <<'PY'
import pathlib, sys, zipfile
import ilio
src, work = map(pathlib.Path, sys.argv[1:])
where = pathlib.Path(ilio.__file__).resolve()
assert str(where).startswith(str(work / "venv")), f"imported from {where}, not the venv"
assert (where.parent / "py.typed").exists() and (where.parent / "_core.pyi").exists()
rules = ilio.load(str(src / "rules" / "psoas_release.ilio"))
import json
facts = json.loads((src / "examples" / "patients" / "03-short-rectus-femoris.json").read_text())
assert rules.evaluate(facts).status("rectus_femoris_short.left") == "fired"
wheel = next((work / "wheels").glob("ilio-*.whl"))
names = zipfile.ZipFile(wheel).namelist()
for wanted in ("ilio/__init__.py", "ilio/_core.pyi", "ilio/py.typed"):
    assert wanted in names, (wanted, names)
assert any(n.startswith("ilio/_core") and n.endswith(".so") for n in names), names
print("installed", where, "and built", wheel.name)
PY
