"""Properties of the parser on generated text: it raises nothing but ProtocolError, and line
endings and surrounding whitespace change nothing."""

from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fardplan.protocols import (
    ProtocolDraft,
    ProtocolError,
    parse_protocol_file,
    parse_protocol_text,
)
from tests.protocols.conftest import texts

# Pieces of real extracts, so that generated text reaches the parser's every step.
PIECES = [
    "§ 17",
    "§ 208 Nära vård",
    "Dnr RS 909-2023",
    "KS/2020:527",
    "Beslut",
    "Regionstyrelsens beslut",
    "Kommunfullmäktige beslutar att",
    "Förslag till beslut",
    "Beslutsunderlag",
    "Protokollsutdrag skickas till:",
    "Protokollsutdrag",
    "Sammanträdesdatum 2021-01-25",
    "Sida 2 (3)",
    "Kommunfullmäktige",
    "1. Anta strategin.",
    "- godkänna planen,",
    "Anna Berg (M) reserverar sig mot beslutet.",
    "Moderaterna (M) och Liberalerna (L) lämnar protokollsanteckning: ”Text.”",
    "Särskilt yttrande",
    "omställ-",
    "ningen",
    "2023–",
    "Exp / 2021",
    "**Bilagor:**",
    "## Ärendet",
    "---",
    "",
]
LINES = st.one_of(st.sampled_from(PIECES), st.text(max_size=40))
TEXTS = st.lists(LINES, max_size=40).map("\n".join)
# Text with LF line ends only, to dress in CRLF (a lone CR is a line end of its own).
LF_TEXTS = TEXTS.map(lambda text: text.replace("\r", ""))


def parsed(text: str) -> ProtocolDraft | str:
    """The draft, or the refusal's code."""
    try:
        return parse_protocol_text(text)
    except ProtocolError as error:
        return error.code


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_parser_raises_nothing_but_a_protocol_error(text: str) -> None:
    parsed(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        parse_protocol_file(data)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=500), st.sampled_from(["x.pdf", "x.txt", ""]))
def test_bytes_behind_a_pdf_header_are_read_or_refused(data: bytes, name: str) -> None:
    with contextlib.suppress(ProtocolError):
        parse_protocol_file(b"%PDF-1.4\n" + data + b"\n%%EOF", filename=name)


def _dressed(text: str, before: str, after: str) -> str:
    return before + text.replace("\n", "\r\n") + after


WHITESPACE = st.text(alphabet=" \t\n\r\u00a0", max_size=5)


@settings(max_examples=200, deadline=None)
@given(LF_TEXTS, WHITESPACE, WHITESPACE)
def test_crlf_and_surrounding_whitespace_change_nothing(text: str, before: str, after: str) -> None:
    assert parsed(_dressed(text, before, after)) == parsed(text)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(texts()), WHITESPACE, WHITESPACE)
def test_an_extract_with_crlf_and_whitespace_around_gives_the_same_draft(
    path: Path, before: str, after: str
) -> None:
    text = path.read_text(encoding="utf-8")
    assert parsed(_dressed(text, before, after)) == parsed(text)
