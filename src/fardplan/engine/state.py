"""A run's stored state, so that an incremental run reads only the rows it has not covered.

The sums of events per month and cell, and a year's per-person counts (per clinician for
continuity), are additive: a run's state plus the sums of the rows dated after it equal the
sums of all rows. A run keeps them for every event table whose derived columns depend only on
the row itself and on side tables (``ROW_INPUTS``: contacts read their unit's kind; care plans
nothing), and for admissions, whose derived columns read the same person's other stays (a
later stay makes an earlier one a readmission's index stay): new stays change only their
persons' sums, so those persons' older stays are read again and their sums swapped
(``PERSON_ROWS``).

An incremental run trusts the rows known up to the stored day (``through``). It proves that
the population and the side tables are byte for byte those of the stored run, and that the
rows up to that day are the same in number and keys (or, for a table delivered as a folder of
files, that the stored files are unchanged); otherwise it refuses (``StateMismatch``) and a
full run is needed. A correction of an old row's content in a file written again needs a full
run too.

On disk a state is a folder: ``state.json`` (the manifest) and one Parquet file per kept sum,
and the persons with their cells (``attribution.with_cell``) and the cell numbers, which a run
on the same population reads back instead of building them again (``StoredPersons``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count
from fardplan.contract import KEYS, TABLES
from fardplan.engine.dataset import parquet_files
from fardplan.engine.errors import EngineError

FORMAT = 3  # 2: a content digest per month (``Covered.months``); 3: of every event table read
# The column that dates when a row of an event table becomes known: a row dated after the stored
# day is new, every other row (undated ones too) must be as the stored run read it.
KNOWN_ON: dict[str, str] = {
    "contacts": "date",
    "admissions": "discharged_on",
    "care_plans": "created_on",
    "home_health_care": "start_on",
}
# Spells that may still be running on the stored day: an end after it (or none) is "open" then,
# so a spell closed later leaves the row as the stored run saw it (see ``_as_known``).
OPEN_ENDS: dict[str, str] = {"home_health_care": "end_on"}
# The side tables every sum depends on, compared whole (content digests of their bytes).
SIDE_TABLES = ("population", "units")
KEY_MODULUS = 2_147_483_647  # 2^31 − 1, a prime
MANIFEST = "state.json"
# The most layers of per-person counts a run reads: the run that would add one more writes
# them all as one (a full run, then monthly runs: the fifth compacts, at the cost of a lookup).
MAX_LAYERS = 4
# The tables an event table's derived columns read besides its own rows.
ROW_INPUTS: dict[str, tuple[str, ...]] = {
    "contacts": ("units",),
    "care_plans": (),
    "admissions": (),
}
# Tables whose derived columns read the same person's other rows, with the column that dates
# when a row becomes known (a stay once discharged). Their event counts and sums are kept
# whatever dates they count by; per-person measures on them are not.
PERSON_ROWS: dict[str, str] = {"admissions": "discharged_on"}


class StateMismatch(EngineError):
    """The dataset is not the stored run's dataset plus later rows: run in full."""


def count_id(count: Count) -> str:
    """Return a stable name for ``count``: the column that holds its sums in a state file."""
    return "k" + hashlib.sha256(count.model_dump_json().encode()).hexdigest()[:16]


def content_digest(path: Path) -> str:
    """Return a hash of the bytes of a Parquet file or of every file in a folder."""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        digest.update(str(file.relative_to(path) if file != path else file.name).encode())
        with file.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Covered:
    """The rows of an event table a run covered: those with ``date`` up to ``through``."""

    date: str
    through: dt.date
    rows: int
    keys: int  # Σ key mod KEY_MODULUS: equal sets of keys give equal numbers
    last_key: int | None = None  # the largest key, for a key of one integer column
    # A table delivered as a folder: each Parquet file's [size, content digest]
    # (``file_listing``).
    files: dict[str, list[int]] | None = None
    # Per month of ``date`` ("2024-10"): [rows, Σ row digest] (``monthly_digests``).
    months: dict[str, list[int]] = field(default_factory=dict)

    def plus(self, later: Covered) -> Covered:
        """Return the rows of ``self`` and of ``later`` (rows dated after ``self.through``)."""
        both = (self.last_key, later.last_key)
        last = None if None in both else max(k for k in both if k is not None)
        keys = self.keys + later.keys
        rows = self.rows + later.rows
        # A month the stored day cut in two holds rows of both: their digests add up.
        months = {month: list(sums) for month, sums in self.months.items()}
        for month, (count, digest) in later.months.items():
            before = months.get(month, [0, 0])
            months[month] = [before[0] + count, before[1] + digest]
        return Covered(self.date, later.through, rows, keys, last, later.files, months)


