from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from tests.web.decisions import factories


@pytest.fixture
def world(db: None) -> factories.DecisionWorld:
    return factories.decision_world()


@pytest.fixture(autouse=True)
def files_in_tmp(settings: Settings, tmp_path: Path) -> Path:
    """Uploaded basis files go to a temporary data directory, never ./var."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service messages in English, so tests read like the code; pages follow the request."""
    with translation.override("en"):
        yield
