"""Render an extract's text to a real PDF with WeasyPrint, as a clerk's export would look:
paragraphs that wrap, headings in bold, and a running page header ("Protokollsutdrag",
"Sammanträdesdatum …", the body) with "Sida N (M)" on every page."""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_PAGE_BREAK = "\x00page-break\x00"


def extract_html(
    text: str, header: tuple[str, ...] = (), font_size: int = 11, break_before: str = ""
) -> str:
    """Return an HTML page of ``text`` (markdown-ish: ``#`` headings, ``**bold**``, ``---``;
    a line break inside a paragraph kept); ``header`` lines repeat at the top of each page;
    a larger ``font_size`` (points) moves the page breaks into other paragraphs; a new page
    starts at the line that begins with ``break_before``."""
    if break_before:
        text = text.replace(f"\n{break_before}", f"\n\n{_PAGE_BREAK}\n\n{break_before}", 1)
    blocks = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if lines == ["---"]:
            blocks.append("<hr>")
            continue
        if lines == [_PAGE_BREAK]:
            blocks.append('<div style="break-before: page"></div>')
            continue
        shown = [_BOLD.sub(r"<strong>\1</strong>", html.escape(line)) for line in lines]
        heading = _HEADING.match(shown[0])
        if heading and len(shown) == 1:
            level = min(len(heading[1]) + 1, 6)
            blocks.append(f"<h{level}>{heading[2]}</h{level}>")
        else:
            blocks.append("<p>" + "<br>".join(shown) + "</p>")
    running = "\\A".join(line.replace('"', '\\"') for line in header)
    page_header = (
        f'@top-left {{ content: "{running}"; white-space: pre; font-size: 9pt }}' if header else ""
    )
    css = f"""
      @page {{ size: A4; margin: 3cm 2.2cm 2.5cm;
        {page_header}
        @top-right {{ content: "Sida " counter(page) " (" counter(pages) ")"; font-size: 9pt }}
        @bottom-left {{ content: "Justerandes sign"; font-size: 8pt }}
        @bottom-right {{ content: "Utdragsbestyrkande"; font-size: 8pt }} }}
      body {{ font-family: "DejaVu Sans", sans-serif; font-size: {font_size}pt; line-height: 1.35 }}
      h2, h3, h4, h5, h6 {{ font-size: {font_size + 1}pt }}
    """
    body = "\n".join(blocks)
    return f'<html lang="sv"><head><style>{css}</style></head><body>{body}</body></html>'


def render_pdf(
    text: str, header: tuple[str, ...] = (), font_size: int = 11, break_before: str = ""
) -> bytes:
    """Return the bytes of a PDF of ``text`` (see :func:`extract_html`)."""
    from weasyprint import HTML

    page = extract_html(text, header, font_size, break_before)
    return bytes(HTML(string=page).write_pdf())
