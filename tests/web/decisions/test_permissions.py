"""The persona × page matrix through the real views, for every URL of the app (a test below
fails when a URL is added without a row here), and the refused posts that save nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fardplan.web.decisions import urls
from fardplan.web.decisions.models import Decision
from fardplan.web.strategies.models import Strategy
from tests.web.decisions import factories, files
from tests.web.decisions.factories import DecisionWorld
from tests.web.decisions.posts import decision_post, post_create

pytestmark = pytest.mark.django_db

OK, REDIRECT, FORBIDDEN, HIDDEN, LOGIN = 200, 302, 403, 404, "login"
PERSONAS = ["coordinator", "lulea_editor", "umea_editor", "vasterbotten_coordinator", "viewer",
            "anonymous"]  # fmt: skip
ACTIONS = ["county", "create", "detail", "edit", "delete", "basis_download", "protocol_import"]
EXPECTED: dict[str, list[int | str]] = {
    # county create detail edit delete download import
    "coordinator": [OK, OK, OK, OK, OK, OK, OK],
    "lulea_editor": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN],
    "umea_editor": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "vasterbotten_coordinator": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN],
    "viewer": [OK, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN],
    "anonymous": [OK, LOGIN, OK, LOGIN, LOGIN, LOGIN, LOGIN],
}
CASES = [
    (persona, action, expected)
    for persona, row in EXPECTED.items()
    for action, expected in zip(ACTIONS, row, strict=True)
]


def test_the_matrix_covers_every_url_of_the_app() -> None:
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names - set(ACTIONS) == set(), "add the new page to the persona matrix"


@pytest.fixture
def recorded(world: DecisionWorld) -> Decision:
    decision = factories.decision(world.lulea, strategy=world.strategy_25)
    document = decision.documents.create(title="Målbild")
    document.file.save("m.pdf", SimpleUploadedFile("m.pdf", files.PDF))
    document.original_name, document.content_type = "m.pdf", "application/pdf"
    document.save()
    return decision


def _url(action: str, decision: Decision) -> str:
    if action in ("county", "create", "protocol_import"):
        return reverse(f"decisions:{action}", args=["25"])
    if action == "basis_download":
        return reverse(f"decisions:{action}", args=[decision.pk, decision.documents.get().pk])
    return reverse(f"decisions:{action}", args=[decision.pk])


@pytest.mark.parametrize(("persona", "action", "expected"), CASES)
def test_it_enforces_the_matrix_in_every_view(
    client: Client,
    world: DecisionWorld,
    recorded: Decision,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(_url(action, recorded))
    got: int | str = response.status_code
    if got == 302 and "/konto/login/" in response["Location"]:
        got = LOGIN
    assert got == expected


@pytest.mark.parametrize("persona", ["lulea_editor", "vasterbotten_coordinator", "viewer"])
def test_a_refused_post_saves_nothing(client: Client, world: DecisionWorld, persona: str) -> None:
    client.force_login(getattr(world, persona))
    response = post_create(client, "25", decision_post(world.lulea, world.strategy_25))
    assert response.status_code == FORBIDDEN
    assert not Decision.objects.exists()


def test_the_coordinator_of_vasterbotten_records_in_vasterbotten(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.vasterbotten_coordinator)
    response = post_create(client, "24", decision_post(world.umea, world.strategy_24))
    assert response.status_code == REDIRECT
    assert Decision.objects.get().organisation == world.umea


def test_a_coordinator_cannot_pick_another_countys_organisation(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.coordinator)
    response = post_create(client, "25", decision_post(world.umea, world.strategy_24))
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_the_edit_and_delete_posts_are_refused_too(
    client: Client, world: DecisionWorld, recorded: Decision
) -> None:
    client.force_login(world.vasterbotten_coordinator)
    data = decision_post(world.lulea, world.strategy_25, title="Kapad")
    assert client.post(reverse("decisions:edit", args=[recorded.pk]), data).status_code == 403
    assert client.post(reverse("decisions:delete", args=[recorded.pk])).status_code == 403
    recorded.refresh_from_db()
    assert recorded.title == "Nära vård"


def test_a_decision_on_a_draft_strategy_is_hidden_from_outsiders(
    client: Client, world: DecisionWorld, recorded: Decision
) -> None:
    Strategy.objects.filter(pk=world.strategy_25.pk).update(status="draft")
    url = recorded.get_absolute_url()
    assert client.get(url).status_code == HIDDEN
    listing = client.get(reverse("decisions:county", args=["25"])).content.decode()
    assert url not in listing
    client.force_login(world.umea_editor)
    assert client.get(url).status_code == HIDDEN
    client.force_login(world.viewer)
    assert client.get(url).status_code == OK


def test_anonymous_visitors_read_the_adoption_status(
    client: Client, world: DecisionWorld, recorded: Decision
) -> None:
    page = client.get(world.strategy_25.get_absolute_url()).content.decode()
    assert "Adoption by the principals" in page
    assert "1 of 3 principals have adopted the strategy." in page
    assert recorded.get_absolute_url() in page
    detail = client.get(recorded.get_absolute_url()).content.decode()
    assert "file for the county's members" in detail
    assert (
        reverse("decisions:basis_download", args=[recorded.pk, recorded.documents.get().pk])
        not in detail
    )
