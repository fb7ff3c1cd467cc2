"""Reservations, särskilda yttranden and protokollsanteckningar: who (parties and members) and
what (the text, without its quotes).

A statement stands under its own heading ("Särskilt yttrande") or in the running text of
another section ("Robert Thunfors (T) och Björn Hellquist (L) lämnar protokollsanteckning: …",
"Mot beslutet reserverar sig Anna Berg (M)"). In running text it counts only when it names a
party or a member, so that a sentence about reservations in general is not one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from fardplan.protocols.draft import Statement, StatementKind
from fardplan.protocols.patterns import (
    PARTIES,
    PARTY_ABBREVIATIONS,
    PARTY_IN_PARENTHESES,
    words,
)
from fardplan.protocols.sections import Paragraph, Section, SectionKind, paragraphs

_NOUN = r"(?P<noun>protokollsanteckning(?:ar)?|särskil(?:t|da)\s{1,3}yttranden?|reservation(?:er)?)"
_INTRO = re.compile(
    r"\b(?:(?:lämnar|lämnade|anmäler|anmälde|avger|avgav|inlämnar|lägger|får\s{1,3}lämna"
    r"|låter\s{1,3}anteckna|vill\s{1,3}(?:lämna|anteckna)|inkommer\s{1,3}med|inkom\s{1,3}med)"
    rf"\b[^:;.]{{0,40}}?\b{_NOUN}|(?P<verb>reserver(?:ar|ade)\s{{1,3}}sig))",
    re.IGNORECASE,
)
_FROM = re.compile(rf"^{_NOUN}\s{{1,3}}(?:från|av)\s{{1,3}}(?P<who>[^:;]{{1,200}})[:;]", re.I)
_WHO_COLON = re.compile(r"^(?P<who>[^:;]{1,200})[:;]")
_LOOK = 400  # characters of a paragraph searched for its introduction
_QUOTES = "\"“”„«»'’"

SECTION_KINDS = {
    SectionKind.RESERVATION: StatementKind.RESERVATION,
    SectionKind.SPECIAL_STATEMENT: StatementKind.SARSKILT_YTTRANDE,
    SectionKind.RECORD_NOTE: StatementKind.PROTOKOLLSANTECKNING,
}


class _Intro(NamedTuple):
    kind: StatementKind | None  # None: the kind of the section it stands in
    parties: list[str]
    members: list[str]
    text: str  # what follows the introduction; "" when the statement follows it


def take_statements(section: Section) -> tuple[list[Statement], list[Paragraph]]:
    """Return the statements in ``section`` and its other paragraphs, in order."""
    own_kind = SECTION_KINDS.get(section.kind)
    found: list[tuple[Statement, list[str]]] = []  # each statement and its text's paragraphs
    others: list[Paragraph] = []
    reading = False  # whether the last statement's text may go on into the next paragraph
    for paragraph in paragraphs(section.lines, starts=_opens_statement):
        intro = _intro(paragraph.text, own_kind is not None)
        kind = (intro.kind or own_kind) if intro is not None else None
        reading = reading or own_kind is not None
        if intro is not None and kind is not None:
            statement = Statement(kind=kind, parties=intro.parties, members=intro.members)
            found.append((statement, [intro.text] if intro.text else []))
        elif found and reading and _continues(found[-1][1], paragraph, own_kind is not None):
            found[-1][1].append(paragraph.text)
        elif own_kind is not None:
            parties, members = _who(paragraph.text[:_LOOK])
            statement = Statement(kind=own_kind, parties=parties, members=members)
            found.append((statement, [paragraph.text]))
        else:
            others.append(paragraph)
            reading = False
            continue
        reading = True
    statements = [
        statement.model_copy(update={"text": _unquoted("\n\n".join(text))})
        for statement, text in found
    ]
    return statements, others


def _continues(text: list[str], paragraph: Paragraph, in_own_section: bool) -> bool:
    """In running text a statement goes on only into the paragraph after its colon, and on
    while a quotation is open; under its own heading, to the next statement."""
    if in_own_section:
        return True
    if paragraph.marker:
        return False
    return not text or (text[0][:1] in _QUOTES and text[-1].rstrip()[-1:] not in _QUOTES)


def _opens_statement(text: str) -> bool:
    """True when ``text`` begins with who makes a statement ("Per-Arne Frisk (S) lämnar …")."""
    match = _INTRO.search(text[:_LOOK])
    return match is not None and match.start() <= 200 and _intro(text, False) is not None


def _intro(text: str, in_own_section: bool) -> _Intro | None:
    head = text[:_LOOK]
    if match := _FROM.match(head):
        parties, members = _who(match["who"])
        return _Intro(_kind(match["noun"]), parties, members, text[match.end() :].strip())
    if match := _INTRO.search(head):
        who = head[: match.start()]
        parties, members = _who(who)
        if not parties and not members:  # "Mot beslutet reserverar sig Anna Berg (M)"
            parties, members = _who(re.split(r"\.|\still\sförmån", head[match.end() :])[0])
        if not parties and not members and not in_own_section:
            return None
        kind = _kind(match["noun"] or match["verb"])
        rest = text[match.end() :]
        colon = re.match(r"^[^:;.]{0,40}[:;]", rest)
        said = rest[colon.end() :].strip() if colon else text
        return _Intro(kind, parties, members, said)
    if in_own_section and (match := _WHO_COLON.match(head)):
        parties, members = _who(match["who"])
        if parties or members:
            return _Intro(None, parties, members, text[match.end() :].strip())
    return None


def _kind(word: str) -> StatementKind:
    folded = word.lower()
    if folded.startswith("protokollsanteckning"):
        return StatementKind.PROTOKOLLSANTECKNING
    if folded.startswith("särskil"):
        return StatementKind.SARSKILT_YTTRANDE
    return StatementKind.RESERVATION


_PARTY_NAMES = re.compile(rf"\b({'|'.join(PARTIES)})s?\b", re.IGNORECASE)
_BARE_PARTY = re.compile(rf"\b({'|'.join(sorted(PARTY_ABBREVIATIONS, key=len, reverse=True))})\b")
_NOT_A_NAME = words(
    "ledamoten ledamöterna ledamot ersättaren ersättarna ordföranden ordförande vice mot "
    "även dessutom och samt för från av i till gruppledare företrädare representanter"
)
_PARTICLES = frozenset({"von", "af", "de", "van", "der", "la", "el", "di"})


def _who(text: str) -> tuple[list[str], list[str]]:
    """Return the parties (abbreviations) and members named in ``text``, in order."""
    found: list[tuple[int, str]] = []
    members: list[str] = []
    for match in PARTY_IN_PARENTHESES.finditer(text):
        found.append((match.start(), match[1]))
        if name := _name_before(text[: match.start()]):
            members.append(name)
    for match in _PARTY_NAMES.finditer(text):
        found.append((match.start(), PARTIES[match[1].lower()]))
    if not found:
        found = [(match.start(), match[1]) for match in _BARE_PARTY.finditer(text)]
    parties = [party for _, party in sorted(found)]
    return list(dict.fromkeys(parties)), list(dict.fromkeys(members))


def _name_before(text: str) -> str | None:
    """The member's name just before a party's parentheses: two to four capitalised words."""
    words: list[str] = []
    for word in reversed(text.split()[-5:]):
        if word.lower() in _PARTICLES and words:
            words.insert(0, word)
            continue
        if not word[:1].isupper() or word.lower().strip(",") in _NOT_A_NAME:
            break
        if word.endswith(","):
            break
        words.insert(0, word)
        if len(words) == 4:
            break
    capitalised = [word for word in words if word.lower() not in _PARTICLES]
    if len(capitalised) < 2 or any(_is_party_name(word) for word in capitalised):
        return None
    return " ".join(words)


def _is_party_name(word: str) -> bool:
    folded = word.lower().rstrip("s")
    return folded in PARTIES or folded.endswith("partiet") or folded.endswith("erna")


def _unquoted(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    if len(text) >= 3 and text[0] in _QUOTES and text[-2] in _QUOTES and text[-1] in ".!":
        return text[1:-2].strip()  # "…". with the full stop outside the quote
    return text
