"""CSV (UTF-8), Swedish Excel CSV (``;``, decimal comma, ``..``) and XLSX exports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from fardplan.catalogue import Catalogue
from fardplan.reference.sweden import municipalities, regions

SUPPRESSED = ".."
SWEDISH_HEADERS = (
    "Indikator-id",
    "Indikator",
    "Period",
    "Områdeskod",
    "Område",
    "Kön",
    "Åldersgrupp",
    "Täljare",
    "Nämnare",
    "Värde",
    "Röjandeskyddad",
)


def area_names() -> dict[str, str]:
    """Return the Swedish name of every area code (municipality, region ``00``+län, Sweden)."""
    names = {m.code: m.name for m in municipalities()}
    names.update({"00" + r.code: r.name for r in regions()})
    names["0000"] = "Riket"
    return names


def write_csv(table: pa.Table, out: Path, catalogue: Catalogue) -> None:
    """Write the table as it is: UTF-8, comma-separated, empty fields for null."""
    pacsv.write_csv(table, out)


def swedish_rows(table: pa.Table, catalogue: Catalogue) -> Iterator[list[Any]]:
    """Yield rows for Swedish readers: names added, ``..`` in place of a suppressed number."""
    names = {i.id: i.name.sv for i in catalogue.indicators}
    areas = area_names()
    for row in table.to_pylist():
        hidden = row["suppressed"]

        def number(value: Any, hidden: bool = hidden) -> Any:
            return SUPPRESSED if hidden and value is None else value

        yield [
            row["indicator_id"],
            names.get(row["indicator_id"], row["indicator_id"]),
            row["period"],
            row["area_code"],
            areas.get(row["area_code"], ""),
            row["sex"],
            "alla" if row["age_group"] == "all" else row["age_group"],
            number(row["numerator"]),
            number(row["denominator"]),
            number(row["value"]),
            "ja" if hidden else "nej",
        ]


def _decimal_comma(value: Any) -> Any:
    if isinstance(value, float):
        text = f"{value:.10g}" if not value.is_integer() else str(int(value))
        return text.replace(".", ",")
    return "" if value is None else value


def write_csv_sv(table: pa.Table, out: Path, catalogue: Catalogue) -> None:
    """Write a CSV Swedish Excel opens as is: ``;``, decimal comma, BOM, ``..`` if suppressed."""
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(SWEDISH_HEADERS)
        for row in swedish_rows(table, catalogue):
            writer.writerow([_decimal_comma(value) for value in row])


def write_xlsx(table: pa.Table, out: Path, catalogue: Catalogue) -> None:
    """Write a workbook: sheet "Resultat" (one row per cell) and "Indikatorer" (definitions)."""
    # Imported here: openpyxl takes 0.15 s to import, which every CLI command would pay.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Resultat"
    sheet.append(list(SWEDISH_HEADERS))
    for row in swedish_rows(table, catalogue):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    definitions = book.create_sheet("Indikatorer")
    definitions.append(["Indikator-id", "Namn", "Enhet", "Faktor", "Täljare", "Nämnare"])
    for indicator in catalogue.computed:
        definitions.append(
            [
                indicator.id,
                indicator.name.sv,
                indicator.unit.sv,
                indicator.factor,
                indicator.numerator.sv if indicator.numerator else "",
                indicator.denominator.sv if indicator.denominator else "",
            ]
        )
    for header in (*sheet[1], *definitions[1]):
        header.font = Font(bold=True)
    book.save(out)
