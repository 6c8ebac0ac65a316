"""Result and explanation objects: statuses, steps, withheld reasons, needed facts, audit,
renderings, reprs; and pickling and deep copies of everything a worker process ships."""

import copy
import json
import pickle

import pytest

import ilio
from conftest import ROOT, RULES, patient

HIP_PAIN = patient("05-hip-pain-during-test.json")


def test_conclusions_steps_and_withheld_reasons(rules):
    result = rules.evaluate(HIP_PAIN)
    by_name = {c.name: c for c in result.conclusions}
    stretch = by_name["psoas_stretch.left"]
    assert (stretch.status, stretch.withheld_by, stretch.kind) == (
        "withheld", "medical_referral", "recommend")
    assert stretch.step in {s.name for s in result.steps}
    hip = by_name["hip_joint_pathology"]
    assert (hip.status, hip.kind, hip.severity, hip.withheld_by) == (
        "fired", "finding", "info", None)
    assert "hip_joint_pathology" in result.fired
    gate = next(s for s in result.steps if s.name == stretch.step)
    assert gate.state == "closed" and gate.closed_by is not None
    assert [c.name for c in result.conclusions] == [c.name for c in rules.conclusions]
    assert "withheld_by='medical_referral'" in repr(stretch)
    assert repr(result).startswith("<ilio.Result psoas_release: ")


def test_audit_names_what_produced_the_result(rules):
    audit = rules.evaluate({}).audit
    assert (audit.rule_set, audit.version, audit.source_hash) == (
        rules.name, rules.version, rules.source_hash)
    assert audit.engine_version == ilio.engine_version and audit.overrides == {}


def test_explanation_renders_every_way(rules):
    explanation = rules.evaluate(HIP_PAIN).explain()
    as_dict = explanation.to_dict()
    assert json.loads(explanation.json()) == as_dict
    assert explanation.json(indent=2).count("\n") > 10
    assert "WITHHELD" in explanation.text()
    assert "\x1b[" in explanation.text(color=True) and "\x1b[" not in explanation.text()
    assert explanation.markdown().startswith("#")
    assert as_dict["audit"]["source_sha256"] == rules.source_hash
    assert explanation.rule_set == "psoas_release" and "fired" in repr(explanation)


def test_rule_sets_pickle_by_source_and_overrides():
    rules = ilio.load(RULES, overrides={"knee_flexion_min": "60 deg"})
    copied = pickle.loads(pickle.dumps(rules))
    assert (copied.source_hash, copied.file_name, copied.overrides) == (
        rules.source_hash, rules.file_name, {"knee_flexion_min": "60 deg"})
    knee_64 = patient("03-short-rectus-femoris.json")
    assert copied.evaluate(knee_64).statuses == rules.evaluate(knee_64).statuses
    assert copy.deepcopy(rules).evaluate(knee_64).statuses == rules.evaluate(knee_64).statuses


def test_an_altered_pickle_is_refused(rules):
    state = rules.__getstate__()
    tampered = (state[0].replace("80 deg", "70 deg", 1),) + state[1:]
    assert tampered[0] != state[0]
    with pytest.raises(ValueError, match="SHA-256"):
        ilio.RuleSet.__new__(ilio.RuleSet).__setstate__(tampered)


def test_results_and_explanations_pickle_and_deep_copy(rules):
    for lenient in (False, True):
        result = rules.evaluate(dict(HIP_PAIN, **{"thomas.knee_flexion.left": 500} if lenient else {}),
                                lenient=lenient)
        for copied in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
            assert copied.statuses == result.statuses and copied.needed == result.needed
            assert copied.explain().json() == result.explain().json()
            assert [w.message for w in copied.warnings] == [w.message for w in result.warnings]
    explanation = rules.evaluate(HIP_PAIN).explain()
    assert pickle.loads(pickle.dumps(explanation)).json() == explanation.json()
    assert copy.deepcopy(explanation).text() == explanation.text()
    for item in (result.conclusions[0], result.steps[0], result.audit, result.warnings[0]):
        assert repr(pickle.loads(pickle.dumps(item))) == repr(item)


def test_errors_pickle_with_their_problems(rules):
    with pytest.raises(ilio.FactsError) as facts_error:
        rules.evaluate({"thomas.knee_flexion.left": 500})
    copied = pickle.loads(pickle.dumps(facts_error.value))
    assert str(copied) == str(facts_error.value)
    assert copied.problems[0].message == facts_error.value.problems[0].message
    with pytest.raises(ilio.CompileError) as compile_error:
        ilio.compile("ruleset r\n")
    copied = pickle.loads(pickle.dumps(compile_error.value))
    assert [d.code for d in copied.diagnostics] == [d.code for d in compile_error.value.diagnostics]
    assert str(copied.diagnostics[0]) == str(compile_error.value.diagnostics[0])


