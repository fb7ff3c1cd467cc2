"""DuckDB and PySpark give the same table, to the last digit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from benchmarks.truncate import keep_earlier_files, truncate

from fardplan.engine import Run, compute, dataset, extension
from fardplan.engine.backends import connect
from fardplan.synth import generate
from tests.engine.world import as_of

# The trickiest kinds of measure, to keep the JVM's share of CI small.
COVERING = [
    "readmission_30d_65",  # events over events, derived readmission flag, months
    "continuity_coc",  # continuity index, decimal sums
    "home_health_care_65",  # intervals
    "mental_ill_health_0_17",  # persons with events, any_of, unit kind
    "avoidable_admissions_std",  # age-standardised value
]


def on_spark(data: Path, spark: Any, **options: Any) -> Run:
    """Return the run of the ``COVERING`` indicators on ``data`` with PySpark."""
    return compute(data, con=connect("pyspark", session=spark), indicator_ids=COVERING, **options)


@pytest.mark.spark
def test_it_gives_identical_results_on_duckdb_and_pyspark(world_dir: Path, spark: Any) -> None:
    on_duckdb = compute(world_dir, indicator_ids=COVERING)
    with_spark = on_spark(world_dir, spark)
    assert with_spark.backend == "pyspark"
    assert with_spark.results.schema == on_duckdb.results.schema
    assert with_spark.results.equals(on_duckdb.results)


@pytest.mark.spark
def test_pyspark_keeps_and_extends_a_runs_sums(tmp_path: Path, spark: Any) -> None:
    # Spark writes a folder of parts per Parquet file; the state links and reads those too.
    march = on_spark(
        as_of(date(2024, 3, 31), tmp_path / "march"), spark, keep_state=tmp_path / "state"
    )
    april = as_of(date(2024, 4, 30), tmp_path / "april")
    grown = on_spark(
        april,
        spark,
        previous=march.results,
        previous_state=march.state,
        keep_state=tmp_path / "state-april",
    )
    assert grown.extended == ("admissions", "contacts")
    assert grown.results.equals(compute(april, indicator_ids=COVERING).results)


@pytest.mark.spark
def test_pyspark_reads_only_the_new_monthly_files(
    tmp_path: Path, spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A register that delivers a file a month (contacts/2024-03.parquet, …): the files a
    # stored run read, unchanged, need not be read again, on Spark as on DuckDB.
    year, march, may = tmp_path / "2024", tmp_path / "march", tmp_path / "may"
    generate(year, counties=["24"], years=[2024], scale=0.01, seed=11)
    truncate(year, march, date(2024, 3, 31), monthly=True)
    truncate(year, may, date(2024, 5, 31), monthly=True)
    keep_earlier_files(march / "contacts", may / "contacts")
    stored = on_spark(march, spark, keep_state=tmp_path / "state")
    opened: list[object] = []
    real = dataset.open_table

    def watched(con: Any, table: str, source: Any) -> Any:
        opened.append(source)
        return real(con, table, source)

    monkeypatch.setattr(extension, "open_table", watched)
    grown = on_spark(may, spark, previous=stored.results, previous_state=stored.state)
    assert opened == [[str(may / "contacts" / f"2024-0{month}.parquet") for month in (4, 5)]]
    assert "contacts" in grown.extended
    assert grown.results.equals(compute(may, indicator_ids=COVERING).results)


def test_it_names_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown backend 'polars'"):
        connect("polars")  # type: ignore[arg-type]
