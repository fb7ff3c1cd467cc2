"""Error pages in the site's look and language; the password-reset flow in the site's look;
a visitor sent to log in is told why."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db
SITE_LOOK = 'class="site-header"'


def test_it_answers_a_missing_page_in_the_sites_look_in_both_languages(client: Client) -> None:
    swedish = client.get("/ingen-sida/")
    assert swedish.status_code == 404
    assert SITE_LOOK in swedish.content.decode() and "Sidan finns inte" in swedish.content.decode()
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404 and "Page not found" in english.content.decode()


def test_it_answers_a_refusal_in_the_sites_look(client: Client) -> None:
    client.force_login(User.objects.create_user("anna"))  # no role anywhere
    response = client.get("/planer/ny/")
    assert response.status_code == 403
    assert SITE_LOOK in response.content.decode() and "Inte tillåtet" in response.content.decode()


@pytest.mark.parametrize(
    ("view", "swedish", "english"),
    [
        (defaults.server_error, "Något gick fel", "Something went wrong"),
        (defaults.bad_request, "Begäran kunde inte läsas", "The request could not be read"),
    ],
)
def test_it_renders_the_server_error_pages_without_any_context(
    view: object, swedish: str, english: str
) -> None:
    request = RequestFactory().get("/")
    for language, text in (("sv", swedish), ("en", english)):
        with translation.override(language):
            args = (request,) if view is defaults.server_error else (request, Exception())
            response = view(*args)  # type: ignore[operator]
        html = response.content.decode()
        assert text in html and SITE_LOOK in html and f'<html lang="{language}">' in html


def test_it_resets_a_password_in_the_sites_look(client: Client) -> None:
    User.objects.create_user("anna", email="anna@example.org", password="gammalt lösenord 1")
    login = client.get("/konto/login/").content.decode()
    assert 'href="/konto/password_reset/"' in login and "Glömt lösenordet?" in login
    form = client.get("/konto/password_reset/").content.decode()
    assert SITE_LOOK in form and 'id="container"' not in form  # not the admin's look
    done = client.post("/konto/password_reset/", {"email": "anna@example.org"}, follow=True)
    assert "Titta i din e-post" in done.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Välj ett nytt lösenord för Färdplan"
    link = re.search(r"http://testserver(/konto/reset/\S+)", str(mail.outbox[0].body))
    assert link and "Färdplan-kontot anna" in mail.outbox[0].body
    confirm = client.get(link[1], follow=True)
    assert (
        SITE_LOOK in confirm.content.decode()
        and "Välj ett nytt lösenord" in confirm.content.decode()
    )
    new = {"new_password1": "nytt lösenord 2030", "new_password2": "nytt lösenord 2030"}
    complete = client.post(confirm.redirect_chain[-1][0], new, follow=True)
    assert "Ditt lösenord är ändrat" in complete.content.decode()
    assert client.login(request=HttpRequest(), username="anna", password="nytt lösenord 2030")


def test_it_tells_a_visitor_sent_to_log_in_why(client: Client) -> None:
    response = client.get("/planer/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/login/?next=/planer/"
    assert "Logga in för att se sidan" in response.content.decode()
    assert "Logga in för att se sidan" not in client.get("/konto/login/").content.decode()
