"""Upload fixtures: an empty analytics store of the test, the personas of the plans' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from tests.web.plans import factories


@pytest.fixture(autouse=True)
def swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(path))
    return path


@pytest.fixture
def world(db: None) -> factories.World:
    return factories.world()
