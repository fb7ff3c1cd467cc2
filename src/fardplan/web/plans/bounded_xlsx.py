"""Read the rows of an uploaded .xlsx at a cost that follows what the file really holds.

An .xlsx is a zip of XML parts, and every number in it is the author's claim: a sheet may
declare ``A1:XFD1048576`` around one cell (openpyxl would pad every row to 16 384 columns and
fill a million empty rows), a 100 KB member may inflate to gigabytes, and a part may carry a
DTD with nested entities. So, before openpyxl sees the file:

- the zip may hold at most :data:`LIMITS.members` parts and :data:`LIMITS.uncompressed_bytes`
  when inflated (Python's zipfile stops at the declared size, so the declared size binds);
- every XML part is streamed once through expat: it must be well-formed, carry no DTD, and the
  parts together may hold at most :data:`LIMITS.cells` cells (a worksheet may sit anywhere);

and while reading, the declared dimension is dropped (rows are read as they come, each cut to
the columns the format uses), at most ``max_rows`` filled rows are kept per sheet, and the
whole read stops after :data:`LIMITS.seconds`. Anything over a limit, or any part openpyxl
cannot read, raises :class:`WorkbookRefused` with a message for the user, never a 500.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.parsers import expat
from zipfile import BadZipFile, ZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

Row = tuple[int, tuple[Any, ...]]  # (row number counting from 1, values of the used columns)


@dataclass(frozen=True)
class Limits:
    members: int = 200
    uncompressed_bytes: int = 40 * 1024 * 1024
    cells: int = 250_000
    seconds: float = 60.0


# A plan file at the row limit (5 000 activities with long texts) inflates to about 6 MB and
# holds about 80 000 cells (docs/benchmarks.md); the limits leave room for Excel's own parts.
LIMITS = Limits()

# What openpyxl and zipfile raise on hostile or damaged internals (a missing part, broken XML,
# a number where a date should be, an unsupported compression, an encrypted member, …).
_DAMAGED = (
    BadZipFile, zlib.error, EOFError, OSError, LookupError, ValueError, TypeError,
    AttributeError, ArithmeticError, NotImplementedError, SyntaxError, RuntimeError,
    expat.ExpatError,
)  # fmt: skip
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 64 * 1024


class WorkbookRefused(Exception):
    """The file cannot be read or is over a limit; ``str()`` is the message for the user."""


class TooManyRows(WorkbookRefused):
    """A sheet has more filled rows (below its header) than its shape allows."""

    def __init__(self, sheet: str, limit: int) -> None:
        super().__init__(
            _("The sheet %(sheet)s has more than %(limit)d filled rows.")
            % {"sheet": sheet, "limit": limit}
        )
        self.sheet, self.limit = sheet, limit


def _damaged() -> WorkbookRefused:
    return WorkbookRefused(_("The file is not an Excel workbook (.xlsx), or it is damaged."))


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise WorkbookRefused(
                _("Reading the file took longer than %(seconds)d seconds; it was stopped.")
                % {"seconds": self.seconds}
            )


def _check_archive(archive: ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise WorkbookRefused(
            _("The file holds %(count)d parts; an Excel workbook of a plan has far fewer.")
            % {"count": len(members)}
        )
    inflated = sum(member.file_size for member in members)
    if inflated > limits.uncompressed_bytes:
        raise WorkbookRefused(
            _("The file unpacks to %(size)d MB; at most %(limit)d MB is allowed.")
            % {"size": inflated // 2**20, "limit": limits.uncompressed_bytes // 2**20}
        )


class _CellCounter:
    """Counts ``<c>`` (cell) elements across all parts and refuses a DTD in any part. Every
    part is counted, since the workbook may place a worksheet under any name."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.cells = limits, 0

    def parser(self) -> Any:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._refuse_dtd
        parser.StartElementHandler = self._count
        return parser

    def _refuse_dtd(self, *_args: object) -> None:
        raise WorkbookRefused(_("The file contains an XML document type (DTD), which is refused."))

    def _count(self, name: str, _attributes: object) -> None:
        if name == "c" or name.endswith(" c"):  # the local name, in any namespace
            self.cells += 1
            if self.cells > self.limits.cells:
                raise WorkbookRefused(
                    _("The file holds more than %(limit)d cells.") % {"limit": self.limits.cells}
                )


def _scan_parts(archive: ZipFile, limits: Limits, clock: _Clock) -> None:
    counter = _CellCounter(limits)
    for member in archive.infolist():
        if not member.filename.endswith(_XML_SUFFIXES):
            continue
        parser = counter.parser()
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                clock.check()
        parser.Parse(b"", True)


def _is_empty(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _sheet_rows(sheet: Any, width: int, max_rows: int, clock: _Clock) -> list[Row]:
    """Return the filled rows of the sheet, each cut to ``width`` columns; refuse more than
    ``max_rows`` of them below the first. Gaps between rows cost one empty tuple each, and
    the clock is checked as they pass."""
    sheet.reset_dimensions()  # the declared size is the author's claim, not what is there
    rows: list[Row] = []
    for number, values in enumerate(sheet.iter_rows(max_col=width, values_only=True), start=1):
        if number % 1000 == 0:
            clock.check()
        if _is_empty(values):
            continue
        below_header = len(rows) - (bool(rows) and rows[0][0] == 1)
        if number > 1 and below_header == max_rows:
            raise TooManyRows(sheet.title, max_rows)
        rows.append((number, values))
    return rows


@dataclass(frozen=True)
class SheetShape:
    """What the importer reads of one sheet: its first ``width`` columns and at most
    ``max_rows`` filled rows below the header row."""

    width: int
    max_rows: int


def read_sheets(
    content: bytes, shapes: dict[str, SheetShape], limits: Limits = LIMITS
) -> dict[str, list[Row]]:
    """Return the filled rows of each sheet named in ``shapes`` (a missing sheet is left out)
    as ``(row number, values)`` pairs; values are as openpyxl reads them (cached results of
    formulas, dates as datetimes). Raises :class:`WorkbookRefused` for a damaged file or one
    over ``limits`` or a shape's ``max_rows``."""
    clock = _Clock(limits.seconds)
    try:
        with ZipFile(BytesIO(content)) as archive:
            _check_archive(archive, limits)
            _scan_parts(archive, limits, clock)
        return dict(_read(content, shapes, clock))
    except WorkbookRefused:
        raise
    except _DAMAGED:
        raise _damaged() from None


def read_first_sheet(content: bytes, shape: SheetShape, limits: Limits = LIMITS) -> list[Row]:
    """Return the filled rows of the workbook's first sheet, whatever its name (an upload
    made in the user's own workbook calls it Blad1 or Sheet1), as :func:`read_sheets` does."""
    found = read_sheets(content, {FIRST_SHEET: shape}, limits)
    return found.get(FIRST_SHEET, [])


FIRST_SHEET = ""  # a shape under this name reads the first sheet


def _read(
    content: bytes, shapes: dict[str, SheetShape], clock: _Clock
) -> Iterator[tuple[str, list[Row]]]:
    book = load_workbook(BytesIO(content), read_only=True, data_only=True, keep_links=False)
    try:
        for name, shape in shapes.items():
            if name == FIRST_SHEET and book.sheetnames:
                sheet = book[book.sheetnames[0]]
                yield name, _sheet_rows(sheet, shape.width, shape.max_rows, clock)
            elif name in book.sheetnames:
                yield name, _sheet_rows(book[name], shape.width, shape.max_rows, clock)
    finally:
        book.close()
