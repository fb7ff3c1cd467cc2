"""What an import could not map: counts per resource type and reason, with the first examples.

An example names the file and line and, where it helps, the value at fault; never a patient's
reference or identifier (a source may use a personnummer there), nor a value that holds one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXAMPLES = 5  # examples kept per resource type and reason

# The reasons in Swedish, for the command's table; the JSON report keeps the English phrases,
# stable for scripts. tests/fhir/test_report.py checks that every reason the code gives is here.
SWEDISH = {
    "line too long": "för lång rad",
    "not JSON": "inte JSON",
    "not a JSON object": "inte ett JSON-objekt",
    "nested too deeply": "för djupt nästlad",
    "unsupported resourceType": "resurstyp som inte stöds",
    "wrong resourceType for the file": "fel resurstyp för filen",
    "bad reference": "felaktig referens",
    "missing reference": "referens till en resurs som saknas",
    "holds a personal identity number": "innehåller ett personnummer",
    "malformed element": "felaktigt element",
    "missing code": "kod saknas",
    "missing element": "element saknas",
    "missing extension": "tillägg (extension) saknas",
    "missing identifier": "identifierare saknas",
    "not a full date": "inte ett fullständigt datum",
    "not an integer pseudonym": "inte en pseudonym i heltal",
    "unknown code": "okänd kod",
    "duplicate id": "dubblerat id",
    "duplicate key": "dubblerad nyckel",
    "not referenced by an Encounter": "inget Encounter hänvisar till den",
}


def in_swedish(reason: str) -> str:
    """Return the reason as the command prints it (the English phrase if it has no wording)."""
    return SWEDISH.get(reason, reason)


@dataclass(frozen=True)
class Example:
    file: str
    line: int
    detail: str = ""


@dataclass
class Entry:
    count: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass
class Report:
    """Unmapped lines by (resource type, reason); ``mapped`` counts rows per contract table."""

    unmapped: dict[tuple[str, str], Entry] = field(default_factory=dict)
    lines: int = 0
    mapped: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per pass: read, resolve

    def add(self, resource: str, reason: str, file: str, line: int, detail: str = "") -> None:
        entry = self.unmapped.setdefault((resource, reason), Entry())
        entry.count += 1
        if len(entry.examples) < EXAMPLES:
            entry.examples.append(Example(file, line, detail))

    def add_many(self, resource: str, reason: str, count: int, examples: list[Example]) -> None:
        entry = self.unmapped.setdefault((resource, reason), Entry())
        entry.count += count
        room = EXAMPLES - len(entry.examples)
        entry.examples.extend(examples[:room])

    @property
    def unmapped_count(self) -> int:
        return sum(entry.count for entry in self.unmapped.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "mapped": self.mapped,
            "seconds": {name: round(value, 2) for name, value in self.seconds.items()},
            "unmapped": [
                {
                    "resource": resource,
                    "reason": reason,
                    "count": entry.count,
                    "examples": [
                        {"file": e.file, "line": e.line, "detail": e.detail} for e in entry.examples
                    ],
                }
                for (resource, reason), entry in sorted(self.unmapped.items())
            ],
        }
