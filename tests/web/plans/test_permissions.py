"""The role × action matrix, through the real views (so no view can forget a check) and
through the permission functions that the services use."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fardplan.web.plans import permissions
from fardplan.web.plans.models import Activity, Plan, PlanKind
from fardplan.web.plans.periods import period_of
from tests.web.plans import factories
from tests.web.plans.factories import World

PERSONAS = ["coordinator", "lulea_editor", "umea_editor", "contributor", "viewer", "anonymous"]
OK, REDIRECT, FORBIDDEN, HIDDEN, LOGIN = 200, 302, 403, 404, "login"
ACTIONS = [
    "view",
    "edit_plan",
    "add_activity",
    "edit_activity",
    "report",
    "create",
    "county",
    "xlsx",
]
EXPECTED: dict[str, list[int | str]] = {
    "coordinator": [OK, OK, OK, OK, REDIRECT, OK, OK, OK],
    "lulea_editor": [OK, OK, OK, OK, REDIRECT, OK, OK, OK],
    "umea_editor": [HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, HIDDEN],
    "contributor": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, REDIRECT, FORBIDDEN, OK, OK],
    "viewer": [OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK],
    "anonymous": [LOGIN] * len(ACTIONS),
}
CASES = [
    (persona, action, expected)
    for persona, row in EXPECTED.items()
    for action, expected in zip(ACTIONS, row, strict=True)
]


@pytest.fixture
def lulea_plan(world: World) -> tuple[Plan, Activity]:
    plan = factories.plan(
        world.strategy_25, world.lulea, participants=[world.hertson, world.region_norrbotten]
    )
    activity = factories.activity(plan, participants=[world.hertson])
    return plan, activity


def _request(client: Client, action: str, plan: Plan, activity: Activity) -> int | str:
    urls = {
        "view": reverse("plans:detail", args=[plan.pk]),
        "edit_plan": reverse("plans:edit", args=[plan.pk]),
        "add_activity": reverse("plans:activity_create", args=[plan.pk]),
        "edit_activity": reverse("plans:activity_edit", args=[activity.pk]),
        "report": reverse("plans:progress_add", args=[activity.pk]),
        "create": reverse("plans:create"),
        "county": reverse("plans:county", args=[plan.county.code]),
        "xlsx": reverse("plans:plan_xlsx", args=[plan.pk]),
    }
    if action == "report":
        period = period_of(timezone.localdate())
        data = {"period": period, "status": "ongoing", "text": "Teamet är i gång."}
        response = client.post(urls[action], data)
    else:
        response = client.get(urls[action])
    if response.status_code == 302 and "/konto/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(("persona", "action", "expected"), CASES)
def test_it_enforces_the_role_matrix_in_every_view(
    client: Client,
    world: World,
    lulea_plan: tuple[Plan, Activity],
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    assert _request(client, action, *lulea_plan) == expected


def test_it_saves_a_progress_update_only_when_allowed(
    client: Client, world: World, lulea_plan: tuple[Plan, Activity]
) -> None:
    _plan, activity = lulea_plan
    for persona in ("viewer", "umea_editor", "contributor"):
        client.force_login(getattr(world, persona))
        _request(client, "report", *lulea_plan)
    assert list(activity.updates.values_list("author__username", flat=True)) == ["hertson"]


def test_it_refuses_the_umea_editor_everything_in_lulea(
    world: World, lulea_plan: tuple[Plan, Activity]
) -> None:
    plan, activity = lulea_plan
    editor = world.umea_editor
    assert not Plan.objects.for_user(editor).filter(pk=plan.pk).exists()
    assert not Activity.objects.for_user(editor).filter(pk=activity.pk).exists()
    assert not permissions.can_edit_plan(editor, plan)
    assert not permissions.can_add_activity(editor, plan)
    assert not permissions.can_edit_activity(editor, activity)
    assert not permissions.can_report_progress(editor, activity)
    assert not permissions.can_create_plan(editor, world.lulea)
    assert permissions.can_create_plan(editor, world.umea)


def test_it_keeps_an_editor_to_its_own_organisation_inside_its_county(world: World) -> None:
    county_plan = factories.plan(
        world.strategy_25, world.region_norrbotten, kind=PlanKind.COUNTY, area=None,
        participants=[world.lulea],
    )  # fmt: skip
    regional = factories.activity(county_plan, responsible=world.region_norrbotten)
    lulea_part = factories.activity(county_plan, responsible=world.lulea)
    editor = world.lulea_editor
    assert not permissions.can_edit_plan(editor, county_plan)
    assert permissions.can_add_activity(editor, county_plan)  # Luleå takes part
    assert list(permissions.responsible_choices(editor, county_plan)) == [world.lulea]
    assert not permissions.can_edit_activity(editor, regional)
    assert permissions.can_edit_activity(editor, lulea_part)


def test_it_gives_a_coordinator_only_its_own_county(world: World) -> None:
    umea_plan = factories.plan(world.strategy_24, world.umea)
    assert not Plan.objects.for_user(world.coordinator).filter(pk=umea_plan.pk).exists()
    assert not permissions.can_edit_plan(world.coordinator, umea_plan)


def test_it_lets_only_administrators_delete_plans(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    administrator = factories.user(administrator=world.region_norrbotten)
    assert permissions.can_delete_plan(administrator, plan)
    assert not permissions.can_delete_plan(world.coordinator, plan)
    assert not permissions.can_delete_plan(world.lulea_editor, plan)


def test_it_hides_plans_from_inactive_users(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea, start=date(2025, 1, 1))
    world.viewer.is_active = False
    assert not Plan.objects.for_user(world.viewer).filter(pk=plan.pk).exists()


def test_it_lets_only_administrators_delete_plans_in_the_admin(world: World, rf: Any) -> None:
    from django.contrib import admin

    from fardplan.web.plans.admin import PlanAdmin

    plan = factories.plan(world.strategy_25, world.lulea)
    plan_admin = PlanAdmin(Plan, admin.site)
    request = rf.get("/")
    request.user = world.coordinator
    assert not plan_admin.has_delete_permission(request, plan)
    request.user = factories.user(administrator=world.region_norrbotten)
    assert plan_admin.has_delete_permission(request, plan)
