"""Errors and findings about a dataset: what broke the contract, where, and examples.

Each finding is worded in English (the library's language, kept in reports) and in Swedish
(what the Swedish CLI shows); table and column names are the contract's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Language = Literal["en", "sv"]
# How a finding with rows reads: rows, then the rule, then the first values.
_ROWS = {"en": ("1 row", "{} rows", "first"), "sv": ("1 rad", "{} rader", "först")}
_HEADING = {
    "en": "the dataset breaks the care-data contract:",
    "sv": "datasetet bryter mot kontraktet för vårddata:",
}


@dataclass(frozen=True)
class Violation:
    """``rows`` rows of ``table`` break ``rule`` in ``column``; ``examples``: the first values.

    ``rule`` is the English wording, ``rule_sv`` the Swedish (the English when not given).
    """

    table: str
    column: str | None
    rule: str
    rows: int
    examples: tuple[Any, ...]
    rule_sv: str = ""

    def describe(self, language: Language = "en") -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        rule = (self.rule_sv or self.rule) if language == "sv" else self.rule
        if not self.rows:
            return f"{where}: {rule}"
        one, many, first = _ROWS[language]
        shown = ", ".join(shown_value(value) for value in self.examples)
        rows = one if self.rows == 1 else many.format(self.rows)
        return f"{where}: {rows} {rule} ({first}: {shown})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "column": self.column,
            "rule": self.rule,
            "rule_sv": self.rule_sv or self.rule,
            "rows": self.rows,
            "examples": [str(value) for value in self.examples],
        }


def shown_value(value: Any) -> str:
    """Return ``value`` as its user wrote it: text quoted (so blanks show), a date as
    2024-05-01, an empty value as null."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class EngineError(ValueError):
    """A run the engine cannot make, worded in English (the message) and in Swedish."""

    def __init__(self, message: str, swedish: str) -> None:
        super().__init__(message)
        self.swedish = swedish

    def describe(self, language: Language = "en") -> str:
        return self.swedish if language == "sv" else str(self)


class Stopped(EngineError):
    """The caller stopped the run: its ``progress`` callback raised this (a time limit, say).
    Nothing of the run is stored."""


class DatasetError(ValueError):
    """The dataset breaks the care-data contract; the message lists every violation found."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__(self.describe())

    def describe(self, language: Language = "en") -> str:
        """Return the message in ``language``: a heading, then a line per violation."""
        lines = "\n".join(f"  - {found.describe(language)}" for found in self.violations)
        return f"{_HEADING[language]}\n{lines}"
