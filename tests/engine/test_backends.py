"""DuckDB and PySpark give the same table, to the last digit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from fardplan.engine import compute
from fardplan.engine.backends import connect


@pytest.mark.spark
def test_it_gives_identical_results_on_duckdb_and_pyspark(
    world_dir: Path, results: pa.Table, spark: Any
) -> None:
    on_spark = compute(world_dir, con=connect("pyspark", session=spark))
    assert on_spark.backend == "pyspark"
    assert on_spark.results.schema == results.schema
    assert on_spark.results.equals(results)


def test_it_names_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="unknown backend 'polars'"):
        connect("polars")  # type: ignore[arg-type]
