"""The public strategy pages and the YAML download."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from fardplan.content.strategy import load_strategy_yaml
from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import export_strategy

pytestmark = pytest.mark.django_db

TARGET_AREAS = [
    "Min egen kraft tas tillvara",
    "Tillsammans för min trygghet",
    "Sammanhållet och enkelt för mig",
    "Nära mig på bästa sätt",
]


def section(html: str, heading: str) -> str:
    """Return the HTML of the section under the ``<h2>`` with this text."""
    match = re.search(rf"<h2[^>]*>{heading}</h2>(.*?)</section>", html, re.S)
    assert match, f"no section {heading!r}"
    return match.group(1)


def titles(html: str) -> list[str]:
    return re.findall(r'<span class="item-title">(.*?)</span>', html)


def test_it_shows_norrbottens_target_areas_in_order_in_swedish(
    client: Client, norrbotten: Strategy
) -> None:
    html = client.get(norrbotten.get_absolute_url()).content.decode()
    assert titles(section(html, "Målområden")) == TARGET_AREAS
    assert "<h1>Tillsammans för Nära vård i Norrbotten</h1>" in html
    assert "Strategi" in html and "2021–2030" in html and "Antagen" in html
    assert titles(section(html, "Perspektiv")) == ["Jämställdhetsperspektiv", "Barnrättsperspektiv"]
    assert 'href="/lan/25/"' in html  # breadcrumb to the county
    assert reverse("strategies:yaml", args=[norrbotten.slug]) in html
    assert reverse("strategies:edit", args=[norrbotten.slug]) not in html


def test_it_shows_the_strategy_in_english(client: Client, norrbotten: Strategy) -> None:
    html = client.get(f"/en/strategi/{norrbotten.slug}/").content.decode()
    assert '<html lang="en">' in html
    assert titles(section(html, "Target areas")) == TARGET_AREAS
    assert "Adopted" in html and "Download as YAML" in html


def test_it_lists_every_public_strategy_by_county(client: Client, examples: list[Strategy]) -> None:
    html = client.get(reverse("strategies:list")).content.decode()
    for strategy in examples:
        assert (strategy.get_absolute_url() in html) == (strategy.status != "draft")
    assert html.index("Västernorrlands län") < html.index("Norrbottens län")
    assert reverse("strategies:import") not in html  # only for editors


def test_it_answers_404_for_an_unknown_strategy(client: Client, db: None) -> None:
    assert client.get("/strategi/saknas/").status_code == 404


def test_it_downloads_the_strategy_as_a_utf8_yaml_file(
    client: Client, norrbotten: Strategy
) -> None:
    response = client.get(reverse("strategies:yaml", args=[norrbotten.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="tillsammans-for-nara-vard-i-norrbotten.yaml"'
    )
    text = response.content.decode("utf-8")
    assert "Min hälsa och välbefinnande" in text
    assert load_strategy_yaml(text) == export_strategy(norrbotten)
