from __future__ import annotations

import pytest

from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import import_example_strategies
from tests.web.plans import factories as plan_factories
from tests.web.strategies import factories


@pytest.fixture
def examples(db: None) -> list[Strategy]:
    """The three counties with their organisations and the three shipped strategies."""
    factories.example_counties()
    return import_example_strategies()


@pytest.fixture
def norrbotten(examples: list[Strategy]) -> Strategy:
    return Strategy.objects.get(county__code="25")


@pytest.fixture
def world(db: None) -> plan_factories.World:
    """Norrbotten and Västerbotten with a strategy each and one persona per role."""
    return plan_factories.world()
