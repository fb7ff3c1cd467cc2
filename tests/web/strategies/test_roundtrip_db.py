"""Any valid document survives import into the database and export again."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fardplan.content.strategy import SECTION_FIELDS, StrategyDocument
from fardplan.content.strategy import Section as ContentSection
from fardplan.web.strategies.services import export_strategy, import_strategy
from tests.content.test_strategy_roundtrip import documents
from tests.web.strategies import factories

NORRBOTTEN_CODES = ["25", "2505", "2580", "2584"]


@st.composite
def norrbotten_documents(draw: st.DrawFn) -> StrategyDocument:
    doc = draw(documents())
    codes = draw(st.lists(st.sampled_from(NORRBOTTEN_CODES), unique=True))
    # Some items carry a key (as an exported file does), others none (as a new file may).
    keyed = {}
    for number, (section, field) in enumerate(SECTION_FIELDS.items()):
        keyed[field] = [
            item.model_copy(update={"key": f"k{number}-{index}"}) if draw(st.booleans()) else item
            for index, item in enumerate(doc.section(section))
        ]
    return doc.model_copy(update={"county": "25", "organisations": sorted(codes), **keyed})


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
        exported = export_strategy(strategy)
        again = import_strategy(exported)  # a second import replaces, it does not add
        assert again.pk == strategy.pk
        assert export_strategy(again) == exported
        assert without_new_keys(exported, doc) == doc
        keys = [item.key for section in ContentSection for item in exported.section(section)]
        assert None not in keys and len(set(keys)) == len(keys)
        transaction.set_rollback(True)


def without_new_keys(exported: StrategyDocument, doc: StrategyDocument) -> StrategyDocument:
    """Return ``exported`` with the keys that the import made (where ``doc`` had none)
    taken out again."""
    update = {}
    for section, field in SECTION_FIELDS.items():
        pairs = zip(exported.section(section), doc.section(section), strict=True)
        update[field] = [
            mine if theirs.key else mine.model_copy(update={"key": None}) for mine, theirs in pairs
        ]
    return exported.model_copy(update=update)
