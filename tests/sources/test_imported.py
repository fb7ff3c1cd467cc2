"""Imported values are stored with their provenance, replaced atomically per source and scope."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

from fardplan.sources import imported
from fardplan.sources.imported import (
    Import,
    ImportedValue,
    Provenance,
    Status,
    imported_batches,
    imported_for,
    imported_series,
    replace_imported,
    replace_imported_many,
)

FETCHED = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def kolada(fetched: datetime = FETCHED, published: date | None = date(2026, 2, 15)) -> Provenance:
    url = "https://api.kolada.se/v2/data/kpi/U79133/municipality/2580/year/2023,2024"
    return Provenance("kolada", url, fetched, "fardplan kolada fetch", published)


def value(period: str, number: float | None, area: str = "2580", **extra: object) -> ImportedValue:
    status = Status.OK if number is not None else Status.SUPPRESSED
    fields = {"status": status, **extra}
    return ImportedValue("kolada_u79133", period, area, value=number, **fields)  # type: ignore[arg-type]


def test_values_come_back_with_their_provenance(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    assert imported_series("kolada_u79133", "2580", store_path=store) == []
    rows = [value("2023", 310.5), value("2024", None, note="..")]
    summary = replace_imported(rows, kolada(), store_path=store)
    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (2, 0, 0, 0)
    series = imported_series("kolada_u79133", "2580", store_path=store)
    assert [row.value for row in series] == rows
    assert series[1].value.status is Status.SUPPRESSED and series[1].value.value is None
    assert series[0].provenance == kolada()
    assert series[0].batch_id == summary.batch_id
    (batch,) = imported_batches(store_path=store)
    assert batch.summary == summary and batch.indicator_ids == ("kolada_u79133",)
    assert batch.provenance.published_at == date(2026, 2, 15)


def test_a_new_import_counts_and_replaces_its_scope_only(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    first = [value("2022", 300.0), value("2023", 310.5), value("2023", 290.0, area="0025")]
    replace_imported(first, kolada(), store_path=store)
    later = kolada(FETCHED + timedelta(days=30))
    # Asked for 2023–2024 in 2580 only: 2023 changed, 2024 new; 2022 and 0025 outside the scope.
    second = [value("2023", 311.0), value("2024", 305.0)]
    summary = replace_imported(
        second, later, periods=["2023", "2024"], area_codes=["2580"], store_path=store
    )
    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (1, 1, 0, 0)
    kept = imported_for(["kolada_u79133"], store_path=store)
    assert [(r.value.area_code, r.value.period, r.value.value) for r in kept] == [
        ("0025", "2023", 290.0),
        ("2580", "2022", 300.0),
        ("2580", "2023", 311.0),
        ("2580", "2024", 305.0),
    ]
    assert kept[0].provenance.fetched_at == FETCHED  # untouched values keep their batch
    assert kept[2].provenance.fetched_at == later.fetched_at
    # The source no longer publishes 2024: asked again, it is removed; 2023 is unchanged.
    third = replace_imported(
        [value("2023", 311.0)],
        later,
        periods=["2023", "2024"],
        area_codes=["2580"],
        store_path=store,
    )
    assert (third.added, third.changed, third.removed, third.unchanged) == (0, 0, 1, 1)
    assert third.changed_anything
    assert [r.value.period for r in imported_series("kolada_u79133", "2580", store_path=store)] == [
        "2022",
        "2023",
    ]
    assert len(imported_batches(store_path=store)) == 3


def test_an_empty_answer_in_an_explicit_scope_removes_what_was_there(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    replace_imported([value("2023", 1.0)], kolada(), store_path=store)
    summary = replace_imported(
        [], kolada(), indicator_ids=["kolada_u79133"], periods=["2023"], area_codes=["2580"],
        store_path=store,
    )  # fmt: skip
    assert summary.removed == 1 and summary.values == 0
    assert imported_for(store_path=store) == []


def test_sources_do_not_replace_each_other_and_the_latest_fetch_is_read(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    replace_imported([value("2023", 1.0)], kolada(), store_path=store)
    upload = Provenance("upload", "vården-2023.xlsx", FETCHED + timedelta(hours=1), "anna", None)
    summary = replace_imported([value("2023", 2.0)], upload, store_path=store)
    assert summary.added == 1 and summary.removed == 0
    (latest,) = imported_series("kolada_u79133", "2580", store_path=store)
    assert latest.value.value == 2.0 and latest.provenance.source == "upload"
    (from_kolada,) = imported_series("kolada_u79133", "2580", source="kolada", store_path=store)
    assert from_kolada.value.value == 1.0
    assert [b.provenance.source for b in imported_batches(store_path=store)] == ["upload", "kolada"]
    assert [b.provenance.source for b in imported_batches(source="kolada", store_path=store)] == [
        "kolada"
    ]


def test_readers_filter_by_sex_age_group_and_period(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    rows = [
        value("2023", 1.0, sex="K"),
        value("2023", 2.0, sex="M"),
        value("2023", 3.0),
        value("2024", 4.0, age_group="65+"),
    ]
    replace_imported(rows, kolada(), store_path=store)
    assert [r.value.value for r in imported_series("kolada_u79133", "2580", store_path=store)] == [
        3.0
    ]
    women = imported_for(sex="K", store_path=store)
    assert [r.value.value for r in women] == [1.0]
    assert [r.value.value for r in imported_for(periods=["2024"], store_path=store)] == [4.0]
    assert imported_for(["other"], store_path=store) == []


def test_a_failed_import_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "analytics.duckdb"
    replace_imported([value("2023", 1.0)], kolada(), store_path=store)

    def broken(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
        con.execute("DELETE FROM imported_values")  # half-way through, then fails
        raise RuntimeError("disk full")

    monkeypatch.setattr(imported, "_counts", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        replace_imported([value("2023", 9.0)], kolada(), store_path=store)
    (kept,) = imported_for(store_path=store)
    assert kept.value.value == 1.0
    assert len(imported_batches(store_path=store)) == 1


def test_bad_imports_are_refused_by_name(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    with pytest.raises(
        ValueError, match="values 1 and 2 are both for kolada_u79133 2023 2580 T all"
    ):
        replace_imported([value("2023", 1.0), value("2023", 2.0)], kolada(), store_path=store)
    with pytest.raises(ValueError, match=r"value 1 \(kolada_u79133 2023 2580 T all\) is outside"):
        replace_imported([value("2023", 1.0)], kolada(), periods=["2024"], store_path=store)
    with pytest.raises(ValueError, match="period '24' is not a year"):
        replace_imported([], kolada(), indicator_ids=["x"], periods=["24"], store_path=store)
    assert not store.exists() or imported_for(store_path=store) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"period": "2024-13"}, "period '2024-13' is not a year"),
        ({"area_code": "25"}, "area_code '25' is not a four-digit code"),
        ({"sex": "X"}, "sex 'X' is not one of K, M, T"),
        ({"status": "odd"}, "status 'odd' is not one of ok, suppressed, missing"),
        ({"value": None}, "a published value .status ok. needs a value"),
        ({"status": "missing"}, "a missing value cannot have a value"),
        ({"value": float("nan")}, "value nan is not a finite number"),
        ({"denominator": -1.0}, "denominator -1.0 is negative"),
        ({"indicator_id": ""}, "indicator_id '': must be 1–100 characters"),
    ],
)
def test_a_bad_value_names_field_and_value(change: dict[str, object], message: str) -> None:
    good = ImportedValue("kolada_u79133", "2024", "2580", value=1.0)
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(good, **change)  # type: ignore[arg-type]


def test_provenance_is_checked_and_kept_in_utc() -> None:
    stockholm = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=stockholm)
    assert kolada(moment).fetched_at == FETCHED
    with pytest.raises(ValueError, match="needs a time zone"):
        kolada(datetime(2026, 3, 1))
    with pytest.raises(ValueError, match="source 'Kolada!'"):
        Provenance("Kolada!", "x", FETCHED, "me")
    with pytest.raises(ValueError, match="fetched_by ' '"):
        Provenance("kolada", "x", FETCHED, " ")


def test_several_imports_are_stored_together_or_not_at_all(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    first = Import([value("2023", 1.0)], kolada())
    other = ImportedValue("kolada_u79092", "2023", "2580", value=20.0)
    second = Import([other], kolada(published=date(2026, 1, 10)))
    summaries = replace_imported_many([first, second], store_path=store)
    assert [s.added for s in summaries] == [1, 1]
    published = {
        r.value.indicator_id: r.provenance.published_at for r in imported_for(store_path=store)
    }
    assert published == {"kolada_u79133": date(2026, 2, 15), "kolada_u79092": date(2026, 1, 10)}
    # The second import is bad: the first, valid, is not stored either.
    changed = Import([value("2023", 5.0)], kolada())
    bad = Import([other, other], kolada())
    with pytest.raises(ValueError, match="values 1 and 2"):
        replace_imported_many([changed, bad], store_path=store)
    assert {r.value.value for r in imported_for(store_path=store)} == {1.0, 20.0}
