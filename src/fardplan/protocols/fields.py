"""The fields of an extract's head and lists: paragraph, diary number, title, meeting date,
deciding body, decision basis and recipients. Each returns None or an empty list when the text
does not hold it; the parser reports those as missing."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from fardplan.protocols.draft import BodyKind
from fardplan.protocols.patterns import (
    DATE,
    DIARY_LABEL,
    DIARY_NUMBER,
    JOINT_WORDS,
    PARAGRAPH_LINE,
    dates_in,
    is_diary_number,
    names_a_body,
    nominative,
)
from fardplan.protocols.sections import LISTS, MARKER, Section, strip_marker

MAX_TITLE = 250  # characters; a longer "title" is a paragraph of text


class ParagraphLine(NamedTuple):
    position: int  # in the lines searched
    number: str
    rest: str  # what follows the number on its line


def paragraph_lines(lines: list[str]) -> list[ParagraphLine]:
    """Return the lines that begin with a paragraph sign ("§ 208", "KS § 17 Nära vård")."""
    found = []
    for index, line in enumerate(lines):
        if match := PARAGRAPH_LINE.match(line):
            found.append(ParagraphLine(index, match["number"], match["rest"].strip()))
    return found


def diary_number(head: Section, sections: list[Section]) -> str | None:
    """Return the diary number as written, without "Dnr": labelled ("Dnr RS 909-2023",
    "Dnr: KS 2023/145") in the head, a number alone on a head line ("KS/2020:527"), or a
    labelled one anywhere else."""
    for line in head.lines:
        if number := _labelled(line):
            return number
    for line in head.lines:
        if number := _bare(_after_paragraph(line)) or _leading(_after_paragraph(line)):
            return number
    for section in sections:
        for line in section.lines:
            if number := _labelled(line):
                return number
    return None


def _labelled(line: str) -> str | None:
    for match in DIARY_LABEL.finditer(line[:1000]):  # a diary number stands early in its line
        if is_diary_number(match["number"]):
            return " ".join(match["number"].split())
    return None


def _bare(line: str) -> str | None:
    text = line.strip().rstrip(".,;").removeprefix("(").removesuffix(")")
    if DIARY_NUMBER.fullmatch(text) and is_diary_number(text):
        return " ".join(text.split())
    return None


def _leading(text: str) -> str | None:
    """The diary number that a paragraph line's rest begins with ("HSN 2023/12 Färdplan",
    "(KS/2020:527) Nära vård")."""
    text = text.removeprefix("(")
    match = DIARY_NUMBER.match(text)
    if (
        match
        and text[match.end() : match.end() + 1] in ("", " ", ")")
        and is_diary_number(match[0])
    ):
        return " ".join(match[0].split())
    return None


def _after_paragraph(line: str) -> str:
    match = PARAGRAPH_LINE.match(line)
    return match["rest"] if match else line


def title(head: Section, number: str | None) -> str | None:
    """Return the title: the run of lines after the paragraph line (or the rest of that line),
    without the diary ``number``; when nothing follows the paragraph line, the run before it;
    without a paragraph line, the head's first run. A run ends at a blank line, a diary-number
    or date line, or before a sentence (a line ending with a full stop after the first)."""
    lines = head.lines
    found = paragraph_lines(lines)
    if not found:
        return _first_run(lines, number)
    first = found[0]
    after = [first.rest, *lines[first.position + 1 :]]
    before = list(reversed(lines[: first.position]))
    return _first_run(after, number) or _first_run(before, number, backwards=True)


def _without(text: str, number: str | None) -> str:
    """``text`` without its diary number, labelled ("Dnr: KS 2023/145"), bare or in brackets."""
    if not number:
        return text
    label = r"(?:(?:dnr|d\.nr|diarienr|diarienummer)\.?\s{0,3}:?\s{0,3})?"
    spaced = r"\s{1,2}".join(re.escape(part) for part in number.split())
    pattern = rf"\(?{label}{spaced}\)?"
    return re.sub(pattern, " ", text[: MAX_TITLE * 2], flags=re.IGNORECASE).strip(" -–,")


def _first_run(lines: list[str], number: str | None, backwards: bool = False) -> str | None:
    run: list[str] = []
    for line in lines[:50]:
        text = " ".join(_without(line, number).split())
        if not text or _is_head_noise(text):
            if run:
                break
            continue
        if run and text.endswith("."):
            break  # running text after the title
        run.append(text)
    if backwards:
        run.reverse()
    text = " ".join(run).strip().rstrip(":")
    return text if 0 < len(text) <= MAX_TITLE else None


def _is_head_noise(line: str) -> bool:
    """A diary-number line, a date, a paragraph line: not part of a title."""
    return bool(
        _labelled(line)
        or _bare(line)
        or re.fullmatch(rf"(?:datum:?\s)?{DATE}", line, re.IGNORECASE)
        or PARAGRAPH_LINE.match(line)
    )


_MEETING = re.compile(
    rf"^(?:sammanträdesdatum|sammanträde(?:t|sdag)?(?:\s(?:den|från))?|datum|"
    rf"(?:sammanträdes)?protokoll(?:sutdrag)?(?:\sfrån\ssammanträde(?:t)?)?(?:\sden)?)"
    rf"\s{{0,3}}:?\s{{0,3}}(?P<date>{DATE})",
    re.IGNORECASE,
)


def meeting_dates(header_dates: list[date], sections: list[Section]) -> list[date]:
    """Return the meeting's dates: those of the page headers, then of lines such as
    "Sammanträdesdatum: 2023-05-22" or "Sammanträdet den 22 maj 2023" (distinct, in order).
    A date in the running text (an earlier decision's) is not one."""
    found = list(header_dates)
    for section in sections:
        if section.kind in LISTS:
            continue  # "Protokoll 2020-12-15 § 176" under Beslutsunderlag: another meeting
        for line in section.lines:
            if match := _MEETING.match(line[:80]):
                found += dates_in(match["date"])
    return list(dict.fromkeys(found))


_SUBJECT = re.compile(
    r"^(?P<body>.{2,150}?)\s(?:beslutar|beslöt|beslutade|föreslår|föreslås|föreslog|godkänner|"
    r"antar|fastställer|noterar|avslår|ställer|tillstyrker|lägger|tar|överlämnar|uppdrar|ger|"
    r"yttrar|anser|översänder)\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(r"^(?:nämnden|styrelsen|fullmäktige|utskottet|beredningen)$", re.I)


def body(decision: Section | None, texts: list[str], header_bodies: list[str]) -> str | None:
    """Return the deciding body: the subject of the decision's first sentence ("Regionstyrelsen
    föreslår …"), else the body its heading names ("Regionstyrelsens beslut"), else the one
    under the page header. A bare "Nämnden" gives way to the header's full name."""
    candidates: list[str] = []
    for text in texts:
        match = _SUBJECT.match(text[:200])
        if match and names_a_body(match["body"]) and len(match["body"]) <= 120:
            candidates.append(nominative(match["body"]))
            break
    if decision is not None and decision.body:
        candidates.append(nominative(decision.body))
    candidates += [nominative(name) for name in header_bodies]
    for candidate in candidates:
        if not _GENERIC.match(candidate) or len(candidates) == 1:
            return candidate
    return candidates[0] if candidates else None


def body_kind(name: str | None) -> BodyKind | None:
    """Return the kind of body ``name`` is; None without a name."""
    if not name:
        return None
    folded = name.casefold()
    if any(word in folded for word in JOINT_WORDS):
        return BodyKind.JOINT
    for word, kind in _KINDS:
        if word in folded:
            return kind
    return BodyKind.OTHER


_KINDS = (
    ("arbetsutskott", BodyKind.OTHER),
    ("kommunfullmäktige", BodyKind.KOMMUNFULLMAKTIGE),
    ("kommunstyrelse", BodyKind.KOMMUNSTYRELSEN),
    ("socialnämnd", BodyKind.SOCIALNAMNDEN),
    ("regionfullmäktige", BodyKind.REGIONFULLMAKTIGE),
    ("regionstyrelse", BodyKind.REGIONSTYRELSEN),
    ("hälso- och sjukvårdsnämnd", BodyKind.HALSO_OCH_SJUKVARDSNAMNDEN),
)


MAX_ENTRY = 160  # characters: a longer line under "Beslutsunderlag" is text, not an entry
_WRAPPED = 50  # characters: a line at least this long may have wrapped onto the next


def entries(section: Section, *, split_commas: bool) -> list[str]:
    """Return the entries of a list section, one a line (without bullets), a line that a PDF
    wrapped joined to the one before. Semicolons separate entries on a line; so do commas
    when ``split_commas`` and every part starts with a capital ("Motionären, Region
    Norrbotten", but "Region Västerbotten, hälsocentralerna i Umeå" is one recipient). Stops
    at the first line of running text."""
    found: list[list[str]] = []  # each entry's lines
    previous = ""
    marked = any(MARKER.match(line) for line in section.lines)
    for line in section.lines:
        if not line:
            previous = ""
            continue
        text = strip_marker(line).strip()
        wrapped = marked and not MARKER.match(line)  # a numbered list's unnumbered line
        if found and previous and (wrapped or _continues(previous, text)):
            found[-1].append(text)
        elif len(text) > MAX_ENTRY:
            break
        else:
            found.append([text])
        previous = text
    joined = [" ".join(lines) for lines in found]
    parts = [part.strip() for entry in joined for part in entry.split(";")]
    if split_commas:
        parts = [piece.strip() for part in parts for piece in _comma_list(part)]
    return [part.rstrip(",").strip() for part in parts if part.rstrip(",").strip()]


def _comma_list(text: str) -> list[str]:
    pieces = [piece.strip() for piece in text.split(",")]
    return pieces if all(piece[:1].isupper() for piece in pieces if piece) else [text]


def _continues(previous: str, text: str) -> bool:
    if previous.endswith(("-", "–", ",", " och", " samt")) or text.startswith("§"):
        return True  # "KS 2024-03-04" / "§ 61": no entry starts with a paragraph sign
    return len(previous) >= _WRAPPED and text[:1].islower()
