"""The incremental mode behind one interface: stored sums in, stored sums out.

``Extension.open`` reads the stored run's state (``state``), proves by content digests that
the dataset is that run's plus later rows, and reads the new rows of the tables whose sums it
extends, once. The stages ask it what was proven (``proven``, for validation), which stays to
derive together (``stays``), and hand it the planned sources (``attach``); ``store`` writes
this run's state for the next. A full run has an empty extension: the same calls, no effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.catalogue import Catalogue, Count
from fardplan.engine.attribution import derive
from fardplan.engine.backends import materialise
from fardplan.engine.compile import Sources
from fardplan.engine.dataset import open_table, parquet_rows
from fardplan.engine.extender import Extender
from fardplan.engine.inputs import Inputs, Proven
from fardplan.engine.state import (
    KNOWN_ON,
    PERSON_ROWS,
    SIDE_TABLES,
    State,
    StateMismatch,
    StoredPersons,
    StoredSums,
    TableState,
    added_files,
    check_complete,
    check_inputs,
    check_unchanged,
    covered_rows,
    extendable,
    extended_tables,
    inputs_of,
    new_rows,
    old_rows,
    read_state,
    stored_rows,
    write_state,
)
from fardplan.engine.validation import DataQualityReport


@dataclass
class Extension:
    """The stored run a run extends (nothing for a full run) and the new rows it reads."""

    state: State | None = None
    extended: dict[str, TableState] = field(default_factory=dict)  # tables read for new rows
    new: dict[str, ir.Table] = field(default_factory=dict)  # their new rows, read once
    # Of a table in a folder whose stored files are unchanged: the files added since.
    added: dict[str, list[Path]] = field(default_factory=dict)
    # Of a table in ``PERSON_ROWS``: the older rows of the persons with new rows.
    context: dict[str, ir.Table] = field(default_factory=dict)
    releases: list[Callable[[], None]] = field(default_factory=list)
    # The first day of which rows may be new to the stored run: every month from it on is
    # computed again (each table's rows are proven the stored ones up to its own last day).
    since: dt.date | None = None

    @classmethod
    def open(
        cls,
        previous: pa.Table | None,
        folder: Path | None,
        counts: list[Count],
        inputs: Inputs,
        catalogue: Catalogue,
    ) -> Extension:
        """Return the extension of the state in ``folder`` (the results ``previous`` belong to).

        Raises ``StateMismatch`` when the dataset does not extend the state (see ``state``),
        or when ``previous`` comes without its state: nothing could prove its cells still hold.
        """
        if folder is None:
            if previous is not None:
                raise StateMismatch(
                    "the stored run kept no state to check the data against: run in full",
                    "den lagrade körningen sparade inget tillstånd att pröva datat mot: "
                    "kör en fullständig beräkning",
                )
            return cls()
        if previous is None:
            raise ValueError("a stored run state extends that run's results: give previous too")
        state = read_state(folder)
        con = next(iter(inputs.raw.values())).get_backend()
        extended = extended_tables(state, counts, inputs.digests, con.name, catalogue.version)
        check_inputs(state, inputs.digests)
        read = sorted(event_tables(counts))
        extension = cls(state, extended, since=_since(state, read))
        try:
            for table in read:
                extension._check(table, inputs)
        except BaseException:
            extension.release()
            raise
        return extension

    def _check(self, table: str, inputs: Inputs) -> None:
        """Prove the stored rows of ``table`` unchanged, and read its new ones if extended."""
        raw = inputs.raw[table]
        if table not in self.extended:  # read whole: its older rows must be the stored ones
            check_unchanged(table, raw, stored_rows(self._state(), table))
            return
        kept, path = self.extended[table], inputs.paths[table]
        self._read_new(table, kept, path, raw, inputs.listing.get(table))

    def _state(self) -> State:
        if self.state is None:
            raise ValueError("no stored run to extend")
        return self.state

    def _read_new(
        self,
        table: str,
        kept: TableState,
        path: Path,
        rows: ir.Table,
        listing: dict[str, list[int]] | None,
    ) -> None:
        """Prove that ``rows`` are the stored ones plus later ones, and open the later.

        Unchanged stored files need no look at their rows; otherwise the rows up to the stored
        day are checked. Validation, the attribution, both scans and the state read the new
        rows. New files are the only ones read: DuckDB reads them where they lie, by each
        query (the few columns each needs, in a fraction of the time it takes to copy every
        column into memory), Spark once into memory. Other new rows are read once into
        memory, not filtered out of every row again by each.
        """
        added = added_files(kept.covered, listing)
        con = rows.get_backend()
        if added is None:
            check_unchanged(table, rows, kept.covered)
        else:
            self.added[table] = [path / name for name in added]
        if added:
            files = [str(file) for file in self.added[table]]
            new = new_rows(open_table(con, table, files), kept.covered)
        else:
            new = new_rows(rows, kept.covered)
        if not added or con.name != "duckdb":
            # Rows filtered out of every row, or files Spark would read again for every
            # query: kept in memory once.
            new, release = materialise(new)
            self.releases.append(release)
        self.new[table] = new
        if table in PERSON_ROWS:
            older = old_rows(rows, kept.covered)
            context, release = materialise(older.filter(older.person_id.isin(new.person_id)))
            self.releases.append(release)
            self.context[table] = context
        check_complete(
            table, kept.covered, parquet_rows(path), int(new.count().to_pyarrow().as_py())
        )

    def proven_side_tables(self) -> dict[str, int]:
        """Return the side tables (with their rows) proven the same as in a stored faultless run.

        ``extended_tables`` and ``check_inputs`` compared their bytes with the stored run's; a
        table it dropped rows of (lenient) is checked again, so that they are dropped again.
        """
        if self.state is None:
            return {}
        inputs = {name for kept in self.extended.values() for name in kept.inputs}
        dropped = {found["table"] for found in self.state.report["dropped"]}
        rows = self.state.report["rows_read"]
        return {name: int(rows[name]) for name in inputs - dropped if name in rows}

    def stored_persons(
        self, digests: Mapping[str, str], flags: Iterable[str]
    ) -> tuple[Path, Path] | None:
        """Return the stored run's files of persons and cell numbers, if they hold for this run.

        They do when the population is byte for byte the stored run's and was faultless
        (``proven_side_tables``), and its persons carry every flag this run needs (``flags``:
        filter ids, see ``with_cell``). ``digests``: the tables' content digests.
        """
        if self.state is None or "population" not in self.proven_side_tables():
            return None
        return self.state.stored_persons(digests["population"], flags)

    def proven(self) -> Proven:
        """Return what validation need not check again (nothing in a full run)."""
        return Proven(self.new, self.proven_side_tables(), self.above(), self.added)

    def stored_days(self) -> list[dt.date]:
        """Return the last day of the stored rows of each extended table."""
        return [kept.covered.through for kept in self.extended.values()]

    def stays(self, tables: Mapping[str, ir.Table]) -> ir.Table:
        """Return the admissions read, with the older stays of their persons when extended.

        A new stay can change its person's older ones (a readmission's index stay).
        """
        stays = tables["admissions"]
        if "admissions" in self.context:
            stays = ibis.union(self.context["admissions"], stays, distinct=False)
        return stays

    def attach(
        self, sources: Sources, tables: Mapping[str, ir.Table], to_store: frozenset[str]
    ) -> None:
        """Give ``sources`` the extender of this run: the stored sums it adds to the scans'
        of the new rows, and the tables whose sums it stores (``to_store``); release this
        extension with ``sources``.

        Admissions: the new stays and their persons' older ones are derived together (a new
        stay can make an older one a readmission's index stay), and the older ones' stored
        sums are taken out again (``Extender.rows``).
        """
        sources.releases.append(self.release)
        taken_out = {}
        for table, older in self.context.items():
            both = ibis.union(older, tables[table], distinct=False)
            sources.events[table] = derive({**tables, table: both})[table]
            taken_out[table] = derive({**tables, table: older})[table]
        con = sources.persons.get_backend()
        sources.extender = Extender(
            sources.cache, con, self.state, self.extended, to_store, taken_out
        )

    def store(self, folder: Path, sources: Sources, run: Stored) -> Path:
        """Write this run's state into ``folder`` (see ``keep``) and return it."""
        read = {**run.inputs.raw, **self.new}
        inputs = run.inputs
        return store_state(
            folder,
            sources.extender,
            sources.all_planned(),
            read,
            inputs.digests,
            run.report,
            run.catalogue,
            inputs.listing,
            run.persons,
            event_tables(run.counts),
        ).folder

    def above(self) -> dict[str, int]:
        """Return the largest stored key of each extended table (when it has one)."""
        return {
            table: kept.covered.last_key
            for table, kept in self.extended.items()
            if kept.covered.last_key is not None
        }

    def release(self) -> None:
        for release in self.releases:
            release()
        self.releases.clear()


