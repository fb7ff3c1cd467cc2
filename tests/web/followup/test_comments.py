"""Comments on a series: who may write, edit and delete, their history, the period forms,
the refusals, and the service reports use (``comments_for``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from fardplan.web.followup.comments import comments_for, parse_period
from fardplan.web.followup.models import Comment, CommentRevision
from tests.web.followup.runs import LULEA
from tests.web.plans import factories

pytestmark = pytest.mark.django_db
AA = "avoidable_admissions"
SERIES = f"/uppfoljning/indikatorer/{AA}/{LULEA}/"
ADD = SERIES + "kommentera/"
UMEA_SERIES = f"/uppfoljning/indikatorer/{AA}/2480/"


def write(client: Client, period: str = "2024-T1", text: str = "Influensan kom tidigt.") -> int:
    return client.post(ADD, {"period": period, "text": text}).status_code


@pytest.fixture
def analyst(world: factories.World) -> object:
    return factories.user("analytiker", analyst=world.region_norrbotten)


@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_the_countys_coordinators_and_analysts_write(
    client: Client, stored: Path, world: factories.World, analyst: object, persona: str
) -> None:
    user = analyst if persona == "analyst" else world.coordinator
    client.force_login(user)  # type: ignore[arg-type]
    assert write(client) == 302
    comment = Comment.objects.get()
    assert (comment.first_month, comment.last_month) == ("2024-01", "2024-04")
    assert comment.author == user
    page = client.get(SERIES).content.decode()
    assert "Influensan kom tidigt." in page and "2024-01 – 2024-04" in page
    assert "Skriv en tolkning" in page


@pytest.mark.parametrize("persona", ["lulea_editor", "umea_editor", "viewer", "contributor"])
def test_others_may_not_write(
    client: Client, stored: Path, world: factories.World, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    assert write(client) == 403
    assert not Comment.objects.exists()
    assert "Skriv en tolkning" not in client.get(SERIES).content.decode()


def test_an_anonymous_visitor_reads_but_is_sent_to_log_in_to_write(
    client: Client, stored: Path, world: factories.World
) -> None:
    Comment.objects.create(
        indicator_id=AA, area_code=LULEA, first_month="2024-03", last_month="2024-03",
        text="Ny rutin för läkemedelsgenomgång.", author=world.coordinator,
    )  # fmt: skip
    page = client.get(SERIES).content.decode()
    assert "Ny rutin för läkemedelsgenomgång." in page  # a published indicator: public
    assert "Ändra" not in page and "Skriv en tolkning" not in page
    assert "samordnare" not in page  # the author's username is for the county's members
    response = client.post(ADD, {"period": "2024-03", "text": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert Comment.objects.count() == 1


def test_the_coordinator_of_norrbotten_may_not_write_in_umea(
    client: Client, stored: Path, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    response = client.post(UMEA_SERIES + "kommentera/", {"period": "2024", "text": "x"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("period", "text"),
    [
        ("2024-13", "Fel månad."),
        ("1999", "Före 2000."),
        ("T1-2024", "Fel ordning."),
        ("2024-T1", "Personnummer 19121212-1212 i texten."),
        ("2024-T1", "x" * 2001),
        ("2024-T1", ""),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    client: Client, stored: Path, world: factories.World, period: str, text: str
) -> None:
    client.force_login(world.coordinator)
    response = client.post(ADD, {"period": period, "text": text}, follow=True)
    assert "Kommentaren sparades inte" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_author_edits_and_deletes_with_every_version_kept(
    client: Client, stored: Path, world: factories.World, analyst: object
) -> None:
    client.force_login(world.coordinator)
    write(client, "2024-03", "Första versionen.")
    comment = Comment.objects.get()
    edit = f"/uppfoljning/kommentarer/{comment.pk}/"
    assert 'value="2024-03"' in client.get(edit).content.decode()
    assert client.post(edit, {"period": "2024", "text": "Andra versionen."}).status_code == 302
    comment.refresh_from_db()
    assert (comment.first_month, comment.last_month, comment.text) == (
        "2024-01", "2024-12", "Andra versionen.",
    )  # fmt: skip
    client.force_login(analyst)  # type: ignore[arg-type]
    assert client.get(edit).status_code == 403  # not the author
    assert client.post(edit + "ta-bort/").status_code == 403
    client.force_login(world.coordinator)
    assert client.post(edit + "ta-bort/").status_code == 302
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert "Andra versionen." not in client.get(SERIES).content.decode()
    history = list(CommentRevision.objects.filter(comment=comment).values_list("action", "text"))
    assert history == [
        ("written", "Första versionen."),
        ("edited", "Andra versionen."),
        ("deleted", "Andra versionen."),
    ]
    assert client.post(edit + "ta-bort/").status_code == 404  # deleted once


def test_comments_for_a_period_range(world: factories.World) -> None:
    def make(first: str, last: str, area: str = LULEA) -> Comment:
        return Comment.objects.create(
            indicator_id=AA, area_code=area, first_month=first, last_month=last, text=first
        )

    march, tertial, year, other = (
        make("2024-03", "2024-03"), make("2024-05", "2024-08"), make("2023-01", "2023-12"),
        make("2024-03", "2024-03", area="2581"),
    )  # fmt: skip
    assert comments_for(AA, LULEA, ("2024-01", "2024-04")) == [march]
    assert comments_for(AA, LULEA, ("2024-04", "2024-05")) == [tertial]
    assert comments_for(AA, LULEA) == [year, march, tertial]
    assert other not in comments_for(AA, LULEA)


def test_periods_are_months_tertials_or_years() -> None:
    assert parse_period("2024-03") == ("2024-03", "2024-03")
    assert parse_period(" 2024-t3 ") == ("2024-09", "2024-12")
    assert parse_period("2025") == ("2025-01", "2025-12")


def test_the_chart_marks_each_comment_over_its_months_as_the_list_numbers_it(
    client: Client, stored: Path, world: factories.World
) -> None:
    import json
    import re

    for first, last, text in (
        ("2024-01", "2024-04", "Influensan kom tidigt."),
        ("2024-06", "2024-06", "Ny rutin för läkemedelsgenomgång."),
        ("2019-01", "2019-12", "Före seriens början: inte i diagrammet."),
    ):
        Comment.objects.create(
            indicator_id=AA, area_code=LULEA, first_month=first, last_month=last,
            text=text, author=world.coordinator,
        )  # fmt: skip
    page = client.get(SERIES).content.decode()
    specs = dict(
        re.findall(r'<script id="(spec-\w+)" type="application/json">(.*?)</script>', page, re.S)
    )
    months = json.loads(specs["spec-months"])
    marks = months["datasets"]["comments"]
    # The list is ordered by first month: 2019 is T1, and it lies outside the series.
    assert [(m["marker"], m["first"], m["end"]) for m in marks] == [
        ("T2", "2024-01-01", "2024-05-01"),
        ("T3", "2024-06-01", "2024-07-01"),
    ]
    assert marks[1]["excerpt"] == "Ny rutin för läkemedelsgenomgång."
    assert "Tolkningar markerade i diagrammet: T2, T3." in months["description"]
    assert any(layer.get("data", {}).get("name") == "comments" for layer in months["layer"])
    years = json.loads(specs["spec-years"])
    assert [m["marker"] for m in years["datasets"]["comments"]] == ["T2", "T3"]
    listed = re.findall(r'class="comment__marker"[^>]*>(T\d)</strong>', page)
    assert listed == ["T1", "T2", "T3"]


def test_a_chart_without_comments_has_no_comment_layer(
    client: Client, stored: Path, world: factories.World
) -> None:
    import json
    import re

    page = client.get(SERIES).content.decode()
    found = re.search(
        r'<script id="spec-months" type="application/json">(.*?)</script>', page, re.S
    )
    assert found is not None
    months = json.loads(found.group(1))
    assert months["datasets"]["comments"] == []
    assert "Tolkningar" not in months["description"]
    assert all(layer.get("data", {}).get("name") != "comments" for layer in months["layer"])
