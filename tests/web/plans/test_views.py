"""Plan and activity pages: forms, validation messages, stale-save refusal, history."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fardplan.web.plans.models import Activity, Plan
from fardplan.web.plans.periods import period_of
from tests.web.plans import factories
from tests.web.plans.factories import World


def _activity_post(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Mobilt närvårdsteam", "description": "Team för sköra äldre.",
        "strategy_items": [factories.direction_change(world.strategy_25, 3).pk],
        "responsible": world.lulea.pk, "participants": [world.hertson.pk],
        "target_groups": ["elderly"], "start": "2025-02-01", "end": "2026-12-31",
        "status": "ongoing",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_it_creates_a_local_plan_from_the_form(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("plans:create"),
        {
            "strategy": world.strategy_25.pk,
            "kind": "local",
            "title": "Lokal plan Luleå",
            "owner": world.lulea.pk,
            "area": world.lulea.pk,
            "participants": [world.hertson.pk, world.sunderby.pk],
            "start": "2025-01-01",
            "end": "2026-12-31",
            "status": "draft",
        },
    )
    plan = Plan.objects.get(title="Lokal plan Luleå")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.county == world.norrbotten
    assert set(plan.participants.all()) == {world.hertson, world.sunderby}


def test_it_offers_the_umea_editor_no_norrbotten_owner(client: Client, world: World) -> None:
    client.force_login(world.umea_editor)
    response = client.post(
        reverse("plans:create"),
        {"strategy": world.strategy_25.pk, "kind": "internal", "title": "Intrång",
         "owner": world.lulea.pk, "start": "2025-01-01", "end": "2025-12-31", "status": "draft"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Plan.objects.filter(title="Intrång").exists()
    assert "owner" in response.context["form"].errors
    assert "strategy" in response.context["form"].errors


def test_it_refuses_an_activity_without_a_direction_change(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    client.force_login(world.lulea_editor)
    url = reverse("plans:activity_create", args=[plan.pk])
    response = client.post(url, _activity_post(world, strategy_items=[]))
    assert response.status_code == 200
    assert "strategy_items" in response.context["form"].errors
    assert not plan.activities.exists()
    response = client.post(url, _activity_post(world))
    activity = plan.activities.get()
    assert response["Location"] == activity.get_absolute_url()


def test_it_refuses_a_stale_edit_and_shows_both_versions(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Mobilt team")
    client.force_login(world.coordinator)
    url = reverse("plans:activity_edit", args=[activity.pk])
    first = client.post(url, _activity_post(world, title="Mobilt team Luleå", version=1))
    assert first.status_code == 302
    second = client.post(url, _activity_post(world, title="Mobilt team för sköra", version=1))
    assert second.status_code == 409
    page = second.content.decode()
    assert "Mobilt team Luleå" in page  # the current version
    assert 'value="Mobilt team för sköra"' in page  # the user's version, kept in the form
    assert 'name="version" value="2"' in page
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Mobilt team Luleå", 2)
    third = client.post(url, _activity_post(world, title="Mobilt team för sköra", version=2))
    assert third.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Mobilt team för sköra", 3)


def test_it_shows_the_history_on_the_activity_page(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="SIP-rutin")
    client.force_login(world.lulea_editor)
    client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        _activity_post(world, title="Gemensam SIP-rutin", version=1),
    )
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "SIP-rutin" in page and "Gemensam SIP-rutin" in page
    assert "lulea" in page


def test_it_links_an_indicator_and_reports_progress(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, participants=[world.hertson], start=date(2024, 1, 1))
    client.force_login(world.lulea_editor)
    client.post(
        reverse("plans:indicator_add", args=[activity.pk]),
        {
            "indicator_id": "avoidable_admissions",
            "direction": "decrease",
            "areas": [world.lulea.pk],
        },
    )
    client.force_login(world.contributor)
    client.post(
        reverse("plans:progress_add", args=[activity.pk]),
        {
            "period": period_of(timezone.localdate()),
            "status": "ongoing",
            "text": "Två team i gång.",
        },
    )
    activity = Activity.objects.get(pk=activity.pk)
    assert list(activity.indicators.values_list("indicator_id", flat=True)) == [
        "avoidable_admissions"
    ]
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Två team i gång." in page


def test_it_lists_the_readable_counties_even_without_plans(client: Client, world: World) -> None:
    client.force_login(world.viewer)
    page = client.get(reverse("plans:list")).content.decode()
    assert reverse("plans:county", args=["25"]) in page
    assert reverse("plans:county", args=["24"]) not in page


def test_it_refuses_a_stale_plan_edit_with_409(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea, title="Plan A")
    client.force_login(world.lulea_editor)
    url = reverse("plans:edit", args=[plan.pk])
    form = {
        "kind": "local", "owner": world.lulea.pk, "area": world.lulea.pk,
        "start": "2025-01-01", "end": "2026-12-31", "status": "agreed", "version": 1,
    }  # fmt: skip
    assert client.post(url, {**form, "title": "Plan B"}).status_code == 302
    stale = client.post(url, {**form, "title": "Plan C"})
    assert stale.status_code == 409
    assert "Plan B" in stale.content.decode() and 'value="Plan C"' in stale.content.decode()
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Plan B", 2)


def test_it_keeps_the_history_of_a_deleted_activity(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Skolhälsa")
    client.force_login(world.viewer)
    assert client.post(reverse("plans:activity_delete", args=[activity.pk])).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()
    client.force_login(world.lulea_editor)
    response = client.post(reverse("plans:activity_delete", args=[activity.pk]))
    assert response["Location"] == plan.get_absolute_url()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    deleted = plan.changes.get(action="deleted")
    assert (deleted.object_label, deleted.user) == ("Skolhälsa", world.lulea_editor)
    assert deleted.before is not None and deleted.before["title"] == "Skolhälsa"


def test_it_removes_an_indicator_only_for_editors(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, participants=[world.hertson])
    client.force_login(world.lulea_editor)
    client.post(
        reverse("plans:indicator_add", args=[activity.pk]),
        {"indicator_id": "sip_plans", "direction": "increase"},
    )
    link = activity.indicators.get()
    url = reverse("plans:indicator_remove", args=[activity.pk, link.pk])
    client.force_login(world.contributor)
    assert client.post(url).status_code == 403
    client.force_login(world.lulea_editor)
    assert client.post(url).status_code == 302
    assert not activity.indicators.exists()
