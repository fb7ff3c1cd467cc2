"""The refresh's runs, for superusers and county administrators, and its "Run now"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from fardplan.engine.errors import Violation
from fardplan.refresh.job import STEPS
from fardplan.web.access.scope import scope_for
from fardplan.web.refresh.models import RefreshRun
from fardplan.web.refresh.tasks import refresh_task

SHOWN_RUNS = 50
# A run queued or running this long ago no longer stops "Run now" (a worker that died).
STILL_WAITING = timedelta(days=1)
# A queued run no worker has taken this long after: the page says how a worker is run.
WORKER_EXPECTED_WITHIN = timedelta(seconds=30)


def _allowed(request: HttpRequest) -> None:
    """Superusers and the administrator of any county; others are refused."""
    if not scope_for(request.user).administers_any_county():
        raise PermissionDenied


def _swedish() -> bool:
    return (get_language() or "sv").startswith("sv")


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    shown = list(RefreshRun.objects.select_related("by")[:SHOWN_RUNS])
    for run in shown:
        run.shown_message = run.message_sv if _swedish() else run.message  # type: ignore[attr-defined]
    busy = any(run.in_progress for run in shown)
    return render(request, "refresh/runs.html", {"runs": shown, "busy": busy})


@login_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    assert isinstance(request.user, User)  # login_required
    waiting = RefreshRun.objects.filter(
        status__in=[RefreshRun.Status.QUEUED, RefreshRun.Status.RUNNING],
        queued__gte=timezone.now() - STILL_WAITING,
    ).first()
    if waiting is not None:  # a second click, or another administrator's: follow that one
        return redirect("refresh:detail", pk=waiting.pk)
    record = RefreshRun.objects.create(trigger=RefreshRun.Trigger.MANUAL, by=request.user)
    refresh_task.enqueue(record.pk)
    return redirect("refresh:detail", pk=record.pk)


@dataclass(frozen=True)
class ShownStep:
    name: str
    status: str
    seconds: float
    message: str


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    run = get_object_or_404(RefreshRun.objects.select_related("by"), pk=pk)
    context = {
        "run": run,
        "steps": shown_steps(run.steps),
        "current": _step_name(run.current_step) if run.current_step else "",
        "message": run.message_sv if _swedish() else run.message,
        "report": shown_report(run.data_quality),
        "waiting_for_worker": run.status == RefreshRun.Status.QUEUED
        and timezone.now() - run.queued > WORKER_EXPECTED_WITHIN,
    }
    template = "refresh/_progress.html" if request.htmx else "refresh/detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _step_name(step: str) -> str:
    swedish, english = STEPS.get(step, (step, step))
    return swedish if _swedish() else english


def shown_steps(steps: list[dict[str, Any]]) -> list[ShownStep]:
    return [
        ShownStep(
            _step_name(step["step"]),
            step["status"],
            step["seconds"],
            step["message_sv"] if _swedish() else step["message"],
        )
        for step in steps
    ]


@dataclass(frozen=True)
class ShownReport:
    rows: list[tuple[str, int, int]]  # table, rows read, rows used
    dropped: list[str]
    excluded: list[str]


def shown_report(report: dict[str, Any] | None) -> ShownReport | None:
    """The data-quality report's tables and findings, worded in the user's language."""
    if not report:
        return None
    language: Literal["sv", "en"] = "sv" if _swedish() else "en"
    used = report.get("rows_used", {})

    def described(kind: str) -> list[str]:
        return [
            Violation(
                found["table"],
                found.get("column"),
                found["rule"],
                found["rows"],
                tuple(found.get("examples", ())),
                found.get("rule_sv", ""),
            ).describe(language)
            for found in report.get(kind, [])
        ]

    read_rows = report.get("rows_read", {}).items()
    rows = [(table, read, used.get(table, read)) for table, read in read_rows]
    return ShownReport(sorted(rows), described("dropped"), described("excluded"))
