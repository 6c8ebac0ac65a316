import json
import os
import pathlib
import sys

import pytest

import ilio

ROOT = pathlib.Path(os.environ.get("ILIO_SOURCE_DIR", pathlib.Path(__file__).parents[3]))
RULES = str(ROOT / "rules" / "psoas_release.ilio")
PATIENTS = ROOT / "examples" / "patients"
sys.path.insert(0, str(ROOT / "examples" / "python"))


def patient(name):
    return json.loads((PATIENTS / name).read_text())


@pytest.fixture(scope="session")
def rules():
    return ilio.load(RULES)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skipped test fails: every test here runs (its dependencies are Debian packages)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped tests are not allowed: {report.longrepr}"
