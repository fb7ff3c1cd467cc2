"""The page's "Run now": a task the database worker (``db_worker``) runs."""

from __future__ import annotations

from django_tasks import task

from fardplan.web.refresh.jobs import record_refresh
from fardplan.web.refresh.models import RefreshRun


@task()
def refresh_task(record_id: int) -> str:
    """Run the queued refresh ``record_id``; return its status."""
    record = RefreshRun.objects.get(pk=record_id)
    return str(record_refresh(record).status)
