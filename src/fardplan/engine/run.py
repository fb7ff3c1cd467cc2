"""Run the whole catalogue on a dataset, as a pipeline of stages (docs/engine.md).

1. validate (``inputs``) → 2. attribute (``scope``; the scans planned once in
``compile.Sources``) → 3. measures (``measures``, one module per kind) → 4. cells and
roll-up (``assembly``) → 5. suppression (``_suppressed``) → 6. store (``_store``). The
incremental mode is one object, ``extension.Extension``: stored sums in, stored sums out.

:func:`compute` is the engine's entry point for the CLI, the web app and the benchmarks.
"""

from __future__ import annotations

import functools
import shutil
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.catalogue import Catalogue, Count, Indicator, load_catalogue
from fardplan.engine.assembly import all_cells
from fardplan.engine.backends import Backend, connect
from fardplan.engine.cells import slot_table
from fardplan.engine.dataset import find_unreadable, fingerprint, locate
from fardplan.engine.errors import DatasetError, EngineError
from fardplan.engine.extension import Extension, Stored
from fardplan.engine.incremental import merge
from fardplan.engine.inputs import Inputs, Limits, read_inputs, validated
from fardplan.engine.measures import indicator_sides
from fardplan.engine.schema import RESULT_SCHEMA, sort_cells
from fardplan.engine.scope import Request, Scope, attribute, scope_of
from fardplan.engine.shrink import Profile
from fardplan.engine.state import StoredPersons
from fardplan.engine.suppression import suppress_cells
from fardplan.engine.validation import DataQualityReport

Progress = Callable[[str, int, int], None]
P = ParamSpec("P")
# The steps a run reports to ``progress`` besides each indicator's id, in order.
VALIDATING, SUMMING, SUPPRESSING = (
    "validating the dataset",
    "summing areas, sexes and ages",
    "suppressing",
)


@dataclass(frozen=True)
class Run:
    """One complete run: raw results (with the ``suppressed`` flag) and how they were made."""

    run_id: str
    results: pa.Table
    report: DataQualityReport
    fingerprint: str
    catalogue_version: str
    backend: str
    started: datetime
    finished: datetime

    state: Path | None = None  # the folder of the sums kept for an incremental run
    extended: tuple[str, ...] = ()  # tables of which only the rows after a stored run were read

    @property
    def seconds(self) -> float:
        return (self.finished - self.started).total_seconds()


def refusing_unreadable(function: Callable[P, Run]) -> Callable[P, Run]:
    """Return ``function`` (whose first argument is the dataset's folder) with its read
    failures refused by name.

    A query that fails while reading the dataset (a file corrupt in the middle, which its
    footer does not show) is refused as ``DatasetError`` naming the table, file, row group
    and column, found by reading the files again; any other failure is raised as it is.
    """

    @functools.wraps(function)
    def refusing(*args: P.args, **kwargs: P.kwargs) -> Run:
        try:
            return function(*args, **kwargs)
        except (DatasetError, EngineError):
            raise
        except Exception as error:
            data_dir = Path(str(args[0] if args else kwargs["data_dir"]))
            found = find_unreadable(locate(data_dir)) if data_dir.is_dir() else None
            if found is None:
                raise
            raise DatasetError([found]) from error

    return refusing


@refusing_unreadable
def compute(
    data_dir: Path | str,
    *,
    backend: Backend = "duckdb",
    years: Sequence[int] | None = None,
    lenient: bool = False,
    indicator_ids: Sequence[str] | None = None,
    con: ibis.BaseBackend | None = None,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
    previous: pa.Table | None = None,
    previous_state: Path | None = None,
    keep_state: Path | None = None,
    allow_empty: Collection[str] = (),
    stored_rows: Profile | None = None,
    allow_shrink: Collection[str] = (),
) -> Run:
    """Compute every computed indicator (or ``indicator_ids``) for the dataset in ``data_dir``.

    Returns the raw cells, suppression flagged (``publish`` them before showing). With
    ``previous`` and ``previous_state`` (a stored run's results and ``keep_state`` folder) the
    run extends that one, equal to a full run or refused (``StateMismatch``). The parameters
    are described in docs/engine.md; ``DatasetError`` for a dataset breaking the contract.
    """
    started = datetime.now(UTC)
    catalogue = catalogue or load_catalogue()
    chosen = _choose(catalogue, indicator_ids)
    step = _stepper(progress, len(chosen))
    step(VALIDATING, 0)
    con = con or connect(backend)
    request = Request(_counts(chosen), years, previous, lenient, storing=keep_state is not None)
    limits = Limits(allow_empty, stored_rows, allow_shrink)
    full_run = previous is None and keep_state is None
    inputs = read_inputs(data_dir, con, request.counts, limits, full_run=full_run)
    extension = Extension.open(previous, previous_state, request.counts, inputs, catalogue)
    scope = _attributed(inputs, extension, request)
    try:
        measured = measure(chosen, scope, extension.extended, step)
        step(SUMMING, len(chosen))
        cells = all_cells(chosen, *measured.cells(), scope.areas, scope.full_years, scope.sources)
        raw = cells.to_pyarrow()
        # Before the state is stored: a caller that stops the run here leaves nothing.
        step(SUPPRESSING, len(chosen))
        kept = _store(keep_state, extension, scope, inputs, catalogue, request)
    finally:
        scope.sources.release()
    results = _suppressed(raw, previous, measured.recomputed, catalogue, kept)
    scope.report.rows_by_period = inputs.profile
    return _finished(results, scope.report, inputs, catalogue, con, started, kept, extension)