def file_listing(path: Path) -> dict[str, list[int]] | None:
    """Return the size and content digest of each Parquet file of a table in a folder.

    None for a table in one file: it grows in place, so its old rows are checked row by row.
    """
    if path.is_file():
        return None
    listing = {}
    for file in parquet_files(path):
        listing[file.relative_to(path).as_posix()] = [file.stat().st_size, _file_digest(file)]
    return listing


def _file_digest(file: Path) -> int:
    """Return 48 bits of the SHA-256 of a file's bytes.

    Every byte: an unchanged size, modification time or footer is no proof that the rows are
    the same (a file written again with a time set back, a page corrupted in place). SHA-256
    runs at disk speed, a fraction of what reading the rows takes.
    """
    with file.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").digest()
    return int.from_bytes(digest[:6], "big")


def added_files(covered: Covered, listing: dict[str, list[int]] | None) -> list[str] | None:
    """Return the files added since the stored run, if every file it read is unchanged.

    Unchanged means the same size and the same content digest of every byte: a monthly
    delivery adds a file and leaves the earlier ones alone. None when a stored file is missing
    or was written again, or the stored run listed no digests (its rows are then checked row
    by row).
    """
    if covered.files is None or listing is None:
        return None
    if any(listing.get(name) != stat for name, stat in covered.files.items()):
        return None
    return sorted(set(listing) - set(covered.files))


HEX_DIGITS = 8  # of a row's MD5: a 32-bit digest, whose sum over a month fits in 64 bits


@ibis.udf.scalar.builtin(name="conv")  # type: ignore[untyped-decorator]
def _spark_conv(digits: str, from_base: int, to_base: int) -> str:  # type: ignore[empty-body]
    """Spark's ``conv``: ``digits`` in ``from_base`` written in ``to_base``."""


def row_digest(table: str, rows: ir.Table) -> ir.IntegerColumn:
    """Return a 32-bit digest of each row's content: every contract column of ``table``.

    The row as canonical text (each column as text, null as ``\\N``, joined by a unit
    separator) hashed by MD5, of which the first ``HEX_DIGITS`` hex digits are read as a
    number. Text and MD5 are the same on DuckDB and Spark, so both give the same integer (a
    backend's own ``hash`` differs). The hex digits are read by each backend's own function
    (a ``0x`` cast on DuckDB, ``conv`` on Spark): three times faster than digit by digit.
    """
    texts = [rows[c.name].cast("string").fill_null("\\N") for c in TABLES[table]]
    digits = ibis.literal("\x1f").join(texts).hexdigest("md5").substr(0, HEX_DIGITS)
    if rows.get_backend().name == "pyspark":
        return _spark_conv(digits, 16, 10).cast("int64")
    return (ibis.literal("0x") + digits).cast("int64")


def monthly_digests(
    table: str, rows: ir.Table, date_column: str, through: dt.date | None = None
) -> dict[str, list[int]]:
    """Return, per month of ``date_column`` ("2024-10"), [rows, Σ ``row_digest``] of ``rows``.

    A sum, so that months add up across runs (``Covered.plus``) whatever order rows come in.
    A changed value, an added or a removed row changes its month's pair (a change escapes
    only if its digest differs by a multiple of 2^64, or by chance 1 in 2^32). Undated rows
    are summed as the month ``"undated"``. ``through``: the stored day, for ``_as_known``.
    """
    rows = _as_known(table, rows, through)
    day = rows[date_column]
    sums = rows.group_by(year=day.year(), month=day.month()).aggregate(
        rows=rows.count(), digest=row_digest(table, rows).sum()
    )
    return {
        _month_label(found["year"], found["month"]): [int(found["rows"]), int(found["digest"])]
        for found in sums.to_pyarrow().to_pylist()
    }


def _month_label(year: int | None, month: int | None) -> str:
    return "undated" if year is None or month is None else f"{int(year):04d}-{int(month):02d}"


def _as_known(table: str, rows: ir.Table, through: dt.date | None) -> ir.Table:
    """Return ``rows`` as known on ``through``: a spell's end after that day is still open.

    A spell running on the stored day and closed since changes no period up to that day (it
    overlaps them either way), so it is no correction; every other change is.
    """
    end = OPEN_ENDS.get(table)
    if end is None or through is None:
        return rows
    closed_later = rows[end] > ibis.literal(through)
    return rows.mutate(**{end: ibis.ifelse(closed_later, ibis.null(rows[end].type()), rows[end])})


