"""The exceptions and warnings ilio raises, with their problems as structured objects."""

import typing as _t

from . import _core


class CompileError(ValueError):
    """Rules that do not compile. `diagnostics` lists every one (code, file, line, column,
    message, notes); str() renders them as `ilio check` does."""

    diagnostics: _t.List[_core.Diagnostic]

    def __init__(self, message: str, diagnostics: _t.Sequence[_core.Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    def __reduce__(self) -> _t.Tuple[type, _t.Tuple[str, _t.List[_core.Diagnostic]]]:
        return (type(self), (str(self), self.diagnostics))


class FactsError(ValueError):
    """Invalid facts. `problems` lists every invalid value (FactProblem: record, where, fact,
    value, message); in a batch, `record` is the position of the record in the input."""

    problems: _t.List[_core.FactProblem]

    def __init__(self, message: str, problems: _t.Sequence[_core.FactProblem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __reduce__(self) -> _t.Tuple[type, _t.Tuple[str, _t.List[_core.FactProblem]]]:
        return (type(self), (str(self), self.problems))


class RulesWarning(UserWarning):
    """A warning the checker gave about rules that compiled (e.g. W001: an unused fact)."""
