"""The demo step that loads the three counties' strategies."""

from __future__ import annotations

import pytest

from fardplan.web.site.demo import demo_steps
from fardplan.web.strategies.models import Strategy, StrategyItem
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db
LABEL = "Loading the three counties' strategies"


def test_it_loads_the_three_strategies_again_without_duplicates() -> None:
    factories.example_counties()
    (step,) = [step for label, step in demo_steps() if label == LABEL]
    step()
    step()
    assert sorted(Strategy.objects.values_list("county__code", flat=True)) == ["22", "24", "25"]
    assert StrategyItem.objects.filter(strategy__county__code="25").count() == 15
