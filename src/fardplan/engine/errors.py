"""Errors and findings about a dataset: what broke the contract, where, and examples."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Violation:
    """``rows`` rows of ``table`` break ``rule`` in ``column``; ``examples``: the first values."""

    table: str
    column: str | None
    rule: str
    rows: int
    examples: tuple[Any, ...]

    def describe(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        if not self.rows:
            return f"{where}: {self.rule}"
        shown = ", ".join(shown_value(value) for value in self.examples)
        rows = "1 row" if self.rows == 1 else f"{self.rows} rows"
        return f"{where}: {rows} {self.rule} (first: {shown})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "column": self.column,
            "rule": self.rule,
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


class DatasetError(ValueError):
    """The dataset breaks the care-data contract; the message lists every violation found."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        lines = "\n".join(f"  - {violation.describe()}" for violation in violations)
        super().__init__(f"the dataset breaks the care-data contract:\n{lines}")
