"""The DOCX: opened again with python-docx, its headings, fields, tables and pictures."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from fardplan.web.reports.content import ReportContent, ReportStatus
from fardplan.web.reports.export import render_docx
from tests.web.reports.export_samples import grouped


@pytest.fixture(scope="module")
def draft() -> ReportContent:
    return grouped()


@pytest.fixture(scope="module")
def draft_docx(draft: ReportContent) -> bytes:
    return render_docx(draft)


def _open(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def _instructions(element: Any) -> list[str]:
    return [node.text.strip() for node in element.iter(qn("w:instrText"))]


def test_it_has_the_headings_in_order(draft_docx: bytes) -> None:
    headings = [
        (p.style.name, p.text) for p in _open(draft_docx).paragraphs
        if p.style.name.startswith("Heading")
    ]  # fmt: skip
    assert headings == [
        ("Heading 1", "1 Sammanfattning"),
        ("Heading 1", "2 Målområden"),
        ("Heading 2", "2.1 Tillsammans för min trygghet"),
        ("Heading 3", "Återinskrivning inom 30 dagar, 65 år och äldre, Region Norrbotten"),
        ("Heading 3", "Aktiviteter"),
        ("Heading 3", "Ändringar i planerna"),
        ("Heading 1", "3 Riktningsförändringar"),
        ("Heading 2", "3.1 Stärkt gemensam primärvård"),
        ("Heading 3", "Hembesök per 1 000 invånare, Region Norrbotten"),
        ("Heading 3", "Aktiviteter"),
        ("Heading 1", "4 Beslut"),
        ("Heading 1", "Bilaga: datatabeller"),
    ]


def test_it_has_a_contents_field_word_updates_on_open(draft_docx: bytes) -> None:
    document = _open(draft_docx)
    assert 'TOC \\o "1-2" \\h \\z \\u' in _instructions(document.element.body)
    # Until Word updates it, the field shows the headings.
    assert "2.1 Tillsammans för min trygghet" in document.element.body.xml
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_its_footer_counts_the_pages_and_its_header_names_the_report(draft_docx: bytes) -> None:
    section = _open(draft_docx).sections[0]
    footer = section.footer.paragraphs[0]
    assert _instructions(footer._p) == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Rapport om omställningen till nära vård, T2 2024\tSida ")
    assert " av " in footer.text
    header = section.header.paragraphs[0].text
    assert header.startswith("Region Norrbotten, Luleå kommun\t")
    assert "UTKAST" in header and "T2 2024 (maj–augusti)" in header
    assert "Utkast — ej godkänd" in header
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)


def test_an_approved_report_says_godkand_and_carries_its_date() -> None:
    document = _open(render_docx(grouped(ReportStatus.APPROVED)))
    header = document.sections[0].header.paragraphs[0].text
    assert "Godkänd 2024-09-20" in header and "UTKAST" not in header
    properties = document.core_properties
    approved = datetime(2024, 9, 20, tzinfo=UTC)
    assert (properties.created, properties.modified) == (approved, approved)
    assert properties.title == "Rapport om omställningen till nära vård, T2 2024"


def test_its_tables_have_a_repeated_header_row(draft_docx: bytes) -> None:
    tables = _open(draft_docx).tables
    activities = next(t for t in tables if t.rows[0].cells[0].text == "Aktivitet")
    header = [cell.text for cell in activities.rows[0].cells]
    assert header == ["Aktivitet", "Organisation", "Status", "Senaste uppföljning"]
    assert activities.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert activities.rows[1].cells[0].text.startswith("Trygg hemgång\nLokal handlingsplan Luleå")


def test_its_appendix_shows_a_suppressed_cell_with_the_reason(draft_docx: bytes) -> None:
    document = _open(draft_docx)
    months = [t for t in document.tables if t.rows[0].cells[0].text == "Månad"]
    assert len(months) == 2
    assert [c.text for c in months[0].rows[-1].cells] == ["2024-08", ".. a"]
    texts = [p.text for p in document.paragraphs]
    assert "Tabell A.1. Återinskrivning inom 30 dagar, 65 år och äldre" in texts
    assert any(t.startswith("a: Undertryckt: för få personer eller händelser") for t in texts)


def test_its_charts_are_pictures_with_their_text_alternative(
    draft: ReportContent, draft_docx: bytes
) -> None:
    document = _open(draft_docx)
    shapes = document.inline_shapes
    described = [shape._inline.docPr.get("descr") for shape in shapes]
    blocks = [b for s in draft.sections for b in s.indicators]
    assert described == [b.chart_alt for b in blocks]
    assert all(shape.width.cm == pytest.approx(16.5) for shape in shapes)


def test_the_same_content_gives_the_same_bytes(draft: ReportContent, draft_docx: bytes) -> None:
    assert render_docx(draft) == draft_docx


def test_it_writes_in_english_when_asked() -> None:
    document = _open(render_docx(grouped(), "en"))
    footer = document.sections[0].footer.paragraphs[0].text
    assert "\tPage " in footer and " of " in footer
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text
    assert "Appendix: data tables" in [p.text for p in document.paragraphs]
