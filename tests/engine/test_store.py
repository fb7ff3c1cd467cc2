"""The analytics store keeps runs and serves the current one; a failed save changes nothing."""

from __future__ import annotations

import dataclasses
import os
import time
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from fardplan.engine import Run, compute
from fardplan.engine import run as run_module
from fardplan.engine.store import (
    current_run,
    current_state,
    latest_results,
    new_state_folder,
    runs,
    save_run,
    state_root,
)


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


def test_it_keeps_the_current_runs_state_only(world_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    assert current_state(store) is None
    first = compute(world_dir, keep_state=new_state_folder(store))
    save_run(first, store)
    kept = current_state(store)
    assert kept is not None and kept.name == first.run_id
    assert (kept / "state.json").is_file() and first.state is not None
    assert not first.state.exists()  # moved into the store, not copied
    second = compute(world_dir, keep_state=new_state_folder(store))
    save_run(second, store)
    assert current_state(store) == state_root(store) / second.run_id
    assert not kept.exists()  # only the current run can be extended


def test_a_failed_save_leaves_no_state(world_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    run = compute(world_dir, keep_state=new_state_folder(store))
    broken = dataclasses.replace(run, report=None)  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        save_run(broken, store)
    assert current_state(store) is None
    assert not (state_root(store) / run.run_id).exists()


def test_the_state_of_a_run_that_never_finished_is_dropped_once_old(
    world_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "analytics.duckdb"
    # Two runs killed between computing and saving, one a day and a half ago.
    abandoned, recent = new_state_folder(store), new_state_folder(store)
    for folder in (abandoned, recent):
        folder.mkdir(parents=True)
    long_ago = time.time() - timedelta(hours=36).total_seconds()
    os.utime(abandoned, (long_ago, long_ago))
    save_run(compute(world_dir, keep_state=new_state_folder(store)), store)
    assert not abandoned.exists()
    assert recent.exists()  # it may belong to a run still computing


def test_a_run_that_fails_after_keeping_its_state_leaves_none(
    world_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("suppression failed")

    monkeypatch.setattr(run_module, "suppress_cells", broken)
    folder = new_state_folder(tmp_path / "analytics.duckdb")
    with pytest.raises(RuntimeError, match="suppression failed"):
        compute(world_dir, keep_state=folder)
    assert not folder.exists()


def test_a_store_of_imported_values_only_has_no_run(tmp_path: Path) -> None:
    """A Kolada fetch before the first computed run makes the store: it has no run yet."""
    from datetime import UTC, datetime

    from fardplan.sources.imported import ImportedValue, Provenance, replace_imported

    store = tmp_path / "analytics.duckdb"
    fetched = Provenance("kolada", "http://127.0.0.1/", datetime(2026, 3, 1, tzinfo=UTC), "t")
    replace_imported(
        [ImportedValue("kolada_u79133", "2024", "2580", "T", value=1.0)], fetched, store_path=store
    )
    assert store.exists()
    assert runs(store) == [] and current_run(store) is None
    with pytest.raises(LookupError, match="fardplan compute"):
        latest_results(path=store)
