from typing import Dict, List, Optional, Tuple

engine_version: str

class CompileError(ValueError): ...
class FactsError(ValueError): ...

class FactInfo:
    name: str
    type: str
    unit: str
    minimum: Optional[float]
    maximum: Optional[float]
    members: List[str]
    description: str
    ask: str

class ConclusionInfo:
    name: str
    title: str
    kind: str
    severity: str
    cite: str
    dose: str

class Evaluation:
    def status(self, conclusion: str) -> str: ...
    @property
    def statuses(self) -> Dict[str, str]: ...
    @property
    def needed(self) -> List[str]: ...
    @property
    def warnings(self) -> List[str]: ...
    def explain(self, format: str = "json") -> str: ...

class RuleSet:
    name: str
    version: str
    title: str
    source_hash: str
    facts: List[FactInfo]
    conclusions: List[ConclusionInfo]
    def to_dot(self) -> str: ...
    def evaluate_json(self, facts_json: str, lenient: bool = False) -> Evaluation: ...
    # Added by the ilio package (__init__.py): evaluates a dict of facts.
    def evaluate(self, facts: Dict[str, object], lenient: bool = False) -> Evaluation: ...

def compile(text: str, file_name: str = "<input>",
            overrides: Dict[str, str] = ...) -> Tuple[RuleSet, List[str]]: ...
def load(path: str, overrides: Dict[str, str] = ...) -> Tuple[RuleSet, List[str]]: ...
