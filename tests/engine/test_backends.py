"""DuckDB and PySpark give the same table, to the last digit."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fardplan.engine import compute
from fardplan.engine.backends import connect
from tests.engine.world import as_of

# The trickiest kinds of measure, to keep the JVM's share of CI small.
COVERING = [
    "readmission_30d_65",  # events over events, derived readmission flag, months
    "continuity_coc",  # continuity index, decimal sums
    "home_health_care_65",  # intervals
    "mental_ill_health_0_17",  # persons with events, any_of, unit kind
]


@pytest.mark.spark
def test_it_gives_identical_results_on_duckdb_and_pyspark(world_dir: Path, spark: Any) -> None:
    on_duckdb = compute(world_dir, indicator_ids=COVERING)
    on_spark = compute(world_dir, con=connect("pyspark", session=spark), indicator_ids=COVERING)
    assert on_spark.backend == "pyspark"
    assert on_spark.results.schema == on_duckdb.results.schema
    assert on_spark.results.equals(on_duckdb.results)


@pytest.mark.spark
def test_pyspark_keeps_and_extends_a_runs_sums(tmp_path: Path, spark: Any) -> None:
    # Spark writes a folder of parts per Parquet file; the state links and reads those too.
    march = compute(
        as_of(date(2024, 3, 31), tmp_path / "march"),
        con=connect("pyspark", session=spark),
        indicator_ids=COVERING,
        keep_state=tmp_path / "state",
    )
    april = as_of(date(2024, 4, 30), tmp_path / "april")
    grown = compute(
        april,
        con=connect("pyspark", session=spark),
        indicator_ids=COVERING,
        previous=march.results,
        previous_state=march.state,
        keep_state=tmp_path / "state-april",
    )
    assert grown.extended == ("admissions", "contacts")
    assert grown.results.equals(compute(april, indicator_ids=COVERING).results)


def test_it_names_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown backend 'polars'"):
        connect("polars")  # type: ignore[arg-type]
