"""Run a refresh and record it: the one code path of the command and of the page's task."""

from __future__ import annotations

from django.utils import timezone

from fardplan.refresh import RefreshBusy, RefreshSettings, StepOutcome, run_refresh
from fardplan.refresh.job import OnStep
from fardplan.web.refresh.models import RefreshRun


def record_refresh(
    record: RefreshRun, settings: RefreshSettings | None = None, also: OnStep | None = None
) -> RefreshRun:
    """Run the refresh ``record`` stands for, saving each step as it ends (and telling
    ``also``, the command's progress bar)."""
    record.status, record.started = RefreshRun.Status.RUNNING, timezone.now()
    record.save(update_fields=["status", "started"])

    def heard(step: StepOutcome | str) -> None:
        if isinstance(step, str):
            record.current_step = step
        else:
            record.steps = [*record.steps, step.to_dict()]
        record.save(update_fields=["current_step", "steps"])
        if also is not None:
            also(step)

    try:
        result = run_refresh(settings or RefreshSettings.from_env(), heard)
    except RefreshBusy as busy:
        return _finish(record, str(busy), busy.swedish)
    except Exception as error:
        # Recorded, then raised again: the worker's log keeps the traceback.
        _finish(record, f"unexpected error: {error!r}", f"oväntat fel: {error!r}")
        raise
    record.data_quality, record.run_id = result.data_quality, result.run_id or ""
    failed = result.failed
    if failed is not None:
        return _finish(record, failed.message, failed.message_sv)
    return _finish(record, "", "")


def _finish(record: RefreshRun, message: str, message_sv: str) -> RefreshRun:
    record.status = RefreshRun.Status.FAILED if message else RefreshRun.Status.SUCCEEDED
    record.message, record.message_sv = message, message_sv
    record.finished, record.current_step = timezone.now(), ""
    if record.started is None:
        record.started = record.finished
    record.save()
    return record
