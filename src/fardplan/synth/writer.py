"""Write a dataset atomically: everything goes to a temporary folder beside the target, which
is renamed into place only when the run succeeded. A failed run leaves nothing behind."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fardplan.synth.tables import TABLES, write_schema


class OutputExistsError(FileExistsError):
    """The output folder exists and is not empty, and overwriting was not asked for."""


class TableWriters:
    """One Parquet file per table (``population.parquet`` …), appended to batch by batch.

    Batches are buffered up to :attr:`ROW_GROUP` rows and written as one row group: a small
    municipality's batch alone would make a row group that is mostly dictionary and header.
    """

    ROW_GROUP = 1_000_000

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows = dict.fromkeys(TABLES, 0)
        self._buffers: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._buffered = dict.fromkeys(TABLES, 0)
        self._writers = {
            name: pq.ParquetWriter(
                folder / f"{name}.parquet",
                write_schema(name),
                store_schema=False,
                compression="zstd",
            )
            for name in TABLES
        }

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows:
            self._buffers[name].append(table)
            self._buffered[name] += table.num_rows
            self.rows[name] += table.num_rows
        if self._buffered[name] >= self.ROW_GROUP:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if self._buffers[name]:
            # Batches share their dictionaries, so combining them only joins the indices.
            combined = pa.concat_tables(self._buffers[name]).combine_chunks()
            self._writers[name].write_table(combined, row_group_size=self.ROW_GROUP)
        self._buffers[name], self._buffered[name] = [], 0

    def close(self, flush: bool = True) -> None:
        """Write what is buffered (unless the run failed) and close every file."""
        for name, writer in self._writers.items():
            if flush:
                self._flush(name)
            writer.close()


@contextmanager
def atomic_folder(target: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``target``; on success it replaces ``target``.

    Raises :class:`OutputExistsError` before any work when ``target`` is a non-empty folder and
    ``overwrite`` is false, or when it is a file.
    """
    target = target.resolve()
    if target.is_file() or (target.is_dir() and any(target.iterdir()) and not overwrite):
        raise OutputExistsError(f"{target} exists and is not empty (use --overwrite to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        yield temporary
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    temporary.rename(target)
    shutil.rmtree(old, ignore_errors=True)