def covered_rows(table: str, rows: ir.Table, date_column: str) -> Covered | None:
    """Return what ``rows`` of ``table`` cover, or None when they have no dated row."""
    # A sum of the keys modulo a prime, not a hash: every backend computes it alike, and it
    # cannot overflow (each term is below 2^31). An added or removed key shows, and so does a
    # changed one unless old and new differ by a multiple of the modulus.
    # A table without a key (home health care) is compared by its content digests alone.
    keys = KEYS.get(table, ())
    measures = {"rows": rows.count(), "through": rows[date_column].max()}
    if keys:
        digest = ibis.literal(0, "int64")
        for key in keys:
            digest = digest + rows[key].cast("int64") % KEY_MODULUS
        measures["keys"] = digest.sum()
    if len(keys) == 1 and rows[keys[0]].type().is_integer():
        measures["last_key"] = rows[keys[0]].max()
    values = rows.aggregate(**measures).to_pyarrow().to_pylist()[0]
    if not values["rows"] or values["through"] is None:
        return None
    last = values.get("last_key")
    return Covered(
        date_column,
        values["through"],
        int(values["rows"]),
        int(values.get("keys") or 0),
        None if last is None else int(last),
        months=monthly_digests(table, rows, date_column, values["through"]),
    )


@dataclass(frozen=True)
class TableState:
    """What a state keeps of one event table."""

    covered: Covered
    inputs: dict[str, str]  # content digest of each table the sums read (population, units…)
    monthly: list[str] = field(default_factory=list)  # count ids: columns of the monthly file
    # clinician column ("" for none) → count ids of a per-person scan (see ``person_state``)
    per_person: dict[str, list[str]] = field(default_factory=dict)
    layers: dict[str, int] = field(default_factory=dict)  # clinician column → stored layers

    def counts(self) -> set[str]:
        return set(self.monthly) | {i for ids in self.per_person.values() for i in ids}


@dataclass(frozen=True)
class State:
    """A stored run's state (see the module's doc); files are read from ``folder``."""

    folder: Path
    backend: str
    catalogue_version: str
    tables: dict[str, TableState]
    report: dict[str, Any]  # the run's data-quality report (``DataQualityReport.to_dict``)
    # The persons kept: {"inputs": {"population": digest}, "flags": [filter ids]}, or None.
    persons: dict[str, Any] | None = None
    # Every event table the run read, by ``KNOWN_ON``: what a run that extends it must find
    # unchanged (``check_unchanged``), whether it extends the table's sums or reads it whole.
    rows: dict[str, Covered] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # ``SIDE_TABLES``' content digests

    def monthly_file(self, table: str) -> Path:
        return self.folder / f"{table}-monthly.parquet"

    def person_file(self, table: str, clinician: str, layer: int) -> Path:
        """Return the file of a layer of per-clinician counts (``n`` by count id)."""
        return self.folder / f"{table}-persons-{clinician or 'all'}-{layer}.parquet"

    def totals_file(self, table: str, clinician: str, layer: int) -> Path:
        """Return the file of a layer of per-person totals (``t_<id>``, ``s_<id>``)."""
        return self.folder / f"{table}-totals-{clinician or 'all'}-{layer}.parquet"

    def cells_file(self, table: str, clinician: str) -> Path:
        """Return the file of the per-person measures' base cells (every kept year)."""
        return self.folder / f"{table}-cells-{clinician or 'all'}.parquet"

    def persons_file(self) -> Path:
        """Return the file of the persons with their cells and flags (``with_cell``)."""
        return self.folder / "persons.parquet"

    def codes_file(self) -> Path:
        """Return the file of the cell numbers (``attribution.cell_codes``)."""
        return self.folder / "cells.parquet"

    def stored_persons(self, population: str, flags: Iterable[str]) -> tuple[Path, Path] | None:
        """Return the persons' and cell numbers' files, if kept of the same population.

        ``population``: the population's content digest now; ``flags``: the filter ids the
        run needs (see ``with_cell``).
        """
        kept = self.persons
        if kept is None or kept["inputs"].get("population") != population:
            return None
        if not set(flags) <= set(kept["flags"]):
            return None
        files = self.persons_file(), self.codes_file()
        # Gone from the folder (a file, or a folder of parts as Spark writes them): built again.
        return files if all(file.exists() for file in files) else None

    def write_manifest(self) -> None:
        manifest = {
            "format": FORMAT,
            "backend": self.backend,
            "catalogue_version": self.catalogue_version,
            "tables": {
                name: {
                    **asdict(kept),
                    "covered": _covered_json(kept.covered),
                }
                for name, kept in self.tables.items()
            },
            "report": self.report,
            "persons": self.persons,
            "rows": {name: _covered_json(covered) for name, covered in self.rows.items()},
            "inputs": self.inputs,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1)
        (self.folder / MANIFEST).write_text(text, encoding="utf-8")


