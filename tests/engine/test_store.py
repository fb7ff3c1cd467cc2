"""The analytics store keeps runs and serves the current one; a failed save changes nothing."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from fardplan.engine import Run
from fardplan.engine.store import current_run, latest_results, runs, save_run


def test_it_serves_the_latest_complete_run(world_run: Run, tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    with pytest.raises(LookupError, match="no indicator run"):
        latest_results(path=store)
    save_run(world_run, store)
    later = world_run.finished + timedelta(seconds=1)
    second = dataclasses.replace(world_run, run_id="second", finished=later)
    save_run(second, store)
    assert next(r.run_id for r in runs(store)) == "second"
    info = current_run(store)
    assert info is not None and info.run_id == "second"
    assert info.data_quality["excluded"][0]["table"] == "contacts"
    raw = latest_results(published=False, path=store)
    assert raw.equals(world_run.results)
    published = latest_results(path=store)
    assert published.filter(published["suppressed"])["numerator"].null_count > 0


def test_it_keeps_the_current_run_when_saving_fails(world_run: Run, tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    save_run(world_run, store)
    broken = dataclasses.replace(
        world_run,
        run_id="broken",
        results=pa.table({"x": [1]}),
        report=None,  # type: ignore[arg-type]
    )
    with pytest.raises(AttributeError):
        save_run(broken, store)
    info = current_run(store)
    assert info is not None and info.run_id == world_run.run_id
    assert [r.run_id for r in runs(store)] == [world_run.run_id]
