"""A report's content as a file a board can take: PDF (WeasyPrint) or DOCX (python-docx).

Each renderer takes only a :class:`~fardplan.web.reports.content.ReportContent` and returns
bytes, so an approved report prints from its frozen snapshot and a draft from a fresh assembly
by the same code. Both share the outline (numbered headings, figures, appendix tables) and the
words of :mod:`.words`, and draw the charts once through :mod:`.charts`.
"""

from __future__ import annotations

from fardplan.web.reports.export.docx import render_docx
from fardplan.web.reports.export.naming import CONTENT_TYPES, filename
from fardplan.web.reports.export.pdf import render_pdf

__all__ = ["CONTENT_TYPES", "filename", "render_docx", "render_pdf"]
