"""The query layer: the current run read once, published, indexed by indicator and area."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from fardplan.engine.store import save_run
from fardplan.web.followup.query import Cell, Reason, published_run
from tests.web.followup.runs import LULEA, PITEA, REGION, hand_run

AA, SHARE = "avoidable_admissions", "primary_care_share"
CELLS = [
    # Luleå: two years and two months; March is small (primary), Piteå's protects it.
    (AA, "2023", LULEA, "T", "all", 40.0, 1000, 4000.0, False),
    (AA, "2024", LULEA, "T", "all", 30.0, 1000, 3000.0, False),
    (AA, "2024-02", LULEA, "T", "all", 12.0, 1000, 1200.0, False),
    (AA, "2024-03", LULEA, "T", "all", 3.0, 1000, 300.0, True),
    (AA, "2024-03", PITEA, "T", "all", 987.0, 5000, 19740.0, True),
    (AA, "2024", REGION, "T", "all", 60.0, 6000, 1000.0, False),
    # A share whose suppressed denominator would reveal its numerator.
    (SHARE, "2024", LULEA, "T", "all", 98.0, 100, 98.0, True),
]


def test_it_says_when_no_run_is_stored(store: Path) -> None:
    assert published_run() is None


def test_it_serves_published_cells_by_indicator_and_area(store: Path) -> None:
    save_run(hand_run(CELLS), store)
    run = published_run()
    assert run is not None and len(run) == len(CELLS)
    assert run.indicator_ids() == {AA, SHARE}
    assert run.areas(AA) == [REGION, LULEA, PITEA]
    series = run.series(AA, LULEA)
    assert [c.period for c in series.years] == ["2023", "2024"]
    assert series.months == (
        Cell("2024-02", "T", "all", 12.0, 1000.0, 1200.0, None),
        Cell("2024-03", "T", "all", None, 1000.0, None, Reason.FEW),
    )
    # Piteå's 987 is suppressed only so that Luleå's March cannot be derived from the region.
    assert run.cells(AA, PITEA) == [
        Cell("2024-03", "T", "all", None, 5000.0, None, Reason.PROTECTS_OTHER)
    ]
    assert run.cells(SHARE, LULEA) == [Cell("2024", "T", "all", None, None, None, Reason.FEW)]
    assert run.cells(AA, "2480") == []


def test_it_keeps_the_latest_year_and_the_one_before(store: Path) -> None:
    save_run(hand_run(CELLS), store)
    run = published_run()
    assert run is not None
    latest = run.latest_year(AA, LULEA)
    assert latest is not None
    assert (latest[0].period, latest[0].value) == ("2024", 3000.0)
    assert latest[1] is not None and latest[1].value == 4000.0
    region = run.latest_year(AA, REGION)
    assert region is not None and region[1] is None
    assert run.latest_year(AA, PITEA) is None  # a month only


def test_it_reads_the_store_again_only_when_a_new_run_is_saved(store: Path) -> None:
    first = hand_run(CELLS)
    save_run(first, store)
    run = published_run()
    assert published_run() is run
    later = dataclasses.replace(
        hand_run(CELLS[:2], run_id="second"), finished=first.finished + timedelta(seconds=1)
    )
    save_run(later, store)
    again = published_run()
    assert again is not None and again is not run
    assert again.info.run_id == "second" and len(again) == 2
