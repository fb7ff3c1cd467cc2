"""The plan's history shows activities added and removed and progress reported, each with
who did it, beside the changes to the plan itself."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fardplan.web.plans.models import ChangeRecord
from fardplan.web.plans.periods import period_of
from tests.web.plans import factories
from tests.web.plans.factories import World


def history_rows(html: str) -> list[str]:
    """Return the plan page's history rows as "who | what | after" texts."""
    table = html[html.index("<tbody>", html.index("Changes, newest first")) :]
    table = table[: table.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [" | ".join(re.sub(r"<[^>]+>", "", c).strip() for c in row[1:3]) for row in cells]


def test_it_shows_activities_added_removed_and_progress_reported(
    client: Client, world: World
) -> None:
    plan = factories.plan(world.strategy_25, world.lulea, participants=[world.hertson])
    client.force_login(world.lulea_editor)
    data = {
        "title": "Mobilt team", "description": "", "strategy_items": [
            str(factories.direction_change(world.strategy_25).pk)],
        "responsible": str(world.lulea.pk), "participants": [str(world.hertson.pk)],
        "target_groups": ["elderly"], "start": "2025-01-01", "end": "2026-12-31",
        "status": "planned",
    }  # fmt: skip
    response = client.post(reverse("plans:activity_create", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()
    activity = plan.activities.get(title="Mobilt team")
    client.force_login(world.contributor)
    period = period_of(timezone.localdate())
    client.post(
        reverse("plans:progress_add", args=[activity.pk]),
        {"period": period, "status": "planned", "text": "Teamet har anställts."},
    )
    client.force_login(world.lulea_editor)
    client.post(reverse("plans:activity_delete", args=[activity.pk]))
    reported = ChangeRecord.objects.get(action="reported")
    assert reported.user == world.contributor and reported.plan == plan
    assert reported.after == f"{period}: Teamet har anställts."
    html = client.get(plan.get_absolute_url()).content.decode()
    rows = history_rows(html)
    assert rows[:3] == [
        "lulea | Mobilt team: Deleted",
        "hertson | Mobilt team: progress update",
        "lulea | Mobilt team: Created",
    ]
    assert f"{period}: Teamet har anställts." in html
