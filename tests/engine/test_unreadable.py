"""Empty tables and files that cannot be read are refused by name, before anything is computed."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fardplan.engine import DatasetError, compute
from tests.engine.world import world


def _dataset(tmp_path: Path) -> Path:
    return world().write(tmp_path / "d")


def test_an_empty_contacts_table_is_refused_by_name(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    contacts = pq.read_table(folder / "contacts.parquet")
    pq.write_table(contacts.slice(0, 0), folder / "contacts.parquet")
    with pytest.raises(DatasetError) as caught:
        compute(folder)
    assert caught.value.describe() == (
        "the dataset breaks the care-data contract:\n  - contacts: the table has no rows, and "
        "the indicators read it (give --allow-empty contacts if it is meant to be empty)"
    )
    assert "contacts: tabellen har inga rader" in caught.value.describe("sv")


def test_an_empty_table_named_as_intended_is_computed(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    plans = pq.read_table(folder / "care_plans.parquet")
    pq.write_table(plans.slice(0, 0), folder / "care_plans.parquet")
    run = compute(folder, allow_empty=["care_plans"])
    assert run.results.num_rows


def test_an_empty_table_needed_by_no_chosen_indicator_is_accepted(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    plans = pq.read_table(folder / "care_plans.parquet")
    pq.write_table(plans.slice(0, 0), folder / "care_plans.parquet")
    assert compute(folder, indicator_ids=["continuity_coc"]).results.num_rows


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: b"", "Parquet file size is 0 bytes"),
        (lambda data: data[: len(data) // 2], "magic bytes not found"),
        (lambda data: b"not parquet at all" * 10, "magic bytes not found"),
    ],
    ids=["zero bytes", "truncated", "not parquet"],
)
def test_a_file_whose_footer_cannot_be_read_is_refused_by_name(
    tmp_path: Path, damage: object, reason: str
) -> None:
    folder = _dataset(tmp_path)
    file = folder / "contacts.parquet"
    file.write_bytes(damage(file.read_bytes()))  # type: ignore[operator]
    with pytest.raises(DatasetError) as caught:
        compute(folder)
    text = caught.value.describe()
    assert text.startswith(
        "the dataset breaks the care-data contract:\n  - contacts: contacts.parquet: "
        "not a readable Parquet file (truncated or corrupt: "
    ), text
    assert reason in text
    assert "contacts.parquet: ingen läsbar Parquet-fil" in caught.value.describe("sv")


def test_a_file_of_a_folder_is_refused_by_name(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    contacts = pq.read_table(folder / "contacts.parquet")
    (folder / "contacts.parquet").unlink()
    (folder / "contacts").mkdir()
    pq.write_table(contacts.slice(0, 5), folder / "contacts" / "2024-01.parquet")
    (folder / "contacts" / "2024-02.parquet").write_bytes(b"PAR1")
    with pytest.raises(DatasetError, match=r"contacts: 2024-02\.parquet: not a readable"):
        compute(folder)


def _corrupt_in_the_middle(file: Path, column: str) -> None:
    """Overwrite the pages of ``column`` (its footer kept, so the file still opens)."""
    chunk = pq.ParquetFile(file).metadata.row_group(0)
    names = [chunk.column(i).path_in_schema for i in range(chunk.num_columns)]
    meta = chunk.column(names.index(column))
    start = meta.dictionary_page_offset or meta.data_page_offset
    data = bytearray(file.read_bytes())
    data[start : start + meta.total_compressed_size] = b"\xff" * meta.total_compressed_size
    file.write_bytes(bytes(data))


def test_a_file_corrupt_in_the_middle_is_refused_naming_the_column(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    table = pq.read_table(folder / "contacts.parquet")
    pq.write_table(table, folder / "contacts.parquet", compression="none")
    _corrupt_in_the_middle(folder / "contacts.parquet", "care_level")
    with pytest.raises(DatasetError) as caught:
        compute(folder)
    text = caught.value.describe()
    assert "contacts.care_level: contacts.parquet (row group 0): not a readable Parquet" in text
    assert "contacts.parquet (radgrupp 0): ingen läsbar" in caught.value.describe("sv")
    assert "Traceback" not in text


def test_an_all_null_column_is_refused_by_its_type(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    table = pq.read_table(folder / "contacts.parquet")
    nulls = pa.nulls(len(table))  # what a tool writes for a column it left empty
    table = table.set_column(table.column_names.index("date"), "date", nulls)
    pq.write_table(table, folder / "contacts.parquet")
    with pytest.raises(
        DatasetError, match=r"contacts\.date: has type null, the contract says date"
    ):
        compute(folder)
