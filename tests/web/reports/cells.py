"""A hand-written run for the report tests: avoidable admissions (per 100 000, lower is
better) in Region Norrbotten ("0025"), Luleå ("2580") and Sweden ("0000"), monthly from
2023-01 to 2024-12 and yearly, with Luleå's August 2024 suppressed (3 admissions: too few)."""

from __future__ import annotations

from fardplan.engine import Run
from tests.web.followup.runs import LULEA, REGION, hand_run

AA = "avoidable_admissions"
POPULATION = {REGION: 250_000, LULEA: 80_000, "0000": 10_000_000}
LEVEL = {REGION: 50, LULEA: 16, "0000": 1_800}


def _cell(
    area: str, period: str, numerator: int, *, suppressed: bool = False
) -> tuple[object, ...]:
    denominator = POPULATION[area]
    value = numerator / denominator * 100_000
    return (AA, period, area, "T", "all", numerator, denominator, value, suppressed)


def cells(shift: int = 0) -> list[tuple[object, ...]]:
    """Return the run's cells; ``shift`` adds to every month's count (a later run)."""
    found = []
    for area, level in LEVEL.items():
        for year in (2023, 2024):
            total = 0
            for month in range(1, 13):
                # 2024 lower than 2023 from May on: an improvement that the chart sees.
                numerator = level + shift + (2 if month % 2 else -2)
                if year == 2024 and month >= 5:
                    numerator -= level // 4
                total += numerator
                hidden = area == LULEA and year == 2024 and month == 8
                if hidden:
                    numerator = 3  # under the primary rule's limit
                found.append(_cell(area, f"{year}-{month:02d}", numerator, suppressed=hidden))
            found.append(_cell(area, str(year), total))
    return found


def norrbotten_run(shift: int = 0, run_id: str = "norrbotten") -> Run:
    return hand_run(cells(shift), run_id=run_id)
