"""Where `--backend pyspark` runs: settings from options and the environment, checked before
a JVM starts; a dataset named by a URI is read by Spark only, in a full run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fardplan.cli.main import app
from fardplan.config import ConfigError
from fardplan.engine import compute
from fardplan.engine.errors import DatasetError, EngineError
from fardplan.engine.remote import inspect, is_uri
from fardplan.engine.spark import LOCAL, SparkSettings, session_config, spark_settings
from tests.engine.builder import Dataset
from tests.engine.engines import Engine

runner = CliRunner()
VARIABLES = (
    "SPARK_MASTER",
    "FARDPLAN_SPARK_DRIVER_MEMORY",
    "FARDPLAN_SPARK_EXECUTOR_MEMORY",
)


@pytest.fixture(autouse=True)
def no_spark_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_by_default_spark_runs_locally_with_three_gigabytes() -> None:
    settings = spark_settings()
    assert (settings.master, settings.on_cluster) == (LOCAL, False)
    assert session_config(settings)["spark.driver.memory"] == "3g"
    assert "spark.executor.memory" not in session_config(settings)


def test_the_environment_names_the_cluster_and_an_option_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SPARK_MASTER", "spark://spark.region.se:7077")
    monkeypatch.setenv("FARDPLAN_SPARK_EXECUTOR_MEMORY", "8g")
    settings = spark_settings(driver_memory="2g")
    assert settings.master == "spark://spark.region.se:7077" and settings.on_cluster
    chosen = session_config(settings)
    assert (chosen["spark.driver.memory"], chosen["spark.executor.memory"]) == ("2g", "8g")
    assert spark_settings(master="yarn").master == "yarn"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"master": "spark.region.se"}, "SPARK_MASTER='spark.region.se' is not a Spark master"),
        ({"driver_memory": "lots"}, "FARDPLAN_SPARK_DRIVER_MEMORY='lots' is not a memory"),
        ({"executor_memory": "0g"}, "FARDPLAN_SPARK_EXECUTOR_MEMORY='0g' is not a memory"),
        ({"master": "sc://connect:15002"}, "is not a Spark master URL"),
        ({"shuffle_partitions": -1}, "FARDPLAN_SPARK_SHUFFLE_PARTITIONS=-1 must be at least 1"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_by_name(
    given: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        spark_settings(**given)
    assert SparkSettings().master == LOCAL


def test_a_uri_is_a_dataset_on_a_clusters_storage() -> None:
    assert is_uri("hdfs://namenode:8020/care/2024") and is_uri("s3a://bucket/care")
    assert is_uri("abfss://care@region.dfs.core.windows.net/2024")
    assert not is_uri("var/care-data") and not is_uri(Path("s3a://bucket"))


def test_duckdb_refuses_a_dataset_on_a_clusters_storage() -> None:
    with pytest.raises(EngineError, match="hdfs://nn/care: a dataset on a cluster's storage"):
        compute("hdfs://nn/care")


def test_the_command_refuses_a_bad_spark_setting_before_starting_spark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    out = str(tmp_path / "r.parquet")
    result = runner.invoke(
        app, ["compute", str(tmp_path), "--out", out, "--backend", "pyspark", "--spark-master", "x"]
    )
    assert result.exit_code == 1
    assert "Körningen avbröts: SPARK_MASTER='x' is not a Spark master URL" in result.output
    result = runner.invoke(app, ["compute", str(tmp_path), "--out", out, "--spark-master", "yarn"])
    assert result.exit_code == 2 and "need --backend pyspark" in result.output


def test_the_command_refuses_an_incremental_run_of_a_uri_or_on_a_cluster(tmp_path: Path) -> None:
    out = str(tmp_path / "r.parquet")
    for args in (
        ["s3a://bucket/care", "--backend", "pyspark"],
        [str(tmp_path), "--backend", "pyspark", "--spark-master", "spark://127.0.0.1:7077"],
    ):
        result = runner.invoke(app, ["compute", *args, "--out", out, "--incremental"])
        assert result.exit_code == 2 and "an incremental run needs a local" in result.output


@pytest.mark.spark
def test_spark_finds_checks_and_counts_a_dataset_named_by_a_uri(tmp_path: Path, spark: Any) -> None:
    folder = Dataset().person(1, 2024, born=1950).write(tmp_path / "d")
    con = Engine("pyspark", spark).connect()
    paths, schemas, rows = inspect(con, folder.as_uri(), full_run=True)
    assert paths["population"] == f"{folder.as_uri()}/population.parquet"
    assert rows["population"] == 1 and rows["contacts"] == 0
    assert schemas["contacts"].field("date").type == pa.date32()
    # A missing table and a column of the wrong type, by name, as for a local folder.
    (folder / "units.parquet").unlink()
    with pytest.raises(DatasetError, match="units: table missing"):
        compute(folder.as_uri(), con=con)
    pq.write_table(pa.table({"person_id": ["1"]}), folder / "units.parquet")
    with pytest.raises(DatasetError, match=r"units\.unit_id: column missing"):
        compute(folder.as_uri(), con=con)
    with pytest.raises(EngineError, match="an incremental run needs a local dataset folder"):
        compute(folder.as_uri(), con=con, keep_state=tmp_path / "state")
