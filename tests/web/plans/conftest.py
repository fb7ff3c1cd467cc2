from __future__ import annotations

import pytest

from tests.web.plans import factories


@pytest.fixture
def world(db: None) -> factories.World:
    return factories.world()
