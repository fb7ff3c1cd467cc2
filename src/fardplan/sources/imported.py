"""Imported values: indicator values others publish (Kolada) or a region uploads, with provenance.

They live in the analytics store (the DuckDB file of ``engine.store``) beside the computed runs,
in two tables of their own: ``imported_batches``, one row per import (source, URL or file, when
and by whom it was fetched, the source's publication date, what it changed), and
``imported_values``, the current values, each naming the batch that last brought it.

Values use the engine's keys, so a page shows them as it shows computed cells: ``period`` is
``"2024"`` or ``"2024-03"``; ``area_code`` a municipality (``"2580"``), a region (``"00"`` and
the county, ``"0025"``, as the engine and Kolada write it) or Sweden (``"0000"``); ``sex``
``K``, ``M`` or ``T``; ``age_group`` a band or ``"all"``.

A new import of a source replaces, in one transaction, every value of that source in its
scope (its indicators × periods × areas): a value the source no longer publishes is removed,
and the counts of added, changed and removed values are returned so the caller can record the
change. A reader (the web app) sees the previous values until the new ones are complete.
Where two sources hold the same cell, the readers give the most recently fetched.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from fardplan.config import analytics_path

MAX_VALUES = 2_000_000  # one import; a county's every indicator by month is far below this
MAX_SCOPE = 5_000_000  # indicator × period × area cells one import may replace
MAX_TEXT = 2_000  # a location (URL, file name) or a note

PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
AREA = re.compile(r"\d{4}")
SOURCE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
SEXES = ("K", "M", "T")
VALUE_KEYS = ("indicator_id", "period", "area_code", "sex", "age_group")


class Status(StrEnum):
    """What the source says of a value: published, or why there is none."""

    OK = "ok"
    SUPPRESSED = "suppressed"  # withheld by the source (disclosure control; Kolada's "..")
    MISSING = "missing"  # the source has no value for it


@dataclass(frozen=True)
class ImportedValue:
    """One imported cell. A published value (``Status.OK``) has a ``value``; a suppressed or
    missing one has none. Raises ``ValueError`` naming the field and value that are wrong."""

    indicator_id: str
    period: str
    area_code: str
    sex: str = "T"
    age_group: str = "all"
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    status: Status = Status.OK
    note: str | None = None

    def __post_init__(self) -> None:
        where = f"{self.indicator_id} {self.period} {self.area_code}"
        if not self.indicator_id or len(self.indicator_id) > 100:
            raise ValueError(f"indicator_id {self.indicator_id!r}: must be 1–100 characters")
        if not PERIOD.fullmatch(self.period):
            raise ValueError(
                f"{where}: period {self.period!r} is not a year (2024) or month (2024-03)"
            )
        if not AREA.fullmatch(self.area_code):
            raise ValueError(f"{where}: area_code {self.area_code!r} is not a four-digit code")
        if self.sex not in SEXES:
            raise ValueError(f"{where}: sex {self.sex!r} is not one of K, M, T")
        if not self.age_group or len(self.age_group) > 20:
            raise ValueError(f"{where}: age_group {self.age_group!r} must be 1–20 characters")
        object.__setattr__(self, "status", _status(self.status, where))
        for name in ("numerator", "denominator", "value"):
            number = getattr(self, name)
            if number is not None and (isinstance(number, bool) or not math.isfinite(number)):
                raise ValueError(f"{where}: {name} {number!r} is not a finite number")
        if self.denominator is not None and self.denominator < 0:
            raise ValueError(f"{where}: denominator {self.denominator!r} is negative")
        if self.status is Status.OK and self.value is None:
            raise ValueError(f"{where}: a published value (status ok) needs a value")
        if self.status is not Status.OK and self.value is not None:
            raise ValueError(f"{where}: a {self.status} value cannot have a value ({self.value})")
        if self.note is not None and len(self.note) > MAX_TEXT:
            raise ValueError(f"{where}: note longer than {MAX_TEXT} characters")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.indicator_id, self.period, self.area_code, self.sex, self.age_group)


def _status(raw: object, where: str) -> Status:
    try:
        return Status(str(raw))
    except ValueError:
        allowed = ", ".join(status.value for status in Status)
        raise ValueError(f"{where}: status {raw!r} is not one of {allowed}") from None


@dataclass(frozen=True)
class Provenance:
    """Where imported values come from: ``source`` (``kolada``, ``upload``, …), ``location``
    (the URL or file name), when (UTC) and by whom (a user name or a command) they were fetched,
    and the source's own publication date when it gives one."""

    source: str
    location: str
    fetched_at: datetime
    fetched_by: str
    published_at: date | None = None

    def __post_init__(self) -> None:
        if not SOURCE.fullmatch(self.source):
            raise ValueError(f"source {self.source!r}: lower-case letters, digits, - or _ (≤ 32)")
        if not self.location or len(self.location) > MAX_TEXT:
            raise ValueError(f"location {self.location[:80]!r}: must be 1–{MAX_TEXT} characters")
        if self.fetched_at.tzinfo is None:
            raise ValueError(f"fetched_at {self.fetched_at}: needs a time zone (UTC)")
        object.__setattr__(self, "fetched_at", self.fetched_at.astimezone(UTC))
        if not self.fetched_by.strip() or len(self.fetched_by) > 200:
            raise ValueError(f"fetched_by {self.fetched_by!r}: must be 1–200 characters")
        if isinstance(self.published_at, datetime):  # a datetime is a date too: keep the day
            object.__setattr__(self, "published_at", self.published_at.date())


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: its batch, and how many values it added, changed, removed or left
    as they were (within its scope)."""

    batch_id: str
    source: str
    values: int
    added: int
    changed: int
    removed: int
    unchanged: int

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class Batch:
    """One stored import: its provenance, indicators and counts."""

    batch_id: str
    provenance: Provenance
    indicator_ids: tuple[str, ...]
    recorded_at: datetime
    summary: ImportSummary


@dataclass(frozen=True)
class ImportedRow:
    """An imported value with the provenance of the batch that last brought it."""

    value: ImportedValue
    provenance: Provenance
    batch_id: str


BATCHES_TABLE = """
CREATE TABLE IF NOT EXISTS imported_batches (
    batch_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    location VARCHAR NOT NULL,
    fetched_at TIMESTAMP NOT NULL, -- UTC
    fetched_by VARCHAR NOT NULL,
    published_at DATE,
    indicator_ids VARCHAR NOT NULL, -- comma-separated
    recorded_at TIMESTAMP NOT NULL, -- UTC
    value_count BIGINT NOT NULL,
    added BIGINT NOT NULL,
    changed BIGINT NOT NULL,
    removed BIGINT NOT NULL,
    unchanged BIGINT NOT NULL
)
"""
VALUES_TABLE = """
CREATE TABLE IF NOT EXISTS imported_values (
    source VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    sex VARCHAR NOT NULL,
    age_group VARCHAR NOT NULL,
    numerator DOUBLE,
    denominator DOUBLE,
    value DOUBLE,
    status VARCHAR NOT NULL,
    note VARCHAR,
    batch_id VARCHAR NOT NULL
)
"""
_NUMBERS = ("numerator", "denominator", "value")
_COMPARED = (*_NUMBERS, "status", "note")
_SCOPE_KEYS = ("indicator_id", "period", "area_code")


@dataclass(frozen=True)
class Import:
    """One import of ``replace_imported_many``: values, provenance and scope (as for
    ``replace_imported``)."""

    values: Sequence[ImportedValue]
    provenance: Provenance
    indicator_ids: Sequence[str] | None = None
    periods: Sequence[str] | None = None
    area_codes: Sequence[str] | None = None


def replace_imported(
    values: Iterable[ImportedValue],
    provenance: Provenance,
    *,
    indicator_ids: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    area_codes: Sequence[str] | None = None,
    store_path: Path | None = None,
) -> ImportSummary:
    """Replace the source's values in the import's scope with ``values``; record the batch.

    The scope is, for each indicator (``indicator_ids``, default those of ``values``), its
    ``periods`` × ``area_codes``; each defaults to those the indicator's values hold. Pass
    the periods and areas that were asked for, so a value the source no longer publishes is
    removed. All in one transaction: on any error nothing changes. Raises ``ValueError`` for
    two values of the same cell, a value outside the scope, or too many values.
    """
    batch = Import(list(values), provenance, indicator_ids, periods, area_codes)
    return replace_imported_many([batch], store_path=store_path)[0]


def replace_imported_many(
    imports: Sequence[Import], *, store_path: Path | None = None
) -> list[ImportSummary]:
    """Store several imports (a batch each: one per Kolada KPI, say) in one transaction, in
    order; on any error none is stored. Checks as ``replace_imported``."""
    prepared = []
    total = 0
    for batch in imports:
        rows = list(batch.values)
        total += len(rows)
        if total > MAX_VALUES:
            raise ValueError(f"{total} values in one import; at most {MAX_VALUES}")
        _check_unique(rows)
        scope = _scope(rows, batch.indicator_ids, batch.periods, batch.area_codes)
        prepared.append((rows, batch.provenance, scope))
    path = store_path or analytics_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute(BATCHES_TABLE)
        con.execute(VALUES_TABLE)
        con.execute("BEGIN TRANSACTION")
        try:
            summaries = [_replace(con, *one) for one in prepared]
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return summaries


def _replace(
    con: duckdb.DuckDBPyConnection,
    rows: list[ImportedValue],
    provenance: Provenance,
    scope: list[tuple[str, str, str]],
) -> ImportSummary:
    batch_id = uuid.uuid4().hex[:16]
    scoped = pa.table(
        {
            key: pa.array([cell[i] for cell in scope], pa.string())
            for i, key in enumerate(_SCOPE_KEYS)
        }
    )
    con.register("incoming", _values_table(rows))
    con.register("scoped", scoped)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE old AS SELECT v.* FROM imported_values v "
        "JOIN scoped s USING (indicator_id, period, area_code) WHERE v.source = ?",
        [provenance.source],
    )
    added, changed, removed, unchanged = _counts(con)
    con.execute(
        "DELETE FROM imported_values v USING scoped s WHERE v.source = ? AND "
        "v.indicator_id = s.indicator_id AND v.period = s.period "
        "AND v.area_code = s.area_code",
        [provenance.source],
    )
    con.execute(
        "INSERT INTO imported_values SELECT ?, indicator_id, period, area_code, sex, "
        "age_group, numerator, denominator, value, status, note, ? FROM incoming",
        [provenance.source, batch_id],
    )
    ids = sorted({indicator for indicator, _, _ in scope} | {v.indicator_id for v in rows})
    con.execute(
        "INSERT INTO imported_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            provenance.source,
            provenance.location,
            _naive_utc(provenance.fetched_at),
            provenance.fetched_by,
            provenance.published_at,
            ",".join(ids),
            _naive_utc(datetime.now(UTC)),
            len(rows),
            added,
            changed,
            removed,
            unchanged,
        ],
    )
    con.execute("DROP TABLE old")
    con.unregister("incoming")
    con.unregister("scoped")
    return ImportSummary(batch_id, provenance.source, len(rows), added, changed, removed, unchanged)


def _check_unique(rows: list[ImportedValue]) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for position, row in enumerate(rows, start=1):
        first = seen.setdefault(row.key, position)
        if first != position:
            raise ValueError(
                f"values {first} and {position} are both for {' '.join(row.key)}: one value a cell"
            )


def _scope(
    rows: list[ImportedValue],
    indicator_ids: Sequence[str] | None,
    periods: Sequence[str] | None,
    area_codes: Sequence[str] | None,
) -> list[tuple[str, str, str]]:
    for period in periods or ():
        if not PERIOD.fullmatch(period):
            raise ValueError(f"period {period!r} is not a year (2024) or month (2024-03)")
    for area in area_codes or ():
        if not AREA.fullmatch(area):
            raise ValueError(f"area_code {area!r} is not a four-digit code")
    indicators = list(indicator_ids) if indicator_ids is not None else []
    indicators += sorted({row.indicator_id for row in rows} - set(indicators))
    cells: set[tuple[str, str, str]] = set()
    for indicator in indicators:
        own = [row for row in rows if row.indicator_id == indicator]
        own_periods = periods if periods is not None else sorted({row.period for row in own})
        own_areas = area_codes if area_codes is not None else sorted({row.area_code for row in own})
        if len(cells) + len(own_periods) * len(own_areas) > MAX_SCOPE:
            raise ValueError(
                f"an import may replace at most {MAX_SCOPE} indicator-period-area cells"
            )
        cells.update((indicator, period, area) for period in own_periods for area in own_areas)
    for position, row in enumerate(rows, start=1):
        if (row.indicator_id, row.period, row.area_code) not in cells:
            raise ValueError(
                f"value {position} ({' '.join(row.key)}) is outside the import's periods and areas"
            )
    return sorted(cells)


def _values_table(rows: list[ImportedValue]) -> pa.Table:
    columns: dict[str, pa.Array] = {}
    for field in fields(ImportedValue):
        kind = pa.float64() if field.name in _NUMBERS else pa.string()
        columns[field.name] = pa.array(
            [_plain(getattr(row, field.name)) for row in rows], type=kind
        )
    return pa.table(columns)


def _plain(value: object) -> object:
    return value.value if isinstance(value, Status) else value


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
    keys = " AND ".join(f"o.{key} = i.{key}" for key in VALUE_KEYS)
    differs = " OR ".join(f"o.{name} IS DISTINCT FROM i.{name}" for name in _COMPARED)
    row = con.execute(
        f"""
        SELECT
            (SELECT count(*) FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM old o WHERE {keys})),
            (SELECT count(*) FROM incoming i JOIN old o ON {keys} WHERE {differs}),
            (SELECT count(*) FROM old o WHERE NOT EXISTS (SELECT 1 FROM incoming i WHERE {keys})),
            (SELECT count(*) FROM incoming i JOIN old o ON {keys} WHERE NOT ({differs}))
        """
    ).fetchone()
    assert row is not None  # an aggregate always has a row
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _naive_utc(moment: datetime) -> datetime:
    # Stored without zone, as engine.store does (TIMESTAMPTZ would need pytz to read back).
    return moment.astimezone(UTC).replace(tzinfo=None)


# --- readers -------------------------------------------------------------------------------


def imported_for(
    indicator_ids: Sequence[str] | None = None,
    area_codes: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    *,
    sex: str | None = None,
    age_group: str | None = None,
    source: str | None = None,
    store_path: Path | None = None,
) -> list[ImportedRow]:
    """Return the imported values matching every filter given, ordered by indicator, area,
    sex, age group and period, each with its provenance. Without ``source``, a cell held by
    several sources gives the most recently fetched. Empty when nothing was imported."""
    conditions: list[str] = []
    parameters: list[Any] = []
    for column, wanted in (
        ("indicator_id", indicator_ids),
        ("area_code", area_codes),
        ("period", periods),
    ):
        if wanted is not None:
            conditions.append(f"v.{column} IN (SELECT unnest(?))")
            parameters.append(list(wanted))
    for column, one in (("sex", sex), ("age_group", age_group), ("source", source)):
        if one is not None:
            conditions.append(f"v.{column} = ?")
            parameters.append(one)
    where = " AND ".join(conditions) or "true"
    partition = ", ".join(f"v.{key}" for key in VALUE_KEYS)
    query = f"""
        SELECT v.*, b.location, b.fetched_at, b.fetched_by, b.published_at
        FROM imported_values v JOIN imported_batches b USING (batch_id)
        WHERE {where}
        QUALIFY row_number() OVER (
            PARTITION BY {partition} ORDER BY b.fetched_at DESC, b.recorded_at DESC) = 1
        ORDER BY v.indicator_id, v.area_code, v.sex, v.age_group, v.period
    """
    return [_row(record) for record in _read(query, parameters, store_path)]


def imported_series(
    indicator_id: str,
    area_code: str,
    *,
    sex: str = "T",
    age_group: str = "all",
    source: str | None = None,
    store_path: Path | None = None,
) -> list[ImportedRow]:
    """Return one indicator's imported values in one area, sex and age group, by period."""
    return imported_for(
        [indicator_id],
        [area_code],
        sex=sex,
        age_group=age_group,
        source=source,
        store_path=store_path,
    )


