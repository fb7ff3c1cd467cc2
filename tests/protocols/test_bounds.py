"""Hostile text costs a linear scan: a million characters on one line (or 20 000 lines) of
what the parser's patterns look for is parsed or refused within a couple of seconds."""

from __future__ import annotations

import time

import pytest

from fardplan.protocols import ProtocolError, parse_protocol_file
from fardplan.protocols.bounds import MAX_LINES, MAX_TEXT_BYTES

# Each takes about a second alone; a backtracking regex would take minutes. The bound is
# wide so that a loaded machine (two cores shared with other jobs) cannot fail it.
SECONDS = 15.0

ONE_LINE = [
    "a",
    "a-",
    "§ 1 ",
    "(M) ",
    "Dnr ",
    "1. ",
    "Beslut ",
    "Hälso- och ",
    'X (M) lämnar protokollsanteckning: "',
    "Sammanträdesdatum 2021-01-25 ",
    "KS/2020:527 ",
    ",",
    "*",
    "#",
]
MANY_LINES = [
    "ab-\n",
    "2023–\n",
    "§ 1\n\n§ 2\n\nBeslut\n\n",
    "Kommunstyrelsen beslutar att\n",
    "- a,\n",
    "Protokollsutdrag\n",
    "Region Ab\n\n",
    'X (M) lämnar protokollsanteckning:\n\n"a\n\n',
    "Bilagor\n",
]


def filled(unit: str, lines: int) -> bytes:
    """``unit`` repeated to at most ``lines`` lines and :data:`MAX_TEXT_BYTES` bytes."""
    times = MAX_TEXT_BYTES // len(unit.encode())
    if "\n" in unit:
        times = min(times, lines // unit.count("\n"))
    return (unit * times).encode()


def parse_timed(data: bytes) -> float:
    started = time.perf_counter()
    try:
        parse_protocol_file(data)
    except ProtocolError as error:
        assert error.code in {"not_a_protocol", "empty"}
    return time.perf_counter() - started


@pytest.mark.parametrize("unit", ONE_LINE)
def test_a_million_characters_on_one_line_finish_quickly(unit: str) -> None:
    data = filled(unit, 1)
    assert len(data) > MAX_TEXT_BYTES - 50 and data.count(b"\n") == 0
    assert parse_timed(data) < SECONDS


@pytest.mark.parametrize("unit", MANY_LINES)
def test_the_most_lines_allowed_finish_quickly(unit: str) -> None:
    data = filled(unit, MAX_LINES - 1)
    assert parse_timed(data) < SECONDS
