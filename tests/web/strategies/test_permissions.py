"""The persona × action matrix of every strategy page and the import, through the real views.

Strategies follow the county roles: the county's administrators and coordinators edit,
create and import; its members read drafts; everyone reads adopted strategies.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fardplan.content.strategy import dump_strategy_yaml
from fardplan.web.strategies import urls
from fardplan.web.strategies.models import Strategy, StrategyStatus
from fardplan.web.strategies.services import export_strategy
from tests.web.plans import factories as plan_factories
from tests.web.plans.factories import World
from tests.web.strategies import factories

PERSONAS = ["coordinator", "lulea_editor", "umea_editor", "viewer", "vb_coordinator", "anonymous"]
OK, REDIRECT, FORBIDDEN, HIDDEN, LOGIN = 200, 302, 403, 404, "login"
# list and create need no strategy; detail and yaml are asked for Norrbotten's draft; edit and
# import for Norrbotten's adopted strategy (the import posts it back with a new title).
ACTIONS = ["list", "detail", "yaml", "edit", "create", "import"]
EXPECTED: dict[str, list[int | str]] = {
    "coordinator": [OK, OK, OK, OK, OK, REDIRECT],
    "lulea_editor": [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "umea_editor": [OK, HIDDEN, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "viewer": [OK, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "vb_coordinator": [OK, HIDDEN, HIDDEN, FORBIDDEN, OK, FORBIDDEN],
    "anonymous": [OK, HIDDEN, HIDDEN, LOGIN, LOGIN, LOGIN],
}
CASES = [
    (persona, action, expected)
    for persona, row in EXPECTED.items()
    for action, expected in zip(ACTIONS, row, strict=True)
]


@pytest.fixture
def draft(world: World) -> Strategy:
    strategy = plan_factories.strategy(world.norrbotten, "norrbotten-utkast")
    strategy.status = StrategyStatus.DRAFT
    strategy.save()
    return strategy


def persona(world: World, name: str) -> User | None:
    if name == "anonymous":
        return None
    if name == "vb_coordinator":
        return factories.user("vb-samordnare", coordinator=world.region_vasterbotten)
    user: User = getattr(world, name)
    return user


def _request(client: Client, action: str, draft: Strategy, adopted: Strategy) -> Any:
    if action == "import":
        doc = export_strategy(adopted).model_copy(update={"title": "Importerad"})
        upload = SimpleUploadedFile("s.yaml", dump_strategy_yaml(doc).encode("utf-8"))
        return client.post(reverse("strategies:import"), {"file": upload})
    args = {"detail": [draft.slug], "yaml": [draft.slug], "edit": [adopted.slug]}
    return client.get(reverse(f"strategies:{action}", args=args.get(action, [])))


def _outcome(response: Any) -> int | str:
    if response.status_code == 302 and "/konto/login/" in response["Location"]:
        return LOGIN
    return int(response.status_code)


def test_it_covers_every_url_of_the_app() -> None:
    assert {pattern.name for pattern in urls.urlpatterns} == set(ACTIONS)


@pytest.mark.parametrize(("name", "action", "expected"), CASES)
def test_it_enforces_the_role_matrix_in_every_view(
    client: Client, world: World, draft: Strategy, name: str, action: str, expected: int | str
) -> None:
    user = persona(world, name)
    if user is not None:
        client.force_login(user)
    assert _outcome(_request(client, action, draft, world.strategy_25)) == expected
    world.strategy_25.refresh_from_db()
    imported = world.strategy_25.title == "Importerad"
    assert imported == (action == "import" and expected == REDIRECT)


@pytest.mark.parametrize("name", PERSONAS)
def test_it_lists_a_draft_only_to_the_countys_members(
    client: Client, world: World, draft: Strategy, name: str
) -> None:
    user = persona(world, name)
    if user is not None:
        client.force_login(user)
    html = client.get(reverse("strategies:list")).content.decode()
    assert world.strategy_25.get_absolute_url() in html  # adopted: public
    members = {"coordinator", "lulea_editor", "viewer"}
    assert (draft.get_absolute_url() in html) == (name in members)
    county_page = client.get(reverse("organisations:county", args=["25"])).content.decode()
    assert (draft.get_absolute_url() in county_page) == (name in members)


def test_it_lets_a_superuser_do_everything(client: Client, world: World, draft: Strategy) -> None:
    client.force_login(User.objects.create_superuser("admin", password=None))
    for action in ACTIONS:
        assert _outcome(_request(client, action, draft, world.strategy_25)) in (OK, REDIRECT)


def test_it_offers_only_the_counties_the_user_manages(client: Client, world: World) -> None:
    client.force_login(factories.user("vb-samordnare", coordinator=world.region_vasterbotten))
    form = client.get(reverse("strategies:create")).context["form"]
    assert list(form.fields["county"].queryset) == [world.vasterbotten]
    assert {o.county_id for o in form.fields["organisations"].queryset} == {world.vasterbotten.pk}


def test_it_refuses_a_new_strategy_in_a_county_the_user_does_not_manage(
    client: Client, world: World
) -> None:
    client.force_login(factories.user("vb-samordnare", coordinator=world.region_vasterbotten))
    response = client.post(
        reverse("strategies:create"),
        {"county": world.norrbotten.pk, "slug": "kapad", "kind": "strategi", "title": "Kapad",
         "period_start": "2024", "period_end": "2027", "status": "draft",
         **{f"{s}-TOTAL_FORMS": "0" for s in SECTIONS},
         **{f"{s}-INITIAL_FORMS": "0" for s in SECTIONS}},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Strategy.objects.filter(slug="kapad").exists()


SECTIONS = ["vision", "target_area", "prerequisite", "direction_change", "perspective"]


def test_it_refuses_another_countys_coordinator_the_hijack_of_the_issue(
    client: Client, world: World
) -> None:
    """Västerbotten's coordinator may not move Norrbotten's strategy to county 24 and empty
    it, neither by the import nor in the service."""
    strategy = world.strategy_25
    plan = plan_factories.plan(strategy, world.lulea)
    activity = plan_factories.activity(plan)
    client.force_login(factories.user("vb-samordnare", coordinator=world.region_vasterbotten))
    doc = export_strategy(strategy).model_copy(
        update={"county": "24", "organisations": [], "direction_changes": [],
                "target_areas": [], "prerequisites": []}
    )  # fmt: skip
    upload = SimpleUploadedFile("s.yaml", dump_strategy_yaml(doc).encode("utf-8"))
    response = client.post(reverse("strategies:import"), {"file": upload})
    assert response.status_code == 403
    assert "den hör till Norrbottens län, som du inte samordnar." in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.county == world.norrbotten and strategy.items.count() == 7
    assert activity.strategy_items.count() == 1
