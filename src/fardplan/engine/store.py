"""The analytics store: a DuckDB file holding every run's metadata and raw results.

A run becomes current only once its results are fully written: the results table, the run's
row and the switch of the ``current`` flag are one transaction, so a reader (the web app) sees
the previous run until the new one is complete, and a failed run leaves no trace.

A run's state (the sums an incremental run extends, see ``engine.state``) is a folder beside
the file, ``<store>-state/<run_id>``, moved into place before the transaction and removed if it
fails; once a run is current, the other runs' states are dropped (only it can be extended).
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from fardplan.config import analytics_path
from fardplan.engine.run import Run
from fardplan.engine.suppression import publish

KEEP_RUNS = 3  # results of older runs are dropped; their metadata stays
ABANDONED_AFTER = timedelta(days=1)  # a state folder of an unfinished run this old is left over

RUNS_TABLE = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    catalogue_version VARCHAR NOT NULL,
    backend VARCHAR NOT NULL,
    started TIMESTAMP NOT NULL, -- UTC
    finished TIMESTAMP NOT NULL, -- UTC
    seconds DOUBLE NOT NULL,
    cells BIGINT NOT NULL,
    data_quality VARCHAR NOT NULL,
    is_current BOOLEAN NOT NULL
)
"""


@dataclass(frozen=True)
class RunInfo:
    """A stored run's metadata; ``data_quality`` is the report as a dict."""

    run_id: str
    fingerprint: str
    catalogue_version: str
    backend: str
    started: datetime
    finished: datetime
    seconds: float
    cells: int
    data_quality: dict[str, Any]
    is_current: bool


def state_root(path: Path | None = None) -> Path:
    """Return the folder that holds the stored runs' states."""
    path = path or analytics_path()
    return path.parent / f"{path.stem}-state"


def new_state_folder(path: Path | None = None) -> Path:
    """Return a folder (not yet created) for ``compute(keep_state=…)``, on the store's disk."""
    return state_root(path) / f".partial-{uuid.uuid4().hex[:12]}"


def current_state(path: Path | None = None) -> Path | None:
    """Return the current run's state folder, or None when it kept none."""
    run = current_run(path)
    folder = state_root(path) / run.run_id if run else None
    return folder if folder is not None and folder.is_dir() else None


def save_run(run: Run, path: Path | None = None) -> None:
    """Store ``run`` (and its state folder, moved) and make it the current one, all or nothing."""
    path = path or analytics_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    state = state_root(path) / run.run_id
    if run.state is not None:
        state.parent.mkdir(parents=True, exist_ok=True)
        run.state.rename(state)
    try:
        _save(run, path)
    except BaseException:
        shutil.rmtree(state, ignore_errors=True)
        raise


def _save(run: Run, path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute(RUNS_TABLE)
        results = run.results  # noqa: F841 - read by DuckDB's replacement scan below
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f'CREATE TABLE "results_{run.run_id}" AS SELECT * FROM results')
            con.execute("UPDATE runs SET is_current = false")
            con.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
                [
                    run.run_id,
                    run.fingerprint,
                    run.catalogue_version,
                    run.backend,
                    _naive_utc(run.started),
                    _naive_utc(run.finished),
                    run.seconds,
                    run.results.num_rows,
                    json.dumps(run.report.to_dict(), ensure_ascii=False),
                ],
            )
            _drop_old_results(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    # Only the current run can be extended: the other runs' states are dropped, and so are
    # the states of runs that never finished (a process killed while computing), once they
    # are older than any run; a younger one may belong to a run still going.
    if state_root(path).is_dir():
        stale = time.time() - ABANDONED_AFTER.total_seconds()
        for folder in state_root(path).iterdir():
            if folder.name == run.run_id:
                continue
            if not folder.name.startswith(".partial-") or folder.stat().st_mtime < stale:
                shutil.rmtree(folder, ignore_errors=True)


def _naive_utc(moment: datetime) -> datetime:
    # Stored without zone (TIMESTAMPTZ would need pytz to read back); always UTC.
    return moment.astimezone(UTC).replace(tzinfo=None)


def _drop_old_results(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT run_id FROM runs ORDER BY finished DESC").fetchall()
    for (run_id,) in rows[KEEP_RUNS:]:
        con.execute(f'DROP TABLE IF EXISTS "results_{run_id}"')


def runs(path: Path | None = None) -> list[RunInfo]:
    """Return every stored run, newest first (empty when the store does not exist, or holds
    only imported values: a Kolada fetch before the first computed run)."""
    path = path or analytics_path()
    if not path.exists():
        return []
    with duckdb.connect(str(path), read_only=True) as con:
        found = "SELECT 1 FROM information_schema.tables WHERE table_name = 'runs'"
        if not con.execute(found).fetchall():
            return []
        rows = con.execute("SELECT * FROM runs ORDER BY finished DESC").fetchall()
    return [_info(row) for row in rows]


def _info(row: tuple[Any, ...]) -> RunInfo:
    run_id, fingerprint, version, backend, started, finished, seconds, cells = row[:8]
    return RunInfo(
        run_id=run_id,
        fingerprint=fingerprint,
        catalogue_version=version,
        backend=backend,
        started=started.replace(tzinfo=UTC),
        finished=finished.replace(tzinfo=UTC),
        seconds=seconds,
        cells=cells,
        data_quality=json.loads(row[8]),
        is_current=row[9],
    )


def current_run(path: Path | None = None) -> RunInfo | None:
    """Return the current run's metadata, or None when nothing has been computed yet."""
    return next((run for run in runs(path) if run.is_current), None)


def latest_results(published: bool = True, path: Path | None = None) -> pa.Table:
    """Return the current run's cells, published (suppressed blanked) unless ``published=False``.

    Raises ``LookupError`` when no run has been stored yet.
    """
    path = path or analytics_path()
    run = current_run(path)
    if run is None:
        raise LookupError(f"no indicator run in {path}; run `fardplan compute` first")
    with duckdb.connect(str(path), read_only=True) as con:
        table = con.sql(f'SELECT * FROM "results_{run.run_id}"').to_arrow_table()
    return publish(table) if published else table
