from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fardplan.web.organisations.loading import LoadSummary
from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.strategies.models import Strategy, StrategyKind, StrategyStatus

pytestmark = pytest.mark.django_db

NORRBOTTEN_MUNICIPALITIES = {
    "Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk", "Kalix",
    "Kiruna", "Luleå", "Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå",
}  # fmt: skip


def _principal_names(html: str) -> set[str]:
    return set(re.findall(r'<th scope="row"><a href="/[^"]*">([^<]+)</a></th>', html))


def test_it_lists_region_norrbotten_and_its_14_municipalities(
    client: Client, loaded: LoadSummary
) -> None:
    response = client.get("/lan/25/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Norrbottens län</h1>" in html
    assert _principal_names(html) == NORRBOTTEN_MUNICIPALITIES | {"Region Norrbotten"}
    assert "Huvudmän" in html


def test_it_shows_population_hospitals_and_polsam(client: Client, loaded: LoadSummary) -> None:
    html = client.get("/lan/25/").content.decode()
    assert "79\xa0645" in html  # Luleå, 2024, with a Swedish thousands separator
    assert "<h3>Sjukhus</h3>" in html
    assert "Sunderby sjukhus</a>\n      (Luleå)" in html
    assert "15 medlemmar:" in html
    assert 'aria-current="page">Norrbottens län</a>' in html


def test_it_lists_the_countys_strategies_with_status(client: Client, loaded: LoadSummary) -> None:
    county = County.objects.get(code="25")
    Strategy.objects.create(
        county=county,
        slug="nara-vard-norrbotten",
        kind=StrategyKind.STRATEGY,
        title="Tillsammans för Nära vård i Norrbotten",
        period_start=2021,
        period_end=2030,
        status=StrategyStatus.ADOPTED,
    )
    html = client.get("/lan/25/").content.decode()
    assert 'href="/strategi/nara-vard-norrbotten/"' in html
    assert "badge--adopted" in html
    assert "Ingen strategi" not in html
    assert "Ingen strategi" in client.get("/lan/24/").content.decode()


def test_it_answers_404_for_an_unknown_county(client: Client, loaded: LoadSummary) -> None:
    assert client.get("/lan/26/").status_code == 404
    assert client.get("/lan/x/").status_code == 404
    assert client.get("/organisation/999999/").status_code == 404


def test_it_serves_the_county_page_in_english(client: Client, loaded: LoadSummary) -> None:
    html = client.get("/en/lan/22/").content.decode()
    assert '<html lang="en">' in html
    assert "Principals" in html
    assert "Collaboration bodies" in html
    assert "Social-ReKo" in html
    assert 'href="/en/organisation/' in html


def test_it_shows_a_municipalitys_units_and_collaborations(
    client: Client, loaded: LoadSummary
) -> None:
    lulea = Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, code="2580")
    html = client.get(lulea.get_absolute_url()).content.decode()
    assert "<h1>Luleå</h1>" in html
    assert "Kommun" in html
    assert "Sunderby sjukhus" in html
    assert ">Polsam</a>" in html
    assert 'href="/lan/25/"' in html


def test_it_shows_a_collaboration_bodys_members(client: Client, loaded: LoadSummary) -> None:
    polsam = Organisation.objects.get(code="polsam")
    html = client.get(polsam.get_absolute_url()).content.decode()
    assert "Samverkansorgan" in html
    members = re.findall(r'<li><a href="/organisation/\d+/">([^<]+)</a></li>', html)
    assert len(members) == 15
    assert members[0] == "Region Norrbotten"


def test_it_shows_a_care_units_principal_and_municipality(
    client: Client, loaded: LoadSummary
) -> None:
    unit = Organisation.objects.get(code="kiruna-sjukhus")
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "Vårdenhet (sjukhus)" in html
    assert "Huvudman" in html
    assert ">Kiruna</a>" in html


def test_it_links_the_county_wide_plan_to_no_one_without_a_role(
    client: Client, loaded: LoadSummary
) -> None:
    assert "/planer/lan/25/" not in client.get("/lan/25/").content.decode()
    client.force_login(User.objects.create_user("anna"))  # signed in, no role: it would 404
    assert "/planer/lan/25/" not in client.get("/lan/25/").content.decode()


def test_it_links_the_county_wide_plan_only_for_those_who_may_read_it(
    client: Client, loaded: LoadSummary
) -> None:
    from fardplan.web.access.models import Membership

    user = User.objects.create_user("lasare")
    region = Organisation.objects.get(kind="region", code="25")
    Membership.objects.create(user=user, organisation=region, role="viewer")
    client.force_login(user)
    assert b'href="/planer/lan/25/"' in client.get("/lan/25/").content
    assert b'href="/planer/lan/01/"' not in client.get("/lan/01/").content  # would be a 404
