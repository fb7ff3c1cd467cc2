"""Plans marked public (issue 19, point 9): anyone reads them and their activities on the
public pages, without the history's names or an edit link; nothing else becomes readable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fardplan.web.plans.models import Activity, Plan
from tests.web.plans import factories
from tests.web.plans.factories import World

pytestmark = pytest.mark.django_db
FORM = {
    "kind": "local", "start": "2025-01-01", "end": "2026-12-31", "status": "agreed",
}  # fmt: skip


def lulea_plans(world: World) -> tuple[Plan, Activity, Plan]:
    """Return Luleå's public plan with an activity and a plan of Luleå that is not public."""
    public = factories.plan(world.strategy_25, world.lulea, title="Öppen plan", public=True)
    activity = factories.activity(public, title="Mobilt team")
    hidden = factories.plan(world.strategy_25, world.lulea, title="Intern plan")
    return public, activity, hidden


def test_anonymous_reads_a_public_plan_and_its_activity(client: Client, world: World) -> None:
    public, activity, _ = lulea_plans(world)
    listing = client.get(reverse("plans:public_list")).content.decode()
    assert "Öppen plan" in listing and "Intern plan" not in listing
    page = client.get(reverse("plans:public_plan", args=[public.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mobilt team" in body and reverse("plans:public_activity", args=[activity.pk]) in body
    assert reverse("plans:edit", args=[public.pk]) not in body
    assert "lulea_editor" not in body and "system" not in body.lower().split("<footer")[0]
    assert client.get(reverse("plans:public_activity", args=[activity.pk])).status_code == 200
    # The member pages stay behind the login.
    assert client.get(public.get_absolute_url()).status_code == 302


def test_a_plan_that_is_not_public_stays_hidden(client: Client, world: World) -> None:
    _, _, hidden = lulea_plans(world)
    other = factories.activity(hidden)
    assert client.get(reverse("plans:public_plan", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("plans:public_activity", args=[other.pk])).status_code == 404
    client.force_login(world.umea_editor)  # a member of another county
    assert client.get(reverse("plans:public_plan", args=[hidden.pk])).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_the_history_names_no_one_on_the_public_page(client: Client, world: World) -> None:
    public, _, _ = lulea_plans(world)
    client.force_login(world.lulea_editor)
    url = reverse("plans:edit", args=[public.pk])
    form = {**FORM, "owner": world.lulea.pk, "area": world.lulea.pk, "version": public.version}
    assert client.post(url, {**form, "title": "Öppen plan 2", "public": "on"}).status_code == 302
    client.logout()
    body = client.get(reverse("plans:public_plan", args=[public.pk])).content.decode()
    assert "Öppen plan 2" in body
    assert world.lulea_editor.get_username() not in body


def test_an_editor_of_umea_cannot_edit_lulea_public_plan(client: Client, world: World) -> None:
    public, activity, _ = lulea_plans(world)
    client.force_login(world.umea_editor)
    assert client.get(reverse("plans:public_plan", args=[public.pk])).status_code == 200
    form = {**FORM, "owner": world.lulea.pk, "area": world.lulea.pk, "title": "Kapad"}
    response = client.post(reverse("plans:edit", args=[public.pk]), {**form, "version": 1})
    assert response.status_code == 404
    edit_activity = client.get(reverse("plans:activity_edit", args=[activity.pk]))
    assert edit_activity.status_code == 404
    public.refresh_from_db()
    assert public.title == "Öppen plan"


def test_making_a_plan_public_is_recorded_in_its_history(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea, title="Plan")
    client.force_login(world.lulea_editor)
    form = {**FORM, "owner": world.lulea.pk, "area": world.lulea.pk, "title": "Plan"}
    response = client.post(
        reverse("plans:edit", args=[plan.pk]), {**form, "version": 1, "public": "on"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.public
    change = plan.changes.get(field="public")
    assert (change.user, change.before, change.after) == (world.lulea_editor, False, True)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Yes" in page and "public" in page  # the history shows the change in words
    # The follow-up's start page leads to the public plans.
    assert '/uppfoljning/planer/"' in client.get("/uppfoljning/").content.decode()


def test_the_navigation_leads_an_anonymous_visitor_to_the_public_plans(
    client: Client, world: World
) -> None:
    nav = client.get(reverse("followup:index")).content.decode().split("</nav>")[0]
    assert f'href="{reverse("plans:public_list")}"' in nav
    assert f'href="{reverse("plans:list")}"' not in nav
    client.force_login(world.lulea_editor)
    nav = client.get(reverse("followup:index")).content.decode().split("</nav>")[0]
    assert f'href="{reverse("plans:list")}"' in nav
