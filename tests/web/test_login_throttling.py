"""Login throttling (django-axes): five failed logins with one username from one address lock
that pair out for 15 minutes with a clear page; a success resets the count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
HOME, ELSEWHERE = "10.0.0.1", "10.0.0.2"


@pytest.fixture
def anna() -> User:
    return User.objects.create_user("anna", password=PASSWORD)


def _log_in(password: str, address: str = HOME, path: str = "/konto/login/") -> tuple[int, str]:
    """Return the status and page of a login attempt as anna from ``address``."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(path, {"username": "anna", "password": password})
    return response.status_code, response.content.decode()


def test_it_locks_a_login_out_after_five_failures(anna: User) -> None:
    for _ in range(4):
        assert _log_in("wrong")[0] == 200  # the form again, with its error
    status, page = _log_in("wrong")
    assert status == 429
    assert "Inloggningen är spärrad" in page
    assert "misslyckades 5 gånger i rad" in page
    assert "Försök igen om 15 minuter. Till dess nekas även rätt lösenord." in page
    assert _log_in(PASSWORD)[0] == 429  # even the right password, until the cool-off


def test_the_lockout_page_is_in_english_on_english_pages(anna: User) -> None:
    for _ in range(5):
        status, page = _log_in("wrong", path="/en/konto/login/")
    assert status == 429
    assert "Try again in 15 minutes." in page


def test_the_lockout_holds_for_that_address_only(anna: User) -> None:
    for _ in range(5):
        _log_in("wrong")
    assert _log_in(PASSWORD, address=ELSEWHERE)[0] == 302


def test_a_success_resets_the_count(anna: User) -> None:
    for _ in range(4):
        _log_in("wrong")
    assert _log_in(PASSWORD)[0] == 302
    for _ in range(4):
        _log_in("wrong")
    assert _log_in(PASSWORD)[0] == 302


def test_the_lockout_ends_after_fifteen_minutes(anna: User) -> None:
    for _ in range(5):
        _log_in("wrong")
    assert _log_in(PASSWORD)[0] == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _log_in(PASSWORD)[0] == 302
