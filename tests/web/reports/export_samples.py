"""What the exports' tests render: the sample report with its strategy sections grouped under
their headings ("2 Målområden" above "2.1"), as the assembly numbers them, and its text."""

from __future__ import annotations

import io

from pypdf import PdfReader

from fardplan.web.reports.content import ReportContent, ReportStatus
from tests.web.reports.sample import sample_content

GROUPS = {"2.1": "Målområden", "3.1": "Riktningsförändringar"}


def grouped(status: ReportStatus = ReportStatus.DRAFT) -> ReportContent:
    content = sample_content(status)
    sections = [
        s.model_copy(update={"group_title": GROUPS.get(s.number, "")}) for s in content.sections
    ]
    return content.model_copy(update={"sections": sections})


def pages(pdf: bytes) -> list[str]:
    """Return each page's text with its whitespace runs made single spaces (a name broken
    over two lines reads as one)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]
