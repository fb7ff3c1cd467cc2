"""The SQL each indicator compiles to on DuckDB, pinned so that a change shows in review."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from fardplan.catalogue import load_catalogue
from fardplan.engine.sql import indicator_sql


@pytest.mark.parametrize("indicator_id", [i.id for i in load_catalogue().computed])
def test_it_compiles_each_indicator_to_the_pinned_sql(
    indicator_id: str, snapshot: SnapshotAssertion
) -> None:
    sql = indicator_sql(load_catalogue().get(indicator_id))
    assert "SELECT" in sql
    assert sql == snapshot
