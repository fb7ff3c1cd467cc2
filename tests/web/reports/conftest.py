"""Report fixtures: the follow-up's stored runs and personas, and a small hand-written run of
Norrbotten (its region, Luleå and Sweden) over 2023–2024."""

from __future__ import annotations

from pathlib import Path

import pytest

from fardplan.engine.store import save_run
from tests.web.followup.conftest import small_run, store, stored, swedish, world  # noqa: F401
from tests.web.reports.cells import norrbotten_run


@pytest.fixture
def tiny(store: Path) -> Path:  # noqa: F811
    """The store with the hand-written run of Norrbotten saved as current."""
    save_run(norrbotten_run(), store)
    return store
