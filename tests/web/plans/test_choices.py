"""The forms scale: organisations of the plan's county only, in groups, with a filter box;
indicators by their title in the page's language; a new member starts as a viewer."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client

from fardplan.web.plans.forms import ActivityForm, IndicatorForm
from tests.web.plans import factories
from tests.web.plans.factories import World


def _superuser() -> User:
    return get_user_model().objects.create_superuser("chef", password=None)  # type: ignore[return-value]


def choices(form: Any, name: str) -> list[tuple[Any, Any]]:
    return list(form.fields[name].choices)


def legends(html: str) -> list[str]:
    return re.findall(r"<legend>([^<]+)</legend>", html)


def test_it_asks_a_user_of_several_counties_for_the_county_first(
    client: Client, world: World
) -> None:
    client.force_login(_superuser())
    picker = client.get("/en/planer/ny/")
    assert picker.status_code == 200
    assert b'name="lan"' in picker.content and b'name="title"' not in picker.content
    assert client.get("/en/planer/ny/?lan=99").status_code == 400


def test_it_offers_only_the_chosen_countys_organisations_in_groups(
    client: Client, world: World
) -> None:
    client.force_login(_superuser())
    page = client.get("/en/planer/ny/?lan=25")
    form = page.context["form"]
    offered = {o.county_id for o in form.fields["participants"].queryset}
    assert offered == {world.norrbotten.pk}
    assert world.umea not in form.fields["owner"].queryset
    assert list(form.fields["strategy"].queryset) == [world.strategy_25]
    html = page.content.decode()
    assert '<optgroup label="Region">' in html and '<optgroup label="Municipalities">' in html
    assert "Umeå kommun" not in html
    # Participants: one fieldset per group, the care units under their municipality.
    assert legends(html)[-3:] == ["Region", "Municipalities", "Care units in Luleå kommun"]
    assert 'id="id_participants_filter"' in html and "data-choice-filter" in html


def test_it_still_refuses_an_organisation_of_another_county(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    data = {
        "strategy": world.strategy_25.pk, "kind": "local", "title": "Plan", "owner": world.lulea.pk,
        "area": world.lulea.pk, "participants": [world.umea.pk], "start": "2025-01-01",
        "end": "2025-12-31", "status": "agreed",
    }  # fmt: skip
    response = client.post("/en/planer/ny/", data)
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors


def test_it_groups_the_activity_forms_organisations(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    form = ActivityForm(user=world.coordinator, plan=plan)
    groups = [label for label, _choices in choices(form, "participants")]
    assert groups == ["Region", "Municipalities", "Care units in Luleå kommun"]
    responsible = [label for label, _c in choices(form, "responsible") if label]
    assert responsible == groups


def test_it_names_indicators_by_their_title_in_the_pages_language(world: World) -> None:
    from django.utils import translation

    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    with translation.override("en"):
        english = dict(choices(IndicatorForm(activity=activity), "indicator_id"))
    with translation.override("sv"):
        swedish = dict(choices(IndicatorForm(activity=activity), "indicator_id"))
    assert english["avoidable_admissions"] == "Avoidable hospital admissions, chronic conditions"
    assert swedish["avoidable_admissions"] == "Undvikbar slutenvård, kroniska tillstånd"
    assert not any("_" in label for label in english.values())  # no technical ids shown
    assert list(english.values()) == sorted(english.values(), key=str.casefold)


def test_it_offers_a_new_member_the_viewer_role_first(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    html = client.get("/en/medlemmar/lan/25/ny/").content.decode()
    assert re.search(r'<option value="viewer" selected>', html)
    assert not re.search(r'<option value="(administrator|coordinator)" selected', html)
