from __future__ import annotations

import re

import pytest
from django.test import Client

from fardplan.web.organisations.loading import LoadSummary
from fardplan.web.organisations.models import County
from fardplan.web.strategies.models import Strategy, StrategyKind, StrategyStatus

pytestmark = pytest.mark.django_db

COUNTY_LINK = re.compile(r'<li><a href="/lan/(\d\d)/">([^<]+)</a>')
MAP_LINK = re.compile(r'<a href="(/lan/\d\d/)" aria-label="([^"]+)" data-code="(\d\d)"')


def _strategy(code: str, slug: str) -> Strategy:
    return Strategy.objects.create(
        county=County.objects.get(code=code),
        slug=slug,
        kind=StrategyKind.TARGET_PICTURE,
        title=slug,
        period_start=2020,
        period_end=2030,
        status=StrategyStatus.ADOPTED,
    )


def test_it_lists_the_21_counties(client: Client, loaded: LoadSummary) -> None:
    html = client.get("/").content.decode()
    listed = COUNTY_LINK.findall(html)
    assert len(listed) == 21
    assert ("25", "Norrbottens län") in listed
    assert '<a href="/lan/25/">Norrbottens län</a>' in html
    assert "Alla län" in html


def test_it_draws_a_map_with_21_linked_regions(client: Client, loaded: LoadSummary) -> None:
    html = client.get("/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<path") == 21
    links = MAP_LINK.findall(svg)
    assert len(links) == 21
    assert {url for url, _label, _code in links} == {
        f"/lan/{c}/" for c, _n in COUNTY_LINK.findall(html)
    }
    assert svg.count("<title>") == 21
    assert "<title>Västerbottens län</title>" in svg


def test_it_lists_counties_with_a_strategy_first_and_marks_them(
    client: Client, loaded: LoadSummary
) -> None:
    _strategy("25", "norrbotten")
    _strategy("22", "vasternorrland-1")
    _strategy("22", "vasternorrland-2")
    html = client.get("/").content.decode()
    assert html.index("Län med strategi") < html.index("Övriga län")
    listed = [code for code, _name in COUNTY_LINK.findall(html)]
    assert listed[:2] == ["22", "25"]
    assert len(listed) == 21
    assert "(2 strategier)" in html
    assert "(1 strategi)" in html
    assert 'aria-label="Norrbottens län (1 strategi)"' in html
    assert html.count('class="has-strategy"') == 2


def test_it_serves_the_start_page_in_english(client: Client, loaded: LoadSummary) -> None:
    _strategy("24", "vasterbotten")
    html = client.get("/en/").content.decode()
    assert "Counties with a strategy" in html
    assert "(1 strategy)" in html
    assert '<a href="/en/lan/24/">Västerbottens län</a>' in html


def test_it_explains_an_empty_database(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    assert "load_organisations" in html
    assert "<svg" in html
    assert '<a href="/lan/' not in html
