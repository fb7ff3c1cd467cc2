"""The demo's roles: a coordinator, a region editor, a viewer and an editor per municipality
with a plan in each example county, with fresh passwords on each build, printed and never
logged."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.http import HttpRequest

from fardplan.cli import web as cli_web
from fardplan.web.access.models import Membership
from fardplan.web.organisations.loading import load_organisations
from fardplan.web.plans import permissions
from fardplan.web.plans.examples import load_examples
from fardplan.web.plans.models import Plan
from fardplan.web.site.demo_users import create_demo_users
from fardplan.web.strategies.services import import_example_strategies

pytestmark = pytest.mark.django_db

EXPECTED = {
    "samordnare-norrbotten": ("coordinator", "Region Norrbotten"),
    "redaktor-region-norrbotten": ("editor", "Region Norrbotten"),
    "redaktor-lulea": ("editor", "Luleå"),
    "redaktor-pitea": ("editor", "Piteå"),
    "lasare-norrbotten": ("viewer", "Region Norrbotten"),
    "samordnare-vasterbotten": ("coordinator", "Region Västerbotten"),
    "redaktor-region-vasterbotten": ("editor", "Region Västerbotten"),
    "redaktor-skelleftea": ("editor", "Skellefteå"),
    "redaktor-umea": ("editor", "Umeå"),
    "lasare-vasterbotten": ("viewer", "Region Västerbotten"),
    "samordnare-vasternorrland": ("coordinator", "Region Västernorrland"),
    "redaktor-region-vasternorrland": ("editor", "Region Västernorrland"),
    "redaktor-ornskoldsvik": ("editor", "Örnsköldsvik"),
    "redaktor-sundsvall": ("editor", "Sundsvall"),
    "lasare-vasternorrland": ("viewer", "Region Västernorrland"),
}


def test_it_gives_each_county_its_roles_with_fresh_passwords(
    caplog: pytest.LogCaptureFixture,
) -> None:
    load_organisations()
    caplog.set_level(logging.DEBUG)
    first = {login.username: login for login in create_demo_users()}
    assert set(first) == set(EXPECTED)
    for membership in Membership.objects.select_related("user", "organisation"):
        role, organisation = EXPECTED[membership.user.username]
        assert (membership.role, membership.organisation.name) == (role, organisation)
    second = {login.username: login for login in create_demo_users()}
    assert Membership.objects.count() == len(EXPECTED)  # a rebuild adds no second role
    lulea = second["redaktor-lulea"]
    assert lulea.password != first["redaktor-lulea"].password
    assert (
        authenticate(HttpRequest(), username="redaktor-lulea", password=lulea.password) is not None
    )
    assert (
        authenticate(
            HttpRequest(), username="redaktor-lulea", password=first["redaktor-lulea"].password
        )
        is None
    )
    logged = caplog.text
    assert not any(login.password in logged for login in (*first.values(), *second.values()))


def test_it_lets_the_personas_act_as_their_roles_on_the_example_plans() -> None:
    load_organisations()
    import_example_strategies()
    create_demo_users()
    load_examples()
    users = {u.username: u for u in User.objects.all()}
    lulea_plan = Plan.objects.get(title="Lokal handlingsplan Luleå")
    pitea_plan = Plan.objects.get(title="Lokal handlingsplan Piteå")
    assert permissions.can_edit_plan(users["redaktor-lulea"], lulea_plan)
    assert not permissions.can_edit_plan(users["redaktor-lulea"], pitea_plan)
    assert permissions.can_edit_plan(users["samordnare-norrbotten"], pitea_plan)
    assert permissions.can_view_plan(users["lasare-norrbotten"], lulea_plan)
    assert not permissions.can_edit_plan(users["lasare-norrbotten"], lulea_plan)
    assert not permissions.can_view_plan(users["redaktor-umea"], lulea_plan)
    authors = {u.author.username for u in lulea_plan.activities.get(
        title="Mobila team för sköra äldre").updates.all() if u.author}  # fmt: skip
    assert authors == {"redaktor-lulea"}


def test_it_prints_the_logins_on_screen(capsys: pytest.CaptureFixture[str]) -> None:
    load_organisations()
    logins = create_demo_users()
    cli_web._print_logins(logins)
    shown = capsys.readouterr().out
    assert "samordnare-norrbotten" in shown and logins[0].password in shown
