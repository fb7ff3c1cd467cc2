"""The refresh job on a real small dataset and the recorded Kolada server."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fardplan.engine import compute
from fardplan.engine.store import current_run, latest_results, runs
from fardplan.refresh import RefreshBusy, RefreshSettings, StepOutcome, run_refresh
from fardplan.refresh.lock import lock_path, refresh_lock
from fardplan.sources.imported import imported_batches, imported_for
from tests.engine.world import as_of
from tests.sources.kolada_server import Reply, scripted


def statuses(result: object) -> dict[str, str]:
    return {step.step: step.status for step in result.steps}  # type: ignore[attr-defined]


def test_a_refresh_computes_fetches_and_swaps_in_a_new_run(settings: RefreshSettings) -> None:
    heard: list[StepOutcome | str] = []
    result = run_refresh(settings, heard.append)
    assert result.ok, result.steps
    assert statuses(result) == {"care_data": "ok", "compute": "ok", "kolada": "ok", "store": "ok"}
    assert heard[0] == "care_data" and isinstance(heard[1], StepOutcome)
    current = current_run(settings.store)
    assert current is not None and current.run_id == result.run_id
    assert result.data_quality is not None and result.data_quality["rows_read"]
    assert imported_for(["kolada_u79133"], store_path=settings.store)
    assert "full run (no stored run)" in result.steps[1].message
    assert not lock_path(settings.store).exists()
    # Unchanged care data: nothing computed or stored, Kolada still asked.
    again = run_refresh(settings)
    assert again.ok and statuses(again)["compute"] == "skipped"
    assert statuses(again)["store"] == "skipped" and statuses(again)["kolada"] == "ok"
    assert "unchanged since run" in again.steps[0].message
    assert current_run(settings.store).run_id == result.run_id  # type: ignore[union-attr]
    # Changed care data: a new run, built on the stored one when the engine allows it.
    table = settings.care_data_dir / "admissions.parquet"  # type: ignore[operator]
    os.utime(table, ns=(time.time_ns(), time.time_ns()))
    third = run_refresh(settings)
    assert third.ok and third.run_id not in (None, result.run_id)
    assert third.steps[1].message.startswith(("incremental on run", "full run: the incremental"))
    assert current_run(settings.store).run_id == third.run_id  # type: ignore[union-attr]


def test_a_corrupt_care_data_file_leaves_the_old_results_and_values(
    settings: RefreshSettings,
) -> None:
    first = run_refresh(settings)
    assert first.ok
    batches = imported_batches(store_path=settings.store)
    table = settings.care_data_dir / "admissions.parquet"  # type: ignore[operator]
    table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])
    failed = run_refresh(settings)
    assert not failed.ok and failed.failed is not None and failed.failed.step == "compute"
    assert "admissions" in failed.failed.message and failed.failed.message_sv
    assert [s.step for s in failed.steps] == ["care_data", "compute"]  # stopped there
    assert current_run(settings.store).run_id == first.run_id  # type: ignore[union-attr]
    assert imported_batches(store_path=settings.store) == batches
    assert len(runs(settings.store)) == 1


def test_kolada_answering_500_leaves_the_old_results_and_values(
    settings: RefreshSettings,
) -> None:
    first = run_refresh(settings)
    batches = imported_batches(store_path=settings.store)
    os.utime(settings.care_data_dir / "contacts.parquet")  # type: ignore[operator]
    with scripted({"/v2/kpi/U79133,U79092?per_page=5000": [Reply(500, b"{}")]}) as (base, _):
        result = run_refresh(replace(settings, kolada_base_url=base))
    assert result.failed is not None and result.failed.step == "kolada"
    assert "HTTP 500" in result.failed.message, result.failed.message
    assert "store" not in statuses(result)
    assert current_run(settings.store).run_id == first.run_id  # type: ignore[union-attr]
    assert imported_batches(store_path=settings.store) == batches
    # The computed run's kept sums are not left behind.
    state_root = settings.store.parent / "analytics-state"
    assert {p.name for p in state_root.iterdir()} == {first.run_id}


def test_a_second_refresh_is_refused_while_one_holds_the_lock(settings: RefreshSettings) -> None:
    with (
        refresh_lock(settings.store, stale_after=600),
        pytest.raises(RefreshBusy, match="another refresh"),
    ):
        run_refresh(settings)
    assert current_run(settings.store) is None


def test_a_stale_lock_is_taken_over(settings: RefreshSettings) -> None:
    path = lock_path(settings.store)
    path.parent.mkdir(parents=True)
    gone = {"host": os.uname().nodename, "pid": 2**22 + 12345, "started": time.time()}
    path.write_text(json.dumps(gone))
    assert run_refresh(settings).ok
    old = {"host": "elsewhere", "pid": 1, "started": time.time() - 10 * 3600}
    path.write_text(json.dumps(old))
    assert run_refresh(settings).ok


def test_an_unreadable_lock_is_busy_while_fresh_and_stale_when_old(
    settings: RefreshSettings,
) -> None:
    path = lock_path(settings.store)
    path.parent.mkdir(parents=True)
    path.write_text("")  # another job has just created it and not yet written it
    with pytest.raises(RefreshBusy):
        run_refresh(settings)
    long_ago = time.time() - 3600
    os.utime(path, (long_ago, long_ago))
    assert run_refresh(settings).ok


def test_the_time_limit_stops_the_job_between_steps(
    settings: RefreshSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fardplan.refresh import job

    started = time.monotonic()
    clock = iter([started, started, started + 11 * 60, started + 11 * 60])
    monkeypatch.setattr(job, "monotonic", lambda: next(clock, started + 11 * 60))
    result = run_refresh(settings)
    assert result.failed is not None and "time limit of 10 min" in result.failed.message
    assert "tidsgränsen på 10 min" in result.failed.message_sv
    assert current_run(settings.store) is None


def test_the_time_limit_stops_the_compute_within_its_step(
    settings: RefreshSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit passes while the engine computes: the run stops at its next indicator, and
    nothing of it is stored (no run, no state)."""
    from fardplan.engine.store import state_root
    from fardplan.refresh import job

    started = time.monotonic()
    now = [started]
    monkeypatch.setattr(job, "monotonic", lambda: now[0])
    seen: list[str] = []

    def heard(step: object) -> None:
        if step == "compute":
            seen.append("compute")

    from fardplan.engine import compute as real_compute

    def compute_late(*args: Any, **kwargs: Any) -> Any:
        progress = kwargs["progress"]

        def later(label: str, done: int, total: int) -> None:
            if done == 1:  # one indicator computed: the limit has passed meanwhile
                now[0] = started + 11 * 60
            progress(label, done, total)

        return real_compute(*args, **{**kwargs, "progress": later})

    monkeypatch.setattr(job, "compute", compute_late)
    result = run_refresh(replace(settings, counties=()), heard)
    assert seen == ["compute"]
    assert result.failed is not None and result.failed.step == "compute"
    assert "time limit of 10 min" in result.failed.message
    assert "tidsgränsen på 10 min" in result.failed.message_sv
    assert current_run(settings.store) is None
    root = state_root(settings.store)
    assert not root.exists() or list(root.iterdir()) == []


