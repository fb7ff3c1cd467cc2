"""The periods a report covers: a tertial (``2024T2``: May–August, the plans' ``2024-T2``), a
half-year (``2024H1``: January–June) or a year (``2024``), as the principals' own cycle of
follow-up has them (tertialrapport, delårsrapport, årsredovisning)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from fardplan.web.plans import periods as plan_periods

FIRST_YEAR, LAST_YEAR = 2000, 2100
# "2024T2", "2024-T2" (as the plans write it), "2024 H1", "2024": the letter in either case.
_PATTERN = re.compile(r"^(\d{4})(?:[- ]?([TtHh])(\d))?$")
_MONTHS_IN = {"T": 4, "H": 6, "Y": 12}
_COUNT = {"T": 3, "H": 2}


class PeriodKind(StrEnum):
    TERTIAL = "T"
    HALF_YEAR = "H"
    YEAR = "Y"


class PeriodError(ValueError):
    """A text that is not a report period; the message says what was given and what is
    accepted, in the active language."""


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """A tertial (``number`` 1–3), a half-year (1–2) or a year (``number`` 0)."""

    year: int
    kind: PeriodKind
    number: int = 0

    @property
    def code(self) -> str:
        """Return the period as stored and typed: ``2024T2``, ``2024H1``, ``2024``."""
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        return f"{self.year}{self.kind.value}{self.number}"

    def __str__(self) -> str:
        return self.code

    @property
    def months(self) -> int:
        return _MONTHS_IN[self.kind.value]

    @property
    def first_month_number(self) -> int:
        return 1 if self.kind is PeriodKind.YEAR else (self.number - 1) * self.months + 1

    @property
    def first_month(self) -> str:
        """Return the first month as the run writes it: ``"2024-05"``."""
        return f"{self.year}-{self.first_month_number:02d}"

    @property
    def last_month(self) -> str:
        return f"{self.year}-{self.first_month_number + self.months - 1:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.first_month_number, 1)

    @property
    def last_day(self) -> date:
        return self.following().first_day - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def following(self) -> ReportPeriod:
        """Return the period of the same kind right after this one."""
        if self.kind is PeriodKind.YEAR or self.number == _COUNT[self.kind.value]:
            return ReportPeriod(self.year + 1, self.kind, self.number and 1)
        return ReportPeriod(self.year, self.kind, self.number + 1)

    def year_earlier(self) -> ReportPeriod:
        return ReportPeriod(self.year - 1, self.kind, self.number)

    @property
    def tertials(self) -> list[str]:
        """Return the plans' follow-up periods that overlap this one (``["2024-T2"]``; a
        half-year overlaps two: H2, July–December, is T2 and T3)."""
        first = (self.first_month_number - 1) // 4 + 1
        last = (self.first_month_number + self.months - 2) // 4 + 1
        return [f"{self.year}-T{n}" for n in range(first, last + 1)]

    def label(self) -> str:
        """Return the period in words, in the active language: "T2 2024 (maj–augusti)"."""
        span = (
            f"{MONTHS[self.first_month_number]}–{MONTHS[self.first_month_number + self.months - 1]}"
        )
        if self.kind is PeriodKind.TERTIAL:
            name = _("T%(number)s %(year)s") % {"number": self.number, "year": self.year}
        elif self.kind is PeriodKind.HALF_YEAR:
            name = _("H%(number)s %(year)s") % {"number": self.number, "year": self.year}
        else:
            name = _("The year %(year)s") % {"year": self.year}
        return f"{name} ({span})"


def parse_period(text: str) -> ReportPeriod:
    """Return the period ``text`` names: ``2024T2`` or ``2024-T2`` (a tertial), ``2024H1`` (a
    half-year), ``2024`` (a year); the letter in either case. Raises PeriodError naming the
    text (at most 20 characters of it) for anything else or a year outside 2000–2100."""
    match = _PATTERN.match(text.strip())
    if match is not None and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        year, letter, number = int(match.group(1)), match.group(2), match.group(3)
        if letter is None:
            return ReportPeriod(year, PeriodKind.YEAR)
        kind = PeriodKind(letter.upper())
        if 1 <= int(number) <= _COUNT[kind.value]:
            return ReportPeriod(year, kind, int(number))
    raise PeriodError(
        _("“%(text)s” is not a report period: write a tertial (2024T2), a half-year (2024H1) "
          "or a year (2024), between 2000 and 2100.") % {"text": text[:20]}
    )  # fmt: skip


def current_tertial(today: date) -> ReportPeriod:
    """Return the tertial that holds ``today`` (the plans' own rule)."""
    year, number = plan_periods.parse_period(plan_periods.period_of(today))
    return ReportPeriod(year, PeriodKind.TERTIAL, number)
