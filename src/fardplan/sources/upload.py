"""Validate an upload of aggregate values, row by row, into values ready to store.

Every problem is collected (row, column, the value quoted, in English and Swedish), never just
the first: the uploader fixes the file once. Values come only when there is no problem at all.

What a row must be:
- ``indikator``: an indicator the catalogue marks ``kind: imported``, by its id
  (``kolada_u70447``) or Kolada id (``U70447``); a computed one is refused with the reason;
- ``period``: a year (``2024``) or a month (``2024-03``) as the indicator is published;
- ``område``: a municipality of the county (``2580``) or its region (``0025``), by code or name;
- ``kön``: ``K``, ``M`` or ``T`` (empty: ``T``); ``åldersgrupp``: ``all`` or one of the
  indicator's bands (``65-79``; empty: ``all``);
- ``täljare`` and ``nämnare``: whole numbers ≥ 0, the numerator at most the denominator;
- ``värde``: a number ≥ 0 (decimal comma or point), or ``..`` for a value the source withheld;
  needed unless both counts are given and the indicator is a share (then computed); when all
  three are given for a share, the value must be the numerator's per cent of the denominator;
- one row per indicator, period, area, sex and age group.

A count of 1–4 (or a share's complement of 1–4) would identify persons: the row is kept as
withheld (suppressed) without its numbers, by the engine's rule (:data:`SMALL`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fardplan.catalogue import Catalogue, Indicator, load_catalogue
from fardplan.content import free_text
from fardplan.content.free_text import Problem as FreeTextProblem
from fardplan.engine.cells import bands
from fardplan.engine.suppression import SMALL
from fardplan.sources.upload_format import (
    COLUMN_BY_HEADING,
    COLUMNS,
    LIMITS,
    Column,
    Limits,
    Problem,
    Row,
    quoted,
)

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_SEXES = {"k": "K", "kvinnor": "K", "women": "K", "m": "M", "män": "M", "men": "M",
          "t": "T", "totalt": "T", "total": "T", "": "T"}  # fmt: skip
_ALL_AGES = {"", "all", "alla", "totalt", "total"}
_WITHHELD = ".."


@dataclass(frozen=True)
class UploadedValue:
    """One valid row: the engine's keys, the numbers, and whether it is withheld."""

    row: int
    indicator_id: str
    period: str
    area_code: str
    sex: str
    age_group: str
    numerator: float | None
    denominator: float | None
    value: float | None
    suppressed: bool
    note: str | None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.indicator_id, self.period, self.area_code, self.sex, self.age_group)


@dataclass(frozen=True)
class Checked:
    """The outcome: ``values`` when ``problems`` is empty, else no values."""

    values: tuple[UploadedValue, ...]
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class County:
    """Where an upload may place values: the county's code and its areas (code → name)."""

    code: str
    areas: Mapping[str, str]


def uploadable(catalogue: Catalogue | None = None) -> tuple[Indicator, ...]:
    """Return the indicators an upload may hold: those the catalogue marks imported."""
    catalogue = catalogue or load_catalogue()
    return tuple(i for i in catalogue.indicators if i.kind == "imported")


def share_scale(indicator: Indicator) -> float | None:
    """Return 100 for an indicator whose value is a per cent share of its counts, else None
    (a rate that the source may standardise: its value cannot be checked from the counts)."""
    return 100.0 if indicator.unit.en == "per cent" else None


def validate(
    rows: list[Row],
    county: County,
    catalogue: Catalogue | None = None,
    limits: Limits = LIMITS,
) -> Checked:
    """Check the rows of an upload (row 1 the headings) for ``county``; see the module."""
    catalogue = catalogue or load_catalogue()
    if not rows:
        return Checked((), (Problem("The file is empty.", "Filen är tom."),))
    header_row, headings = rows[0]
    positions, problems = _headings(header_row, headings)
    body = rows[1:]
    if not body and not problems:
        problems.append(
            Problem(
                "The file has headings but no rows of values.",
                "Filen har rubriker men inga rader med värden.",
            )
        )
    if len(body) > limits.rows:
        problems.append(
            Problem(
                f"The file has more than {limits.rows} rows of values.",
                f"Filen har fler än {limits.rows} rader med värden.",
            )
        )
    if any(p.column is not None and p.row == header_row for p in problems if p.value is None):
        return Checked((), tuple(problems))  # a required column is missing: rows say nothing
    checker = _RowChecker(county, catalogue, limits)
    values = []
    for number, cells in body:
        found = checker.check(number, {key: _cell(cells, i) for key, i in positions.items()})
        if found is not None:
            values.append(found)
    problems.extend(checker.problems)
    if problems:
        return Checked((), tuple(problems))
    return Checked(tuple(values), ())


