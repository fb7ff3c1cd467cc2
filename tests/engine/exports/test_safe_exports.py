"""Exports re-apply suppression and are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from fardplan.engine.errors import EngineError
from fardplan.engine.exports import export
from fardplan.engine.exports.safe import safe_text
from fardplan.engine.results import read_results
from fardplan.engine.suppression import publish


@pytest.fixture(scope="module")
def sip(results: pa.Table) -> pa.Table:
    """The yearly cells of one indicator with suppressed cells, raw."""
    wanted = pc.equal(results["indicator_id"], "sip_plans")
    return results.filter(pc.and_(wanted, pc.invert(pc.match_substring(results["period"], "-"))))


def _unflagged(table: pa.Table) -> pa.Table:
    index = table.column_names.index("suppressed")
    return table.set_column(index, "suppressed", pa.array([False] * len(table)))


def test_an_edited_flag_still_publishes_no_small_number(sip: pa.Table, tmp_path: Path) -> None:
    small = sip.filter(pc.and_(pc.greater(sip["numerator"], 0), pc.less(sip["numerator"], 5)))
    assert small.num_rows  # the world has small cells
    out = export(_unflagged(sip), "csv", tmp_path / "r.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    for row in rows:
        if row["numerator"] not in ("", "0"):
            assert float(row["numerator"]) >= 5, row
    # The same cells are hidden as when the flags were kept.
    kept = list(csv.DictReader(export(sip, "csv", tmp_path / "k.csv").open(encoding="utf-8")))
    assert [r["suppressed"] for r in rows] == [r["suppressed"] for r in kept]


def test_a_published_file_with_its_flags_cleared_still_shows_two_dots(
    sip: pa.Table, tmp_path: Path
) -> None:
    edited = _unflagged(publish(sip))
    out = export(edited, "csv-sv", tmp_path / "r.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        values = [row["Täljare"] for row in csv.DictReader(handle, delimiter=";")]
    assert ".." in values and "" not in values


def _hostile(sip: pa.Table) -> pa.Table:
    """Return ``sip`` with formulas and control characters in its text cells."""
    area = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "ok\x0bx\x1b\uffff"]
    codes = [area[i % len(area)] for i in range(len(sip))]
    return sip.set_column(sip.column_names.index("area_code"), "area_code", pa.array(codes))


def test_it_neutralises_formulas_and_strips_control_characters_in_xlsx(
    sip: pa.Table, tmp_path: Path
) -> None:
    table = _hostile(sip)
    book = openpyxl.load_workbook(export(table, "xlsx", tmp_path / "r.xlsx"))
    rows = list(book["Resultat"].iter_rows(min_row=2, values_only=True))
    codes = {row[3] for row in rows}
    assert codes == {'\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "okx"}
    numbers = [row[8] for row in rows if row[8] != ".."]
    assert numbers and all(isinstance(n, int | float) for n in numbers)


def test_negative_numbers_stay_numbers(sip: pa.Table, tmp_path: Path) -> None:
    negative = sip.set_column(sip.column_names.index("value"), "value", pa.array([-1.5] * len(sip)))
    book = openpyxl.load_workbook(export(negative, "xlsx", tmp_path / "r.xlsx"))
    values = {row[9] for row in book["Resultat"].iter_rows(min_row=2, values_only=True)}
    assert -1.5 in values


@pytest.mark.parametrize("fmt", ["csv", "csv-sv"])
def test_it_neutralises_formulas_in_csv(sip: pa.Table, tmp_path: Path, fmt: str) -> None:
    out = export(_hostile(sip), fmt, tmp_path / "r.csv")
    text = out.read_text(encoding="utf-8-sig")
    assert "\x0b" not in text and "\x1b" not in text and "\uffff" not in text
    delimiter = ";" if fmt == "csv-sv" else ","
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle, delimiter=delimiter) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert "'-2" in cells and "-2" not in cells


def test_safe_text_quotes_a_formula_only_at_the_start() -> None:
    assert safe_text("a=b") == "a=b"
    assert safe_text("\x1b=cmd") == "'=cmd"  # stripped first, then neutralised


def _write(table: pa.Table, path: Path) -> Path:
    pq.write_table(table, path)
    return path


def test_a_results_file_without_the_suppressed_column_is_refused(
    sip: pa.Table, tmp_path: Path
) -> None:
    path = _write(sip.drop_columns(["suppressed"]), tmp_path / "r.parquet")
    with pytest.raises(EngineError, match=r"r\.parquet is not a results file.*suppressed missing"):
        read_results(path)


def test_a_truncated_results_file_is_refused_by_name(sip: pa.Table, tmp_path: Path) -> None:
    path = _write(sip, tmp_path / "r.parquet")
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(EngineError, match=r"r\.parquet: not a readable Parquet file") as caught:
        read_results(path)
    assert caught.value.describe("sv").startswith("r.parquet: ingen läsbar Parquet-fil")


def test_a_results_column_of_another_kind_is_refused(sip: pa.Table, tmp_path: Path) -> None:
    edited = sip.set_column(
        sip.column_names.index("numerator"), "numerator", pa.array(["x"] * len(sip))
    )
    with pytest.raises(EngineError, match="column numerator has type string, not number"):
        read_results(_write(edited, tmp_path / "r.parquet"))
