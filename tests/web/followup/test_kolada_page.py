"""The administrators' Kolada fetch page: who may use it, a fetch from a recorded Kolada on
loopback, and an unreachable Kolada that saves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from fardplan.sources.imported import imported_batches, imported_for
from fardplan.sources.kolada_replay import serve_recording
from tests.web.plans import factories

pytestmark = pytest.mark.django_db
PAGE = "/uppfoljning/lan/25/kolada/"
FORM = {"kpis": ["U79133", "U70447"], "first_year": "2019", "last_year": "2025"}


def test_only_the_county_s_administrators_may_fetch(
    client: Client, store: Path, world: factories.World
) -> None:
    assert client.get(PAGE).status_code == 302  # to the login page
    client.force_login(world.coordinator)
    assert client.get(PAGE).status_code == 403
    assert (
        "Hämta de importerade indikatorerna"
        not in client.get("/uppfoljning/lan/25/").content.decode()
    )
    admin = factories.user("admin25", administrator=world.region_norrbotten)
    client.force_login(admin)
    page = client.get(PAGE).content.decode()
    assert "Hämta från Kolada: Norrbottens län" in page and "U79133" in page
    assert (
        "Hämta de importerade indikatorerna från Kolada"
        in client.get("/uppfoljning/lan/25/").content.decode()
    )
    other = factories.user("admin24", administrator=world.region_vasterbotten)
    client.force_login(other)
    assert client.get(PAGE).status_code == 403


def test_an_administrator_fetches_and_sees_the_batches(
    client: Client, store: Path, world: factories.World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(factories.user("admin25", administrator=world.region_norrbotten))
    with serve_recording() as base:
        monkeypatch.setenv("KOLADA_BASE_URL", base)
        response = client.post(PAGE, FORM, follow=True)
    page = response.content.decode()
    assert "Hämtat från Kolada." in page and "U79133:" in page
    assert "admin25" in page  # the batches: by whom
    assert {b.provenance.fetched_by for b in imported_batches(store_path=store)} == {"admin25"}
    assert imported_for(["kolada_u70447"], ["0025"], store_path=store)


def test_an_unreachable_kolada_saves_nothing_and_says_why(
    client: Client, store: Path, world: factories.World, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(factories.user("admin25", administrator=world.region_norrbotten))
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v2")
    page = client.post(PAGE, FORM).content.decode()
    assert "Inget sparades: " in page and "Kolada går inte att nå" in page
    assert imported_for(store_path=store) == []
    wrong = client.post(PAGE, {**FORM, "first_year": "2025", "last_year": "2019"}).content.decode()
    assert "Det sista året kommer före det första." in wrong
