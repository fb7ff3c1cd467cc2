"""Turn the text of an extract, pasted, saved as markdown or extracted from a PDF, into clean
lines: one shape for the parser whatever the source.

- Unicode: NFC (a PDF may give ``a`` + combining diaeresis), non-breaking and thin spaces as
  spaces, soft hyphens, zero-width characters and other control characters removed, the
  ``fi``/``fl`` ligatures of PDF fonts spelled out, CR and CRLF line ends as LF.
- Markdown: ``#`` headings, ``**bold**``, ``*emphasis*``, backslash escapes, ``>`` quotes and
  ``---`` rules go; a line that was a ``#`` heading or wholly bold is *marked* (a heading the
  parser may not know by its words).
- Page furniture goes, wherever it stands: the header block that a protocol repeats on every
  page ("Protokollsutdrag", "Sammanträdesdatum 2021-01-25", the body's name), page numbers
  ("Sida 3 (7)", "3 (7)"), "Justerandes sign", "Utdragsbestyrkande", the "Exp" note, and a
  repeat of the paragraph line. Its dates and body name are kept as :class:`Normalised`'s
  ``header_dates`` and ``header_bodies``. Where such a block stood between two halves of a
  sentence or list, the halves join again; after a full stop a paragraph break stays.
- A word hyphenated across a line break is joined (``omställ-`` + ``ningen``), unless the
  hyphen belongs to the word as it is written elsewhere in the text or to a pair such as
  ``hälso- och sjukvård``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from fardplan.protocols.patterns import DATE, PARAGRAPH_LINE, dates_in, names_a_body, words


class Line(NamedTuple):
    """A line of text without markdown; ``marked``: it was a ``#`` heading or wholly bold."""

    text: str
    marked: bool = False


BLANK = Line("")


@dataclass
class Normalised:
    lines: list[Line]
    header_dates: list[date] = field(default_factory=list)
    header_bodies: list[str] = field(default_factory=list)


def normalise(text: str) -> Normalised:
    """Return the clean lines of ``text`` (no leading, trailing or repeated blank lines) with
    the dates and body names of the page headers it removed."""
    lines = [_markdown(line) for line in _unicode(text).split("\n")]
    result = Normalised(lines=[])
    result.lines = _drop_furniture(lines, result)
    result.lines = _join_hyphenated(result.lines)
    result.lines = _squeeze_blanks(result.lines)
    return result


_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t"), " ")
_GONE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_BREAKS = dict.fromkeys(map(ord, "\r\f\v\u2028\u2029\x85"), "\n")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def _unicode(text: str) -> str:
    text = text.replace("\r\n", "\n").translate(_BREAKS)
    text = unicodedata.normalize("NFC", text).translate(_SPACES).translate(_GONE)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    return _CONTROL.sub("", text)


_HEADING_MARK = re.compile(r"^#{1,6}(?:\s|$)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_EMPHASIS = re.compile(r"(?<=\w)\*|\*(?=\w)")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?=\S).{0,300}(?:\*\*|__):?$")


def _markdown(raw: str) -> Line:
    text = raw.strip()
    while text.startswith(">"):
        text = text[1:].lstrip()
    marked = bool(_HEADING_MARK.match(text) or _BOLD_LINE.match(text))
    if _HEADING_MARK.match(text):
        text = text.lstrip("#")
    if (len(text) >= 3 and set(text.replace(" ", "")) <= {"-"}) or set(text) <= {"*", "_", " "}:
        return BLANK  # a --- or *** rule, or nothing
    text = _ESCAPE.sub(r"\1", text).replace("**", "").replace("__", "")
    text = _EMPHASIS.sub("", text)
    text = " ".join(text.split())
    return Line(text, marked and bool(text))


# Page furniture. A header block starts with a line of these words (with dates and page
# numbers); it goes on over such lines, dates, the organisation and one body name.
_HEADER_WORDS = words(
    "protokollsutdrag protokoll sammanträdesprotokoll sammanträdesdatum utdrag ur protokollet "
    "justerandes justerares ordförandes sign signatur utdragsbestyrkande datum sida sid sid. av"
)
_STARTING_WORDS = words(
    "protokollsutdrag protokoll sammanträdesprotokoll sammanträdesdatum justerandes "
    "justerares ordförandes utdragsbestyrkande sida sid sid. utdrag"
)
_PAGE = re.compile(r"^(?:\(?\d{1,4}\)?|\d{1,4}\(\d{1,4}\)|\d{1,4}/\d{1,4}|_+|\.+|-|–)$")
_PAGE_ONLY = re.compile(
    r"^(?:sida\s|sid\.?\s)?\d{1,4}\s{0,2}(?:\(\d{1,4}\)|(?:av|/)\s?\d{1,4})$", re.I
)
_ORGANISATION = re.compile(r"^(?:region\s\w{2,30}|\w{2,30}\skommun)$", re.IGNORECASE)
_EXP = frozenset({"exp", "exp.", "exp:", "expedierat", "expedierad", "expedierat:"})
_DATE_ONLY = re.compile(rf"^{DATE}$", re.IGNORECASE)


def _header_words_only(text: str) -> bool:
    """True when every word of ``text`` is a header word, a date or a page number."""
    if len(text) > 120:
        return False
    rest = re.sub(DATE, " ", text, flags=re.IGNORECASE)
    words = [word.strip(":,|") for word in rest.lower().split()]
    return all(not word or word in _HEADER_WORDS or _PAGE.match(word) for word in words)


def _starts_header(text: str) -> bool:
    if len(text) > 120:
        return False
    if _PAGE_ONLY.match(text):
        return True
    first = text.split(maxsplit=1)[0].lower().strip(":,|") if text else ""
    return first in _STARTING_WORDS and _header_words_only(text)


