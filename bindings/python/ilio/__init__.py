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

import warnings as _warnings

from . import _core
from ._core import (CompileError, ConclusionInfo, Evaluation, FactInfo, FactsError, RuleSet,
                    engine_version)

__all__ = ["CompileError", "ConclusionInfo", "Evaluation", "FactInfo", "FactsError", "RuleSet",
           "RulesWarning", "compile", "engine_version", "load", "evaluate"]


class RulesWarning(UserWarning):
    """A warning the checker gave about rules that compiled (e.g. W001: an unused fact)."""


def _warn(compiled):
    rules, warnings = compiled
    for text in warnings:
        _warnings.warn(text, RulesWarning, stacklevel=3)
    return rules


def compile(text: str, file_name: str = "<input>", overrides: Mapping[str, str] = {}) -> RuleSet:
    """Compiles rules text. Raises CompileError with every diagnostic; warnings are issued as
    RulesWarning."""
    return _warn(_core.compile(text, file_name, dict(overrides)))


def load(path: str, overrides: Mapping[str, str] = {}) -> RuleSet:
    """Loads and compiles a rules file. Raises CompileError with every diagnostic; warnings are
    issued as RulesWarning."""
    return _warn(_core.load(path, dict(overrides)))


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
    if isinstance(value, dict):  # {"value": nan, "unit": "cm"}
        return {k: _non_finite(v) for k, v in value.items()}
    return value


def _evaluate(self: RuleSet, facts: Mapping[str, Any], lenient: bool = False) -> Evaluation:
    return evaluate(self, facts, lenient)


RuleSet.evaluate = _evaluate
