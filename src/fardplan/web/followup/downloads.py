"""Downloads of one indicator in one area: every published cell (all periods, sexes and age
groups), as CSV (UTF-8, comma, decimal point), Swedish CSV (``;``, decimal comma, BOM, for
Excel) and XLSX. A suppressed cell is ``..`` with its reason, as Kolada writes it; text that a
spreadsheet would run as a formula is quoted (``plans.export_text``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from fardplan.catalogue import Indicator
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area
from fardplan.web.followup.query import Cell
from fardplan.web.plans.export_text import spreadsheet_value

SUPPRESSED = ".."


def headers() -> list[str]:
    return [
        _("Indicator id"),
        _("Indicator"),
        _("Area code"),
        _("Area"),
        _("Period"),
        _("Sex"),
        _("Age group"),
        _("Numerator"),
        _("Denominator"),
        _("Value"),
        _("Unit"),
        _("Suppressed because"),
    ]


def rows(entry: Indicator, where: Area, cells: list[Cell]) -> Iterator[list[Any]]:
    """Yield one row per cell, periods in order within each sex and age group. A number the
    published form does not carry is ``..`` when the cell is suppressed, empty otherwise."""
    name, unit = describe.text(entry.name), describe.text(entry.unit)
    for cell in cells:

        def number(value: float | None, cell: Cell = cell) -> Any:
            if value is None:
                return SUPPRESSED if cell.suppressed else None
            return int(value) if value.is_integer() else value

        yield [
            entry.id,
            name,
            where.code,
            where.name,
            cell.period,
            cell.sex,
            cell.age_group,
            number(cell.numerator),
            number(cell.denominator),
            cell.value if cell.value is not None else number(None),
            unit,
            describe.reason(cell.reason) if cell.reason else "",
        ]


def as_csv(entry: Indicator, where: Area, cells: list[Cell]) -> bytes:
    """Return UTF-8 CSV with a comma and a decimal point; empty field for null."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows(entry, where, cells):
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue().encode("utf-8")


def _decimal_comma(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", ",")
    return "" if value is None else value


def as_swedish_csv(entry: Indicator, where: Area, cells: list[Cell]) -> bytes:
    """Return the CSV Swedish Excel opens as it is: ``;``, decimal comma, a BOM; text that
    would start a formula is quoted, since Excel evaluates CSV cells too."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers())
    for row in rows(entry, where, cells):
        writer.writerow([spreadsheet_value(_decimal_comma(value)) for value in row])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(entry: Indicator, where: Area, cells: list[Cell]) -> bytes:
    """Return a workbook: a sheet of the cells and a sheet of the indicator's definition."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = _("Values")[:31]
    sheet.append(headers())
    for row in rows(entry, where, cells):
        sheet.append([spreadsheet_value(value) for value in row])
    for header in sheet[1]:
        header.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    definition = book.create_sheet(_("Definition")[:31])
    for label, text in describe.definition_rows(entry):
        if text:
            definition.append([spreadsheet_value(label), spreadsheet_value(text)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
