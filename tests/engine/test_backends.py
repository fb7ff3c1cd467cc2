"""DuckDB and PySpark give the same table, to the last digit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fardplan.engine import compute
from fardplan.engine.backends import connect

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


def test_it_names_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown backend 'polars'"):
        connect("polars")  # type: ignore[arg-type]