def test_a_borderline_reading_asks_to_measure_again():
    measured = ilio.load(str(ROOT / "tests" / "language" / "thomas_measured.ilio"))
    errors = {f.name: f.error for f in measured.facts}
    assert errors == {"thomas.thigh_angle": 2.0, "thomas.knee_flexion": 4.0}
    result = measured.evaluate({"thomas.thigh_angle": 1, "thomas.knee_flexion": 60})
    by_name = {c.name: c.status for c in result.conclusions}
    assert by_name == {"one_joint_flexors_short": "unknown", "two_joint_flexors_short": "fired"}
    assert result.needed == ["thomas.thigh_angle"]
    assert result.remeasure == ["thomas.thigh_angle"]
    missing = measured.evaluate({"thomas.knee_flexion": 60})
    assert missing.needed == ["thomas.thigh_angle"] and missing.remeasure == []
    # A wider band (error_k overridden) leaves a clearer reading open too.
    wide = ilio.load(str(ROOT / "tests" / "language" / "thomas_measured.ilio"),
                     overrides={"error_k": "3"})
    assert {c.name: c.status for c in wide.evaluate({"thomas.thigh_angle": 5}).conclusions}[
        "one_joint_flexors_short"] == "unknown"


def test_each_side_is_evaluated_on_its_own():
    sides = ilio.load(str(ROOT / "tests" / "language" / "thomas_sides.ilio"))
    names = {f.name for f in sides.facts}
    assert {"thomas.thigh_angle.left", "thomas.thigh_angle.right"} <= names
    result = sides.evaluate({"thomas.low_back_flat": True, "thomas.thigh_angle.right": 7})
    status = {c.name: c.status for c in result.conclusions}
    assert status["one_joint_flexors_short.right"] == "fired"
    assert status["one_joint_flexors_short.left"] == "unknown"
    assert result.needed == ["thomas.thigh_angle.left"]
    titles = {c.name: c.title for c in sides.conclusions}
    assert titles["one_joint_flexors_short.left"] == "Left: One-joint hip flexors (iliopsoas) short"


def test_facts_recorded_over_visits_are_described():
    visits = ilio.load(str(ROOT / "tests" / "language" / "thomas_visits.ilio"))
    assert {f.name: f.over_visits for f in visits.facts} == {
        "thomas.thigh_angle": True, "program.tightness": True}


def test_a_patients_visits_are_read_in_date_order():
    import datetime
    visits = ilio.load(str(ROOT / "tests" / "language" / "thomas_visits.ilio"))
    history = {"visits": [
        {"date": "2026-09-01", "facts": {"thomas.thigh_angle": 10, "program.tightness": 6}},
        {"date": datetime.date(2026, 10, 20),
         "facts": {"thomas.thigh_angle": 12, "program.tightness": 6}}]}
    status = {c.name: c.status for c in visits.evaluate(history).conclusions}
    assert status["tension_persists"] == "fired"
    backwards = {"visits": list(reversed(history["visits"]))}
    with pytest.raises(ilio.FactsError, match="does not follow"):
        visits.evaluate(backwards)
    with pytest.raises(ilio.FactsError, match="ISO 8601"):
        visits.evaluate({"visits": [{"date": "1 Sept", "facts": {}}]})


def test_date_facts_from_strings_and_dates():
    import datetime
    rules = ilio.load(str(ROOT / "tests" / "language" / "persisting.ilio"))
    held = {"evaluated_on": datetime.date(2026, 11, 30), "visits": [
        {"date": "2026-09-01", "facts": {"thomas.thigh_angle": 10}},
        {"date": "2026-10-01", "facts": {"thomas.thigh_angle": 8}},
        {"date": "2026-10-20", "facts": {"thomas.thigh_angle": 6,
                                         "history.surgery": datetime.date(2025, 6, 1),
                                         "history.onset": "2025-09-01"}}]}
    status = {c.name: c.status for c in rules.evaluate(held).conclusions}
    assert status["tension_persists"] == "fired"
    assert status["began_after_surgery"] == "fired"
    assert {f.name: f.type for f in rules.facts}["history.surgery"] == "date"
    # Without visits, evaluated on a given day: surgery 70 days before is recent.
    recent = rules.evaluate({"evaluated_on": "2026-11-30", "history.surgery": "2026-09-21"})
    assert {c.name: c.status for c in recent.conclusions}["recent_surgery"] == "fired"
    with pytest.raises(ilio.FactsError, match="must be an ISO 8601 calendar date"):
        rules.evaluate({"history.surgery": "2026-02-30"})
    with pytest.raises(ilio.FactsError, match="is a date"):
        rules.evaluate({"history.surgery": 20000})


def test_a_dropped_result_lends_its_evaluation_and_kept_results_stay_as_they_were(rules):
    # Results dropped by Python hand their evaluation to the rule set for the next evaluate();
    # one still held never changes, and a reused evaluation carries nothing over.
    names = sorted(p.name for p in (ROOT / "examples" / "patients").glob("*.json"))
    alone = {}
    for name in names:
        result = rules.evaluate(patient(name))
        alone[name] = (result.statuses, result.needed, result.fired)
        del result
    kept = {name: rules.evaluate(patient(name)) for name in names}
    for _ in range(3):
        for name in reversed(names):  # each evaluation reused for another patient
            assert (lambda r: (r.statuses, r.needed, r.fired))(rules.evaluate(patient(name))) \
                == alone[name]
    for name in names:
        result = kept[name]
        assert (result.statuses, result.needed, result.fired) == alone[name], name
    copied = copy.copy(kept[names[0]])
    del kept
    assert (copied.statuses, copied.needed, copied.fired) == alone[names[0]]
