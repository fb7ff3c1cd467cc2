"""Engine test fixtures: the hand-made world computed once on DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from fardplan.engine import Run, compute
from tests.engine.world import world


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return world().write(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="session")
def world_run(world_dir: Path) -> Run:
    return compute(world_dir)


@pytest.fixture(scope="session")
def results(world_run: Run) -> pa.Table:
    return world_run.results


@pytest.fixture(scope="session")
def spark() -> Any:
    """One local SparkSession for the whole test session (the JVM starts slowly)."""
    pytest.importorskip("pyspark")
    from fardplan.engine.backends import local_spark

    session = local_spark()
    yield session
    session.stop()
