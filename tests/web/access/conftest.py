from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.web.plans import factories


@pytest.fixture
def world(db: None) -> factories.World:
    return factories.world()


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service messages in English, so tests read like the code."""
    with translation.override("en"):
        yield
