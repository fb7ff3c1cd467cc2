"""The language switcher leads to the same page in the other language, both ways, whatever
language the browser or an earlier choice left in the cookie."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def switch(client: Client, page: str) -> str:
    """Open ``page``, press the switcher's button as a browser would (its form's ``next`` and
    ``language``) and return where the switch redirects to."""
    html = client.get(page).content.decode()
    form = re.search(
        r'name="next" type="hidden" value="([^"]*)">\s*<button[^>]*value="(\w+)"', html
    )
    assert form, "no language switcher on the page"
    response = client.post("/i18n/setlang/", {"next": form[1], "language": form[2]})
    assert response.status_code == 302
    return str(response["Location"])


def test_it_switches_an_english_page_back_to_swedish() -> None:
    # A Swedish browser that followed a shared /en/ link: no language cookie yet.
    client = Client(HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    assert switch(client, "/en/konto/login/?next=/en/planer/") == "/konto/login/?next=/en/planer/"


def test_it_switches_a_swedish_page_to_english() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv-SE")
    assert switch(client, "/strategier/") == "/en/strategier/"


def test_it_switches_back_and_forth_with_the_cookie_set() -> None:
    client = Client()
    assert switch(client, "/") == "/en/"
    assert switch(client, "/en/") == "/"
    assert switch(client, "/en/strategier/") == "/strategier/"


def test_it_switches_a_missing_page_to_the_other_languages_start_page() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    assert switch(client, "/en/no-such-page/") == "/"
