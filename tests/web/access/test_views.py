"""The membership pages through the real views: the persona matrix, adding, changing and
removing with the history on the page, and the links in the menu and the county view."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fardplan.web.access.models import Membership, MembershipChange, Role
from tests.web.plans import factories
from tests.web.plans.factories import World

PERSONAS = ["coordinator", "lulea_editor", "umea_editor", "contributor", "viewer", "anonymous"]
PAGES = ["index", "county", "add", "edit", "remove", "post_add"]
OK, REDIRECT, FORBIDDEN, HIDDEN, LOGIN = 200, 302, 403, 404, "login"
EXPECTED: dict[str, list[int | str]] = {
    "coordinator": [REDIRECT, OK, OK, OK, OK, REDIRECT],
    "lulea_editor": [FORBIDDEN] * len(PAGES),
    "umea_editor": [FORBIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN],
    "contributor": [FORBIDDEN] * len(PAGES),
    "viewer": [FORBIDDEN] * len(PAGES),
    "anonymous": [LOGIN] * len(PAGES),
}
CASES = [
    (persona, page, expected)
    for persona, row in EXPECTED.items()
    for page, expected in zip(PAGES, row, strict=True)
]


def _status(client: Client, page: str, target: Membership) -> int | str:
    urls = {
        "index": reverse("access:index"),
        "county": reverse("access:county", args=["25"]),
        "add": reverse("access:add", args=["25"]),
        "edit": reverse("access:edit", args=[target.pk]),
        "remove": reverse("access:remove", args=[target.pk]),
        "post_add": reverse("access:add", args=["25"]),
    }
    if page == "post_add":
        data = {"username": "nykomling", "organisation": target.organisation_id, "role": "editor"}
        response = client.post(urls[page], data)
    else:
        response = client.get(urls[page])
    if response.status_code == 302 and "/konto/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(("persona", "page", "expected"), CASES)
def test_it_enforces_the_persona_matrix(
    client: Client, world: World, persona: str, page: str, expected: int | str
) -> None:
    target = Membership.objects.create(
        user=factories.user("pitea-lasare"), organisation=world.pitea, role=Role.VIEWER
    )
    factories.user("nykomling")
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    assert _status(client, page, target) == expected
    added = Membership.objects.filter(user__username="nykomling").exists()
    assert added == (persona == "coordinator" and page == "post_add")


def test_it_adds_changes_and_removes_with_the_history_on_the_page(
    client: Client, world: World
) -> None:
    newcomer = factories.user("nykomling")
    client.force_login(world.coordinator)
    add_url = reverse("access:add", args=["25"])
    data = {"username": "nykomling", "organisation": world.lulea.pk, "role": "editor"}
    assert client.post(add_url, data)["Location"] == reverse("access:county", args=["25"])
    membership = Membership.objects.get(user=newcomer)
    client.post(reverse("access:edit", args=[membership.pk]), {"role": "contributor"})
    confirm = client.get(reverse("access:remove", args=[membership.pk]))
    assert "nykomling will no longer be Contributor in Luleå kommun" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(reverse("access:remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    page = client.get(reverse("access:county", args=["25"]))
    shown = [
        (c.action, c.member_label, c.role_before, c.role_after) for c in page.context["changes"]
    ]
    assert shown == [
        ("removed", "nykomling", "contributor", ""),
        ("changed", "nykomling", "editor", "contributor"),
        ("added", "nykomling", "", "editor"),
    ]
    assert "History of memberships" in page.content.decode()


def test_it_explains_a_bad_username_or_role_and_saves_nothing(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = reverse("access:add", args=["25"])
    data = {"username": "finns-inte", "organisation": world.lulea.pk, "role": "editor"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "No active user has the username “finns-inte”." in response.content.decode()
    factories.user("nykomling")
    data = {"username": "nykomling", "organisation": world.lulea.pk, "role": "administrator"}
    response = client.post(url, data)
    assert "role" in response.context["form"].errors
    data = {"username": "nykomling", "organisation": world.umea.pk, "role": "editor"}
    assert "organisation" in client.post(url, data).context["form"].errors
    assert not MembershipChange.objects.exists()


def test_it_shows_the_page_in_swedish(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    with translation.override("sv"):
        page = client.get(reverse("access:county", args=["25"])).content.decode()
    for text in ("Medlemmar och roller: Norrbottens län", "Lägg till medlem", "Läsare",
                 "Ändra rollen för lasare i Region Norrbotten", "Ditt eget medlemskap",
                 "Historik för medlemskap"):  # fmt: skip
        assert text in page


def test_it_links_the_page_from_the_menu_and_the_county_view_for_managers(
    client: Client, world: World
) -> None:
    url = reverse("access:county", args=["25"])
    county_view = reverse("plans:county", args=["25"])
    client.force_login(world.coordinator)
    assert reverse("access:index") in client.get(reverse("plans:list")).content.decode()
    assert url in client.get(county_view).content.decode()
    client.force_login(world.viewer)
    assert reverse("access:index") not in client.get(reverse("plans:list")).content.decode()
    assert url not in client.get(county_view).content.decode()


def test_it_lists_the_counties_for_a_manager_of_several(client: Client, world: World) -> None:
    Membership.objects.create(
        user=world.coordinator, organisation=world.region_vasterbotten, role=Role.COORDINATOR
    )
    client.force_login(world.coordinator)
    page = client.get(reverse("access:index"))
    assert [c.code for c in page.context["counties"]] == ["24", "25"]


def test_it_answers_404_when_the_membership_was_removed_meanwhile(
    client: Client, world: World
) -> None:
    membership = Membership.objects.get(user=world.viewer)
    client.force_login(world.coordinator)
    url = reverse("access:remove", args=[membership.pk])
    assert client.get(url).status_code == 200
    pk = membership.pk
    membership.delete()
    assert client.post(url).status_code == 404
    edit = reverse("access:edit", args=[pk])
    assert client.post(edit, {"role": "editor"}).status_code == 404
    assert not MembershipChange.objects.exists()