def imported_batches(
    *, source: str | None = None, limit: int = 100, store_path: Path | None = None
) -> list[Batch]:
    """Return the stored imports, the most recently recorded first."""
    where = "WHERE source = ?" if source is not None else ""
    query = f"SELECT * FROM imported_batches {where} ORDER BY recorded_at DESC LIMIT ?"
    parameters: list[Any] = [source] if source is not None else []
    return [_batch(record) for record in _read(query, [*parameters, limit], store_path)]


def _read(query: str, parameters: list[Any], store_path: Path | None) -> list[dict[str, Any]]:
    path = store_path or analytics_path()
    if not path.exists():
        return []
    with duckdb.connect(str(path), read_only=True) as con:
        tables = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_name IN ('imported_values', 'imported_batches')"
            ).fetchall()
        }
        if len(tables) < 2:
            return []
        cursor = con.execute(query, parameters)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, record, strict=True)) for record in cursor.fetchall()]


def _provenance(record: dict[str, Any]) -> Provenance:
    return Provenance(
        source=record["source"],
        location=record["location"],
        fetched_at=record["fetched_at"].replace(tzinfo=UTC),
        fetched_by=record["fetched_by"],
        published_at=record["published_at"],
    )


def _row(record: dict[str, Any]) -> ImportedRow:
    value = ImportedValue(**{field.name: record[field.name] for field in fields(ImportedValue)})
    return ImportedRow(value=value, provenance=_provenance(record), batch_id=record["batch_id"])


def _batch(record: dict[str, Any]) -> Batch:
    summary = ImportSummary(
        batch_id=record["batch_id"],
        source=record["source"],
        values=record["value_count"],
        added=record["added"],
        changed=record["changed"],
        removed=record["removed"],
        unchanged=record["unchanged"],
    )
    return Batch(
        batch_id=record["batch_id"],
        provenance=_provenance(record),
        indicator_ids=tuple(filter(None, record["indicator_ids"].split(","))),
        recorded_at=record["recorded_at"].replace(tzinfo=UTC),
        summary=summary,
    )


__all__ = [
    "Batch",
    "Import",
    "ImportSummary",
    "ImportedRow",
    "ImportedValue",
    "Provenance",
    "Status",
    "imported_batches",
    "imported_for",
    "imported_series",
    "replace_imported",
    "replace_imported_many",
]