def _finished(
    results: pa.Table,
    report: DataQualityReport,
    inputs: Inputs,
    catalogue: Catalogue,
    con: ibis.BaseBackend,
    started: datetime,
    kept: Path | None,
    extension: Extension,
) -> Run:
    fingerprinted = inputs.cluster_fingerprint or fingerprint(dict(inputs.paths))
    extended = tuple(sorted(extension.extended))
    return Run(
        uuid.uuid4().hex[:12], results, report, fingerprinted, catalogue.version, con.name,
        started, datetime.now(UTC), kept, extended,
    )  # fmt: skip


def _stepper(progress: Progress | None, total: int) -> Callable[[str, int], None]:
    def step(label: str, done: int) -> None:
        if progress is not None:
            progress(label, done, total)

    return step


def _counts(chosen: list[Indicator]) -> list[Count]:
    specs = [i.computation for i in chosen if i.computation]
    return [count for spec in specs for count in (spec.numerator, spec.denominator)]


def _choose(catalogue: Catalogue, ids: Sequence[str] | None) -> list[Indicator]:
    if ids is None:
        return list(catalogue.computed)
    return [catalogue.get(i) for i in ids]


def _attributed(inputs: Inputs, extension: Extension, request: Request) -> Scope:
    """Validate the rows (stage 1) and attribute them (stage 2); the extension is released on
    failure."""
    try:
        checked = validated(inputs, extension.proven(), request.lenient)
    except BaseException:
        extension.release()
        raise
    return attribute(checked.tables, checked.report, extension, request, inputs.digests)


@dataclass(frozen=True)
class Measured:
    """Stage 4's output: each indicator's sides, the cells to fill, the periods recomputed."""

    sides: list[dict[str, ir.Table]]
    slots: list[pa.Table]
    recomputed: dict[str, list[str]]

    def cells(self) -> tuple[list[dict[str, ir.Table]], pa.Table]:
        return self.sides, pa.concat_tables(self.slots)


def measure(
    chosen: list[Indicator],
    scope: Scope,
    extended: Mapping[str, object],
    step: Callable[[str, int], None],
) -> Measured:
    """Return the base cells of every indicator, each over the periods it recomputes."""
    measured = Measured([], [], {})
    for done, indicator in enumerate(chosen):
        step(indicator.id, done)
        # Admissions can change any month of the years they touch: a stay known on
        # discharge counts in its month of admission.
        periods, rows = scope.periods[scope_of(indicator, extended)]
        scope.sources.use_periods(periods, tuple(label for _, _, label in rows))
        measured.recomputed[indicator.id] = [label for _, _, label in rows]
        measured.sides.append(indicator_sides(indicator, scope.sources))
        measured.slots.append(slot_table(indicator, rows))
    return measured


def _store(
    folder: Path | None,
    extension: Extension,
    scope: Scope,
    inputs: Inputs,
    catalogue: Catalogue,
    request: Request,
) -> Path | None:
    """Stage 7, store: keep this run's sums for the next incremental run (when asked to)."""
    if folder is None:
        return None
    persons = None
    if not request.years:  # the persons of every year, built or read back
        sources = scope.sources
        files = scope.stored_persons or (sources.all_persons, sources.codes)
        persons = StoredPersons(inputs.digests["population"], scope.flags, *files)
    run = Stored(inputs, request.counts, scope.report, catalogue, persons)
    return extension.store(folder, scope.sources, run)


def _suppressed(
    cells: pa.Table,
    previous: pa.Table | None,
    recomputed: dict[str, list[str]],
    catalogue: Catalogue,
    kept: Path | None,
) -> pa.Table:
    """Stage 6, suppression: the cells (merged into ``previous``) with their flags set.

    Only the years of indicators with a recomputed period are suppressed again. On failure
    the state just kept is removed: no state without the results it belongs to.
    """
    try:
        raw = cells.cast(RESULT_SCHEMA.remove(8))
        if previous is None:
            return suppress_cells(sort_cells(raw), catalogue)
        raw = sort_cells(merge(previous, raw, recomputed))
        again = raw["again"].to_numpy(zero_copy_only=False)
        return suppress_cells(raw.drop_columns(["again"]), catalogue, within=again)
    except BaseException:
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)
        raise


__all__ = ["Measured", "Run", "compute", "measure"]
