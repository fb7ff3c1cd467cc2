from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fardplan.web.organisations.loading import LoadSummary
from fardplan.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client: Client) -> Client:
    user = User.objects.create_superuser("admin", password="x-long-password")
    client.force_login(user)
    return client


def test_it_searches_organisations_in_the_admin(staff_client: Client, loaded: LoadSummary) -> None:
    response = staff_client.get("/admin/organisations/organisation/", {"q": "Umeå"})
    assert response.status_code == 200
    assert "Umeå" in response.content.decode()


def test_it_filters_organisations_by_county_and_kind(
    staff_client: Client, loaded: LoadSummary
) -> None:
    response = staff_client.get("/admin/organisations/organisation/", {"kind__exact": "region"})
    assert response.status_code == 200
    assert "21 organisationer" in response.content.decode()


def test_it_lists_counties_in_the_admin(staff_client: Client, loaded: LoadSummary) -> None:
    response = staff_client.get("/admin/organisations/county/")
    assert response.status_code == 200
    assert "Norrbottens län" in response.content.decode()


def test_it_refuses_the_admin_to_anonymous_visitors(client: Client, loaded: LoadSummary) -> None:
    response = client.get("/admin/organisations/organisation/")
    assert response.status_code == 302


def test_it_opens_a_care_unit_in_the_admin(staff_client: Client, loaded: LoadSummary) -> None:
    unit = Organisation.objects.get(code="sunderby-sjukhus")
    response = staff_client.get(f"/admin/organisations/organisation/{unit.pk}/change/")
    assert response.status_code == 200
    assert "Sunderby sjukhus" in response.content.decode()
