"""A report as a Word document (python-docx), with the PDF's structure: a title page, a
contents field Word fills in when it opens the file, real heading styles (Heading 1 and 2 for
the numbered sections, one level deeper for indicators and tables), the organisations, period
and status in the header, "Sida X av Y" (PAGE and NUMPAGES fields) in the footer, the charts
as PNGs with their alt text, and the appendix's tables.

Deterministic: the core properties carry the content's date (not the clock) and the zip's
entries a fixed time, so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Any

from django.utils import translation
from docx import Document
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Cm, Inches, Pt, RGBColor

from fardplan.web.plans.export_text import printable
from fardplan.web.reports.content import ReportContent
from fardplan.web.reports.export import ooxml
from fardplan.web.reports.export import words as vocabulary
from fardplan.web.reports.export.charts import render_charts
from fardplan.web.reports.export.docx_body import Body
from fardplan.web.reports.export.layout import Layout, layout
from fardplan.web.reports.export.pdf import document_date

TEXT_WIDTH = Cm(17)  # A4 less 2 cm margins
DRAFT_RED = RGBColor(0x8A, 0x1C, 0x1C)
MUTED = RGBColor(0x3D, 0x46, 0x50)
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def render_docx(
    content: ReportContent,
    language: str | None = None,
    *,
    charts: Mapping[str, bytes] | None = None,
) -> bytes:
    """Return the DOCX of ``content``, its fixed words in ``language`` (default: the
    content's own). ``charts`` are the chart images when already drawn."""
    with translation.override(language or content.language):
        drawn = render_charts(content) if charts is None else charts
        plan = layout(content, drawn)
        document = Document()
        _set_up(document, content)
        _title_page(document, content)
        _contents(document, plan)
        Body(document, plan, vocabulary.words()).write()
        buffer = io.BytesIO()
        document.save(buffer)
        return ooxml.fixed_timestamps(buffer.getvalue())


def _set_up(document: Any, content: ReportContent) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(5)
    ooxml.set_language(document, LANGUAGE_TAGS.get(content.language, content.language))
    ooxml.update_fields_on_open(document)
    _properties(document, content)
    _header(section, content)
    _footer(section, content)


def _properties(document: Any, content: ReportContent) -> None:
    properties = document.core_properties
    dated = datetime.combine(document_date(content), time(), tzinfo=UTC)
    properties.created = properties.modified = dated
    properties.last_printed = dated
    properties.revision = content.version
    properties.title = printable(content.title)
    properties.subject = printable(f"{content.strategy_title}, {content.period_label}")
    properties.author = printable(vocabulary.header_names(content))
    properties.last_modified_by = "Färdplan"
    properties.keywords = printable(f"{content.county_code} {content.period}")
    properties.language = LANGUAGE_TAGS.get(content.language, content.language)
    properties.comments = printable(vocabulary.status_line(content))


def _right_tab(paragraph: Any) -> None:
    """Give ``paragraph`` one tab stop, at the right margin: the template's Header and Footer
    styles stop at 8.25 and 16.5 cm (a Letter page's centre and right)."""
    stops = paragraph.paragraph_format.tab_stops
    for inches in (3.25, 6.5):
        stops.add_tab_stop(Inches(inches), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


def _header(section: Any, content: ReportContent) -> None:
    paragraph = section.header.paragraphs[0]
    _right_tab(paragraph)
    _small(paragraph, printable(vocabulary.header_names(content)) + "\t")
    if not vocabulary.is_final(content):
        mark = _small(paragraph, vocabulary.words().draft_mark + " · ")
        mark.bold, mark.font.color.rgb = True, DRAFT_RED
    _small(paragraph, printable(content.period_label) + " · ")
    status = _small(paragraph, printable(vocabulary.status_line(content)))
    status.bold = True


def _footer(section: Any, content: ReportContent) -> None:
    paragraph = section.footer.paragraphs[0]
    _right_tab(paragraph)
    _small(paragraph, printable(content.title) + "\t")
    label = vocabulary.words().page_of
    for position, piece in enumerate(_PLACEHOLDER.split(label)):
        if position % 2:
            ooxml.add_field(paragraph, "PAGE" if piece == "page" else "NUMPAGES", "1")
        elif piece:
            _small(paragraph, piece)
    for run in paragraph.runs:
        run.font.size = Pt(8)


def _small(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    return run


def _title_page(document: Any, content: ReportContent) -> None:
    kicker = document.add_paragraph()
    kicker.paragraph_format.space_before = Cm(4)
    kicker.add_run(printable(content.county_name).upper()).font.color.rgb = MUTED
    document.add_paragraph(printable(content.title), style="Title")
    document.add_paragraph(printable(content.strategy_title), style="Subtitle")
    if not vocabulary.is_final(content):
        note = document.add_paragraph().add_run(vocabulary.status_line(content))
        note.bold, note.font.color.rgb = True, DRAFT_RED
    table = document.add_table(rows=0, cols=2)
    for label, value in _facts(content):
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(5), Cm(12)
        cells[0].text, cells[1].text = label, printable(value)
        cells[0].paragraphs[0].runs[0].font.color.rgb = MUTED
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _facts(content: ReportContent) -> list[tuple[str, str]]:
    words = vocabulary.words()
    facts = [(words.scope, content.scope_name)]
    if content.organisations:
        facts.append((words.organisations, ", ".join(content.organisations)))
    period = f"{content.period_label} ({content.first_month} – {content.last_month})"
    facts += [
        (words.period, period),
        (words.status, vocabulary.status_line(content)),
        (words.version, str(content.version)),
    ]
    if content.approved_at is not None:
        facts.append((words.approved_on, content.approved_at.isoformat()))
    facts.append((words.run, vocabulary.run_line(content)))
    return facts


def _contents(document: Any, plan: Layout) -> None:
    """The contents as a TOC field over headings 1–2, its result the headings without page
    numbers until Word updates it (it asks to when the file opens)."""
    words = vocabulary.words()
    document.add_paragraph(words.contents, style="TOC Heading")
    lines = [part.heading.text for part in plan.parts]
    if plan.tables:
        lines.append(words.appendix)
    paragraph = document.add_paragraph()
    ooxml.add_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', "\n".join(map(printable, lines)))
