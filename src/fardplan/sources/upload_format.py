"""The upload template of aggregate values: its columns, limits, problems and the CSV reader.

A region or county uploads values it holds in its own systems for the indicators the catalogue
marks ``kind: imported``. The file is a CSV (UTF-8 or Windows-1252, separated by ``;``, ``,``
or tab) or an .xlsx read by the web app's bounded reader; either way the rows reach
:func:`fardplan.sources.upload.validate` as ``(row number, values)`` pairs, row 1 the headings.
Headings are Swedish; the English ones are accepted too.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from typing import Any

Row = tuple[int, tuple[Any, ...]]  # (row number counting from 1, the row's values)


@dataclass(frozen=True)
class Column:
    key: str
    sv: str
    en: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("indicator", "indikator", "indicator", True),
    Column("period", "period", "period", True),
    Column("area", "område", "area", True),
    Column("sex", "kön", "sex", False),
    Column("age_group", "åldersgrupp", "age group", False),
    Column("numerator", "täljare", "numerator", False),
    Column("denominator", "nämnare", "denominator", False),
    Column("value", "värde", "value", False),
    Column("note", "anteckning", "note", False),
)
COLUMN_BY_HEADING = {heading: c for c in COLUMNS for heading in (c.sv, c.en, c.key)}


@dataclass(frozen=True)
class Limits:
    """What one upload may hold. A county's 5 imported indicators by month for its
    municipalities, both sexes and the total, for three years are about 6 000 rows."""

    bytes: int = 2 * 1024 * 1024
    rows: int = 10_000
    columns: int = 20  # the template has 9; a few of the user's own are reported, not read
    cell_chars: int = 500
    seconds: float = 30.0


LIMITS = Limits()
QUOTED = 60  # at most this many characters of a value are quoted in a problem


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, worded in English and Swedish. ``row`` counts from 1
    (the headings); ``column`` is the heading as the template names it; ``value`` the
    cell's text, cut to :data:`QUOTED` characters. Row and column are None for the file."""

    en: str
    sv: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def text(self, language: str) -> str:
        return self.sv if language == "sv" else self.en


class UploadRefused(Exception):
    """The file as a whole cannot be read (too big, not text, broken); holds one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.en)
        self.problem = problem


def quoted(value: Any) -> str:
    """Return ``value`` as text of at most :data:`QUOTED` characters (… marks a cut)."""
    text = "" if value is None else str(value)
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def check_size(content: bytes, limits: Limits = LIMITS) -> None:
    if not content.strip():
        raise UploadRefused(Problem("The file is empty.", "Filen är tom."))
    if len(content) > limits.bytes:
        mb = limits.bytes / 2**20
        raise UploadRefused(
            Problem(
                f"The file is {len(content) / 2**20:.1f} MB; at most {mb:.0f} MB is allowed.",
                f"Filen är {len(content) / 2**20:.1f} MB; högst {mb:.0f} MB är tillåtet.",
            )
        )


def _decode(content: bytes) -> str:
    # Excel writes CSV as UTF-8 (with a byte order mark) or, in Swedish, as Windows-1252.
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\ufffd" in text or "\x00" in text:
        raise UploadRefused(
            Problem(
                "The file is not a text file (CSV) in UTF-8 or Windows-1252.",
                "Filen är ingen textfil (CSV) i UTF-8 eller Windows-1252.",
            )
        )
    return text


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"


def read_csv(content: bytes, limits: Limits = LIMITS) -> list[Row]:
    """Return the filled rows of a CSV upload. Raises :class:`UploadRefused` for an empty,
    too large or undecodable file, more than ``limits.rows`` rows below the headings, or a
    read that takes longer than ``limits.seconds``."""
    check_size(content, limits)
    text = _decode(content)
    if "\x00" in text:
        raise UploadRefused(Problem("The file holds NUL characters.", "Filen har NUL-tecken."))
    deadline = time.monotonic() + limits.seconds
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n")[0]))
    rows: list[Row] = []
    try:
        for values in reader:
            number = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(rows) > limits.rows:
                raise UploadRefused(too_many_rows(limits))
            if number % 1000 == 0 and time.monotonic() > deadline:
                raise UploadRefused(too_slow(limits))
            rows.append((number, tuple(values[: limits.columns])))
    except csv.Error as error:
        raise UploadRefused(
            Problem(
                f"The CSV cannot be read at line {reader.line_num}: {error}.",
                f"CSV-filen kan inte läsas på rad {reader.line_num}: {error}.",
                row=reader.line_num,
            )
        ) from None
    return rows


def too_many_rows(limits: Limits = LIMITS) -> Problem:
    return Problem(
        f"The file has more than {limits.rows} rows of values.",
        f"Filen har fler än {limits.rows} rader med värden.",
    )


def too_slow(limits: Limits = LIMITS) -> Problem:
    return Problem(
        f"Reading the file took longer than {limits.seconds:.0f} seconds; it was stopped.",
        f"Att läsa filen tog längre än {limits.seconds:.0f} sekunder; läsningen avbröts.",
    )


def template_csv(language: str = "sv") -> bytes:
    """Return the template as CSV: the headings (``;``-separated, UTF-8 with a byte order
    mark so that Excel reads å, ä and ö) and no rows."""
    headings = [c.sv if language == "sv" else c.en for c in COLUMNS]
    return ("\ufeff" + ";".join(headings) + "\r\n").encode("utf-8")


__all__ = [
    "COLUMNS",
    "LIMITS",
    "Column",
    "Limits",
    "Problem",
    "Row",
    "UploadRefused",
    "read_csv",
    "template_csv",
]
