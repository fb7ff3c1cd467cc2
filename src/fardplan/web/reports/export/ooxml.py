"""What python-docx has no call for, written as the Office Open XML it stands for: fields
(PAGE, NUMPAGES, TOC), a picture's alt text, a table's repeated header row, a cell's shading,
the document's language, "update fields on open", and a zip with fixed timestamps."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# The earliest time a zip entry can carry: the same document gives the same bytes.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def add_field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """Append a field (``PAGE``, ``NUMPAGES``, ``TOC \\o "1-2"``…) to ``paragraph``, with
    ``shown`` as its result until Word updates it."""
    _field_char(paragraph, "begin")
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    _field_char(paragraph, "separate")
    if shown:
        paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recomputes it when it opens the file
    paragraph.add_run()._r.append(char)


def set_alt_text(shape: Any, text: str, title: str = "") -> None:
    """Give an inline picture its text alternative (Word's "Alt Text": ``docPr/@descr``)."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", text)
    if title:
        doc_pr.set("title", title)


def repeat_header(row: Any) -> None:
    """Mark ``row`` as the table's header row, repeated at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))  # before tblHeader: the schema's order
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def keep_row_together(row: Any) -> None:
    """Keep ``row`` on one page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def shade(cell: Any, fill: str) -> None:
    """Fill ``cell`` with the colour ``fill`` (hex, without #)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def set_language(document: Any, tag: str) -> None:
    """Set the language of the document's text (spelling, hyphenation): ``sv-SE``…"""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), tag)


def update_fields_on_open(document: Any) -> None:
    """Ask Word to update the fields (contents, page counts) when it opens the file."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def fixed_timestamps(data: bytes) -> bytes:
    """Return the zip ``data`` with every entry dated 1980-01-01, in the same order: python-docx
    stamps each part with the time of saving."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