def test_no_care_data_folder_is_a_skipped_step(settings: RefreshSettings, tmp_path: Path) -> None:
    result = run_refresh(replace(settings, care_data_dir=None))
    assert result.ok and statuses(result)["care_data"] == "skipped"
    assert statuses(result)["compute"] == "skipped" and statuses(result)["kolada"] == "ok"
    missing = run_refresh(replace(settings, care_data_dir=tmp_path / "nowhere"))
    assert missing.failed is not None and "nowhere is not a folder" in missing.failed.message


def test_new_months_are_computed_incrementally_on_the_stored_run(
    settings: RefreshSettings, tmp_path: Path
) -> None:
    folder = tmp_path / "growing"
    as_of(date(2024, 3, 31), folder)
    growing = replace(settings, care_data_dir=folder, counties=())
    first = run_refresh(growing)
    assert first.ok and "full run (no stored run)" in first.steps[1].message
    as_of(date(2024, 6, 30), folder)  # April to June arrive
    second = run_refresh(growing)
    assert second.ok, second.steps
    assert second.steps[1].message.startswith(f"incremental on run {first.run_id}")
    assert "admissions" in second.steps[1].message
    assert statuses(second)["kolada"] == "skipped"
    stored = current_run(settings.store)
    assert stored is not None and stored.run_id == second.run_id
    # Its cells equal a full run's on the same data.
    assert latest_results(published=False, path=settings.store).equals(compute(folder).results)


def test_a_refused_increment_falls_back_to_a_full_run_saying_why(
    settings: RefreshSettings,
) -> None:
    first = run_refresh(settings)
    os.utime(settings.care_data_dir / "admissions.parquet")  # type: ignore[operator]
    again = run_refresh(settings)  # changed files, but no new period
    assert again.ok and again.run_id != first.run_id
    assert again.steps[1].message == (
        "full run: the incremental one was refused: the dataset adds no period to the stored "
        "run: nothing to recompute"
    )
    assert again.steps[1].message_sv.startswith("fullständig körning: den inkrementella avvisades")
    state_root = settings.store.parent / "analytics-state"
    assert [p.name for p in state_root.iterdir()] == [again.run_id]  # no partial folder left


def test_the_care_data_folder_defaults_to_the_data_folders_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FARDPLAN_CARE_DATA_DIR", raising=False)
    monkeypatch.setenv("FARDPLAN_DATA_DIR", str(tmp_path))
    assert RefreshSettings.from_env().care_data_dir is None  # no such folder: nothing to read
    (tmp_path / "care-data").mkdir()
    assert RefreshSettings.from_env().care_data_dir == (tmp_path / "care-data").resolve()
