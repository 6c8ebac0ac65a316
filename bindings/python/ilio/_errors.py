"""The exceptions and warnings ilio raises, with their problems as structured objects."""

from typing import TYPE_CHECKING, List, Sequence, Tuple

if TYPE_CHECKING:
    from ._core import Diagnostic, FactProblem


class CompileError(ValueError):
    """Rules that do not compile. `diagnostics` lists every one (code, file, line, column,
    message, notes); str() renders them as `ilio check` does."""

    diagnostics: "List[Diagnostic]"

    def __init__(self, message: str, diagnostics: "Sequence[Diagnostic]" = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    def __reduce__(self) -> Tuple[type, Tuple[str, "List[Diagnostic]"]]:
        return (type(self), (str(self), self.diagnostics))


class FactsError(ValueError):
    """Invalid facts. `problems` lists every invalid value (FactProblem: record, where, fact,
    value, message); in a batch, `record` is the position of the record in the input."""

    problems: "List[FactProblem]"

    def __init__(self, message: str, problems: "Sequence[FactProblem]" = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)

    def __reduce__(self) -> Tuple[type, Tuple[str, "List[FactProblem]"]]:
        return (type(self), (str(self), self.problems))


class RulesWarning(UserWarning):
    """A warning the checker gave about rules that compiled (e.g. W001: an unused fact)."""
