"""Facts as Python, numpy and pandas values; what counts as missing; every kind of bad value
gets a FactsError naming the fact, where it is, the value and the reason."""

import math

import numpy as np
import pandas as pd
import pytest

import ilio
from conftest import patient

SHORT_RF = patient("03-short-rectus-femoris.json")


def statuses(rules, facts, **options):
    return rules.evaluate(facts, **options).statuses


@pytest.mark.parametrize("container", [set, frozenset, list, tuple, np.array])
def test_sets_of_members_in_any_container(rules, container):
    # Two members: each is read as a view of its str, which a numpy array makes afresh.
    facts = dict(SHORT_RF, **{"history.red_flags": container(["fever", "night_pain"])})
    result = rules.evaluate(facts)
    as_json = rules.evaluate_json(
        '{"history.red_flags": ["fever", "night_pain"], "thomas.low_back_flat.left": true}')
    for flag in ("rf_fever", "rf_night_pain"):
        assert result.status(flag) == "fired"
        assert as_json.status(flag) == "fired"
    assert result.status("rf_weight_loss") == "not_applicable"


def test_empty_containers_are_empty_sets(rules):
    for empty in (set(), frozenset(), [], (), np.array([], dtype=object)):
        facts = dict(SHORT_RF, **{"history.red_flags": empty})
        assert statuses(rules, facts) == statuses(rules, SHORT_RF)


@pytest.mark.parametrize("knee", [64, 64.0, np.int64(64), np.int32(64), np.float64(64.0),
                                  np.float32(64.0), np.array(64), (64, "deg"),
                                  (np.int64(64), "deg"), {"value": 64, "unit": "deg"}])
def test_numbers_of_every_kind(rules, knee):
    facts = dict(SHORT_RF, **{"thomas.knee_flexion.left": knee})
    assert statuses(rules, facts) == statuses(rules, SHORT_RF)


def test_quantities_convert_units(rules):
    in_days = rules.evaluate({"history.symptom_weeks": (84, "day")}).explain().to_dict()
    in_weeks = rules.evaluate({"history.symptom_weeks": 12}).explain().to_dict()
    assert in_weeks["conclusions"] == in_days["conclusions"]
    with pytest.raises(ilio.FactsError, match="is a unit of"):
        rules.evaluate({"thomas.knee_flexion.left": (6, "week")})
    with pytest.raises(ilio.FactsError, match="outside its declared range"):
        rules.evaluate({"history.symptom_weeks": (1100, "week")})  # > 1040 weeks


@pytest.mark.parametrize("flat", [True, np.bool_(True)])
def test_bools_of_every_kind(rules, flat):
    facts = dict(SHORT_RF, **{"thomas.low_back_flat.left": flat})
    assert statuses(rules, facts) == statuses(rules, SHORT_RF)


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, np.float32("nan"), pd.NA,
                                     pd.NaT, (float("nan"), "deg")])
def test_missing_values_are_unknown_or_rejected(rules, missing):
    without = {k: v for k, v in SHORT_RF.items() if k != "thomas.knee_flexion.left"}
    facts = dict(SHORT_RF, **{"thomas.knee_flexion.left": missing})
    assert statuses(rules, facts) == statuses(rules, without)
    assert "thomas.knee_flexion.left" in rules.evaluate(facts).needed
    with pytest.raises(ilio.FactsError) as error:
        rules.evaluate(facts, missing="reject")
    problem, = error.value.problems
    assert problem.fact == "thomas.knee_flexion.left" and "missing" in problem.message
    assert problem.where == "/thomas.knee_flexion.left"


def test_missing_in_a_bool_or_enum_fact_is_unknown_too(rules):
    for fact in ("thomas.low_back_flat.left", "thomas.pain.left", "history.red_flags"):
        facts = dict(SHORT_RF, **{fact: float("nan")})
        assert fact not in [w.fact for w in rules.evaluate(facts, lenient=True).warnings]
        assert rules.evaluate(facts).statuses == rules.evaluate(
            {k: v for k, v in SHORT_RF.items() if k != fact}).statuses


def test_the_missing_option_is_checked(rules):
    with pytest.raises(ValueError, match="missing must be"):
        rules.evaluate({}, missing="drop")


