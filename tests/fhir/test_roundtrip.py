"""synth → Parquet, and synth → FHIR export → ``fhir import``: the same dataset and the same
indicator table, cell for cell."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fardplan.contract import TABLES, arrow_schema
from fardplan.engine import compute
from fardplan.fhir import import_fhir
from tests.fhir.conftest import Exports


@pytest.fixture(scope="module")
def imported(exports: Exports, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imported") / "data"
    report = import_fhir(exports.fhir, out)
    assert report.unmapped == {}, report.as_json()
    return out


def _sorted(path: Path, table: str) -> pa.Table:
    data = pq.read_table(path / f"{table}.parquet").select([c.name for c in TABLES[table]])
    data = data.cast(arrow_schema(table))
    keys = [(c.name, "ascending") for c in TABLES[table]]
    return data.sort_by(keys)


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_comes_back_row_for_row(exports: Exports, imported: Path, table: str) -> None:
    expected, got = _sorted(exports.parquet, table), _sorted(imported, table)
    assert got.num_rows == expected.num_rows > 0
    assert got.equals(expected)


def test_the_indicator_table_is_the_same_cell_for_cell(exports: Exports, imported: Path) -> None:
    expected = compute(exports.parquet).results
    got = compute(imported).results
    assert got.schema == expected.schema
    assert got.num_rows == expected.num_rows > 0
    for name in expected.column_names:
        assert got.column(name).equals(expected.column(name)), name


def test_the_comparison_would_see_a_changed_cell(exports: Exports, imported: Path) -> None:
    # The population per year travels in residence extensions: without them, the earlier year's
    # residence would be the latest one's. Changing one row's municipality must show.
    population = pq.read_table(imported / "population.parquet")
    assert population.num_rows > len(set(population.column("person_id").to_pylist()))
    codes = population.column("municipality_code").to_pylist()
    other = next(c for c in codes if c != codes[0])
    changed = population.set_column(
        population.schema.get_field_index("municipality_code"),
        "municipality_code",
        pa.array([other, *codes[1:]]),
    )
    assert not _sorted_table(changed, "population").equals(_sorted(exports.parquet, "population"))


def _sorted_table(data: pa.Table, table: str) -> pa.Table:
    return data.cast(arrow_schema(table)).sort_by([(c.name, "ascending") for c in TABLES[table]])
