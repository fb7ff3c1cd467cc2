"""keys_ascending: the cheap proof that a table's key does not repeat; the module's imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fardplan.engine.dataset import keys_ascending


def written(tmp_path: Path, columns: dict[str, list[object]], row_group: int = 3) -> Path:
    path = tmp_path / "table.parquet"
    pq.write_table(pa.table(columns), path, row_group_size=row_group)
    return path


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([1, 2, 3, 10, 11, 12, 13], True),
        ([1, 2, 3, 3, 4], False),  # a repeat inside a row group
        ([1, 2, 3, 2, 5, 6], False),  # a step down across row groups
        ([5, 4], False),
        ([], True),
    ],
)
def test_it_sees_a_single_key_ascend(tmp_path: Path, ids: list[int], expected: bool) -> None:
    path = written(tmp_path, {"id": pa.array(ids, pa.int64())})
    assert keys_ascending(path, ("id",)) is expected


def test_it_compares_composite_keys_lexicographically(tmp_path: Path) -> None:
    ascending = written(tmp_path, {"year": [2023, 2023, 2024, 2024], "id": [7, 9, 1, 2]})
    assert keys_ascending(ascending, ("year", "id"))
    repeated = written(tmp_path, {"year": [2023, 2024, 2024], "id": [7, 1, 1]})
    assert not keys_ascending(repeated, ("year", "id"))


def test_it_answers_false_for_nulls_and_text_keys(tmp_path: Path) -> None:
    assert not keys_ascending(written(tmp_path, {"id": [1, None, 3]}), ("id",))
    assert not keys_ascending(written(tmp_path, {"id": ["a", "b"]}), ("id",))


@given(st.lists(st.integers(-(2**62), 2**62), max_size=40))
def test_ascending_means_no_key_repeats(ids: list[int]) -> None:
    # A property over random keys: True only for strictly ascending, duplicate-free lists.
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = written(Path(folder), {"id": pa.array(ids, pa.int64())})
        answer = keys_ascending(path, ("id",))
    assert answer == (ids == sorted(set(ids)))


def test_the_engine_starts_without_pandas() -> None:
    # pyarrow.dataset imports pandas wherever it is installed: a third of a second of the
    # start-up of every command (a compute or an export still loads it later, through Ibis's
    # conversion to Arrow or pyarrow's own array building; `fardplan catalogue` never does).
    code = "import sys, fardplan.engine, fardplan.engine.run; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_later_file_without_the_key_is_not_proven(tmp_path: Path) -> None:
    folder = tmp_path / "contacts"
    folder.mkdir()
    pq.write_table(pa.table({"id": pa.array([1, 2], pa.int64())}), folder / "2024-01.parquet")
    pq.write_table(pa.table({"other": pa.array([3], pa.int64())}), folder / "2024-02.parquet")
    assert not keys_ascending(folder, ("id",))