def _cell(cells: tuple[Any, ...], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _headings(row: int, headings: tuple[Any, ...]) -> tuple[dict[str, int], list[Problem]]:
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(headings):
        heading = "" if raw is None else str(raw).strip()
        if not heading:
            continue
        column = COLUMN_BY_HEADING.get(heading.lower())
        if column is None:
            names = ", ".join(c.sv for c in COLUMNS)
            problems.append(
                Problem(
                    f"Unknown column heading; the template's headings are: {names}.",
                    f"Okänd kolumnrubrik; mallens rubriker är: {names}.",
                    row=row,
                    column=quoted(heading),
                    value=quoted(heading),
                )
            )
        elif column.key in positions:
            problems.append(
                Problem(
                    "The column appears twice.",
                    "Kolumnen finns två gånger.",
                    row=row,
                    column=column.sv,
                    value=quoted(heading),
                )
            )
        else:
            positions[column.key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            problems.append(
                Problem(
                    f"The column {column.sv} ({column.en}) is missing.",
                    f"Kolumnen {column.sv} saknas.",
                    row=row,
                    column=column.sv,
                )
            )
    if "value" not in positions and not {"numerator", "denominator"} <= positions.keys():
        problems.append(
            Problem(
                "The column värde (value) is missing, and without it both täljare and nämnare.",
                "Kolumnen värde saknas, och utan den både täljare och nämnare.",
                row=row,
                column="värde",
            )
        )
    return positions, problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _RowChecker:
    """Checks one row after another, collecting problems and the keys seen (duplicates)."""

    def __init__(self, county: County, catalogue: Catalogue, limits: Limits) -> None:
        self.county, self.limits = county, limits
        self.by_name = {i.id.lower(): i for i in catalogue.indicators}
        self.by_name.update({i.kolada_id.lower(): i for i in catalogue.indicators if i.kolada_id})
        self.areas = {code: code for code in county.areas}
        self.areas.update({name.lower(): code for code, name in county.areas.items()})
        self.allowed = ", ".join(f"{i.id} ({i.kolada_id})" for i in uploadable(catalogue))
        self.seen: dict[tuple[str, ...], int] = {}
        self.problems: list[Problem] = []
        self.row = 0

    def problem(self, column: str, raw: Any, en: str, sv: str) -> None:
        self.problems.append(Problem(en, sv, self.row, column, quoted(_text(raw))))

    def check(self, row: int, cells: Mapping[str, Any]) -> UploadedValue | None:
        self.row = row
        before = len(self.problems)
        for key, raw in cells.items():
            if raw is not None:  # a spreadsheet's number may be a personal number too
                self._free_text(next(c.sv for c in COLUMNS if c.key == key), _text(raw))
        if len(self.problems) > before:
            return None
        indicator = self._indicator(cells.get("indicator"))
        period = self._period(indicator, cells.get("period"))
        area = self._area(cells.get("area"))
        sex = self._sex(cells.get("sex"))
        age_group = self._age_group(indicator, cells.get("age_group"))
        numbers = self._numbers(indicator, cells)
        note = _text(cells.get("note")) or None
        if len(self.problems) > before or indicator is None:
            return None
        assert numbers is not None  # no problem recorded: the numbers were read
        assert period is not None and area is not None and sex is not None
        assert age_group is not None
        cell = (indicator.id, period, area, sex, age_group)
        first = self.seen.setdefault(cell, row)
        if first != row:
            self.problem(
                "indikator", cells.get("indicator"),
                f"The same indicator, period, area, sex and age group as row {first}.",
                f"Samma indikator, period, område, kön och åldersgrupp som rad {first}.",
            )  # fmt: skip
            return None
        numerator, denominator, value, withheld = numbers
        return UploadedValue(
            row, indicator.id, period, area, sex, age_group, numerator, denominator, value,
            withheld, note,
        )  # fmt: skip

    def _free_text(self, heading: str, text: str) -> None:
        """Refuse a cell that is too long, holds a control character or a personal identity
        number (never quoted: it would reach the page again)."""
        finding = free_text.check(text, max_length=self.limits.cell_chars)
        if finding is None:
            return
        if finding.problem is FreeTextProblem.PERSONAL_NUMBER:
            self.problems.append(
                Problem(
                    f"This looks like a personal identity number at character "
                    f"{finding.position + 1}; Färdplan holds pseudonymised data only: remove it.",
                    f"Det här liknar ett personnummer eller samordningsnummer vid tecken "
                    f"{finding.position + 1}; Färdplan har bara pseudonymiserade data: "
                    "ta bort det.",
                    self.row,
                    heading,
                )
            )
        elif finding.problem is FreeTextProblem.TOO_LONG:
            limit = self.limits.cell_chars
            self.problem(heading, text, f"Longer than {limit} characters.",
                         f"Längre än {limit} tecken.")  # fmt: skip
        else:
            self.problem(
                heading, text, f"Remove the invisible control character {finding.detail}.",
                f"Ta bort det osynliga styrtecknet {finding.detail}.",
            )  # fmt: skip

    def _indicator(self, raw: Any) -> Indicator | None:
        text = _text(raw)
        indicator = self.by_name.get(text.lower())
        allowed = self.allowed
        if not text:
            self.problem("indikator", raw, "The indicator is missing.", "Indikatorn saknas.")
        elif indicator is None:
            self.problem(
                "indikator", raw,
                f"Unknown indicator; those that may be uploaded: {allowed}.",
                f"Okänd indikator; de som får laddas upp: {allowed}.",
            )  # fmt: skip
        elif indicator.kind != "imported":
            self.problem(
                "indikator", raw,
                "Färdplan computes this indicator from care data, so it cannot be uploaded; "
                f"only those the catalogue marks as imported may be: {allowed}.",
                "Färdplan beräknar den här indikatorn ur vårddata, så den kan inte laddas upp; "
                f"bara de som katalogen anger som importerade får det: {allowed}.",
            )  # fmt: skip
            return None
        return indicator

    def _period(self, indicator: Indicator | None, raw: Any) -> str | None:
        if isinstance(raw, datetime | date):  # Excel turned 2024-03 into a date
            text = f"{raw.year}-{raw.month:02d}" if raw.day == 1 else raw.isoformat()[:10]
        else:
            text = _text(raw)
        kinds = indicator.periods if indicator else ("year", "month")
        if _YEAR.fullmatch(text):
            kind = "year"
        elif _MONTH.fullmatch(text):
            kind = "month"
        else:
            self.problem(
                "period", raw, "Not a period: write a year (2024) or a month (2024-03).",
                "Ingen period: skriv ett år (2024) eller en månad (2024-03).",
            )  # fmt: skip
            return None
        if not 1900 <= int(text[:4]) <= date.today().year:
            self.problem("period", raw, "The year is not between 1900 and this year.",
                         "Året ligger inte mellan 1900 och i år.")  # fmt: skip
            return None
        if kind not in kinds:
            self.problem(
                "period", raw,
                "The indicator is published by year only: write a year (2024).",
                "Indikatorn redovisas bara per år: skriv ett år (2024).",
            )  # fmt: skip
            return None
        return text

    def _area(self, raw: Any) -> str | None:
        text = _text(raw)
        code = self.areas.get(text) or self.areas.get(text.lower())
        if code is None and len(text) == 2 and text == self.county.code:
            code = "00" + text  # the county's own code names its region
        if code is None:
            self.problem(
                "område", raw,
                f"Not a municipality of the county or its region (00{self.county.code}).",
                f"Ingen kommun i länet och inte heller regionen (00{self.county.code}).",
            )  # fmt: skip
        return code

    def _sex(self, raw: Any) -> str | None:
        sex = _SEXES.get(_text(raw).lower())
        if sex is None:
            self.problem("kön", raw, "Sex is K (women), M (men) or T (total).",
                         "Kön är K (kvinnor), M (män) eller T (totalt).")  # fmt: skip
        return sex

    def _age_group(self, indicator: Indicator | None, raw: Any) -> str | None:
        text = _text(raw).replace("–", "-").replace(" ", "")
        if text.lower() in _ALL_AGES:
            return "all"
        allowed = [label for label, _, _ in bands(indicator)] if indicator else []
        if text in allowed:
            return text
        listed = ", ".join(["all", *allowed])
        self.problem(
            "åldersgrupp", raw, f"Not an age group of the indicator: {listed}.",
            f"Ingen åldersgrupp för indikatorn: {listed}.",
        )  # fmt: skip
        return None

    def _number(self, column: str, raw: Any, whole: bool) -> float | bool | None:
        """Return the number, None for an empty cell, or False after recording a problem."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            number = None
        elif isinstance(raw, str):
            text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
            try:
                number = float(Decimal(text))
            except InvalidOperation:
                number = None
        else:
            number = float(raw)
        if number is None or not math.isfinite(number):
            self.problem(column, raw, "Not a number.", "Inget tal.")
            return False
        if number < 0:
            self.problem(column, raw, "A negative number.", "Ett negativt tal.")
            return False
        if whole and not number.is_integer():
            self.problem(column, raw, "A count is a whole number.", "Ett antal är ett heltal.")
            return False
        return number

    def _numbers(
        self, indicator: Indicator | None, cells: Mapping[str, Any]
    ) -> tuple[float | None, float | None, float | None, bool] | None:
        numerator = self._number("täljare", cells.get("numerator"), whole=True)
        denominator = self._number("nämnare", cells.get("denominator"), whole=True)
        raw_value = cells.get("value")
        withheld = _text(raw_value) == _WITHHELD
        value = None if withheld else self._number("värde", raw_value, whole=False)
        if any(n is False for n in (numerator, denominator, value)) or indicator is None:
            return None
        assert not isinstance(numerator, bool) and not isinstance(denominator, bool)
        assert not isinstance(value, bool)
        if numerator is not None and denominator is not None and numerator > denominator:
            self.problem(
                "täljare", cells.get("numerator"),
                f"The numerator is larger than the denominator ({_shown(denominator)}).",
                f"Täljaren är större än nämnaren ({_shown(denominator)}).",
            )  # fmt: skip
            return None
        scale = share_scale(indicator)
        both = numerator is not None and denominator is not None and denominator > 0
        if withheld:
            return None, None, None, True
        if value is None:
            if not (both and scale):
                self.problem(
                    "värde", raw_value,
                    "The value is missing (it is computed only for a share with both counts).",
                    "Värdet saknas (det beräknas bara för en andel med båda antalen).",
                )  # fmt: skip
                return None
            assert numerator is not None and denominator is not None and scale is not None
            value = numerator / denominator * scale
        elif both and scale:
            assert numerator is not None and denominator is not None
            expected = numerator / denominator * scale
            if abs(expected - value) > _tolerance(raw_value):
                self.problem(
                    "värde", raw_value,
                    f"The value does not agree with täljare/nämnare: {expected:.1f} per cent.",
                    f"Värdet stämmer inte med täljare/nämnare: {expected:.1f} procent."
                    .replace(".", ",", 1),
                )  # fmt: skip
                return None
        if _identifies(numerator, denominator, scale):
            return None, None, None, True
        return numerator, denominator, value, False


def _identifies(numerator: float | None, denominator: float | None, scale: float | None) -> bool:
    """The engine's primary rule: a count of 1 to SMALL - 1 (or a share's complement)."""
    if numerator is not None and 0 < numerator < SMALL:
        return True
    return (
        scale is not None
        and numerator is not None
        and denominator is not None
        and 0 < denominator - numerator < SMALL
    )


def _tolerance(raw: Any) -> float:
    """Half a unit in the last decimal the value was written with (at least 0.05): a value
    rounded by the source still agrees."""
    if not isinstance(raw, str):
        return 0.05 + 1e-9  # a spreadsheet's number: the decimals it shows are not known
    text = raw.strip().replace(",", ".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return max(0.05, 0.5 / 10.0**decimals) + 1e-9


def _shown(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def headings_of(columns: Iterable[Column], language: str) -> list[str]:
    return [c.sv if language == "sv" else c.en for c in columns]


__all__ = ["Checked", "County", "UploadedValue", "share_scale", "uploadable", "validate"]
