"""The data migration that gives existing strategy items their keys."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("strategies", "0001_initial")]
AFTER = [("strategies", "0002_item_keys")]


def test_it_gives_every_existing_item_a_unique_key_in_file_order() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    county = apps.get_model("organisations", "County").objects.create(
        code="25", name="Norrbottens län", short_name="Norrbotten"
    )
    strategy = apps.get_model("strategies", "Strategy").objects.create(
        county=county, slug="s", kind="strategi", title="S", period_start=2021, period_end=2030
    )
    item = apps.get_model("strategies", "StrategyItem").objects
    rows = [("perspective", 1, "Öppnare vårdformer"), ("direction_change", 2, "Öppnare vårdformer"),
            ("direction_change", 1, "Öppnare vårdformer"), ("vision", 1, "!!!")]  # fmt: skip
    for section, position, title in rows:
        item.create(strategy=strategy, section=section, position=position, title=title)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    keys = apps.get_model("strategies", "StrategyItem").objects.order_by("section", "position")
    assert list(keys.values_list("section", "position", "key")) == [
        ("direction_change", 1, "oppnare-vardformer"),
        ("direction_change", 2, "oppnare-vardformer-2"),
        ("perspective", 1, "oppnare-vardformer-3"),
        ("vision", 1, "item"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
