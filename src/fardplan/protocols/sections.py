"""Find the headings of an extract and cut it into sections, and a section into paragraphs.

A heading is a short line that is one of the known headings of Swedish protocols (in any case,
with or without a colon: "Beslut", "Regionstyrelsens beslut", "Kommunfullmäktige beslutar",
"Beslutsunderlag", "Protokollsutdrag skickas till", …), so that a PDF, which has lost its bold
and ``#``, is cut as its markdown is. After the first known heading a line that markdown marked
as a heading starts a section too (``OTHER``); before it such a line is part of the head, where
the title stands. Text after a heading's colon ("Protokollsutdrag till: Socialförvaltningen")
is the first line of its section.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from fardplan.protocols.normalise import Line
from fardplan.protocols.patterns import names_a_body


class SectionKind(StrEnum):
    HEAD = "head"  # before the first heading: paragraph, title, diary number
    DECISION = "decision"
    PROPOSAL = "proposal"
    SUMMARY = "summary"
    MATTER = "matter"
    BASIS = "basis"
    OPINION = "opinion"
    PROCEEDINGS = "proceedings"
    ATTACHMENTS = "attachments"
    SENT_TO = "sent_to"
    RESERVATION = "reservation"
    SPECIAL_STATEMENT = "sarskilt_yttrande"
    RECORD_NOTE = "protokollsanteckning"
    OTHER = "other"


LISTS = frozenset({SectionKind.BASIS, SectionKind.ATTACHMENTS, SectionKind.SENT_TO})

# A body in a heading: one or two words ("Kommunstyrelsens arbetsutskotts"), or a pair.
_GENITIVE_BODY = r"(?P<body>(?:\w{1,30}-\s(?:och|eller)\s)?[\w-]{1,40}(?:\s[\w-]{1,40})?s)"
_BODY = r"(?P<body>(?:\w{1,30}-\s(?:och|eller)\s)?[\w-]{1,40}(?:\s[\w-]{1,40})?)"
_NOT_A_BODY = frozenset({"på", "enligt", "i", "med", "till", "om", "efter", "och"})
_HEADINGS: tuple[tuple[SectionKind, str], ...] = (
    (SectionKind.OPINION, r"yttranden?(?:\s(?:till|över|från)\s.{1,60})?"),
    (SectionKind.DECISION, r"beslut(?:et)?(?:\si\s(?:ärendet|sammanträdet))?"),
    (SectionKind.DECISION, rf"{_GENITIVE_BODY}\sbeslut"),
    (SectionKind.DECISION, rf"{_BODY}\s(?:beslutar|beslutade|beslöt)(?:\satt)?"),
    (
        SectionKind.PROPOSAL,
        r"förslag\still\sbeslut(?:\s.{1,40})?|beslutsförslag|förslag"
        r"|förslag\still\s(?:kommun|region)?fullmäktige",
    ),
    (SectionKind.PROPOSAL, rf"{_GENITIVE_BODY}\sförslag(?:\still\s.{{1,60}})?"),
    (SectionKind.PROPOSAL, r"(?:förvaltningens|ordförandens|arbetsutskottets)\sförslag.{0,40}"),
    (SectionKind.SUMMARY, r"sammanfattning(?:\s(?:av\s)?ärendet)?|ärendet\si\skorthet"),
    (
        SectionKind.MATTER,
        r"ärendet|ärendebeskrivning|beskrivning\sav\särendet|bakgrund|motivering(?:\s.{1,30})?"
        r"|beredning|ärendets\sberedning|utredning",
    ),
    (
        SectionKind.BASIS,
        r"beslutsunderlag|underlag(?:\s(?:för|till|i)\s(?:beslut|beslutet|ärendet))?"
        r"|handlingar(?:\si\särendet)?",
    ),
    (
        SectionKind.PROCEEDINGS,
        r"ärendets\sbehandling(?:\s.{1,40})?|behandling(?:\s(?:i|under)\ssammanträdet)?"
        r"|yrkanden?|beslutsgång|propositionsordning|omröstning(?:sresultat)?|jäv"
        r"|överläggning|förslag\soch\syrkanden|sammanträdets\sbehandling",
    ),
    (SectionKind.ATTACHMENTS, r"bilagor?(?:\still\s(?:beslutet|protokollet|ärendet))?"),
    (
        SectionKind.SENT_TO,
        r"(?:protokollsutdrag(?:et)?|utdrag|beslutet|kopia)(?:\s(?:ska|skall))?"
        r"(?:\s(?:skickas|sänds|expedieras|delges))?\still|expedieras\still|skickas\still"
        r"|sändlista|expediering|för\skännedom(?:\still)?|beslutet\sdelges|delges",
    ),
    (SectionKind.RESERVATION, r"reservation(?:er)?(?:\smot\sbeslutet)?"),
    (SectionKind.SPECIAL_STATEMENT, r"särskil(?:t|da)\syttranden?"),
    (SectionKind.RECORD_NOTE, r"protokollsanteckning(?:ar)?"),
    (
        SectionKind.OTHER,
        r"(?:jämställdhets|barnrätts|barn|jämlikhets|miljö|folkhälso)perspektiv(?:et)?"
        r"|(?:ekonomiska\s|juridiska\s|beslutets\s)?konsekvenser|konsekvensanalys|finansiering"
        r"|uppföljning|måluppfyllelse|samverkan|justering|omedelbar\sjustering|sammanträde"
        # the signatures that may close an extract: not recipients
        r"|rätt\sutdraget\sbetygar|utdraget\sbestyrks|vid\sprotokollet|justerat|justeras"
        r"|underskrifter|utdragsbestyrkande",
    ),
)
_COMPILED = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _HEADINGS)
_MAX_HEADING = 90  # characters: a longer line is text, not a heading


class Heading(NamedTuple):
    kind: SectionKind
    text: str  # as written, without the colon
    body: str | None  # the body a heading names: "Regionstyrelsens beslut" → Regionstyrelsens
    rest: str  # text after the heading's colon


@lru_cache(maxsize=4096)  # each line is asked about three times
def heading(text: str) -> Heading | None:
    """Return the heading ``text`` is, or None when it is not a known heading."""
    if ":" not in text[: _MAX_HEADING + 1] and len(text) > _MAX_HEADING + 1:
        return None
    head, colon, rest = text.partition(":")
    if not colon or len(head) > _MAX_HEADING:
        head, rest = text.rstrip(":").rstrip(), ""
    if len(head) > _MAX_HEADING or len(head.split()) > 10 or not head.strip()[:1].isupper():
        return None  # a heading starts with a capital: a lower-case line is running text
    for kind, pattern in _COMPILED:
        match = pattern.fullmatch(head.strip())
        if match is None:
            continue
        body = match.groupdict().get("body")
        if "body" in pattern.groupindex and not _is_body(body):
            continue
        return Heading(kind, head.strip(), body, rest.strip())
    return None


def _is_body(text: str | None) -> bool:
    return bool(text and names_a_body(text) and text.split()[0].lower() not in _NOT_A_BODY)


@dataclass
class Section:
    kind: SectionKind
    heading: str  # "" for the head
    lines: list[str] = field(default_factory=list)  # "" for a paragraph break
    body: str | None = None

    @property
    def has_text(self) -> bool:
        return any(self.lines)


def split_sections(lines: list[Line]) -> list[Section]:
    """Cut ``lines`` at each heading; the first section is the head (it may be empty)."""
    sections = [Section(SectionKind.HEAD, "")]
    for line in lines:
        found = heading(line.text) if line.text else None
        if found is None and line.marked and len(sections) > 1 and _may_be_heading(line.text):
            found = Heading(SectionKind.OTHER, line.text.rstrip(":"), None, "")
        if found is None:
            sections[-1].lines.append(line.text)
            continue
        section = Section(found.kind, found.text, body=found.body)
        if found.rest:
            section.lines.append(found.rest)
        sections.append(section)
    return sections


MARKER = re.compile(r"^(?:\d{1,2}\s{0,2}[.)]|[a-zåäö][.)]|[-–—•·▪◦*‣●■➢►])\s{1,4}(?=\S)")


def _may_be_heading(text: str) -> bool:
    return len(text) <= _MAX_HEADING and not MARKER.match(text) and not text.startswith("§")


class Paragraph(NamedTuple):
    text: str  # lines joined by spaces, without the list marker
    marker: str  # "1.", "-", …; "" for a paragraph that is not a list item


def paragraphs(lines: list[str], starts: Callable[[str], bool] | None = None) -> list[Paragraph]:
    """Return the paragraphs of ``lines``: a blank line or a list marker ("1.", "2)", "a)",
    "-", "•") starts one; other lines continue the one before (a PDF wraps its lines), unless
    the line before ends a sentence and ``starts`` says that the line (with the next) opens a
    paragraph of its own (a statement, in text pasted without blank lines)."""
    found: list[Paragraph] = []
    parts: list[str] = []
    marker = ""
    for index, line in enumerate([*lines, ""]):
        match = MARKER.match(line)
        opens = (
            starts is not None
            and bool(parts)
            and _SENTENCE_END.search(parts[-1][-3:]) is not None
            and starts(f"{line} {lines[index + 1] if index + 1 < len(lines) else ''}"[:400])
        )
        if (not line or match or opens) and parts:
            found.append(Paragraph(" ".join(parts), marker))
            parts, marker = [], ""
        if match:
            marker, line = match[0].strip(), line[match.end() :]
        if line:
            parts.append(line)
    return found


_SENTENCE_END = re.compile(r"[.!?][\"”»')]?$")


def strip_marker(text: str) -> str:
    return text[m.end() :] if (m := MARKER.match(text)) else text