BAD_VALUES = [
    ("thomas.knee_flexion.left", "sixty", "is a number fact"),
    ("thomas.knee_flexion.left", True, "is a number fact"),
    ("thomas.knee_flexion.left", np.bool_(False), "is a number fact"),
    ("thomas.knee_flexion.left", 500, "outside its declared range"),
    ("thomas.knee_flexion.left", float("inf"), "finite"),
    ("thomas.knee_flexion.left", 10 ** 400, "too large"),
    ("thomas.knee_flexion.left", (64, "furlong"), "unknown unit"),
    ("thomas.knee_flexion.left", (64, 3), "a quantity is written"),
    ("thomas.knee_flexion.left", {"value": "x", "unit": "deg"}, "a quantity is written"),
    ("thomas.knee_flexion.left", [64], "is a number fact"),
    ("history.symptom_weeks", 2.5, "whole number"),
    ("thomas.low_back_flat.left", 1, "is a bool fact"),
    ("thomas.low_back_flat.left", "yes", "is a bool fact"),
    ("thomas.pain.left", "elbow", "is not a value of"),
    ("thomas.pain.left", 3, "is a one-of fact"),
    ("thomas.pain.left", {"hip"}, "is a one-of fact"),
    ("history.red_flags", "fever", "is a set-of fact"),
    ("history.red_flags", {"flu"}, "is not a value of"),
    ("history.red_flags", [1, 2], "list of names"),
    ("history.red_flags", object(), "cannot be a object"),
]


@pytest.mark.parametrize("fact,value,reason", BAD_VALUES)
def test_bad_values_are_reported_with_fact_value_and_reason(rules, fact, value, reason):
    with pytest.raises(ilio.FactsError) as error:
        rules.evaluate({fact: value})
    problem, = error.value.problems
    assert (problem.fact, problem.where, problem.record) == (fact, "/" + fact, None)
    assert reason in problem.message, problem.message
    assert problem.value == repr(value)[:80] or problem.value.endswith("...")
    assert fact in str(error.value)


def test_every_bad_value_is_reported_at_once_and_lenient_keeps_the_rest(rules):
    facts = dict(SHORT_RF, **{f: v for f, v, _ in BAD_VALUES[:1] + BAD_VALUES[12:14]})
    with pytest.raises(ilio.FactsError) as error:
        rules.evaluate(facts)
    assert len(error.value.problems) == 3
    result = rules.evaluate(facts, lenient=True)
    assert len(result.warnings) == 3
    assert result.status("rectus_femoris_short.left") == "unknown"  # the knee value was dropped


def test_records_and_names_must_be_the_right_kind(rules):
    with pytest.raises(ilio.FactsError, match="mapping"):
        rules.evaluate([("thomas.knee_flexion.left", 64)])
    with pytest.raises(ilio.FactsError, match="fact names are strings"):
        rules.evaluate({3: 64})
    with pytest.raises(ilio.FactsError, match="unknown fact `thomas.knee`"):
        rules.evaluate({"thomas.knee": 64})


def test_a_pandas_row_is_a_record(rules):
    frame = pd.DataFrame([SHORT_RF, dict(SHORT_RF, **{"thomas.knee_flexion.left": None})])
    first, second = (rules.evaluate(row) for _, row in frame.iterrows())
    assert first.statuses == statuses(rules, SHORT_RF)
    assert second.status("rectus_femoris_short.left") == "unknown"


def test_records_that_share_their_key_objects_are_read_by_name_in_any_order(rules):
    # A dict filled again and a DataFrame's rows have the very same key objects record after
    # record, which the reader remembers by their place in the record: the same key at
    # another place, or another key at a remembered place, must still be read by its name.
    left, right = "thomas.knee_flexion.left", "thomas.knee_flexion.right"
    for first, second in ((40, 64), (64, 40), (52, 52)):
        as_json = rules.evaluate_json(f'{{"{left}": {first}, "{right}": {second}}}').statuses
        assert statuses(rules, {left: first, right: second}) == as_json
        assert statuses(rules, {right: second, left: first}) == as_json  # places swapped
        assert statuses(rules, {left: first, right: second}) == as_json
    assert statuses(rules, {"thomas.pain.left": "hip", left: 40}) == rules.evaluate_json(
        f'{{"thomas.pain.left": "hip", "{left}": 40}}').statuses
    with pytest.raises(ilio.FactsError, match="unknown fact `thomas.knee`"):
        rules.evaluate({left: 40, "thomas.knee": 64})


def test_a_new_key_where_a_freed_one_was_is_read_by_its_name(rules):
    # Names of the same length, made afresh each time: a freed str's memory is soon given to
    # the next, so only a key the reader itself keeps alive can be told apart by its address.
    for _ in range(200):
        distraction = "".join(["si.", "distraction"])
        assert "si.distraction" not in rules.evaluate({distraction: True}).needed
        del distraction
        compression = "".join(["si.", "compression"])
        needed = rules.evaluate({compression: True}).needed
        assert "si.compression" not in needed and "si.distraction" in needed
        del compression
