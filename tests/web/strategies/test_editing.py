"""Editing strategies: who may, and that what is saved is what was entered."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fardplan.web.strategies.models import Section, Strategy
from fardplan.web.strategies.services import export_strategy
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db


def form_data(client: Client, url: str) -> dict[str, Any]:
    """Return the edit form's current values as a browser would post them unchanged."""
    context = client.get(url).context
    data: dict[str, Any] = {}
    for name in context["form"].fields:
        value = context["form"][name].value()
        data[name] = [str(v) for v in value] if isinstance(value, list) else value or ""
    for _section, formset in context["formsets"]:
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for item_form in formset.forms:
            for name in item_form.fields:
                value = item_form[name].value()
                if value not in (None, False):
                    data[item_form.add_prefix(name)] = value
    return data


@pytest.fixture
def edit_url(norrbotten: Strategy) -> str:
    return reverse("strategies:edit", args=[norrbotten.slug])


@pytest.fixture
def editor_client(client: Client, db: None) -> Client:
    """Norrbotten's county coordinator, who edits Norrbotten's strategies."""
    client.force_login(factories.coordinator("25"))
    return client


def test_it_sends_an_anonymous_visitor_to_the_login(client: Client, edit_url: str) -> None:
    for url in (edit_url, reverse("strategies:create"), reverse("strategies:import")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_it_refuses_a_user_without_a_role(
    client: Client, edit_url: str, norrbotten: Strategy
) -> None:
    client.force_login(factories.user("besokare"))
    for url in (edit_url, reverse("strategies:create"), reverse("strategies:import")):
        assert client.get(url).status_code == 403
    assert client.post(edit_url, {"title": "Kapad"}).status_code == 403
    norrbotten.refresh_from_db()
    assert norrbotten.title == "Tillsammans för Nära vård i Norrbotten"


def test_it_shows_the_edit_link_to_an_editor(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    html = editor_client.get(norrbotten.get_absolute_url()).content.decode()
    assert f'href="{edit_url}"' in html


def test_it_saves_the_editors_changes_to_fields_and_items(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    data = form_data(editor_client, edit_url)
    data["title"] = "Tillsammans för nära vård"
    data["target_area-0-position"] = "9"  # move the first target area last
    data["direction_change-1-DELETE"] = "on"  # remove the second direction change
    data["perspective-2-title"] = "Tillgänglighetsperspektiv"  # the empty extra row
    data["perspective-2-text"] = "Nytt."
    response = editor_client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == norrbotten.get_absolute_url()
    norrbotten.refresh_from_db()
    assert norrbotten.title == "Tillsammans för nära vård"

    def section(name: Section) -> list[tuple[int, str]]:
        items = norrbotten.items.filter(section=name).order_by("position")
        return list(items.values_list("position", "title"))

    assert [title for _p, title in section(Section.TARGET_AREA)] == [
        "Tillsammans för min trygghet",
        "Sammanhållet och enkelt för mig",
        "Nära mig på bästa sätt",
        "Min egen kraft tas tillvara",
    ]
    assert [p for p, _title in section(Section.TARGET_AREA)] == [1, 2, 3, 4]
    assert [title for _p, title in section(Section.DIRECTION_CHANGE)] == [
        "Mer hälsofrämjande och förebyggande insatser",
        "Stärkt gemensam primärvård",
        "Öppnare vårdformer",
    ]
    assert section(Section.PERSPECTIVE)[-1] == (3, "Tillgänglighetsperspektiv")


def test_it_shows_errors_beside_the_fields_and_saves_nothing(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    data = form_data(editor_client, edit_url)
    data["period_end"] = "2019"
    data["target_area-1-title"] = ""
    response = editor_client.post(edit_url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Inget sparades: 2 fält behöver åtgärdas." in html
    assert "Perioden kan inte sluta innan den börjar." in html
    assert 'href="#id_target_area-1-title"' in html
    norrbotten.refresh_from_db()
    assert norrbotten.period_end == 2030
    assert norrbotten.items.filter(title="Tillsammans för min trygghet").exists()


def test_it_adds_an_empty_row_without_saving(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    data = form_data(editor_client, edit_url)
    data["title"] = "Inte sparad än"
    response = editor_client.post(edit_url, {**data, "add_item": "prerequisite"})
    assert response.status_code == 200
    (formset,) = [f for s, f in response.context["formsets"] if s == Section.PREREQUISITE]
    assert len(formset.forms) == 6  # four items and two empty rows
    assert "Inget sparades" not in response.content.decode()
    norrbotten.refresh_from_db()
    assert norrbotten.title == "Tillsammans för Nära vård i Norrbotten"


def test_it_lets_an_editor_create_a_strategy(editor_client: Client, db: None) -> None:
    county = factories.county("25")
    lulea = factories.municipality("2580", "Luleå")
    response = editor_client.post(
        reverse("strategies:create"),
        {
            "county": county.pk,
            "slug": "lulea-nara-vard",
            "kind": "fardplan",
            "title": "Nära vård i Luleå",
            "summary": "",
            "period_start": "2024",
            "period_end": "2027",
            "status": "draft",
            "organisations": [str(lulea.pk)],
            **{f"{s.value}-TOTAL_FORMS": "1" for s in Section},
            **{f"{s.value}-INITIAL_FORMS": "0" for s in Section},
            "vision-0-title": "Tryggt hela vägen",
        },
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(slug="lulea-nara-vard")
    assert list(strategy.organisations.all()) == [lulea]
    assert list(strategy.items.values_list("section", "position", "title")) == [
        ("vision", 1, "Tryggt hela vägen")
    ]


def test_it_refuses_an_organisation_of_another_county(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    umea = factories.municipality("2480", "Umeå")
    data = form_data(editor_client, edit_url)
    data["organisations"] = [str(umea.pk)]
    response = editor_client.post(edit_url, data)
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ." in response.content.decode()
    assert list(norrbotten.organisations.filter(code="2480")) == []


def test_it_stores_text_area_line_breaks_as_the_file_format_does(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    data = form_data(editor_client, edit_url)
    data["vision-0-text"] = "Första stycket.\r\n\r\nAndra stycket."
    assert editor_client.post(edit_url, data).status_code == 302
    item = norrbotten.items.get(section=Section.VISION)
    assert item.text == "Första stycket.\n\nAndra stycket."
    assert export_strategy(norrbotten).vision[0].text == item.text


def test_it_refuses_a_short_name_the_file_format_cannot_hold(
    editor_client: Client, edit_url: str
) -> None:
    data = form_data(editor_client, edit_url)
    data["slug"] = "Nara_Vard"
    response = editor_client.post(edit_url, data)
    assert response.status_code == 400
    assert "Använd små bokstäver a–z, siffror och enstaka bindestreck." in response.content.decode()


def test_it_refuses_an_invisible_control_character(
    editor_client: Client, norrbotten: Strategy, edit_url: str
) -> None:
    data = form_data(editor_client, edit_url)
    data["target_area-0-text"] = "Text med\x0bstyrtecken."
    response = editor_client.post(edit_url, data)
    assert response.status_code == 400
    assert "Ta bort det osynliga styrtecknet U+000B." in response.content.decode()
