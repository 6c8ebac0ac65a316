"""The Python module evaluates the psoas rules exactly as the C++ library and the CLI do."""

import pytest

import ilio
from conftest import RULES, patient


def test_load_exposes_the_rule_set(rules):
    assert rules.name == "psoas_release"
    assert len(rules.source_hash) == 64
    assert rules.file_name == RULES
    names = [f.name for f in rules.facts]
    assert "thomas.knee_flexion.left" in names
    knee = rules.facts[names.index("thomas.knee_flexion.left")]
    assert knee.unit == "deg" and knee.type == "number" and knee.dimension
    assert (knee.minimum, knee.maximum) == (0, 160)
    assert any(c.kind == "red_flag" and c.severity == "critical" for c in rules.conclusions)
    assert {p.name for p in rules.parameters} >= {"knee_flexion_min"}
    assert all(c.step is None or c.step in {s.name for s in rules.steps} for c in rules.criteria)
    stretch = next(c for c in rules.conclusions if c.name == "psoas_stretch.left")
    step = next(s for s in rules.steps if s.name == stretch.step)
    assert "psoas_stretch.left" in step.conclusions and step.gated
    assert repr(rules).startswith("<ilio.RuleSet psoas_release 3.")


def test_declarations_are_read_only(rules):
    with pytest.raises(AttributeError):
        rules.facts[0].name = "x"
    with pytest.raises(AttributeError):
        rules.name = "x"


def test_hip_pain_withholds_release_work(rules):
    result = rules.evaluate(patient("05-hip-pain-during-test.json"))
    assert result.status("hip_joint_pathology") == "fired"
    assert result.status("psoas_stretch.left") == "withheld"
    explanation = result.explain().to_dict()
    assert explanation["schema"] == "ilio.explanation/2"
    stretch = next(c for c in explanation["conclusions"] if c["name"] == "psoas_stretch.left")
    assert stretch["withheld_by"]["name"] == "medical_referral"
    assert "WITHHELD" in result.explain().text()


def test_missing_facts_are_unknown_and_asked_for(rules):
    result = rules.evaluate({})
    assert set(result.statuses.values()) <= {"unknown", "not_applicable"}
    assert "thomas.low_back_flat.left" in result.needed


def test_invalid_facts_raise_or_are_dropped_in_lenient_mode(rules):
    with pytest.raises(ilio.FactsError, match="outside its declared range"):
        rules.evaluate({"thomas.knee_flexion.left": 500})
    with pytest.raises(ilio.FactsError, match="unknown fact"):
        rules.evaluate({"thomas.knee": 90})
    with pytest.raises(ilio.FactsError, match="finite"):
        rules.evaluate({"thomas.knee_flexion.left": float("inf")})
    result = rules.evaluate({"thomas.knee_flexion.left": 500, "thomas.thigh_angle.left": float("-inf")},
                            lenient=True)
    assert [w.fact for w in result.warnings] == ["thomas.knee_flexion.left", "thomas.thigh_angle.left"]
    assert all("treated as unknown" in w.message for w in result.warnings)
    assert [w["fact"] for w in result.explain().to_dict()["warnings"]] == [
        "thomas.knee_flexion.left", "thomas.thigh_angle.left"]


def test_compile_errors_carry_every_diagnostic():
    with pytest.raises(ilio.CompileError) as error:
        ilio.compile('ruleset r version "1.0"\nfact a : number dg "a" ask "a"\n', "bad.ilio")
    message = str(error.value)
    assert "bad.ilio:1:11: error[E023]" in message
    assert "error[E032]: unknown unit `dg`" in message
    first, second = error.value.diagnostics
    assert (first.code, first.file, first.line, first.column, first.severity) == (
        "E023", "bad.ilio", 1, 11, "error")
    assert second.code == "E032" and second.line == 2 and "dg" in second.message
    assert first.end_line >= first.line
    assert "E032" in repr(second) and str(second).startswith("bad.ilio:2:")


def test_parameter_overrides_are_checked():
    knee_64 = patient("03-short-rectus-femoris.json")
    assert ilio.load(RULES).evaluate(knee_64).status("rectus_femoris_short.left") == "fired"
    lowered = ilio.load(RULES, overrides={"knee_flexion_min": "60 deg"})
    assert lowered.overrides == {"knee_flexion_min": "60 deg"}
    assert next(p for p in lowered.parameters if p.name == "knee_flexion_min").overridden
    result = lowered.evaluate(knee_64)
    assert result.status("rectus_femoris_short.left") == "not_applicable"
    assert result.audit.overrides == {"knee_flexion_min": "60 deg"}
    with pytest.raises(ilio.CompileError, match="E081") as error:
        ilio.load(RULES, overrides={"knee_flexion_min": "6 week"})
    assert [d.code for d in error.value.diagnostics] == ["E081"]


def test_warnings_are_issued_as_rules_warnings():
    with pytest.warns(ilio.RulesWarning, match="W001"):
        ilio.compile('ruleset r version "1.0.0"\nfact a : bool "a" ask "a?"\n')


def test_a_facts_document_is_read_as_the_cli_reads_it(rules):
    result = rules.evaluate_json('{"thomas.knee_flexion.left": 64, "thomas.low_back_flat.left": true}')
    assert result.status("rectus_femoris_short.left") == rules.evaluate(
        {"thomas.knee_flexion.left": 64, "thomas.low_back_flat.left": True}
    ).status("rectus_femoris_short.left")
    with pytest.raises(ilio.FactsError) as error:
        rules.evaluate_json('{"thomas.knee_flexion.left": 64, "thomas.knee_flexion.left": 65}')
    assert "appears twice" in error.value.problems[0].message
