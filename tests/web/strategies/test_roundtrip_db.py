"""Any valid document survives import into the database and export again."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fardplan.content.strategy import StrategyDocument
from fardplan.web.strategies.services import export_strategy, import_strategy
from tests.content.test_strategy_roundtrip import documents
from tests.web.strategies import factories

NORRBOTTEN_CODES = ["25", "2505", "2580", "2584"]


@st.composite
def norrbotten_documents(draw: st.DrawFn) -> StrategyDocument:
    doc = draw(documents())
    codes = draw(st.lists(st.sampled_from(NORRBOTTEN_CODES), unique=True))
    return doc.model_copy(update={"county": "25", "organisations": sorted(codes)})


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=norrbotten_documents())
def test_it_exports_what_it_imported(doc: StrategyDocument) -> None:
    with transaction.atomic():
        for code, name in [("2505", "Arvidsjaur"), ("2580", "Luleå"), ("2584", "Kiruna")]:
            factories.municipality(code, name)
        strategy = import_strategy(doc)
        again = import_strategy(doc)  # a second import replaces, it does not add
        assert again.pk == strategy.pk
        assert export_strategy(strategy) == doc
        transaction.set_rollback(True)
