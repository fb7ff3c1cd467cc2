"""The upload template as an Excel workbook: the headings, and a sheet that lists what may be
written in them (the uploadable indicators with their periods and age groups, the areas)."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from fardplan.catalogue import Catalogue, load_catalogue
from fardplan.engine.cells import bands
from fardplan.sources.upload import uploadable
from fardplan.sources.upload_format import COLUMNS

_WORDS = {
    "sv": {
        "values": "Värden",
        "guide": "Anvisningar",
        "indicators": ["indikator", "Kolada-id", "namn", "perioder", "åldersgrupper"],
        "areas": ["område", "namn"],
        "sex": "kön: K (kvinnor), M (män) eller T (totalt; tomt = T)",
        "withheld": "värde: .. för ett värde som källan inte redovisar",
        "year": "år (2024)",
        "month": "månad (2024-03)",
    },
    "en": {
        "values": "Values",
        "guide": "Instructions",
        "indicators": ["indicator", "Kolada id", "name", "periods", "age groups"],
        "areas": ["area", "name"],
        "sex": "sex: K (women), M (men) or T (total; empty = T)",
        "withheld": "value: .. for a value the source withholds",
        "year": "year (2024)",
        "month": "month (2024-03)",
    },
}


def template_xlsx(
    areas: Mapping[str, str], language: str = "sv", catalogue: Catalogue | None = None
) -> bytes:
    """Return the template workbook: the values sheet first (the one an upload reads)."""
    words = _WORDS["sv" if language == "sv" else "en"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = str(words["values"])
    sheet.append([c.sv if language == "sv" else c.en for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet(str(words["guide"]))
    guide.append(list(words["indicators"]))
    for indicator in uploadable(catalogue or load_catalogue()):
        periods = ", ".join(str(words[p]) for p in indicator.periods)
        ages = ", ".join(["all", *(label for label, _, _ in bands(indicator))])
        name = indicator.name.sv if language == "sv" else indicator.name.en
        guide.append([indicator.id, indicator.kolada_id or "", name, periods, ages])
    guide.append([])
    guide.append(list(words["areas"]))
    for code, name in areas.items():
        guide.append([code, name])
    guide.append([])
    guide.append([str(words["sex"])])
    guide.append([str(words["withheld"])])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["template_xlsx"]
