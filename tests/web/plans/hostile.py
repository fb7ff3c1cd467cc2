"""Hostile and damaged .xlsx files, made by rewriting the parts of a real workbook, and a
time limit that turns a hang into a failure."""

from __future__ import annotations

import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from types import FrameType

# The parts openpyxl writes for the template, in sheet order.
PLAN_PART, ACTIVITY_PART = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def replaced(content: bytes, name: str, data: bytes | None) -> bytes:
    """Return the workbook with part ``name`` replaced by ``data`` (removed when None)."""
    members = parts(content)
    if data is None:
        del members[name]
    else:
        members[name] = data
    return rezip(members)


def sheet(dimension: str, rows: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_cell(content: bytes) -> bytes:
    """The issue's file: the activity sheet declares ``A1:XFD1048576`` around a header and one
    cell at row 1 048 576 (a few KB; openpyxl pads to 17 billion cells)."""
    rows = (
        f'<row r="1">{inline("A1", "Nr")}</row><row r="1048576">{inline("XFD1048576", "x")}</row>'
    )
    return replaced(content, ACTIVITY_PART, sheet("A1:XFD1048576", rows))


def zip_bomb(content: bytes, megabytes: int = 300) -> bytes:
    """A worksheet part that inflates to ``megabytes`` MB of spaces (about 0.3 MB packed)."""
    padding = b" " * (megabytes * 2**20)
    return replaced(
        content, PLAN_PART, sheet("A1", "").replace(b"<sheetData>", padding + b"<sheetData>")
    )


def many_cells(content: bytes, count: int) -> bytes:
    """One row holding ``count`` empty styled cells: tiny packed, a huge list for openpyxl."""
    cells = "".join(f'<c r="A{row}" s="0"/>' for row in range(1, 2)) + '<c s="0"/>' * count
    return replaced(content, ACTIVITY_PART, sheet("A1", f'<row r="1">{cells}</row>'))


def entity_bomb(content: bytes) -> bytes:
    """A worksheet with a DTD whose entities nest ten levels deep (the billion laughs)."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{inline("A1", "&a9;")}</row>'
        "</sheetData></worksheet>"
    ).encode()
    return replaced(content, ACTIVITY_PART, data)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``TimeoutError`` in the block after ``seconds`` (so a hang fails the test)."""

    def expire(_signal: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous: Callable[..., object] | int | None = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
