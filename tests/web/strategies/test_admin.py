"""The Django admin shows strategies with their items inline."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fardplan.web.strategies.models import Strategy

pytestmark = pytest.mark.django_db


def test_it_lists_and_opens_a_strategy_with_its_items(client: Client, norrbotten: Strategy) -> None:
    client.force_login(User.objects.create_superuser("admin", password="not-used"))
    listing = client.get("/admin/strategies/strategy/")
    assert listing.status_code == 200 and norrbotten.title in listing.content.decode()
    change = client.get(f"/admin/strategies/strategy/{norrbotten.pk}/change/")
    html = change.content.decode()
    assert change.status_code == 200
    assert "Min egen kraft tas tillvara" in html and 'name="items-TOTAL_FORMS"' in html
