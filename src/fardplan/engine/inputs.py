"""Stage 1, validate: the dataset read, checked against the contract and the current run.

``read_inputs`` locates the tables, checks their schemas, that none the indicators read is
empty and that no period shrank, lists the monthly files and opens the tables (no row is read
yet). A dataset on a cluster's storage (a URI) is found, checked, counted and opened by Spark
itself (``remote``), in a full run. ``validated`` checks the rows (``validation``), only the
new ones of a table an incremental run extends (``extension.Extension.hints``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.engine import remote
from fardplan.engine.dataset import locate, open_tables, table_rows
from fardplan.engine.shrink import Profile, check_no_shrink, rows_by_period
from fardplan.engine.state import ROW_INPUTS, Digests, file_listing
from fardplan.engine.validation import (
    DataQualityReport,
    check_not_empty,
    check_schemas,
    validate_opened,
)

Listing = Mapping[str, dict[str, list[int]] | None]


@dataclass(frozen=True)
class Limits:
    """What the caller allows: tables meant to be empty or smaller than the current run's."""

    allow_empty: Collection[str] = ()
    stored_rows: Profile | None = None  # the current run's ``rows_by_period``
    allow_shrink: Collection[str] = ()


@dataclass(frozen=True)
class Inputs:
    """The dataset as opened: its files, its tables (rows not yet checked) and their digests."""

    data_dir: Path | str
    paths: Mapping[str, Path]  # the local files; none for a dataset on a cluster's storage
    raw: Mapping[str, ir.Table]
    profile: Profile  # rows per table and period (``shrink.rows_by_period``)
    listing: Listing  # the monthly files, taken before any row is read (``state.file_listing``)
    digests: Digests  # the tables' content digests, each computed when first asked for
    located: Mapping[str, Path | str]  # each table's files: ``paths``, or the URIs Spark read
    cluster_fingerprint: str | None = None  # of a dataset on a cluster's storage, by Spark


@dataclass(frozen=True)
class Proven:
    """What an incremental run proved of the stored rows, so that only new ones are checked.

    ``new``: of each extended table, its rows after the stored day; ``side_tables``: tables
    byte for byte those a stored run found no fault in, with their rows; ``above``: each
    extended table's largest stored key; ``added``: the files added to a table in a folder.
    """

    new: Mapping[str, ir.Table] = field(default_factory=dict)
    side_tables: Mapping[str, int] = field(default_factory=dict)
    above: Mapping[str, int] = field(default_factory=dict)
    added: Mapping[str, list[Path]] = field(default_factory=dict)


@dataclass(frozen=True)
class Validated:
    """The tables whose rows passed the contract (or lenient: without the offending ones)."""

    tables: dict[str, ir.Table]
    report: DataQualityReport


def read_tables(counts: Iterable[Count]) -> set[str]:
    """Return the tables the ``counts`` read: their own, the population and the units."""
    return {"population", "units"} | {str(c.table) for c in counts if c.table}


def read_inputs(
    data_dir: Path | str,
    con: ibis.BaseBackend,
    counts: Iterable[Count],
    limits: Limits,
    *,
    full_run: bool = True,
) -> Inputs:
    """Return the dataset in ``data_dir`` opened on ``con``, refused if it cannot be computed.

    Raises ``DatasetError`` for a missing table, a wrong schema, an empty table (unless
    allowed) or a period with under half the current run's rows (unless allowed); and
    ``EngineError`` for a URI unless the run is a full run (``full_run``) on Spark.
    """
    needed = read_tables(counts) - set(limits.allow_empty)
    if remote.is_uri(data_dir):
        found, raw, cluster = remote.open_dataset(con, str(data_dir), needed, full_run)
        listing: Listing = dict.fromkeys(ROW_INPUTS)  # nothing on this machine's disk
        inputs = Inputs(
            data_dir, {}, raw, rows_by_period(raw), listing, Digests({}), found, cluster
        )
    else:
        paths = locate(Path(data_dir))
        check_schemas(paths)
        check_not_empty(table_rows(paths), needed)
        # Taken before any row is read: a file written during the run then shows as changed.
        listing = {table: file_listing(paths[table]) for table in ROW_INPUTS}
        opened = open_tables(con, paths)
        inputs = Inputs(
            data_dir, paths, opened, rows_by_period(opened), listing, Digests(paths), paths
        )
    if limits.stored_rows:
        allowed = {*limits.allow_shrink, *limits.allow_empty}
        check_no_shrink(inputs.profile, limits.stored_rows, allowed)
    return inputs


def validated(inputs: Inputs, proven: Proven, lenient: bool) -> Validated:
    """Return the rows of ``inputs`` that the contract allows; ``DatasetError`` otherwise.

    ``proven``: what an incremental run proved already (``Extension.proven``). The checks of
    events against the population wait for the attribution's row counts (``scope``).
    """
    tables, report = validate_opened(
        inputs.located,
        dict(inputs.raw),
        lenient=lenient,
        defer_persons=True,
        new=proven.new,
        unchanged=proven.side_tables,
        above=proven.above,
        added=proven.added,
    )
    return Validated(tables, report)


__all__ = ["Inputs", "Limits", "Proven", "Validated", "read_inputs", "read_tables", "validated"]
