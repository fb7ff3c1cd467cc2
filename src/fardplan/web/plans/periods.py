"""Follow-up periods are tertials ("2025-T1" = January–April, T2 = May–August,
T3 = September–December), the reporting rhythm of the regions' own follow-up."""

from __future__ import annotations

import re
from datetime import date

_PATTERN = re.compile(r"^(\d{4})-T([123])$")
_FIRST_MONTH = {1: 1, 2: 5, 3: 9}
_LAST_DAY = {1: (4, 30), 2: (8, 31), 3: (12, 31)}


def period_of(day: date) -> str:
    """Return the tertial that holds ``day``, e.g. ``"2025-T2"`` for 2025-05-01."""
    return f"{day.year}-T{(day.month - 1) // 4 + 1}"


def parse_period(text: str) -> tuple[int, int]:
    """Return (year, tertial) of a period such as ``"2025-T3"``.

    Raises ``ValueError`` naming the text when it is not a tertial (year 0000 is none: it has
    no days).
    """
    match = _PATTERN.match(text.strip())
    if match is None or int(match.group(1)) < 1:
        raise ValueError(f"{text!r} is not a follow-up period such as 2025-T1")
    return int(match.group(1)), int(match.group(2))


def period_bounds(period: str) -> tuple[date, date]:
    """Return the first and last day of the period (both inclusive)."""
    year, tertial = parse_period(period)
    month, day = _LAST_DAY[tertial]
    return date(year, _FIRST_MONTH[tertial], 1), date(year, month, day)


def previous_periods(today: date, count: int) -> list[str]:
    """Return ``count`` periods ending with the one holding ``today``, newest first."""
    year, tertial = parse_period(period_of(today))
    periods = []
    for _ in range(count):
        periods.append(f"{year}-T{tertial}")
        year, tertial = (year, tertial - 1) if tertial > 1 else (year - 1, 3)
    return periods
