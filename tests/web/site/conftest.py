"""Fixtures: the organisations as ``load_organisations`` writes them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from fardplan.web.organisations.loading import LoadSummary, load_organisations


@pytest.fixture(autouse=True)
def swedish() -> Iterator[None]:
    """Start each test in Swedish: a request to ``/en/…`` leaves English active in the test
    thread, and ``reverse()`` would then give ``/en/`` URLs to the next test."""
    with translation.override("sv"):
        yield


@pytest.fixture
def loaded(db: None) -> LoadSummary:
    """Load counties, regions, municipalities and the examples; return the summary."""
    return load_organisations()
