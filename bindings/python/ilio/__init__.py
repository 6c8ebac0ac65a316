"""ilio: a rule-based clinical decision engine.

    import ilio
    rules = ilio.load("rules/psoas_release.ilio")
    result = rules.evaluate({"thomas.low_back_flat.left": True, "thomas.knee_flexion.left": 65})
    result.status("rectus_femoris_short")   # 'fired'
    print(result.explain().text())

Many patients: rules.evaluate_many(records) on every core, rules.evaluate_frame(dataframe) for
pandas; see docs/python.md.
"""

import typing as _t
import warnings as _warnings

from . import _core
from ._core import (Audit, ConclusionInfo, ConclusionResult, CriterionInfo, Diagnostic,
                    DiagnosticNote, Explanation, FactInfo, FactProblem, ParameterInfo, Result,
                    RuleSet, StepInfo, StepResult, engine_version)
from ._errors import CompileError, FactsError, RulesWarning

__all__ = ["Audit", "CompileError", "ConclusionInfo", "ConclusionResult", "CriterionInfo",
           "Diagnostic", "DiagnosticNote", "Explanation", "FactInfo", "FactProblem",
           "FactsError", "ParameterInfo", "Result", "RuleSet", "RulesWarning", "STATUSES",
           "StepInfo", "StepResult", "compile", "engine_version", "evaluate", "load"]

#: The statuses of a conclusion, in the order of evaluate_frame's categories. A rule set with
#: populations gives "out_of_population" to a patient its rule says nothing about.
STATUSES: _t.Tuple[str, ...] = ("fired", "not_applicable", "unknown", "withheld",
                                "out_of_population")


def _warn(compiled: _t.Tuple[RuleSet, _t.List[Diagnostic]]) -> RuleSet:
    rules, warnings = compiled
    for diagnostic in warnings:
        _warnings.warn(str(diagnostic), RulesWarning, stacklevel=3)
    return rules


def compile(text: str, file_name: str = "<input>",
            overrides: _t.Mapping[str, str] = {}) -> RuleSet:
    """Compiles rules text. Raises CompileError with every diagnostic; warnings are issued as
    RulesWarning. `overrides` sets parameters, e.g. {"knee_normal": "75 deg"}."""
    return _warn(_core.compile(text, file_name, dict(overrides)))


def load(path: str, overrides: _t.Mapping[str, str] = {}) -> RuleSet:
    """Loads and compiles a rules file. Raises CompileError with every diagnostic; warnings are
    issued as RulesWarning. `overrides` sets parameters, e.g. {"knee_normal": "75 deg"}."""
    return _warn(_core.load(str(path), dict(overrides)))


def evaluate(rules: RuleSet, facts: _t.Mapping[str, _t.Any], lenient: bool = False,
             missing: str = "unknown") -> Result:
    """The same as rules.evaluate(facts, lenient, missing)."""
    return rules.evaluate(facts, lenient, missing)
