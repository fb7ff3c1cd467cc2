"""Every backend gives DuckDB's table, to the last digit: all 16 indicators of the world, and
an incremental run of the trickiest kinds of measure."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from benchmarks.truncate import keep_earlier_files, truncate

from fardplan.engine import Run, compute, dataset, extension
from fardplan.engine.backends import connect
from fardplan.synth import generate
from tests.engine.engines import Engine
from tests.engine.world import as_of

# The trickiest kinds of measure, for the incremental runs (the JVM's share of CI stays small).
COVERING = [
    "readmission_30d_65",  # events over events, derived readmission flag, months
    "continuity_coc",  # continuity index, decimal sums
    "home_health_care_65",  # intervals
    "mental_ill_health_0_17",  # persons with events, any_of, unit kind
    "avoidable_admissions_std",  # age-standardised value
]


def on_spark(data: Path, spark: Any, **options: Any) -> Run:
    """Return the run of the ``COVERING`` indicators on ``data`` with PySpark."""
    return Engine("pyspark", spark).compute(data, indicator_ids=COVERING, **options)


def test_each_backend_gives_duckdbs_table_to_the_last_digit(
    world_on: Run, engine: Engine, world_dir: Path
) -> None:
    # All 16 computed indicators of the world, with their suppression flags.
    assert world_on.backend == engine.name
    expected = compute(world_dir)
    assert len(set(expected.results["indicator_id"].to_pylist())) == 16
    assert world_on.results.schema == expected.results.schema
    assert world_on.results.equals(expected.results)
    assert world_on.report == expected.report


def test_each_backend_keeps_and_extends_a_runs_sums(tmp_path: Path, engine: Engine) -> None:
    # Spark writes a folder of parts per Parquet file; the state links and reads those too.
    march = engine.compute(
        as_of(date(2024, 3, 31), tmp_path / "march"),
        indicator_ids=COVERING,
        keep_state=tmp_path / "state",
    )
    april = as_of(date(2024, 4, 30), tmp_path / "april")
    grown = engine.compute(
        april,
        indicator_ids=COVERING,
        previous=march.results,
        previous_state=march.state,
        keep_state=tmp_path / "state-april",
    )
    assert grown.extended == ("admissions", "contacts")
    assert grown.results.equals(compute(april, indicator_ids=COVERING).results)


def test_each_backend_reads_only_the_new_monthly_files(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A register that delivers a file a month (contacts/2024-03.parquet, …): the files a
    # stored run read, unchanged, need not be read again.
    year, march, may = tmp_path / "2024", tmp_path / "march", tmp_path / "may"
    generate(year, counties=["24"], years=[2024], scale=0.01, seed=11)
    truncate(year, march, date(2024, 3, 31), monthly=True)
    truncate(year, may, date(2024, 5, 31), monthly=True)
    keep_earlier_files(march / "contacts", may / "contacts")
    stored = engine.compute(march, indicator_ids=COVERING, keep_state=tmp_path / "state")
    opened: list[object] = []
    real = dataset.open_table

    def watched(con: Any, table: str, source: Any) -> Any:
        opened.append(source)
        return real(con, table, source)

    monkeypatch.setattr(extension, "open_table", watched)
    grown = engine.compute(
        may, indicator_ids=COVERING, previous=stored.results, previous_state=stored.state
    )
    assert opened == [[str(may / "contacts" / f"2024-0{month}.parquet") for month in (4, 5)]]
    assert "contacts" in grown.extended
    assert grown.results.equals(compute(may, indicator_ids=COVERING).results)


def test_it_names_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown backend 'polars'"):
        connect("polars")  # type: ignore[arg-type]