@dataclass(frozen=True)
class Stored:
    """What a run hands ``Extension.store``: its inputs, counts, report and persons."""

    inputs: Inputs
    counts: list[Count]
    report: DataQualityReport
    catalogue: Catalogue
    persons: StoredPersons | None


def event_tables(counts: Iterable[Count]) -> set[str]:
    """Return the event tables ``counts`` read (each checked by its content digests)."""
    return {str(c.table) for c in counts if c.table} & KNOWN_ON.keys()


def _since(state: State, tables: Iterable[str]) -> dt.date | None:
    days = [stored_rows(state, table).through for table in tables]
    return min(days) + dt.timedelta(days=1) if days else None


def store_state(
    folder: Path,
    extender: Extender,
    planned: list[Count],
    read: dict[str, ir.Table],
    digests: Mapping[str, str],
    report: DataQualityReport,
    catalogue: Catalogue,
    listing: Mapping[str, dict[str, list[int]] | None],
    persons: StoredPersons | None = None,
    tables: Iterable[str] = (),
) -> State:
    """Write the sums this run keeps for the next incremental run into ``folder``.

    ``read`` holds the rows each table was read with, before validation: all of them, or
    only the new ones of a table extended from a stored run. ``listing``: the files read;
    ``digests``: the tables' content digests; ``persons``: the persons to keep, if any;
    ``tables``: the event tables the run read, whose rows a next run must find unchanged.
    """
    kept = {}
    for table, (monthly, per_person) in extender.sums_to_store().items():
        stored = extender.extended.get(table)
        date = stored.covered.date if stored else extendable(planned)[table]
        fresh = covered_rows(table, read[table], date)
        covered = (
            stored.covered.plus(fresh) if stored and fresh else stored.covered if stored else fresh
        )
        if covered is not None:
            covered = replace(covered, files=listing.get(table))
            kept[table] = StoredSums(covered, inputs_of(table, digests), monthly, per_person)
    rows = {table: kept[table].covered for table in kept}
    for table in sorted(set(tables) - rows.keys()):
        whole = covered_rows(table, read[table], KNOWN_ON[table])
        if whole is not None:
            rows[table] = whole
    return write_state(
        folder,
        kept,
        backend=extender.backend(),
        catalogue_version=catalogue.version,
        report=report.to_dict(),
        persons=persons,
        rows=rows,
        inputs={name: digests[name] for name in SIDE_TABLES},
    )


__all__ = ["Extension", "Stored", "event_tables", "store_state"]
