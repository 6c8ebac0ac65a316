"""evaluate_many and evaluate_frame: every core, input order kept, every bad record named, and
the same results as evaluating one patient at a time."""

import os

import numpy as np
import pandas as pd
import pytest

import ilio
from conftest import PATIENTS, patient
from synthetic_cohort import cohort

EXAMPLES = [patient(p.name) for p in sorted(PATIENTS.glob("*.json"))]
# A frame has one column per fact: the examples that are one visit, not a patient's visits.
ONE_VISIT = [e for e in EXAMPLES if "visits" not in e]


def records_of(frame):
    """The frame's rows as plain dicts, None for missing (NaN in numeric columns)."""
    return [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


# 10,000 patients, or the property test count under the sanitizers (ILIO_PROPERTY_CASES, as the
# C++ property tests: 500 in CI's ASan stage, where 10,000 took 144 s).
COHORT = int(os.environ.get("ILIO_PROPERTY_CASES", "10000"))


@pytest.fixture(scope="module")
def patients(rules):
    return cohort(rules, COHORT, seed=3)


def test_every_patient_of_a_cohort_agrees_across_every_path(rules, patients):
    records = records_of(patients)
    one_by_one = [rules.evaluate(r) for r in records]
    many = rules.evaluate_many(records)
    two_threads = rules.evaluate_many(iter(records), threads=2)
    frame = rules.evaluate_frame(patients)
    names = [c.name for c in rules.conclusions]
    assert len(many) == len(two_threads) == len(frame) == COHORT
    assert list(frame.index) == list(patients.index)
    rows = frame.to_dict("records")
    fired = 0
    for i, single in enumerate(one_by_one):
        expected = single.statuses
        assert many[i].statuses == expected, i
        assert two_threads[i].statuses == expected, i
        assert many[i].needed == two_threads[i].needed == single.needed, i
        assert {n: rows[i][n] for n in names} == expected, i
        assert rows[i]["needed"] == single.needed, i
        fired += len(single.fired)
    assert fired > COHORT  # the cohort exercises the rules, not only unknowns
    statuses = {s for r in one_by_one for s in r.statuses.values()}
    assert statuses == set(ilio.STATUSES) - {"out_of_population"}  # psoas has no population


def test_input_order_is_kept(rules):
    records = EXAMPLES * 50
    for threads in (1, 2, 7):
        results = rules.evaluate_many(records, threads=threads)
        assert [r.statuses for r in results] == [rules.evaluate(r).statuses for r in records]


def test_every_bad_record_is_named_by_its_index(rules):
    records = [EXAMPLES[0], {"thomas.knee_flexion.left": 500}, EXAMPLES[1],
               {"thomas.pain.left": "elbow", "thomas.knee": 3}, "not a record"]
    with pytest.raises(ilio.FactsError) as error:
        rules.evaluate_many(records)
    assert [(p.record, p.where) for p in error.value.problems] == [
        (1, "/thomas.knee_flexion.left"), (3, "/thomas.pain.left"), (3, "/thomas.knee"), (4, "")]
    assert "record 1 /thomas.knee_flexion.left:" in str(error.value)
    results = rules.evaluate_many(records, lenient=True)
    assert [len(r.warnings) for r in results] == [0, 1, 0, 2, 1]
    assert results[2].statuses == rules.evaluate(EXAMPLES[1]).statuses
    assert results[3].warnings[1].record == 3


def test_threads_must_be_positive(rules):
    with pytest.raises(ValueError, match="threads must be at least 1"):
        rules.evaluate_many([{}], threads=0)
    assert rules.evaluate_many([]) == []


def test_frame_columns_are_categorical_statuses_with_the_index_kept(rules):
    frame = pd.DataFrame(ONE_VISIT, index=pd.Index([f"p{i}" for i in range(len(ONE_VISIT))],
                                                  name="patient"))
    out = rules.evaluate_frame(frame)
    assert list(out.index) == list(frame.index) and out.index.name == "patient"
    names = [c.name for c in rules.conclusions]
    assert list(out.columns) == names + ["needed"]
    for name in names:
        assert isinstance(out[name].dtype, pd.CategoricalDtype)
        assert list(out[name].cat.categories) == list(ilio.STATUSES)
    for i, facts in enumerate(ONE_VISIT):
        single = rules.evaluate(facts)
        assert {n: out.iloc[i][n] for n in names} == single.statuses
        assert out.iloc[i]["needed"] == single.needed


def test_frame_nan_is_unknown_and_bad_cells_are_named(rules):
    frame = pd.DataFrame({"thomas.knee_flexion.left": [64.0, np.nan, 500.0],
                          "thomas.low_back_flat.left": pd.array([True, pd.NA, False],
                                                           dtype="boolean")})
    with pytest.raises(ilio.FactsError) as error:
        rules.evaluate_frame(frame)
    assert [(p.record, p.fact) for p in error.value.problems] == [(2, "thomas.knee_flexion.left")]
    out = rules.evaluate_frame(frame, lenient=True)
    assert [len(w) for w in out["warnings"]] == [0, 0, 1]
    assert "thomas.knee_flexion.left" in out.iloc[1]["needed"]
    assert "thomas.low_back_flat.left" in out.iloc[1]["needed"]
    with pytest.raises(ilio.FactsError, match="missing"):
        rules.evaluate_frame(frame.iloc[:2], missing="reject")


def test_frame_columns_must_be_facts(rules):
    with pytest.raises(ilio.FactsError, match="column `patient_id` is not a fact"):
        rules.evaluate_frame(pd.DataFrame({"patient_id": [1], "thomas.knee_flexion.left": [64]}))
    with pytest.raises(TypeError, match="DataFrame"):
        rules.evaluate_frame([{"thomas.knee_flexion.left": 64}])


def test_an_empty_frame_gives_the_empty_table_with_its_types(rules):
    out = rules.evaluate_frame(pd.DataFrame({"thomas.knee_flexion.left": pd.Series([], dtype=float)}))
    assert len(out) == 0 and isinstance(out["psoas_stretch.left"].dtype, pd.CategoricalDtype)
