"""Connect to the Ibis backends the engine runs on: DuckDB (default) and PySpark (engine.spark)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.config import duckdb_threads

Backend = Literal["duckdb", "pyspark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "pyspark")


def connect(backend: Backend = "duckdb", *, session: Any = None) -> ibis.BaseBackend:
    """Return a fresh connection; PySpark reuses ``session`` or a local-mode SparkSession.

    Raises ``ValueError`` naming the backend when it is not one of ``BACKENDS``.
    """
    if backend == "duckdb":
        threads = duckdb_threads()
        con = ibis.duckdb.connect()
        # Results are sorted by the engine itself; not keeping row order saves memory.
        con.raw_sql("SET preserve_insertion_order = false")
        if threads:
            con.raw_sql(f"SET threads = {threads}")
        return con
    if backend == "pyspark":
        return ibis.pyspark.connect(session or local_spark())
    raise ValueError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")


def local_spark() -> Any:
    """Return the active SparkSession or start one as the environment says (``engine.spark``:
    a local-mode session unless ``SPARK_MASTER`` or ``SPARK_REMOTE`` names a cluster)."""
    from fardplan.engine.spark import start_session

    return start_session()


_names = itertools.count()


def upload(con: ibis.BaseBackend, data: Any) -> ir.Table:
    """Return a small table (dict of columns or Arrow table) held by ``con``.

    Used instead of ``ibis.memtable``: the PySpark backend does not register memtables that
    sit inside a cached expression.
    """
    arrow = data if isinstance(data, pa.Table) else pa.table(data)
    if con.name == "duckdb":
        return ibis.memtable(arrow)
    name = f"fardplan_small_{next(_names)}"
    con._session.createDataFrame(arrow).createOrReplaceTempView(name)
    return con.table(name)


def materialise(table: ir.Table) -> tuple[ir.Table, Callable[[], None]]:
    """Return ``table`` computed once and kept in the backend, and a function that frees it.

    DuckDB gets a temporary table that we drop ourselves: Ibis's own ``cache().release()``
    emits a bare ``DROP TABLE IF EXISTS`` with the sqlglot this project installs.
    """
    con = table.get_backend()
    if con.name != "duckdb":
        cached = table.cache()
        return cached, cached.release
    name = f"fardplan_tmp_{next(_names)}"
    created = con.create_table(name, table, temp=True)
    return created, lambda: con.con.execute(f'DROP TABLE IF EXISTS "{name}"')
