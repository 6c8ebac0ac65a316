"""A synthetic cohort for any rule set: one column per declared fact, values drawn from each
fact's declaration (range, members), some missing. For demonstrations and tests; it says
nothing about real patients."""

from typing import Any, List

import numpy as np
import pandas as pd

import ilio


def cohort(rules: ilio.RuleSet, patients: int, seed: int = 0,
           missing: float = 0.15) -> pd.DataFrame:
    """`patients` rows indexed patient_id from `seed * patients`; each value is missing (None)
    with probability `missing`. Deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    index = pd.RangeIndex(seed * patients, (seed + 1) * patients, name="patient_id")
    columns = {}
    for fact in rules.facts:
        values: List[Any]
        if fact.type in ("number", "integer"):
            low = fact.minimum if fact.minimum is not None else -100.0
            high = fact.maximum if fact.maximum is not None else 100.0
            numbers = rng.uniform(low, high, patients)
            if fact.type == "integer":
                numbers = np.round(numbers)
            values = [float(v) for v in numbers]
        elif fact.type == "bool":
            values = [bool(v) for v in rng.random(patients) < 0.3]
        elif fact.type == "one-of":
            values = [fact.members[i] for i in rng.integers(0, len(fact.members), patients)]
        else:  # set-of: each member present with probability 0.1
            chosen = rng.random((patients, len(fact.members))) < 0.1
            values = [frozenset(m for m, c in zip(fact.members, row) if c) for row in chosen]
        absent = rng.random(patients) < missing
        numeric = fact.type in ("number", "integer")
        columns[fact.name] = pd.Series([None if a else v for a, v in zip(absent, values)],
                                       dtype="float64" if numeric else object, index=index)
    return pd.DataFrame(columns, index=index)
