"""The refresh's page: who sees it, the runs and their failures, "Run now" and its task."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fardplan.engine.store import current_run
from fardplan.web.refresh.models import RefreshRun
from tests.web.plans import factories

REPORT = {
    "rows_read": {"admissions": 12},
    "rows_used": {"admissions": 11},
    "dropped": [
        {"table": "admissions", "column": "sex", "rule": "is not one of M, F", "rule_sv":
         "är inte en av M, F", "rows": 1, "examples": ["X"]},
    ],
    "excluded": [],
}  # fmt: skip


def failed_run() -> RefreshRun:
    now = timezone.now()
    return RefreshRun.objects.create(
        trigger=RefreshRun.Trigger.SCHEDULE, by_name="cron", status=RefreshRun.Status.FAILED,
        started=now - timedelta(seconds=42), finished=now,
        message="Kolada: HTTP 500 after 2 attempts", message_sv="Kolada: HTTP 500 efter 2 försök",
        steps=[{"step": "kolada", "status": "failed", "seconds": 1.5, "message": "HTTP 500",
                "message_sv": "HTTP 500 (sv)"}],
        data_quality=REPORT,
    )  # fmt: skip


@pytest.mark.parametrize("who", ["superuser", "administrator"])
def test_superusers_and_county_administrators_see_runs_and_failures(
    client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    run = failed_run()
    client.force_login(user)
    page = client.get(reverse("refresh:runs")).content.decode()
    assert "Kolada: HTTP 500 efter 2 försök" in page and "42,0 s" in page
    detail = client.get(reverse("refresh:detail", args=[run.pk])).content.decode()
    assert "HTTP 500 (sv)" in detail and "Misslyckades" in detail
    assert "admissions.sex: 1 rad är inte en av M, F" in detail
    english = client.get("/en" + reverse("refresh:detail", args=[run.pk])).content.decode()
    assert "admissions.sex: 1 row is not one of M, F" in english
    assert "Kolada: HTTP 500 after 2 attempts" in english


@pytest.mark.parametrize("who", ["coordinator", "lulea_editor", "viewer"])
def test_others_are_refused(client: Client, world: factories.World, who: str) -> None:
    run = failed_run()
    client.force_login(getattr(world, who))
    assert client.get(reverse("refresh:runs")).status_code == 403
    assert client.get(reverse("refresh:detail", args=[run.pk])).status_code == 403
    assert client.post(reverse("refresh:run_now")).status_code == 403
    assert not RefreshRun.objects.filter(trigger=RefreshRun.Trigger.MANUAL).exists()


def test_anonymous_is_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(reverse("refresh:runs"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


@pytest.mark.usefixtures("immediate_tasks")
def test_run_now_queues_the_task_which_refreshes_and_records(
    client: Client, administrator: User, refresh_env: Path
) -> None:
    client.force_login(administrator)
    response = client.post(reverse("refresh:run_now"))
    run = RefreshRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/uppdatering/{run.pk}/")
    assert run.status == RefreshRun.Status.SUCCEEDED, run.message
    assert run.trigger == RefreshRun.Trigger.MANUAL and run.by == administrator
    assert [step["step"] for step in run.steps] == ["care_data", "compute", "kolada", "store"]
    stored = current_run(refresh_env)
    assert stored is not None and stored.run_id == run.run_id
    assert run.data_quality and run.data_quality["rows_read"]
    page = client.get(reverse("refresh:detail", args=[run.pk])).content.decode()
    assert "Lyckades" in page and "Rader per tabell" in page and "hx-trigger" not in page


# Committed for real: the worker closes its database connections between tasks, which a
# test's wrapping transaction would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_a_queued_run_is_polled_and_its_task_is_stored_for_the_worker(
    client: Client, administrator: User, refresh_env: Path
) -> None:
    client.force_login(administrator)
    client.post(reverse("refresh:run_now"))
    run = RefreshRun.objects.get()
    assert run.status == RefreshRun.Status.QUEUED  # the database backend: for db_worker
    assert DBTaskResult.objects.filter(args_kwargs__args=[run.pk]).count() == 1
    page = client.get(reverse("refresh:detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Köad" in page
    runs = client.get(reverse("refresh:runs")).content.decode()
    assert "disabled" in runs
    # A second click follows the queued run rather than queueing another.
    again = client.post(reverse("refresh:run_now"))
    assert again["Location"].endswith(f"/uppdatering/{run.pk}/")
    assert RefreshRun.objects.count() == 1 and DBTaskResult.objects.count() == 1
    # The worker (`fardplan manage db_worker`) takes the task from the database and runs it.
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    run.refresh_from_db()
    assert run.status == RefreshRun.Status.SUCCEEDED
    fragment = client.get(reverse("refresh:detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode() and "Lyckades" in fragment.content.decode()


@pytest.mark.parametrize(
    ("who", "shown"),
    [("superuser", True), ("administrator", True), ("coordinator", False), ("viewer", False)],
)
def test_the_menu_links_the_refresh_for_those_who_may_see_it(
    client: Client, world: factories.World, who: str, shown: bool, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who) if who in ("superuser", "administrator") else None
    client.force_login(user or getattr(world, who))
    page = client.get(reverse("site:home")).content.decode()
    link = f'<a href="{reverse("refresh:runs")}">Datauppdatering</a>'
    assert (link in page) is shown


def test_a_run_no_worker_has_taken_says_how_to_run_one(client: Client, superuser: User) -> None:
    fresh = RefreshRun.objects.create(trigger=RefreshRun.Trigger.MANUAL, by=superuser)
    stale = RefreshRun.objects.create(trigger=RefreshRun.Trigger.MANUAL, by=superuser)
    RefreshRun.objects.filter(pk=stale.pk).update(queued=timezone.now() - timedelta(minutes=2))
    client.force_login(superuser)
    note = "Ingen arbetsprocess har tagit den här körningen än"
    assert note not in client.get(reverse("refresh:detail", args=[fresh.pk])).content.decode()
    page = client.get(reverse("refresh:detail", args=[stale.pk])).content.decode()
    assert note in page and "fardplan manage db_worker" in page