def _covered_json(covered: Covered) -> dict[str, Any]:
    return {**asdict(covered), "through": str(covered.through)}


def _covered_of(stored: dict[str, Any]) -> Covered:
    return Covered(**{**stored, "through": dt.date.fromisoformat(stored["through"])})


@dataclass(frozen=True)
class PersonLayer:
    """What a run keeps of one per-person scan: a new layer, the older ones and the cells.

    ``counts`` (per clinician) and ``totals`` (per person) have their columns named by count
    id (``t_<id>``/``s_<id>`` for totals); ``cells`` holds every kept year's base cells.
    """

    ids: list[str]
    older: list[tuple[Path, Path]]  # files of the stored layers: (counts, totals)
    counts: ir.Table
    totals: ir.Table
    cells: ir.Table


@dataclass(frozen=True)
class StoredSums:
    """What a run keeps of one table: its rows, inputs and sums (columns named by count id)."""

    covered: Covered
    inputs: dict[str, str]
    monthly: ir.Table | None
    per_person: dict[str, PersonLayer]  # clinician column ("" for none) → the scan's sums


@dataclass(frozen=True)
class StoredPersons:
    """The persons a run keeps: built (tables) or read from a stored run (its files)."""

    population: str  # the population's content digest
    flags: list[str]  # the filter ids the persons carry (see ``with_cell``)
    persons: ir.Table | Path
    codes: ir.Table | Path


MONTHLY_GRAIN = ("year", "month", "municipality_code", "sex", "age")


def write_state(
    folder: Path,
    kept: Mapping[str, StoredSums],
    *,
    backend: str,
    catalogue_version: str,
    report: dict[str, Any],
    persons: StoredPersons | None = None,
    rows: Mapping[str, Covered] | None = None,
    inputs: Mapping[str, str] | None = None,
) -> State:
    """Write a run's state into ``folder`` (created; it must not exist) and return it.

    ``rows``: what the run read of every event table (``State.rows``); ``inputs``: the side
    tables' content digests. All or nothing: on any failure the folder is removed.
    """
    folder.mkdir(parents=True)
    try:
        state = State(
            folder,
            backend,
            catalogue_version,
            {},
            report,
            None,
            dict(rows or {}),
            dict(inputs or {}),
        )
        if persons is not None:
            state = _write_persons(state, persons)
        return _write(state, kept)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _write(state: State, kept: Mapping[str, StoredSums]) -> State:
    for table, sums in kept.items():
        monthly: list[str] = []
        if sums.monthly is not None:
            monthly = [c for c in sums.monthly.columns if c not in MONTHLY_GRAIN]
            sums.monthly.to_parquet(state.monthly_file(table))
        per_person, layers = {}, {}
        for clinician, layer in sums.per_person.items():
            for k, files in enumerate(layer.older):
                mine = (
                    state.person_file(table, clinician, k),
                    state.totals_file(table, clinician, k),
                )
                for source, target in zip(files, mine, strict=True):
                    _link(source, target)
            k = len(layer.older)
            layer.counts.to_parquet(state.person_file(table, clinician, k))
            layer.totals.to_parquet(state.totals_file(table, clinician, k))
            layer.cells.to_parquet(state.cells_file(table, clinician))
            per_person[clinician], layers[clinician] = layer.ids, k + 1
        state.tables[table] = TableState(sums.covered, sums.inputs, monthly, per_person, layers)
    state.write_manifest()
    return state


def _write_persons(state: State, kept: StoredPersons) -> State:
    for data, target in ((kept.persons, state.persons_file()), (kept.codes, state.codes_file())):
        if isinstance(data, Path):
            _link(data, target)  # the same population: the stored run's files hold
        else:
            data.to_parquet(target)
    manifest = {"inputs": {"population": kept.population}, "flags": sorted(kept.flags)}
    return replace(state, persons=manifest)


