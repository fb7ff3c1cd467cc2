"""Exports open in their readers and never show a suppressed number."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.measurereport import MeasureReport

from fardplan.catalogue import load_catalogue
from fardplan.engine.exports import export
from fardplan.engine.exports.tabular import _decimal_comma


@pytest.fixture(scope="module")
def some(results: pa.Table) -> pa.Table:
    """Yearly cells of two indicators, one with suppressed cells."""
    wanted = pc.is_in(results["indicator_id"], pa.array(["sip_plans", "continuity_coc"]))
    yearly = pc.invert(pc.match_substring(results["period"], "-"))
    return results.filter(pc.and_(wanted, yearly))


def test_it_writes_suppressed_cells_as_two_dots_in_swedish_csv(
    some: pa.Table, tmp_path: Path
) -> None:
    out = export(some, "csv-sv", tmp_path / "r.csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    sip = next(
        r
        for r in rows
        if r["Indikator-id"] == "sip_plans"
        and r["Områdeskod"] == "2480"
        and r["Kön"] == "T"
        and r["Åldersgrupp"] == "alla"
        and r["Period"] == "2024"
    )
    assert (sip["Täljare"], sip["Värde"], sip["Nämnare"], sip["Röjandeskyddad"]) == (
        "..",
        "..",
        "10",
        "ja",
    )
    assert sip["Område"] == "Umeå"
    assert _decimal_comma(1234.5) == "1234,5" and _decimal_comma(100.0) == "100"


def test_it_writes_plain_csv_without_hidden_numbers(some: pa.Table, tmp_path: Path) -> None:
    out = export(some, "csv", tmp_path / "r.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    hidden = [r for r in rows if r["suppressed"] == "true"]
    assert hidden and all(r["numerator"] == "" and r["value"] == "" for r in hidden)
    assert len(rows) == some.num_rows


def test_it_writes_an_xlsx_that_openpyxl_reads(some: pa.Table, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export(some, "xlsx", tmp_path / "r.xlsx"))
    assert book.sheetnames == ["Resultat", "Indikatorer"]
    sheet = book["Resultat"]
    assert sheet.max_row == some.num_rows + 1
    values = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ".." in values
    # A row per computed indicator of the catalogue, under the header.
    assert book["Indikatorer"].max_row == len(load_catalogue().computed) + 1


def test_it_writes_a_valid_fhir_measure_report(some: pa.Table, tmp_path: Path) -> None:
    document = json.loads(export(some, "measurereport", tmp_path / "r.json").read_text())
    bundle = Bundle.model_validate(document)
    assert bundle.entry is not None
    (resource,) = [e["resource"] for e in document["entry"] if e["resource"]["id"].endswith("2024")]
    report = MeasureReport.model_validate(resource)
    assert report.type == "summary"
    groups = resource["group"]
    assert [g["code"]["coding"][0]["code"] for g in groups] == ["continuity_coc", "sip_plans"]
    strata = groups[1]["stratifier"][0]["stratum"]
    hidden = [s for s in strata if "extension" in s]
    assert hidden and all("measureScore" not in s for s in hidden)


def test_it_writes_kolada_shaped_json(some: pa.Table, tmp_path: Path) -> None:
    document = json.loads(export(some, "kolada", tmp_path / "r.json").read_text())
    entry = next(
        v
        for v in document["values"]
        if v["kpi"] == "sip_plans" and v["municipality"] == "2480" and v["period"] == 2024
    )
    genders = {v["gender"]: v for v in entry["values"]}
    assert set(genders) == {"T", "K", "M"}
    assert genders["T"]["status"] == ".." and genders["T"]["value"] is None


def test_it_refuses_an_unknown_format_and_leaves_no_file(some: pa.Table, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export(some, "pdf", tmp_path / "r.pdf")
    assert list(tmp_path.iterdir()) == []
