from __future__ import annotations

import pytest
from django.test import Client

from fardplan.web.organisations.loading import LoadSummary
from fardplan.web.organisations.ordering import swedish_key


def test_it_puts_a_ring_a_umlaut_and_o_umlaut_after_z_in_that_order() -> None:
    names = ["Örkelljunga", "Ängelholm", "Åstorp", "Ystad", "Eslöv", "ärla"]
    assert sorted(names, key=swedish_key) == [
        "Eslöv",
        "Ystad",
        "Åstorp",
        "Ängelholm",
        "ärla",
        "Örkelljunga",
    ]


@pytest.mark.django_db
def test_it_lists_principals_in_swedish_order_on_every_database(
    client: Client, loaded: LoadSummary
) -> None:
    html = client.get("/lan/12/").content.decode()
    positions = [html.index(f">{name}</a>") for name in ("Region Skåne", "Ystad", "Åstorp")]
    positions += [html.index(f">{name}</a>") for name in ("Ängelholm", "Örkelljunga")]
    assert positions == sorted(positions)
