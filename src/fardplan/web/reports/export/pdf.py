"""A report as a PDF: an HTML page (``reports/print.html``, its CSS inline) laid out by
WeasyPrint on A4, with a title page, contents with page numbers, the organisations, period
and approval status in every page's header, "Sida X av Y" in its footer, and "UTKAST" across
every page of a report not approved.

Nothing is fetched: the fetcher hands WeasyPrint the charts from memory and refuses every
other URL, so text in a report cannot make the server request an address or read a file. The
same content gives the same bytes: the document's dates come from the content, not the clock.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from fardplan.web.reports.content import ReportContent
from fardplan.web.reports.export import words as vocabulary
from fardplan.web.reports.export.charts import render_charts
from fardplan.web.reports.export.layout import CHART_SCHEME, layout

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
# WeasyPrint logs every layout step and page at INFO: dozens of lines per report in the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(
    content: ReportContent,
    language: str | None = None,
    *,
    charts: Mapping[str, bytes] | None = None,
) -> bytes:
    """Return the PDF of ``content``, its fixed words in ``language`` (default: the
    content's own). ``charts`` are the chart images when already drawn (see
    :func:`~.charts.render_charts`), else they are drawn here."""
    with translation.override(language or content.language):
        drawn = render_charts(content) if charts is None else charts
        return write_pdf(print_html(content, drawn), drawn)


def print_html(content: ReportContent, charts: Mapping[str, bytes]) -> str:
    """Return the HTML WeasyPrint lays out, in the active language."""
    words = vocabulary.words()
    context: dict[str, Any] = {
        "content": content,
        "layout": layout(content, charts),
        "words": words,
        "final": vocabulary.is_final(content),
        "status_line": vocabulary.status_line(content),
        "header_names": vocabulary.header_names(content),
        "run_line": vocabulary.run_line(content),
        "page_of_css": page_counter_css(words.page_of),
        "dated": document_date(content).isoformat(),
    }
    return render_to_string("reports/print.html", context)


def write_pdf(html: str, charts: Mapping[str, bytes]) -> bytes:
    """Return the PDF WeasyPrint makes of ``html``, whose images are ``charts``."""
    from weasyprint import HTML

    fetcher = charts_only(charts)
    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        pdf_tags=True,  # headings, tables and figures with their alt text, for screen readers
        pdf_identifier=b"fardplan-report",  # else random: the same content, the same bytes
    )
    return pdf


def document_date(content: ReportContent) -> date:
    """Return the date the PDF and DOCX carry as created and modified: the approval's date,
    else the day after the period's last month (a draft rendered twice stays the same)."""
    if content.approved_at is not None:
        return content.approved_at
    year, month = (int(part) for part in content.last_month.split("-"))
    return date(year + month // 12, month % 12 + 1, 1)


def page_counter_css(label: str) -> str:
    """Return the CSS ``content`` value that prints the translated "Page %(page)s of
    %(pages)s" with the page counters in their places, whatever the language's word order."""
    pieces = []
    for position, text in enumerate(_PLACEHOLDER.split(label)):
        if position % 2:
            pieces.append(f"counter({text})")
        elif text:
            pieces.append(css_string(text))
    return " ".join(pieces)


def css_string(text: str) -> str:
    """Return ``text`` as a quoted CSS string: quotes and backslashes escaped, line breaks
    and other control characters dropped."""
    kept = "".join(ch for ch in text if ch >= " ")
    return '"' + kept.replace("\\", "\\\\").replace('"', '\\"') + '"'


def charts_only(charts: Mapping[str, bytes]) -> Any:
    """Return WeasyPrint's URL fetcher: ``report-chart:KEY`` gives that chart's PNG, any other
    URL (http, file, data…) is refused."""
    from weasyprint import urls

    prefix = CHART_SCHEME + ":"

    def chart(url: str) -> bytes:
        key = url[len(prefix) :] if url.startswith(prefix) else ""
        if key not in charts:
            raise ValueError(f"a report fetches nothing: {url[:60]}")
        return charts[key]

    class ChartsOnly(urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return urls.URLFetcherResponse(url, chart(url), {"Content-Type": "image/png"})

    return ChartsOnly(allowed_protocols=set(), allow_redirects=False, timeout=1)
