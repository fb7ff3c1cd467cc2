"""`--backend pyspark` on a Spark cluster: a standalone master and worker started on loopback
from the pyspark package, and a compute on it that equals DuckDB's."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import fardplan
from fardplan.engine import compute

pytestmark = [pytest.mark.spark, pytest.mark.slow]
INDICATORS = "readmission_30d_65"  # events over events: one, for CI's time
# The driver runs in a process of its own: this one may hold the test run's local session,
# and a JVM has one SparkContext.
DRIVER = """
import sys
import pyarrow.parquet as pq
from fardplan.engine import compute
from fardplan.engine.backends import connect
from fardplan.engine.spark import spark_settings, start_session

master, data, out, indicators = sys.argv[1:]
settings = spark_settings(
    master, driver_memory="1g", executor_memory="512m", shuffle_partitions=2
)
session = start_session(settings)
assert session.sparkContext.master == master, session.sparkContext.master
con = connect("pyspark", session=session)
run = compute(data, con=con, indicator_ids=indicators.split(","))
pq.write_table(run.results, out)
session.stop()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(env: dict[str, str], args: list[str], log: Path) -> subprocess.Popen[bytes]:
    spark_class = Path(env["SPARK_HOME"]) / "bin" / "spark-class"
    with log.open("wb") as output:
        return subprocess.Popen(
            [str(spark_class), *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its JVM's children
        )


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.5)
    pytest.fail(f"{log.name}: no {text!r} within {seconds} s:\n{log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Return a standalone master's URL and the folder of the master's and worker's logs."""
    pyspark = pytest.importorskip("pyspark")
    logs = tmp_path_factory.mktemp("cluster")
    env = {
        **os.environ,
        "SPARK_HOME": str(Path(pyspark.__file__).parent),
        "SPARK_LOCAL_IP": "127.0.0.1",  # loopback only
        "SPARK_MASTER_OPTS": "-Dspark.master.rest.enabled=false",
        "SPARK_WORKER_DIR": str(logs / "work"),
        "PYSPARK_PYTHON": sys.executable,
    }
    url = f"spark://127.0.0.1:{_free_port()}"
    started: list[subprocess.Popen[bytes]] = []
    try:
        master_args = ["--host", "127.0.0.1", "--port", url.rsplit(":", 1)[1], "--webui-port", "0"]
        started.append(
            _start(
                env, ["org.apache.spark.deploy.master.Master", *master_args], logs / "master.log"
            )
        )
        _wait_for(logs / "master.log", "I have been elected leader", started[0], 90)
        worker_args = ["--host", "127.0.0.1", "--cores", "2", "--memory", "1g", "--webui-port", "0"]
        started.append(
            _start(
                env,
                ["org.apache.spark.deploy.worker.Worker", *worker_args, url],
                logs / "worker.log",
            )
        )
        _wait_for(logs / "worker.log", "Successfully registered with master", started[1], 90)
        yield url, logs
    finally:
        for process in reversed(started):
            _stop(process)


def test_a_compute_of_a_uri_on_a_standalone_cluster_equals_duckdb(
    cluster: tuple[str, Path], world_dir: Path, tmp_path: Path
) -> None:
    url, logs = cluster
    out = tmp_path / "cells.parquet"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(fardplan.__file__).parents[1]),
        "SPARK_LOCAL_IP": "127.0.0.1",  # the driver on loopback too
    }
    env.pop("SPARK_REMOTE", None)  # PySpark itself would take it for Spark Connect
    finished = subprocess.run(
        # A URI: the dataset is found, checked and read by Spark only (engine/remote.py).
        [sys.executable, "-c", DRIVER, url, world_dir.as_uri(), str(out), INDICATORS],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    # The worker ran the executor that read the dataset and summed it.
    assert "Asked to launch executor" in (logs / "worker.log").read_text()
    expected = compute(world_dir, indicator_ids=INDICATORS.split(",")).results
    assert pq.read_table(out).equals(expected)
