"""Checks for free text that people type or import (titles, descriptions, progress notes).

Färdplan is a platform for pseudonymised health data: a personal identity number must never be
stored in a plan, so text that holds one is refused, as is text with invisible control
characters (which exports cannot write) or more characters than a field should hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# A description or progress note: about four pages of text. Longer texts belong in a document.
LONG_TEXT_MAX_LENGTH = 10_000

# C0 and C1 control characters except tab, LF, CR and NEL (line breaks), DEL, UTF-16
# surrogates and Unicode's noncharacters (U+FDD0–U+FDEF and the last two of every plane,
# U+FFFE, U+FFFF, …): invisible, refused by XML (so by XLSX) and by PostgreSQL (NUL).
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
    )
    + "]"
)

# YYMMDD-NNNC, YYMMDD+NNNC (a + for people aged 100 or more), YYYYMMDD-NNNC, YYYYMMDDNNNC,
# not inside a longer run of digits.
_PERSONAL_NUMBER = re.compile(
    r"(?<![0-9])(?:(?P<century>[0-9]{2})?(?P<date>[0-9]{6})(?P<sep>[-+])"
    r"|(?P<century12>[0-9]{2})(?P<date12>[0-9]{6}))(?P<serial>[0-9]{4})(?![0-9])"
)
# A samordningsnummer (coordination number) adds 60 to the day of birth.
COORDINATION_DAY_OFFSET = 60


class Problem(StrEnum):
    """Why a text is refused."""

    CONTROL_CHARACTER = "control_character"
    PERSONAL_NUMBER = "personal_number"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Finding:
    """A reason to refuse a text. ``position`` counts characters from 0; ``detail`` is the
    control character as ``U+000B``, or the maximum length. A personal number is never quoted,
    so that it does not reach a page or a log again."""

    problem: Problem
    position: int
    detail: str = ""


def control_character(text: str) -> str | None:
    """Return the first control character of ``text`` (other than tab and line breaks) as
    ``U+000B``, or None if it has none."""
    found = _CONTROL.search(text)
    return _code(found.group()) if found else None


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"


def luhn_valid(digits: str) -> bool:
    """Return whether the last digit of ``digits`` is the Luhn check digit of the others."""
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_birth_date(century: str | None, yymmdd: str) -> bool:
    """Return whether ``yymmdd`` is a date of birth, or one with 60 added to the day. Without
    the century, a date valid in any of the last three centuries counts (29 February)."""
    year, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if day > COORDINATION_DAY_OFFSET:
        day -= COORDINATION_DAY_OFFSET
    centuries = [int(century)] if century else [18, 19, 20]
    for hundreds in centuries:
        try:
            date(hundreds * 100 + year, month, day)
        except ValueError:
            continue
        return True
    return False


def find_personal_number(text: str) -> int | None:
    """Return where the first personnummer or samordningsnummer of ``text`` starts (a valid
    date of birth, or day + 60, and a valid Luhn check digit), or None if it holds none."""
    for match in _PERSONAL_NUMBER.finditer(text):
        century = match.group("century") or match.group("century12")
        yymmdd = match.group("date") or match.group("date12")
        serial = match.group("serial")
        if _valid_birth_date(century, yymmdd) and luhn_valid(yymmdd + serial):
            return match.start()
    return None


def check(text: str, max_length: int | None = LONG_TEXT_MAX_LENGTH) -> Finding | None:
    """Return the first reason to refuse ``text`` (too long, a control character, a personal
    identity number), or None when it may be stored. ``max_length=None`` checks no length."""
    if max_length is not None and len(text) > max_length:
        return Finding(Problem.TOO_LONG, max_length, str(max_length))
    control = _CONTROL.search(text)
    if control is not None:
        return Finding(Problem.CONTROL_CHARACTER, control.start(), _code(control.group()))
    position = find_personal_number(text)
    if position is not None:
        return Finding(Problem.PERSONAL_NUMBER, position)
    return None


def describe(finding: Finding) -> str:
    """Return the finding as an English sentence, for files read outside the web app."""
    if finding.problem is Problem.TOO_LONG:
        return f"is longer than {finding.detail} characters"
    if finding.problem is Problem.CONTROL_CHARACTER:
        return f"contains the control character {finding.detail}"
    return (
        f"contains what looks like a personal identity number (personnummer or "
        f"samordningsnummer) at character {finding.position + 1}: Färdplan holds "
        f"pseudonymised data only, so remove it"
    )
