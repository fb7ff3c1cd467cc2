"""The Django admin shows strategies, plans and every history, and changes none of them:
edits go through the services that check roles and record the history, and the history is
append-only, for superusers too."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from fardplan.web.access.models import MembershipChange
from fardplan.web.plans.models import ChangeRecord
from fardplan.web.strategies.models import Strategy, StrategyChange
from tests.web.plans import factories as plan_factories
from tests.web.plans.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client: Client, db: None) -> Client:
    client.force_login(User.objects.create_superuser("admin", password=None))
    return client


def test_it_lists_and_shows_a_strategy_with_its_items(
    superuser_client: Client, norrbotten: Strategy
) -> None:
    listing = superuser_client.get("/admin/strategies/strategy/")
    assert listing.status_code == 200 and norrbotten.title in listing.content.decode()
    change = superuser_client.get(f"/admin/strategies/strategy/{norrbotten.pk}/change/")
    html = change.content.decode()
    assert change.status_code == 200
    assert "Min egen kraft tas tillvara" in html and "min-egen-kraft-tas-tillvara" in html


def _history_rows(world: World) -> dict[str, int]:
    """Make one row of each history and return its admin model name → id."""
    plan = plan_factories.plan(world.strategy_25, world.lulea)
    strategy_change = StrategyChange.objects.create(
        strategy=world.strategy_25, action="updated", source="edit", field="title"
    )
    membership_change = MembershipChange.objects.create(
        county=world.norrbotten, organisation_label="Luleå", member_label="x", action="added"
    )
    return {
        "plans/changerecord": ChangeRecord.objects.filter(plan=plan).first().pk,  # type: ignore[union-attr]
        "strategies/strategychange": strategy_change.pk,
        "access/membershipchange": membership_change.pk,
    }


def test_it_refuses_to_add_change_or_delete_history_rows(
    superuser_client: Client, world: World
) -> None:
    for model, pk in _history_rows(world).items():
        base = f"/admin/{model}/"
        assert superuser_client.get(base).status_code == 200
        assert superuser_client.get(f"{base}add/").status_code == 403
        assert superuser_client.post(f"{base}{pk}/change/", {"field": "x"}).status_code == 403
        assert superuser_client.post(f"{base}{pk}/delete/", {"post": "yes"}).status_code == 403
        listing = superuser_client.post(
            base, {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
        )
        assert listing.status_code in (200, 302)
    assert ChangeRecord.objects.filter(field="").exists()
    assert StrategyChange.objects.filter(field="title").exists()
    assert MembershipChange.objects.exists()


def test_it_refuses_to_change_plans_activities_and_strategies(
    superuser_client: Client, world: World
) -> None:
    plan = plan_factories.plan(world.strategy_25, world.lulea)
    activity = plan_factories.activity(plan)
    for model, pk in [("plans/plan", plan.pk), ("plans/activity", activity.pk),
                      ("strategies/strategy", world.strategy_25.pk)]:  # fmt: skip
        assert superuser_client.get(f"/admin/{model}/{pk}/change/").status_code == 200  # view
        response = superuser_client.post(f"/admin/{model}/{pk}/change/", {"title": "Ändrad"})
        assert response.status_code == 403
        assert superuser_client.get(f"/admin/{model}/add/").status_code == 403
    plan.refresh_from_db()
    activity.refresh_from_db()
    world.strategy_25.refresh_from_db()
    assert "Ändrad" not in (plan.title, activity.title, world.strategy_25.title)
    assert (
        superuser_client.post(
            f"/admin/strategies/strategy/{world.strategy_25.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert reverse("admin:plans_plan_changelist")
