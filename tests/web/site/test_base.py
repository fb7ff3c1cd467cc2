from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_serves_the_start_page_in_swedish(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()


def test_it_serves_the_start_page_in_english(client: Client) -> None:
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_it_serves_the_stylesheet_and_htmx_from_the_app(client: Client) -> None:
    for asset in ("fardplan/fardplan.css", "fardplan/htmx.min.js"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200, asset


@pytest.mark.django_db
def test_the_admin_names_the_site_icon(client: Client) -> None:
    page = client.get("/admin/login/", follow=True).content.decode()
    assert 'rel="icon"' in page and "fardplan/favicon.svg" in page
    assert 'id="container"' in page  # still the admin's own page
