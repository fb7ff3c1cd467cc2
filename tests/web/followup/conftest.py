"""Follow-up fixtures: stored runs in a temporary analytics store, pointed at by
FARDPLAN_ANALYTICS_DB, and the personas of the plans' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from fardplan.engine import Run
from fardplan.engine.store import save_run
from fardplan.web.followup.query import forget_cache
from tests.web.followup.runs import computed_run
from tests.web.plans import factories


@pytest.fixture(autouse=True)
def swedish() -> Iterator[None]:
    """Start each test in Swedish (a request to /en/ would leave English active)."""
    with translation.override("sv"):
        yield


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty analytics store of this test; the query layer forgets earlier ones."""
    path = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(path))
    forget_cache()
    yield path
    forget_cache()


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The engine's run of the small Luleå and Piteå dataset (many suppressed cells)."""
    return computed_run(tmp_path_factory.mktemp("small-dataset"))


@pytest.fixture
def stored(store: Path, small_run: Run) -> Path:
    save_run(small_run, store)
    return store


@pytest.fixture
def world(db: None) -> factories.World:
    return factories.world()
