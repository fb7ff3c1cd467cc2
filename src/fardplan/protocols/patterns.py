"""The words of a Swedish protocol that several steps look for: dates, deciding bodies, diary
numbers, parties.

Every repetition is bounded (``{0,40}``, not ``*``) and every word pattern starts at a word
boundary, so that a hostile line of a million characters costs a linear scan, never Python's
backtracking over every split of it.
"""

from __future__ import annotations

import re
from datetime import date


def words(text: str) -> frozenset[str]:
    """The words of ``text``: a set of words written as one string."""
    return frozenset(text.split())


_MONTH_NAMES = (
    "januari februari mars april maj juni juli augusti september oktober november december"
)
MONTHS = tuple(_MONTH_NAMES.split())
_MONTH = "|".join(MONTHS)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
LONG_DATE = re.compile(rf"\b(\d{{1,2}})\s{{1,3}}({_MONTH})\s{{1,3}}(\d{{4}})\b", re.IGNORECASE)
DATE = rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s{{1,3}}(?:{_MONTH})\s{{1,3}}\d{{4}})"


def dates_in(text: str) -> list[date]:
    """Return the real calendar dates written in ``text`` as 2021-01-25 or 25 januari 2021,
    in the order they stand (an impossible date such as 2021-02-30 is left out)."""
    found: list[tuple[int, date]] = []
    for match in ISO_DATE.finditer(text):
        found.extend(_dated(match.start(), match[1], match[2], match[3]))
    for match in LONG_DATE.finditer(text):
        month = MONTHS.index(match[2].lower()) + 1
        found.extend(_dated(match.start(), match[3], str(month), match[1]))
    return [day for _, day in sorted(found, key=lambda pair: pair[0])]


def _dated(position: int, year: str, month: str, day: str) -> list[tuple[int, date]]:
    try:
        return [(position, date(int(year), int(month), int(day)))]
    except ValueError:
        return []


# A deciding body is named by a word ending in one of these (in any case, with a genitive s):
# Regionstyrelsen, Hälso- och sjukvårdsnämndens, Kommunfullmäktige, arbetsutskottet, …
_BODY_END = (
    r"(?:nämnd(?:en)?|styrelse(?:n)?|fullmäktige|beredning(?:en)?|utskott(?:et)?|direktion(?:en)?)"
)
_PAIR = r"(?:\w{1,30}-\s{1,2}(?:och|eller)\s{1,2})?"  # the "Hälso- och " of a paired name
_GENITIVE = re.compile(rf"{_BODY_END}s$", re.IGNORECASE)
BODY_WORD = re.compile(rf"\b{_PAIR}[\w-]{{0,40}}?{_BODY_END}s?\b", re.IGNORECASE)
JOINT_WORDS = ("polsam", "social-reko", "samverkansberedning", "samverkansnämnd", "gemensam")
BODY_HINTS = re.compile(r"\b(?:polsams?|social-reko)\b", re.IGNORECASE)


def names_a_body(text: str) -> bool:
    """True when ``text`` names a deciding body (a board, council, committee, Polsam)."""
    return bool(BODY_WORD.search(text) or BODY_HINTS.search(text))


def nominative(name: str) -> str:
    """Return a body's name out of the genitive (``Regionstyrelsens`` → ``Regionstyrelsen``,
    ``Kommunfullmäktiges`` → ``Kommunfullmäktige``), its first letter capital."""
    name = " ".join(name.split())
    if _GENITIVE.search(name) or name.lower().endswith("polsams"):
        name = name[:-1]
    return name[:1].upper() + name[1:]


# Diary numbers as the bodies write them: 995-2022, RS 909-2023, KS/2020:527, KS 2023/145,
# HSN 2023/12, 2021/00123-1.1. A year (19xx or 20xx) is always part of one.
_NUMBER = r"(?:[A-ZÅÄÖ]{1,6}(?:\s{1,2}|/|-)?)?\d{1,6}(?:[-/:.]\d{1,6}){1,3}"
DIARY_NUMBER = re.compile(rf"\b{_NUMBER}\b")
DIARY_LABEL = re.compile(
    r"\b(?:dnr|d\.nr|diarienr|diarienummer|ärendenr|ärendenummer)\.?\s{0,3}:?\s{0,3}"
    rf"(?P<number>{_NUMBER})\b",
    re.IGNORECASE,
)


def is_diary_number(text: str) -> bool:
    """True for a diary number: it holds a year and is not a date."""
    return bool(re.search(r"(?:19|20)\d\d", text)) and not ISO_DATE.search(text)


PARAGRAPH_LINE = re.compile(
    r"^(?:[A-ZÅÄÖ]{1,6}\s{0,3})?§\s{0,3}(?P<number>\d{1,4})\b\s{0,3}(?P<rest>.*)$"
)

PARTIES = {
    "socialdemokraterna": "S",
    "moderaterna": "M",
    "sverigedemokraterna": "SD",
    "centerpartiet": "C",
    "vänsterpartiet": "V",
    "kristdemokraterna": "KD",
    "liberalerna": "L",
    "miljöpartiet": "MP",
}
PARTY_ABBREVIATIONS = frozenset(PARTIES.values())
PARTY_IN_PARENTHESES = re.compile(r"\(([A-ZÅÄÖ]{1,4})\)")
