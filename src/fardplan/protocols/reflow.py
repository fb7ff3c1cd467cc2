"""Join the few line breaks of a PDF that would otherwise change what a line is read as.

A PDF wraps its paragraphs; the parser reads most of a paragraph's lines as one (see
:func:`sections.paragraphs`) and a lower-case word at the start of a line is never a heading.
Two wraps still need joining before the text is cut into sections:

- "Kommunstyrelsen beslutar att" / "anta planen …": the first line alone reads as a heading;
- "2023–" / "2025", "2020-" / "2030": a range written without spaces, cut at its dash.

The text alone cannot tell a wrapped line from a line that ended where the author ended it
(without the PDF's geometry), so no other line is joined.
"""

from __future__ import annotations

import re

from fardplan.protocols.normalise import Glue, Line, join_lines
from fardplan.protocols.sections import MARKER, SectionKind, heading

_OPEN_RANGE = re.compile(r"(?:\S[–—]|\d-)$")


def reflow(lines: list[Line]) -> list[Line]:
    """Return ``lines`` with those two kinds of wrapped line joined to the line before."""
    return join_lines(lines, _glue)


def _glue(previous: Line, line: Line) -> Glue | None:
    """How ``line`` joins ``previous`` (its last characters), or None: it starts a new line."""
    if not previous.text or not line.text or line.marked or MARKER.match(line.text):
        return None
    if _OPEN_RANGE.search(previous.text) and line.text[:1].isalnum():
        return Glue("")
    found = heading(previous.text)  # None for a long line: its tail is no heading
    if found is not None and found.kind is SectionKind.DECISION and line.text[:1].islower():
        return Glue(" ") if previous.text.endswith(" att") else None
    return None
