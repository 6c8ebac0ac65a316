"""The Python module evaluates the psoas rules exactly as the C++ library and the CLI do."""

import json
import os
import pathlib

import pytest

import ilio

ROOT = pathlib.Path(os.environ.get("ILIO_SOURCE_DIR", pathlib.Path(__file__).parents[3]))
RULES = str(ROOT / "rules" / "psoas_release.ilio")


def patient(name):
    return json.loads((ROOT / "examples" / "patients" / name).read_text())


def test_load_exposes_the_rule_set():
    rules = ilio.load(RULES)
    assert rules.name == "psoas_release"
    assert len(rules.source_hash) == 64
    names = [f.name for f in rules.facts]
    assert "thomas.knee_flexion" in names
    knee = rules.facts[names.index("thomas.knee_flexion")]
    assert knee.unit == "deg" and knee.type == "number"
    assert any(c.kind == "red_flag" for c in rules.conclusions)


def test_hip_pain_withholds_release_work():
    rules = ilio.load(RULES)
    result = rules.evaluate(patient("05-hip-pain-during-test.json"))
    assert result.status("hip_joint_pathology") == "fired"
    assert result.status("psoas_stretch") == "withheld"
    explanation = json.loads(result.explain("json"))
    assert explanation["schema"] == "ilio.explanation/1"
    stretch = next(c for c in explanation["conclusions"] if c["name"] == "psoas_stretch")
    assert stretch["withheld_by"]["name"] == "hip_joint_pathology"
    assert "WITHHELD" in result.explain("text")


def test_missing_facts_are_unknown_and_asked_for():
    rules = ilio.load(RULES)
    result = rules.evaluate({})
    assert set(result.statuses.values()) <= {"unknown", "not_applicable"}
    assert "thomas.low_back_flat" in result.needed


def test_invalid_facts_raise_or_are_dropped_in_lenient_mode():
    rules = ilio.load(RULES)
    with pytest.raises(ilio.FactsError, match="outside its declared range"):
        rules.evaluate({"thomas.knee_flexion": 500})
    with pytest.raises(ilio.FactsError, match="unknown fact"):
        rules.evaluate({"thomas.knee": 90})
    with pytest.raises(ilio.FactsError, match="`thomas.knee_flexion` must be a finite number"):
        rules.evaluate({"thomas.knee_flexion": float("nan")})
    with pytest.raises(ilio.FactsError, match="finite"):
        rules.evaluate({"thomas.knee_flexion": float("inf")})
    result = rules.evaluate({"thomas.knee_flexion": 500, "thomas.thigh_angle": float("nan")},
                            lenient=True)
    assert len(result.warnings) == 2
    assert all("treated as unknown" in w for w in result.warnings)


def test_compile_errors_carry_every_diagnostic():
    with pytest.raises(ilio.CompileError) as error:
        ilio.compile('ruleset r version "1.0"\nfact a : number dg "a" ask "a"\n', "bad.ilio")
    message = str(error.value)
    assert "bad.ilio:1:11: error[E023]" in message
    assert "error[E032]: unknown unit `dg`" in message


def test_parameter_overrides_are_checked():
    knee_64 = patient("03-short-rectus-femoris.json")
    assert ilio.load(RULES).evaluate(knee_64).status("rectus_femoris_short") == "fired"
    lowered = ilio.load(RULES, overrides={"knee_flexion_min": "60 deg"})
    assert lowered.evaluate(knee_64).status("rectus_femoris_short") == "not_applicable"
    with pytest.raises(ilio.CompileError, match="E081"):
        ilio.load(RULES, overrides={"knee_flexion_min": "6 week"})


def test_warnings_are_issued_and_nan_inside_a_quantity_is_rejected():
    with pytest.warns(ilio.RulesWarning, match="W001"):
        ilio.compile('ruleset r version "1.0.0"\nfact a : bool "a" ask "a?"\n')
    rules = ilio.load(RULES)
    with pytest.raises(ilio.FactsError, match="finite"):
        rules.evaluate({"thomas.knee_flexion": {"value": float("nan"), "unit": "deg"}})
