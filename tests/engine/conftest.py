"""Engine test fixtures: the hand-made world computed once on DuckDB, and once per backend."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from fardplan.engine import Run, compute
from tests.engine.engines import Engine
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
def world_on(world_dir: Path, engine: Engine, world_run: Run) -> Run:
    """The hand-made world computed once per backend of the test run (``engine``)."""
    return world_run if engine.name == "duckdb" else engine.compute(world_dir)
