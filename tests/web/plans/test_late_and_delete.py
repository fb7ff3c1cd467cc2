"""The late marker on the plan and activity pages (the county-wide view's rule) and the
confirmation page before an activity is deleted."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from fardplan.web.plans import followup, overview
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.plans.periods import period_of
from tests.web.plans import factories
from tests.web.plans.factories import World


def _plan_with_late_and_on_time(world: World) -> Plan:
    today = timezone.localdate()
    plan = factories.plan(world.strategy_25, world.lulea)
    factories.activity(plan, title="Utan lägesrapport", start=today - timedelta(days=30))
    reported = factories.activity(plan, title="Med lägesrapport", start=today - timedelta(days=30))
    followup.add_progress(None, reported, period_of(today), "I gång.", "ongoing")
    past = today - timedelta(days=1)
    factories.activity(plan, title="Klar", start=date(2020, 1, 1), end=past, status="done")
    factories.activity(plan, title="Slutdatum passerat", start=date(2020, 1, 1), end=past)
    factories.activity(plan, title="Inte påbörjad", start=today + timedelta(days=10),
                       end=today + timedelta(days=100), status="planned")  # fmt: skip
    return plan


def _late_titles_on(page: str) -> set[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    return {
        re.search(r'<a href="[^"]+">([^<]+)</a>', row).group(1)  # type: ignore[union-attr]
        for row in rows
        if "badge--late" in row
    }


def test_it_marks_the_same_activities_late_as_the_county_view(client: Client, world: World) -> None:
    plan = _plan_with_late_and_on_time(world)
    client.force_login(world.viewer)
    page = client.get(plan.get_absolute_url()).content.decode()
    rows = overview.build_rows(overview.load_activities(world.norrbotten), timezone.localdate())
    county_late = {row.activity.title for row in rows if row.is_late}
    assert county_late == {"Utan lägesrapport", "Slutdatum passerat"}
    assert _late_titles_on(page) == county_late
    assert "End date passed, no update this period" in page


def test_it_marks_a_late_activity_on_its_page_in_words(client: Client, world: World) -> None:
    plan = _plan_with_late_and_on_time(world)
    client.force_login(world.viewer)
    late = Activity.objects.get(plan=plan, title="Utan lägesrapport")
    with translation.override("sv"):
        page = client.get(late.get_absolute_url()).content.decode()
    assert '<span class="badge badge--late">Försenad</span>' in page
    assert "Ingen lägesrapport denna period" in page
    on_time = Activity.objects.get(plan=plan, title="Med lägesrapport")
    assert "badge--late" not in client.get(on_time.get_absolute_url()).content.decode()


def test_it_asks_before_deleting_an_activity(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Skolhälsa")
    followup.add_indicator(None, activity, "sip_plans", "increase", [])
    client.force_login(world.lulea_editor)
    with translation.override("sv"):  # reversed in Swedish: no /en/ prefix
        confirm = client.get(reverse("plans:activity_delete", args=[activity.pk]))
    url = reverse("plans:activity_delete", args=[activity.pk])
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Ta bort ”Skolhälsa”?" in text and "1 kopplad indikator" in text
    assert "0 lägesrapporter" in text and 'method="post"' in text
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert not plan.changes.filter(action="deleted").exists()
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail
    assert client.post(url)["Location"] == plan.get_absolute_url()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert plan.changes.get(action="deleted").object_label == "Skolhälsa"


def test_it_shows_the_delete_page_only_to_editors_of_the_activity(
    client: Client, world: World
) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    url = reverse("plans:activity_delete", args=[activity.pk])
    expected = {"coordinator": 200, "lulea_editor": 200, "umea_editor": 404,
                "contributor": 403, "viewer": 403}  # fmt: skip
    for persona, status in expected.items():
        client.force_login(getattr(world, persona))
        assert client.get(url).status_code == status, persona
    client.logout()
    assert "/konto/login/" in client.get(url)["Location"]
    assert Activity.objects.filter(pk=activity.pk).exists()