def _is_exp_note(text: str) -> bool:
    """``Exp / 2021``, ``Exp 2021-01-27 /AB``: the clerk's note of when the extract went out."""
    first, _, rest = text[:40].partition(" ")
    if first.lower() not in _EXP or len(text) > 40:
        return False
    return all(len(word) <= 4 for word in re.findall(r"[^\W\d_]+", rest))


def _is_body_line(text: str) -> bool:
    return (
        len(text) <= 90
        and names_a_body(text)
        and not re.search(r"[.;!?]$|\bbeslut", text, re.IGNORECASE)
        and text[:1].isupper()
    )


class _Block(NamedTuple):
    end: int  # the index after the block's last line
    dates: list[date]
    bodies: list[str]


def _header_block(lines: list[Line], start: int) -> _Block | None:
    """The page-header block that starts at ``start``, or None when none does."""
    text = lines[start].text
    organisation_first = bool(_ORGANISATION.match(text)) and _next_starts(lines, start + 1)
    if not (_starts_header(text) or _is_exp_note(text) or organisation_first):
        return None
    dates: list[date] = []
    bodies: list[str] = []
    body_allowed = 0  # one body name may follow each "Protokollsutdrag" or "Sammanträdesdatum"
    index = start
    while index < len(lines):
        text = lines[index].text
        if not text or _ORGANISATION.match(text) or _is_exp_note(text):
            pass
        elif _starts_header(text):
            dates += dates_in(text)
            if text.split()[0].lower().startswith(("protokoll", "sammanträde", "utdrag")):
                body_allowed = 1
        elif _DATE_ONLY.match(text) or _header_words_only(text):
            dates += dates_in(text)
        elif body_allowed and _is_body_line(text):  # "Regionstyrelsen", "… 2023-06-13"
            dates += dates_in(text)
            bodies.append(" ".join(re.sub(DATE, " ", text, flags=re.IGNORECASE).split()))
            body_allowed -= 1
        else:
            break
        index += 1
    return _Block(index, dates, bodies)


def _next_starts(lines: list[Line], index: int) -> bool:
    while index < len(lines) and not lines[index].text:
        index += 1
    return index < len(lines) and _starts_header(lines[index].text)


_SENTENCE_END = re.compile(r"[.!?:;][\"”»')]?$")


def _drop_furniture(lines: list[Line], result: Normalised) -> list[Line]:
    kept: list[Line] = []
    paragraph_line = ""  # the first "§ N …" line: a later copy of it is a page header
    index = 0
    while index < len(lines):
        line = lines[index]
        block = _header_block(lines, index)
        if block is None and paragraph_line and line.text == paragraph_line:
            block = _Block(index + 1, [], [])
        if block is None:
            if not paragraph_line and PARAGRAPH_LINE.match(line.text):
                paragraph_line = line.text
            kept.append(line)
            index += 1
            continue
        result.header_dates += block.dates
        result.header_bodies += block.bodies
        while kept and not kept[-1].text:
            kept.pop()
        if kept and _SENTENCE_END.search(kept[-1].text[-3:]):
            kept.append(BLANK)  # a paragraph ended before the page did
        index = block.end
    return kept


_HYPHENATED = re.compile(r"(?:^|\s)([^\W\d_]{1,40})-$")
_FIRST_WORD = re.compile(r"^([^\W\d_]\w{0,39})")
_PAIRING = frozenset({"och", "eller", "samt", "respektive", "resp", "till", "som"})


def _join_hyphenated(lines: list[Line]) -> list[Line]:
    """Join a word that a line break hyphenated; keep ``hälso- och`` and names as written."""
    written = _hyphenated_words(lines)

    def glue(previous: Line, line: Line) -> Glue | None:
        end = _HYPHENATED.search(previous.text)
        start = _FIRST_WORD.match(line.text)
        if not (end and start) or line.marked or start[1].lower() in _PAIRING:
            return None
        keep = start[1][0].isupper() or f"{end[1]}-{start[1]}".lower() in written
        return Glue("") if keep else Glue("", cut=1)

    return join_lines(lines, glue)


class Glue(NamedTuple):
    between: str  # what joins two lines: "" or " "
    cut: int = 0  # characters cut from the end of the first (a hyphen)


TAIL = 100  # characters of a line that decide how the next joins it


def join_lines(lines: list[Line], glue: Callable[[Line, Line], Glue | None]) -> list[Line]:
    """Join each line to the one before it where ``glue(previous, line)`` says how. ``glue``
    sees the previous line's last :data:`TAIL` characters, so that joining a long run of lines
    costs their length, not its square."""
    joined: list[tuple[list[str], bool]] = []
    tail = ""
    for line in lines:
        how = glue(Line(tail, joined[-1][1]), line) if joined else None
        if how is None:
            joined.append(([line.text], line.marked))
            tail = line.text[-TAIL:]
            continue
        parts = joined[-1][0]
        if how.cut:
            parts[-1] = parts[-1][: -how.cut]
        parts += [how.between, line.text]
        tail = (tail[: len(tail) - how.cut] + how.between + line.text)[-TAIL:]
    return [Line("".join(parts), marked) for parts, marked in joined]


def _hyphenated_words(lines: list[Line]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        if "-" in line.text:
            words.update(m.lower() for m in re.findall(r"\b\w{1,40}-\w{1,40}\b", line.text))
    return words


def _squeeze_blanks(lines: list[Line]) -> list[Line]:
    squeezed: list[Line] = []
    for line in lines:
        if line.text or (squeezed and squeezed[-1].text):
            squeezed.append(line)
    while squeezed and not squeezed[-1].text:
        squeezed.pop()
    return squeezed