def _link(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` without copying when both are on one disk.

    A folder (Spark writes one per Parquet "file") is linked file by file.
    """
    if source.is_dir():
        shutil.copytree(source, target, copy_function=_link_file)
        return
    _link_file(source, target)


def _link_file(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def read_state(folder: Path) -> State:
    """Return the state stored in ``folder``; ``StateMismatch`` when it is missing or foreign."""
    manifest_file = folder / MANIFEST
    if not manifest_file.is_file():
        raise StateMismatch(
            f"no run state in {folder}: run in full",
            f"inget sparat tillstånd i {folder}: kör en fullständig beräkning",
        )
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise StateMismatch(
            f"the run state in {folder} has another format: run in full",
            f"tillståndet i {folder} har ett annat format: kör en fullständig beräkning",
        )
    tables = {
        name: TableState(**{**kept, "covered": _covered_of(kept["covered"])})
        for name, kept in manifest["tables"].items()
    }
    return State(
        folder,
        manifest["backend"],
        manifest["catalogue_version"],
        tables,
        manifest["report"],
        manifest.get("persons"),
        {name: _covered_of(covered) for name, covered in manifest["rows"].items()},
        manifest["inputs"],
    )


def planned_dates(counts: Iterable[Count]) -> dict[str, set[str]]:
    """Return, per event table, the date columns the monthly and per-person counts use."""
    dates: dict[str, set[str]] = {}
    for count in counts:
        if count.table and count.date and count.measure != "persons_with_interval":
            dates.setdefault(str(count.table), set()).add(str(count.date))
    return dates


def extendable(counts: Iterable[Count]) -> dict[str, str]:
    """Return the event tables whose sums a state can keep, with the date new rows follow.

    That is their one date column, or for ``PERSON_ROWS`` the day a row becomes known.
    """
    counts = list(counts)
    kept = {}
    for table, dates in planned_dates(counts).items():
        if table in PERSON_ROWS:
            measures = {c.measure for c in counts if c.table == table}
            if measures <= {"events", "sum"}:
                kept[table] = PERSON_ROWS[table]
        elif table in ROW_INPUTS and len(dates) == 1:
            kept[table] = next(iter(dates))
    return kept


class Digests(dict[str, str]):
    """The content digests of a dataset's tables, each computed once, when first needed."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        super().__init__()
        self.paths = paths

    def __missing__(self, table: str) -> str:
        self[table] = content_digest(self.paths[table])
        return self[table]


def inputs_of(table: str, digests: Mapping[str, str]) -> dict[str, str]:
    """Return the content digests of the tables the sums of ``table`` depend on."""
    return {name: digests[name] for name in ("population", *ROW_INPUTS[table])}


def extended_tables(
    state: State,
    counts: list[Count],
    digests: Mapping[str, str],
    backend: str,
    catalogue_version: str,
) -> dict[str, TableState]:
    """Return the tables whose stored sums this run can extend with new rows.

    Raises ``StateMismatch`` when the state belongs to another backend or catalogue, or when a
    table its sums depend on (the population, units) has changed since.
    """
    if state.backend != backend or state.catalogue_version != catalogue_version:
        raise StateMismatch(
            f"the stored run was made on {state.backend} with catalogue "
            f"{state.catalogue_version}: run in full",
            f"den lagrade körningen gjordes på {state.backend} med katalog "
            f"{state.catalogue_version}: kör en fullständig beräkning",
        )
    extended = {}
    for table, date_column in extendable(counts).items():
        kept = state.tables.get(table)
        if kept is None or kept.covered.date != date_column:
            continue
        on_table = {
            count_id(c)
            for c in counts
            if c.table == table and (c.date == date_column or table in PERSON_ROWS)
        }
        if not on_table <= kept.counts():
            continue
        if table in PERSON_ROWS and any(f["table"] == table for f in state.report["dropped"]):
            continue  # its persons' older rows are read again, without what lenient dropped
        for name, digest in inputs_of(table, digests).items():
            if kept.inputs.get(name) != digest:
                raise StateMismatch(
                    f"{name} has changed since the stored run: the stored sums of {table} "
                    "no longer hold, run in full (a new year's population needs one too)",
                    f"{name} har ändrats sedan den lagrade körningen: de sparade summorna för "
                    f"{table} gäller inte längre, kör en fullständig beräkning (det behövs "
                    "också när ett nytt års befolkning tillkommer)",
                )
        extended[table] = kept
    return extended


def check_unchanged(table: str, rows: ir.Table, kept: Covered) -> None:
    """Raise ``StateMismatch`` unless ``rows`` dated up to ``kept.through`` are the stored ones.

    Compared month by month by their number and content digest (``monthly_digests``), the
    undated rows too: a correction of an old row names its month.
    """
    now_months = monthly_digests(table, old_rows(rows, kept), kept.date, kept.through)
    changed = sorted(
        m for m in now_months.keys() | kept.months.keys() if now_months.get(m) != kept.months.get(m)
    )
    if changed:
        then, now = kept.months, now_months
        listed = _months(changed, then, now, "rows then, {} now", " and {} more")
        listed_sv = _months(changed, then, now, "rader då, {} nu", " och {} till")
        raise StateMismatch(
            f"{table}: the rows dated up to {kept.through} are not those of the stored run: "
            f"changed in {listed}: corrections need a full run",
            f"{table}: raderna daterade till och med {kept.through} är inte den lagrade "
            f"körningens: ändrade i {listed_sv}: rättelser kräver en fullständig beräkning",
        )


def check_inputs(state: State, digests: Mapping[str, str]) -> None:
    """Raise ``StateMismatch`` unless the side tables are byte for byte the stored run's."""
    for name in SIDE_TABLES:
        if state.inputs.get(name) != digests[name]:
            raise StateMismatch(
                f"{name} has changed since the stored run: its cells no longer hold, run in "
                "full (a new year's population needs one too)",
                f"{name} har ändrats sedan den lagrade körningen: dess celler gäller inte "
                "längre, kör en fullständig beräkning (det behövs också när ett nytt års "
                "befolkning tillkommer)",
            )


def stored_rows(state: State, table: str) -> Covered:
    """Return what the stored run read of ``table``; ``StateMismatch`` when it kept nothing."""
    covered = state.rows.get(table)
    if covered is None:
        raise StateMismatch(
            f"the stored run kept no digest of {table}: run in full",
            f"den lagrade körningen sparade ingen kontrollsumma för {table}: "
            "kör en fullständig beräkning",
        )
    return covered


def _months(
    changed: list[str],
    then: Mapping[str, list[int]],
    now: Mapping[str, list[int]],
    counts: str,
    more: str,
) -> str:
    """Return the first changed months with their rows then and now (``counts``), then
    how many ``more``."""
    shown = ", ".join(
        f"{m} ({then.get(m, [0])[0]} {counts.format(now.get(m, [0])[0])})" for m in changed[:5]
    )
    return shown + (more.format(len(changed) - 5) if len(changed) > 5 else "")


def check_complete(table: str, kept: Covered, total: int, new: int) -> None:
    """Raise ``StateMismatch`` unless the ``total`` rows are the stored ones and ``new`` later.

    Catches rows that are neither: dated on or before the stored day in a new file, or
    without a date (``new_rows`` takes only those dated after it).
    """
    if total != kept.rows + new:
        raise StateMismatch(
            f"{table}: {total} rows, but {kept.rows} read by the stored run and {new} dated "
            f"after {kept.through}: rows dated earlier or undated need a full run",
            f"{table}: {total} rader, men {kept.rows} lästa av den lagrade körningen och {new} "
            f"daterade efter {kept.through}: rader med tidigare datum eller utan datum kräver "
            "en fullständig beräkning",
        )


def old_rows(rows: ir.Table, kept: Covered) -> ir.Table:
    """Return the rows dated up to the stored day, and the undated ones."""
    day = rows[kept.date]
    return rows.filter(day.isnull() | (day <= kept.through))


def new_rows(rows: ir.Table, kept: Covered) -> ir.Table:
    """Return the rows dated after the stored day."""
    return rows.filter(rows[kept.date] > kept.through)


__all__ = [
    "KNOWN_ON",
    "MAX_LAYERS",
    "MONTHLY_GRAIN",
    "PERSON_ROWS",
    "ROW_INPUTS",
    "SIDE_TABLES",
    "Covered",
    "Digests",
    "PersonLayer",
    "State",
    "StateMismatch",
    "StoredPersons",
    "StoredSums",
    "TableState",
    "added_files",
    "check_complete",
    "check_inputs",
    "check_unchanged",
    "content_digest",
    "count_id",
    "covered_rows",
    "extendable",
    "extended_tables",
    "file_listing",
    "inputs_of",
    "monthly_digests",
    "new_rows",
    "old_rows",
    "read_state",
    "row_digest",
    "stored_rows",
    "write_state",
]
