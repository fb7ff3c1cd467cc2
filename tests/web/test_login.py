from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_logs_a_user_in_and_out(client: Client) -> None:
    User.objects.create_user("anna", password="correct horse battery")
    page = client.get("/konto/login/")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()

    response = client.post(
        "/konto/login/", {"username": "anna", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated

    client.post("/konto/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_it_refuses_a_wrong_password_with_a_message(client: Client) -> None:
    User.objects.create_user("anna", password="correct horse battery")
    response = client.post("/konto/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not response.context["user"].is_authenticated
