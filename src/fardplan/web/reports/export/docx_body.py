"""The body of the Word document: the sections in their order, then the appendix."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from fardplan.web.plans.export_text import printable
from fardplan.web.reports.content import ActivityEntry, DecisionEntry, PlanChange, Section
from fardplan.web.reports.export import ooxml
from fardplan.web.reports.export.layout import IndicatorEntry, Layout, Part, TableEntry
from fardplan.web.reports.export.words import Words, is_final

FIGURE_WIDTH = Cm(16.5)
HEADER_FILL = "EEF1F4"
MUTED = RGBColor(0x3D, 0x46, 0x50)


class Body:
    """Writes a layout's parts and appendix into a python-docx document."""

    def __init__(self, document: Any, plan: Layout, words: Words) -> None:
        self.document = document
        self.plan = plan
        self.words = words
        self.final = is_final(plan.content)

    def write(self) -> None:
        for part in self.plan.parts:
            self.part(part)
        if self.plan.tables:
            self.appendix()

    def part(self, part: Part) -> None:
        heading = self.document.add_heading(printable(part.heading.text), part.heading.level)
        if part.heading.level == 1:
            heading.paragraph_format.page_break_before = True
        section = part.section
        if section is None:
            return
        sub = part.heading.level + 1
        self.preamble(section)
        for entry in part.indicators:
            self.indicator(entry, sub)
        if section.activities:
            self.document.add_heading(self.words.activities, sub)
            self.activities(section.activities)
        if section.changes:
            self.document.add_heading(self.words.plan_changes, sub)
            self.changes(section.changes)
        if section.decisions:
            if not part.is_decisions:
                self.document.add_heading(self.words.decisions, sub)
            self.decisions(section.decisions)

    def preamble(self, section: Section) -> None:
        if section.intro:
            self.text(section.intro, style="Quote")
        meta = []
        if section.organisation_name:
            meta.append(f"{self.words.responsible}: {section.organisation_name}")
        if not self.final:
            meta.append(f"{self.words.section_status}: {section.status_label}")
        if meta:
            self.muted(" · ".join(meta))
        if section.return_comment and not self.final:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{self.words.return_comment}: ").bold = True
            paragraph.add_run(printable(section.return_comment))
        for text in section.paragraphs:
            self.text(text)
        if not section.paragraphs and not self.final:
            self.muted(self.words.no_text)

    def indicator(self, entry: IndicatorEntry, level: int) -> None:
        block = entry.block
        body = self.document.element.body
        first = len(body)
        name = f"{block.name}, {block.area_name}" if block.area_name else block.name
        self.document.add_heading(printable(name), level)
        latest = self.words.latest_value
        if block.latest_period:
            latest += f" ({block.latest_period})"
        columns = [
            (latest, block.latest_shown or "–"),
            (self.words.change, block.change_shown or "–"),
        ]
        if block.county_shown:
            columns.append((self.words.county_value, block.county_shown))
        if block.sweden_shown:
            columns.append((self.words.sweden_value, block.sweden_shown))
        table = self.table([c[0] for c in columns], [[c[1] for c in columns]])
        for cell in table.rows[1].cells:
            cell.paragraphs[0].runs[0].bold = True
        if block.latest_reason:
            self.muted(f".. = {block.latest_reason}").paragraph_format.space_before = Pt(4)
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.add_run(
            printable(f"{self.words.assessment}: {block.assessment_label}.")
        ).bold = True
        if block.assessment_text:
            paragraph.add_run(" " + printable(block.assessment_text))
        self.muted(f"{block.unit} · {block.good_direction_label}")
        if block.source:
            self.muted(block.source)
        self.figure(entry)
        # On one page from the heading to the caption, as the PDF's break-inside: avoid.
        for element in list(body)[first:-2]:
            for paragraph_element in element.iter(qn("w:p")):
                Paragraph(paragraph_element, self.document).paragraph_format.keep_with_next = True
        if block.comments:
            self.document.add_paragraph().add_run(self.words.comments).bold = True
            for comment in block.comments:
                self.text(f"{comment.period}: {comment.text}", style="List Bullet")

    def figure(self, entry: IndicatorEntry) -> None:
        if entry.figure is None:
            if not entry.block.source:  # an imported indicator's yearly values have none
                self.muted(self.words.no_chart)
            return
        paragraph = self.document.add_paragraph()
        shape = paragraph.add_run().add_picture(io.BytesIO(entry.figure.png), width=FIGURE_WIDTH)
        ooxml.set_alt_text(shape, printable(entry.figure.alt), printable(entry.block.name))
        caption = f"{self.figure_label(entry.figure.number)} {entry.block.chart_alt}"
        if entry.table is not None:
            caption += f" {self.words.values_in_table} {entry.table.number}."
        self.text(caption, style="Caption")

    def figure_label(self, number: int) -> str:
        return _("Figure %(number)s.") % {"number": number}

    def activities(self, activities: Sequence[ActivityEntry]) -> None:
        words = self.words
        rows = []
        for activity in activities:
            title = f"{activity.title}\n{activity.plan_title}, {activity.start} – {activity.end}"
            update = activity.latest_update
            progress = (
                f"{update.period}, {update.status_label}\n{update.text}"
                if update
                else words.no_progress
            )
            rows.append([title, activity.organisation_name, activity.status_label, progress])
        headers = [words.activity, words.organisation, words.status, words.latest_progress]
        self.table(headers, rows, widths=[5.8, 3.3, 1.9, 6.0])

    def changes(self, changes: Sequence[PlanChange]) -> None:
        rows = [[change.on.isoformat(), change.plan_title, change.text] for change in changes]
        words = self.words
        self.table([words.date, words.plan, words.change_text], rows, widths=[2.6, 5, 9.4])

    def decisions(self, decisions: Sequence[DecisionEntry]) -> None:
        rows = [
            [
                f"{d.meeting_date.isoformat()}\n{d.paragraph}",
                f"{d.organisation_name}\n{d.body_label}",
                d.title,
                d.kind_label,
            ]
            for d in decisions
        ]
        words = self.words
        headers = [words.meeting, words.organisation, words.decision, words.kind]
        self.table(headers, rows, widths=[2.8, 4.4, 7.2, 2.6])

    def appendix(self) -> None:
        heading = self.document.add_heading(self.words.appendix, 1)
        heading.paragraph_format.page_break_before = True
        self.text(self.words.appendix_intro)
        for entry in self.plan.tables:
            self.data_table(entry)

    def data_table(self, entry: TableEntry) -> None:
        label = _("Table %(number)s") % {"number": entry.number}
        caption = self.text(f"{label}. {entry.table.title}", style="Caption")
        caption.paragraph_format.keep_with_next = True
        table = self.table(entry.table.columns, entry.table.rows)
        for position, numeric in enumerate(entry.numeric):
            if numeric and position > 0:
                for cell in table.columns[position].cells:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for note in entry.table.notes:
            self.muted(note)
        self.document.add_paragraph()

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float] = ()
    ) -> Any:
        """Add a grid with a shaded header row repeated on each page; ``widths`` in cm."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        ooxml.repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = printable(text)
            cell.paragraphs[0].runs[0].bold = True
            ooxml.shade(cell, HEADER_FILL)
        for values in rows:
            row = table.add_row()
            ooxml.keep_row_together(row)
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = printable(text)
        for row in table.rows:
            for position, cell in enumerate(row.cells):
                if widths:
                    cell.width = Cm(widths[position])
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        return table

    def text(self, text: str, style: str | None = None) -> Any:
        """Add a paragraph; its line breaks stay line breaks."""
        paragraph = self.document.add_paragraph(style=style)
        lines = printable(text).split("\n")
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break(WD_BREAK.LINE)
            run = paragraph.add_run(line)
        return paragraph

    def muted(self, text: str) -> Any:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(printable(text))
        run.font.size, run.font.color.rgb = Pt(8.5), MUTED
        return paragraph
