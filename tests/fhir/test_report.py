"""Every reason the import can give for a line it could not map has its Swedish wording."""

from __future__ import annotations

import re
from pathlib import Path

import fardplan.fhir
from fardplan.fhir.report import SWEDISH, in_swedish

PATTERNS = (
    r'Unmapped\(\s*"([^"]+)"',  # mapping's refusals
    r'Line\(number, None, "([^"]+)"',  # the reader's
    r'report\.add\([^,]+, "([^"]+)"',  # the importer's
    r"'([a-zA-Z][^']*)' AS _reason",  # resolve's SQL
    r"THEN '([a-zA-Z][^']*)' (?:ELSE _reason|END|WHEN)",  # its checks (not the details)
    r'"(missing reference)"',
)


def reasons_in_the_code() -> set[str]:
    found: set[str] = set()
    for file in Path(fardplan.fhir.__file__).parent.glob("*.py"):
        text = file.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            found |= set(re.findall(pattern, text))
    return found


def test_every_reason_has_its_swedish_wording() -> None:
    reasons = reasons_in_the_code()
    assert len(reasons) >= 18  # the patterns still find them
    assert sorted(reasons - SWEDISH.keys()) == []


def test_an_unknown_reason_is_shown_as_it_is() -> None:
    assert in_swedish("not JSON") == "inte JSON"
    assert in_swedish("something new") == "something new"
