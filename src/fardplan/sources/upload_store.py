"""What a valid upload changes in the imported values, and storing it.

An upload replaces, for each of its indicators, the periods it holds in the county's areas:
a value there that the file no longer has is removed, so a corrected file for 2024 replaces
2024 as a whole and leaves 2023 and the other counties as they were (``replace_imported``'s
scope). :func:`planned_changes` says beforehand what that will add, change and remove.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fardplan.sources.imported import (
    ImportedValue,
    ImportSummary,
    Provenance,
    Status,
    imported_for,
    replace_imported,
)
from fardplan.sources.upload import UploadedValue

SOURCE = "upload"
Key = tuple[str, str, str, str, str]


def to_imported(value: UploadedValue) -> ImportedValue:
    if value.suppressed:
        return ImportedValue(
            value.indicator_id, value.period, value.area_code, value.sex, value.age_group,
            status=Status.SUPPRESSED, note=value.note,
        )  # fmt: skip
    return ImportedValue(
        value.indicator_id, value.period, value.area_code, value.sex, value.age_group,
        value.numerator, value.denominator, value.value, Status.OK, value.note,
    )  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One cell an upload adds (``before`` None), changes, or removes (``after`` None)."""

    key: Key
    before: ImportedValue | None
    after: ImportedValue | None

    @property
    def action(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


@dataclass(frozen=True)
class Changes:
    added: tuple[Change, ...]
    changed: tuple[Change, ...]
    removed: tuple[Change, ...]
    unchanged: int

    @property
    def all(self) -> tuple[Change, ...]:
        return (*self.added, *self.changed, *self.removed)


def _same(one: ImportedValue, other: ImportedValue) -> bool:
    fields = ("numerator", "denominator", "value", "status", "note")
    return all(getattr(one, name) == getattr(other, name) for name in fields)


def planned_changes(
    values: Sequence[UploadedValue], area_codes: Iterable[str], store_path: Path | None = None
) -> Changes:
    """Return what storing ``values`` would do to the uploaded values of ``area_codes``."""
    incoming = {v.key: to_imported(v) for v in values}
    scope = {(v.indicator_id, v.period) for v in values}
    current = {
        row.value.key: row.value
        for row in imported_for(
            sorted({v.indicator_id for v in values}),
            sorted(area_codes),
            sorted({v.period for v in values}),
            source=SOURCE,
            store_path=store_path,
        )
        if (row.value.indicator_id, row.value.period) in scope
    }
    added = tuple(Change(k, None, v) for k, v in incoming.items() if k not in current)
    changed = tuple(
        Change(k, current[k], v)
        for k, v in incoming.items()
        if k in current and not _same(current[k], v)
    )
    removed = tuple(Change(k, v, None) for k, v in current.items() if k not in incoming)
    unchanged = len(incoming) - len(added) - len(changed)
    return Changes(added, changed, tuple(sorted(removed, key=lambda c: c.key)), unchanged)


def store_upload(
    values: Sequence[UploadedValue],
    area_codes: Iterable[str],
    *,
    file_name: str,
    uploaded_by: str,
    store_path: Path | None = None,
) -> ImportSummary:
    """Replace the county's uploaded values of the file's indicators and periods, atomically."""
    provenance = Provenance(SOURCE, file_name[:200] or "upload", datetime.now(UTC), uploaded_by)
    return replace_imported(
        [to_imported(v) for v in values],
        provenance,
        area_codes=sorted(area_codes),
        store_path=store_path,
    )


__all__ = ["SOURCE", "Change", "Changes", "planned_changes", "store_upload", "to_imported"]
