"""ilio: a rule-based clinical decision engine.

    import ilio
    rules = ilio.load("rules/psoas_release.ilio")
    result = rules.evaluate({"thomas.low_back_flat": True, "thomas.knee_flexion": 65})
    result.status("rectus_femoris_short")   # 'fired'
    result.explain("text")
"""

import json as _json
import math as _math
from typing import Any, Mapping

from ._core import (CompileError, ConclusionInfo, Evaluation, FactInfo, FactsError, RuleSet,
                    compile, engine_version, load)

__all__ = ["CompileError", "ConclusionInfo", "Evaluation", "FactInfo", "FactsError", "RuleSet",
           "compile", "engine_version", "load", "evaluate"]


def evaluate(rules: RuleSet, facts: Mapping[str, Any], lenient: bool = False) -> Evaluation:
    """Evaluates one patient given as a dict (the same document `ilio eval` reads).

    Raises FactsError for invalid facts unless `lenient`, which drops each to unknown with a
    warning instead.
    """
    # JSON has no NaN or infinity; they travel as the strings the core reads as non-finite
    # numbers, so it reports them (or, lenient, drops them with a warning) like any bad value.
    encoded = {k: _non_finite(v) for k, v in facts.items()}
    return rules.evaluate_json(_json.dumps(encoded, allow_nan=False), lenient)


def _non_finite(value: Any) -> Any:
    if isinstance(value, float) and not _math.isfinite(value):
        return "NaN" if _math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _evaluate(self: RuleSet, facts: Mapping[str, Any], lenient: bool = False) -> Evaluation:
    return evaluate(self, facts, lenient)


RuleSet.evaluate = _evaluate
