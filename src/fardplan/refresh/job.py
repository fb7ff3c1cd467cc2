"""The refresh job: see the care data, compute (incrementally when possible), fetch Kolada,
store the run. Each step is a small function whose outcome is recorded.

Nothing is half-done: the computed run is stored (the store's atomic swap) only when every
step before succeeded, Kolada's values are stored all-or-nothing per county by
``fetch_county``, and a failed step leaves the stored results as they were. Kolada is asked
after the computation, so that a refused dataset leaves the imported values as they were too.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic
from typing import Any, Literal

from fardplan.catalogue import load_catalogue
from fardplan.engine import DatasetError, compute
from fardplan.engine.dataset import fingerprint, locate
from fardplan.engine.errors import EngineError, Stopped
from fardplan.engine.run import Run
from fardplan.engine.store import (
    current_run,
    current_state,
    latest_results,
    new_state_folder,
    save_run,
)
from fardplan.refresh.lock import RefreshBusy, refresh_lock
from fardplan.refresh.settings import RefreshSettings
from fardplan.sources.kolada import KoladaClient, KoladaError
from fardplan.sources.kolada_import import fetch_county

Status = Literal["ok", "skipped", "failed"]
# The steps in order, with their names in Swedish and English (the web page shows either).
STEPS = {
    "care_data": ("Vårddata", "Care data"),
    "compute": ("Beräkning", "Computation"),
    "kolada": ("Kolada", "Kolada"),
    "store": ("Lagring", "Storing"),
}


@dataclass(frozen=True)
class StepOutcome:
    """One step's outcome; ``message`` in English and ``message_sv`` in Swedish."""

    step: str
    status: Status
    seconds: float
    message: str = ""
    message_sv: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "message": self.message,
            "message_sv": self.message_sv or self.message,
        }


@dataclass
class RefreshResult:
    """A refresh's outcome: its steps, the stored run's id and data-quality report."""

    started: datetime
    finished: datetime | None = None
    steps: list[StepOutcome] = field(default_factory=list)
    run_id: str | None = None
    data_quality: dict[str, Any] | None = None

    @property
    def failed(self) -> StepOutcome | None:
        return next((step for step in self.steps if step.status == "failed"), None)

    @property
    def ok(self) -> bool:
        return self.failed is None

    @property
    def seconds(self) -> float:
        return ((self.finished or datetime.now(UTC)) - self.started).total_seconds()


class StepFailed(Exception):
    """A step could not be done; the message in English and in Swedish."""

    def __init__(self, message: str, swedish: str) -> None:
        super().__init__(message)
        self.swedish = swedish


class Skipped(Exception):
    """A step has nothing to do; the reason in English and in Swedish."""

    def __init__(self, message: str, swedish: str) -> None:
        super().__init__(message)
        self.swedish = swedish


@dataclass
class Context:
    """What the steps hand on to each other."""

    settings: RefreshSettings
    deadline: float
    data: Path | None = None
    run: Run | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - monotonic()


OnStep = Callable[[StepOutcome | str], None]


def run_refresh(settings: RefreshSettings, on_step: OnStep | None = None) -> RefreshResult:
    """Run one refresh; ``on_step`` hears each step's name as it starts and its outcome.

    Raises ``RefreshBusy`` (and does nothing) when another refresh holds the lock.
    """
    limit = settings.time_limit_minutes * 60
    result = RefreshResult(started=datetime.now(UTC))
    context = Context(settings, monotonic() + limit)
    steps: list[tuple[str, Callable[[Context], str | tuple[str, str]]]] = [
        ("care_data", see_care_data),
        ("compute", compute_run),
        ("kolada", fetch_kolada),
        ("store", store_run),
    ]
    with refresh_lock(settings.store, stale_after=2 * limit):
        try:
            for name, step in steps:
                outcome = _do(name, step, context, on_step)
                result.steps.append(outcome)
                if outcome.status == "failed":
                    break
        finally:
            if context.run is not None and context.run.state is not None:
                shutil.rmtree(context.run.state, ignore_errors=True)  # not stored: not kept
        if context.run is not None:
            result.data_quality = context.run.report.to_dict()
            result.run_id = context.run.run_id if result.ok else None
    result.finished = datetime.now(UTC)
    return result


def _do(
    name: str,
    step: Callable[[Context], str | tuple[str, str]],
    context: Context,
    on_step: OnStep | None,
) -> StepOutcome:
    if on_step:
        on_step(name)
    began = monotonic()
    status: Status = "ok"
    try:
        if context.remaining() <= 0:
            raise StepFailed(*_time_limit_words(context))
        said = step(context)
        message, swedish = (said, said) if isinstance(said, str) else said
    except Skipped as skipped:
        status, message, swedish = "skipped", str(skipped), skipped.swedish
    except StepFailed as failure:
        status, message, swedish = "failed", str(failure), failure.swedish
    outcome = StepOutcome(name, status, monotonic() - began, message, swedish)
    if on_step:
        on_step(outcome)
    return outcome


def _time_limit_words(context: Context) -> tuple[str, str]:
    minutes = context.settings.time_limit_minutes
    return (
        f"the time limit of {minutes} min (FARDPLAN_REFRESH_TIME_LIMIT_MINUTES) was reached",
        f"tidsgränsen på {minutes} min (FARDPLAN_REFRESH_TIME_LIMIT_MINUTES) nåddes",
    )


def _watching_the_time(context: Context) -> Callable[[str, int, int], None]:
    """Return the engine's progress callback that stops the run once the time limit passes
    (checked at each indicator; the engine stores nothing of a stopped run)."""

    def heard(_label: str, _done: int, _total: int) -> None:
        if context.remaining() <= 0:
            raise Stopped(*_time_limit_words(context))

    return heard


