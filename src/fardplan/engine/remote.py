"""A dataset on a cluster's storage (``hdfs://``, ``s3a://``, ``abfss://``, ``file://``),
found, checked and counted by Spark itself.

A local dataset folder is checked from its Parquet footers (``dataset``, ``validation``); a
URI names storage that only the cluster reads, so its tables' schemas, row counts and file
listing are asked of the Spark session the run computes on. The rows are read by the
executors; only the cells come back. Such a run is a full run: the sums an incremental run
keeps are written by the executors and read back by this machine (``engine.state``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.contract import TABLES
from fardplan.engine.dataset import open_tables
from fardplan.engine.errors import DatasetError, EngineError, Violation
from fardplan.engine.validation import check_not_empty, check_schema_types

# A scheme and "://": what Spark's file systems take. A plain path is a local folder.
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# What Spark answers for a path with no Parquet to read; any other failure is raised as is.
_ABSENT = ("PATH_NOT_FOUND", "UNABLE_TO_INFER_SCHEMA")


def is_uri(data_dir: Path | str) -> bool:
    """Return whether ``data_dir`` names a dataset on a cluster's storage (a URI)."""
    return isinstance(data_dir, str) and bool(_URI.match(data_dir))


def open_dataset(
    con: ibis.BaseBackend, uri: str, needed: Collection[str], full_run: bool
) -> tuple[dict[str, str], dict[str, ir.Table], str]:
    """Return the dataset at ``uri``'s tables (their URIs and opened in ``con``) and its
    fingerprint, once its schemas are checked and the ``needed`` tables have rows.

    Raises as ``inspect``, and ``DatasetError`` as a local folder's checks do.
    """
    found, schemas, rows = inspect(con, uri, full_run=full_run)
    check_schema_types(schemas)
    check_not_empty(rows, needed)
    return found, open_tables(con, found), fingerprint(con, found)


def inspect(
    con: ibis.BaseBackend,
    uri: str,
    *,
    full_run: bool,
) -> tuple[dict[str, str], dict[str, pa.Schema], dict[str, int]]:
    """Return each contract table's URI, Arrow schema and row count, as Spark reads them.

    Raises ``EngineError`` unless ``con`` is a Spark one and the run is a full run
    (``full_run``), and ``DatasetError`` listing the tables with no Parquet at ``uri``.
    """
    if con.name != "pyspark":
        raise EngineError(
            f"{uri}: a dataset on a cluster's storage is read by Spark (--backend pyspark)",
            f"{uri}: ett dataset i klustrets lagring läses av Spark (--backend pyspark)",
        )
    if not full_run:
        raise EngineError(
            f"{uri}: an incremental run needs a local dataset folder",
            f"{uri}: en inkrementell körning kräver en lokal datasetmapp",
        )
    session = con._session  # type: ignore[attr-defined]
    base = uri.rstrip("/")
    found: dict[str, tuple[str, Any]] = {}
    missing: list[Violation] = []
    for table in TABLES:
        candidates = (f"{base}/{table}.parquet", f"{base}/{table}")
        frames = ((c, _read(session, c)) for c in candidates)
        located = next(((c, frame) for c, frame in frames if frame is not None), None)
        if located is None:
            missing.append(_missing(table))
        else:
            found[table] = located
    if missing:
        raise DatasetError(missing)
    from pyspark.sql.pandas.types import to_arrow_schema

    paths = {table: location for table, (location, _) in found.items()}
    schemas = {table: to_arrow_schema(frame.schema) for table, (_, frame) in found.items()}
    rows = {table: int(frame.count()) for table, (_, frame) in found.items()}
    return paths, schemas, rows


def _read(session: Any, location: str) -> Any:
    """Return a DataFrame of the Parquet at ``location``, None when there is none."""
    from pyspark.errors import AnalysisException

    try:
        frame = session.read.parquet(location)
        frame.schema  # noqa: B018  (Spark Connect resolves the path only when asked)
    except AnalysisException as error:
        if (error.getCondition() or "") in _ABSENT:
            return None
        raise
    return frame


def _missing(table: str) -> Violation:
    return Violation(
        table,
        None,
        f"table missing: no {table}.parquet or {table}/ with Parquet files",
        0,
        (),
        f"tabellen saknas: varken {table}.parquet eller {table}/ med Parquet-filer finns",
    )


def fingerprint(con: ibis.BaseBackend, paths: dict[str, str]) -> str:
    """Return a short hash of the tables' files (paths, sizes, modification times), listed by
    Spark; as ``dataset.fingerprint`` for a local folder."""
    session = con._session  # type: ignore[attr-defined]
    digest = hashlib.sha256()
    for table in sorted(paths):
        for path, size, modified in _listing(session, paths[table]):
            digest.update(f"{table}/{path}:{size}:{modified};".encode())
    return digest.hexdigest()[:16]


def _listing(session: Any, location: str) -> Sequence[tuple[str, int, Any]]:
    """Return the path, size and modification time of each Parquet file at ``location``;
    the binary-file reader lists them without reading their content."""
    files = (
        session.read.format("binaryFile")
        .option("pathGlobFilter", "*.parquet")
        .option("recursiveFileLookup", "true")
        .load(location)
        .select("path", "length", "modificationTime")
        .collect()
    )
    return sorted((row["path"], row["length"], row["modificationTime"]) for row in files)
