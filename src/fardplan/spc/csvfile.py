"""Read a series from a CSV file for ``fardplan spc``, refusing bad input by line and column.

Columns: ``period,value`` for run and I charts, ``period,numerator,denominator`` for p, u,
p′ and u′ (other columns are ignored). Comma-separated with a decimal point, or, as a Swedish
spreadsheet saves it, semicolon-separated with a decimal comma. An empty cell or ``..`` (a
suppressed cell) is a gap. The order of the rows is the order of the chart.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from fardplan.engine.errors import Language
from fardplan.spc.model import Chart, Point

MAX_ROWS = 10_000  # a monthly series of 800 years; a bigger file is a mistake, not a series
MAX_BYTES = 2_000_000
MAX_PERIOD = 40  # characters
SHOWN = 30  # characters of a bad value quoted back
GAP = frozenset({"", ".."})


class SeriesFileError(ValueError):
    """A series file the command cannot chart: where (line, column) and why, in English (the
    message) and Swedish (``describe("sv")``). ``line`` 1 is the header."""

    def __init__(
        self, path: Path, english: str, swedish: str, line: int | None = None, column: str = ""
    ) -> None:
        self.path, self.line, self.column = path, line, column
        self.english, self.swedish = english, swedish
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        words = {"en": ("line", "column"), "sv": ("rad", "kolumn")}[language]
        where = str(self.path)
        if self.line is not None:
            where += f", {words[0]} {self.line}"
        if self.column:
            where += f", {words[1]} {self.column}"
        return f"{where}: {self.swedish if language == 'sv' else self.english}"


def columns_for(chart: Chart) -> tuple[str, ...]:
    """Return the columns a series file for ``chart`` needs."""
    return ("period", "numerator", "denominator") if chart.uses_counts else ("period", "value")


def read_series(path: Path, chart: Chart) -> list[Point]:
    """Return the points of the series in ``path`` for ``chart``; raise ``SeriesFileError``
    naming line and column for a missing column, a value that is not a finite number, a
    negative count, a denominator of 0 (or below the numerator on a p chart), a repeated or
    empty period, fewer than two points with a value, or a file too big."""
    text = _text(path)
    delimiter = ";" if ";" in text.partition("\n")[0] else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    for name in columns_for(chart):
        if name not in header:
            raise SeriesFileError(
                path, f"missing column {name!r}", f"kolumnen {name!r} saknas", 1, name
            )
    points: list[Point] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(points) >= MAX_ROWS:
            raise SeriesFileError(
                path,
                f"more than {MAX_ROWS} rows",
                f"fler än {MAX_ROWS} rader",
                line,
            )
        cells = {name: row[i].strip() if i < len(row) else "" for i, name in enumerate(header)}
        point = _point(path, line, cells, chart, delimiter == ";")
        if point.period in seen:
            raise SeriesFileError(
                path,
                f"period {_shown(point.period)} occurs twice",
                f"perioden {_shown(point.period)} förekommer två gånger",
                line,
                "period",
            )
        seen.add(point.period)
        points.append(point)
    if sum(point.value is not None for point in points) < 2:
        raise SeriesFileError(
            path,
            "a chart needs at least 2 points with a value",
            "ett diagram behöver minst 2 punkter med värde",
        )
    return points


def _text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SeriesFileError(
                path,
                f"the file has {size} bytes, more than {MAX_BYTES}",
                f"filen har {size} byte, mer än {MAX_BYTES}",
            )
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SeriesFileError(
            path, f"cannot be read ({reason})", f"kan inte läsas ({reason})"
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SeriesFileError(path, "is not UTF-8 text", "är inte UTF-8-text", line) from None


def _point(path: Path, line: int, cells: dict[str, str], chart: Chart, comma: bool) -> Point:
    period = cells["period"]
    if not period or len(period) > MAX_PERIOD or not period.isprintable():
        raise SeriesFileError(
            path,
            f"a period of 1–{MAX_PERIOD} printable characters is needed, got {_shown(period)}",
            f"en period på 1–{MAX_PERIOD} skrivbara tecken behövs, fick {_shown(period)}",
            line,
            "period",
        )
    if not chart.uses_counts:
        return Point(period, _number(path, line, "value", cells["value"], comma))
    numerator = _number(path, line, "numerator", cells["numerator"], comma)
    denominator = _number(path, line, "denominator", cells["denominator"], comma)
    _check_counts(path, line, chart, numerator, denominator)
    if numerator is None or denominator is None:
        return Point(period, None, numerator, denominator)
    return Point(period, numerator / denominator, numerator, denominator)


def _number(path: Path, line: int, column: str, text: str, comma: bool) -> float | None:
    if text in GAP:
        return None
    try:
        value = float(text.replace(",", ".") if comma else text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or "_" in text:
        raise SeriesFileError(
            path,
            f"not a number: {_shown(text)}",
            f"inte ett tal: {_shown(text)}",
            line,
            column,
        )
    return value


def _check_counts(
    path: Path, line: int, chart: Chart, numerator: float | None, denominator: float | None
) -> None:
    if numerator is not None and numerator < 0:
        raise SeriesFileError(
            path, "the numerator is negative", "täljaren är negativ", line, "numerator"
        )
    if denominator is not None and denominator <= 0:
        raise SeriesFileError(
            path,
            f"the denominator must be above 0, got {denominator:g}",
            f"nämnaren måste vara större än 0, fick {denominator:g}",
            line,
            "denominator",
        )
    too_big = numerator is not None and denominator is not None and numerator > denominator
    if chart.is_proportion and too_big:
        raise SeriesFileError(
            path,
            f"a proportion's numerator ({numerator:g}) exceeds its denominator ({denominator:g})",
            f"andelens täljare ({numerator:g}) är större än nämnaren ({denominator:g})",
            line,
            "numerator",
        )


def _shown(text: str) -> str:
    """Return ``text`` quoted, cut to ``SHOWN`` characters."""
    return repr(text if len(text) <= SHOWN else text[:SHOWN] + "…")