def see_care_data(context: Context) -> tuple[str, str]:
    """Find the care-data folder and whether it changed since the current run."""
    folder = context.settings.care_data_dir
    if folder is None:
        raise Skipped(
            "FARDPLAN_CARE_DATA_DIR is not set: no care data to compute",
            "FARDPLAN_CARE_DATA_DIR är inte satt: ingen vårddata att beräkna",
        )
    try:
        found = fingerprint(locate(folder))
    except DatasetError as error:
        raise StepFailed(error.describe("en"), error.describe("sv")) from None
    current = current_run(context.settings.store)
    if (
        current is not None
        and current.fingerprint == found
        and _same_catalogue(current.catalogue_version)
    ):
        raise Skipped(
            f"{folder} unchanged since run {current.run_id}",
            f"{folder} oförändrad sedan körning {current.run_id}",
        )
    context.data = folder
    return (
        f"{folder} changed (fingerprint {found})",
        f"{folder} har ändrats (fingeravtryck {found})",
    )


def compute_run(context: Context) -> tuple[str, str]:
    """Compute the indicators, extending the current run when the engine allows it."""
    if context.data is None:
        raise Skipped("no new care data", "ingen ny vårddata")
    store = context.settings.store
    current = current_run(store)
    stored_rows = current.data_quality.get("rows_by_period") if current else None
    fallback: tuple[str, str] | None = None
    if current is not None and _same_catalogue(current.catalogue_version):
        try:
            context.run = _compute(
                context, latest_results(published=False, path=store), stored_rows
            )
            extended = ", ".join(context.run.extended) or "–"
            return (
                f"incremental on run {current.run_id} (only new rows read in: {extended})",
                f"inkrementell på körning {current.run_id} (bara nya rader lästa i: {extended})",
            )
        except ValueError as refused:  # the dataset's own faults are StepFailed already
            english = refused.describe("en") if isinstance(refused, EngineError) else str(refused)
            swedish = refused.describe("sv") if isinstance(refused, EngineError) else str(refused)
            fallback = (english, swedish)
    elif current is not None:
        fallback = (
            f"catalogue {current.catalogue_version} changed",
            f"katalog {current.catalogue_version} ändrad",
        )
    try:
        context.run = _compute(context, None, stored_rows)
    except DatasetError as error:
        raise StepFailed(error.describe("en"), error.describe("sv")) from None
    except ValueError as error:
        english = error.describe("en") if isinstance(error, EngineError) else str(error)
        swedish = error.describe("sv") if isinstance(error, EngineError) else str(error)
        raise StepFailed(english, swedish) from None
    if fallback is None:
        return "full run (no stored run)", "fullständig körning (ingen lagrad körning)"
    return (
        f"full run: the incremental one was refused: {fallback[0]}",
        f"fullständig körning: den inkrementella avvisades: {fallback[1]}",
    )


def _compute(context: Context, previous: Any, stored_rows: Any) -> Run:
    assert context.data is not None
    store = context.settings.store
    try:
        return compute(
            context.data,
            previous=previous,
            previous_state=current_state(store) if previous is not None else None,
            keep_state=new_state_folder(store),
            stored_rows=stored_rows,
            progress=_watching_the_time(context),
        )
    except (DatasetError, Stopped) as error:  # not a refusal to fall back from
        raise StepFailed(error.describe("en"), error.describe("sv")) from None


def fetch_kolada(context: Context) -> tuple[str, str]:
    """Fetch the configured KPIs for each county (each county all-or-nothing)."""
    settings = context.settings
    if not settings.counties:
        raise Skipped(
            "FARDPLAN_REFRESH_COUNTIES is not set", "FARDPLAN_REFRESH_COUNTIES är inte satt"
        )
    timeout = max(1.0, min(30.0, context.remaining()))
    values = 0
    try:
        with KoladaClient(
            settings.kolada_base_url,
            timeout=timeout,
            min_interval=settings.kolada_min_interval,
            retries=settings.kolada_retries,
            backoff=settings.kolada_backoff,
        ) as client:
            for county in settings.counties:
                fetched = fetch_county(
                    settings.kpis,
                    county,
                    settings.years,
                    fetched_by="fardplan refresh",
                    client=client,
                    store_path=settings.store,
                )
                values += sum(one.summary.values for one in fetched)
    except KoladaError as error:
        raise StepFailed(error.describe("en"), error.describe("sv")) from None
    counties = ", ".join(settings.counties)
    return (
        f"{values} values of {len(settings.kpis)} KPIs for county {counties}",
        f"{values} värden för {len(settings.kpis)} nyckeltal för län {counties}",
    )


def store_run(context: Context) -> tuple[str, str]:
    """Make the computed run the current one (the store's atomic swap)."""
    run = context.run
    if run is None:
        raise Skipped("nothing computed", "inget beräknat")
    try:
        save_run(run, context.settings.store)
    except OSError as error:
        raise StepFailed(
            f"cannot store the run: {error.strerror or error}",
            f"kan inte lagra körningen: {error.strerror or error}",
        ) from None
    context.run = replace(run, state=None)  # the store moved the state folder: not ours now
    return (
        f"run {run.run_id}: {run.results.num_rows} cells",
        f"körning {run.run_id}: {run.results.num_rows} celler",
    )


def _same_catalogue(version: str) -> bool:
    return version == load_catalogue().version


__all__ = ["RefreshBusy", "RefreshResult", "StepOutcome", "run_refresh"]
