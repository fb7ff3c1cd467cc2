"""Import a plan from the XLSX template (see :mod:`fardplan.web.plans.workbook`).

Every cell is checked before anything is saved; each bad cell is reported by sheet, row and
column ("Aktiviteter, rad 7, kolumn C: okänd riktningsförändring 'X'"). The plan is then
created through the services inside one transaction, so a refusal there saves nothing either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any, TypeVar
from zipfile import BadZipFile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from fardplan.catalogue import load_catalogue
from fardplan.content import free_text
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.plans import followup, services
from fardplan.web.plans.models import (
    ActivityStatus,
    ExpectedDirection,
    Plan,
    PlanKind,
    PlanStatus,
    TargetGroup,
)
from fardplan.web.plans.services import User
from fardplan.web.plans.workbook import (
    ACTIVITY_SHEET,
    INDICATOR_SHEET,
    PLAN_ROWS,
    PLAN_SHEET,
    swedish_labels,
)
from fardplan.web.site.free_text import message as free_text_message
from fardplan.web.strategies.models import Strategy, StrategyItem

T = TypeVar("T")


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message
        }  # fmt: skip


class ImportFailed(Exception):
    def __init__(self, errors: list[CellError] | list[str]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = [str(e) for e in errors]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _parts(value: Any) -> list[str]:
    return [part.strip() for part in _text(value).split(";") if part.strip()]


def _choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Accept the code or the Swedish label, in any letter case."""
    lookup = {code.lower(): code for code in choices.values}
    lookup.update({label.lower(): code for code, label in swedish_labels(choices).items()})
    return lookup


@dataclass
class Reader:
    """Parses cells against the county's organisations and the strategy's items, collecting
    every error instead of stopping at the first."""

    strategy: Strategy
    errors: list[CellError] = field(default_factory=list)
    sheet: str = ""
    row: int = 0

    def __post_init__(self) -> None:
        self._refused: list[tuple[str, int, str]] = []
        organisations = Organisation.objects.filter(county_id=self.strategy.county_id)
        self.organisations = {o.name.lower(): o for o in organisations}
        self.organisations.update({o.code.lower(): o for o in organisations})
        items = StrategyItem.objects.filter(
            strategy=self.strategy, section__in=services.ACTIVITY_SECTIONS
        )
        self.items = {i.title.lower(): i for i in items}
        self.indicator_ids = {i.id for i in load_catalogue().indicators}

    def fail(self, column: int, message: str) -> None:
        # A cell refused as free text was reported already: nothing more is said about it.
        if (self.sheet, self.row, get_column_letter(column)) not in self._refused:
            self.errors.append(CellError(self.sheet, self.row, get_column_letter(column), message))

    def screen(self, sheet: str, row: int, cells: tuple[Any, ...]) -> tuple[Any, ...]:
        """Return the row with each text cell that may not be stored (too long, a control
        character, a personal identity number) reported once and blanked, so that no later
        message quotes it."""
        kept = []
        for column, value in enumerate(cells, start=1):
            finding = free_text.check(value) if isinstance(value, str) else None
            if finding is not None:
                self.errors.append(
                    CellError(sheet, row, get_column_letter(column), free_text_message(finding))
                )
                self._refused.append((sheet, row, get_column_letter(column)))
                value = None
            kept.append(value)
        return tuple(kept)

    def one(self, column: int, value: Any, lookup: dict[str, T], what: str) -> T | None:
        text = _text(value)
        if not text:
            self.fail(column, _("%(what)s is missing") % {"what": what})
            return None
        found = lookup.get(text.lower())
        if found is None:
            self.fail(column, _("unknown %(what)s '%(value)s'") % {"what": what, "value": text})
        return found

    def many(self, column: int, value: Any, lookup: dict[str, T], what: str) -> list[T]:
        found = []
        for part in _parts(value):
            item = lookup.get(part.lower())
            if item is None:
                self.fail(column, _("unknown %(what)s '%(value)s'") % {"what": what, "value": part})
            else:
                found.append(item)
        return found

    def day(self, column: int, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(_text(value))
        except ValueError:
            self.fail(column, _("'%(value)s' is not a date (YYYY-MM-DD)") % {"value": _text(value)})
            return None

    def required_text(self, column: int, value: Any, what: str) -> str:
        text = _text(value)
        if not text:
            self.fail(column, _("%(what)s is missing") % {"what": what})
        return text

    def period(self, columns: tuple[int, int], start: date | None, end: date | None) -> None:
        if start and end and end < start:
            self.fail(columns[1], _("the end %(end)s is before the start %(start)s") % {
                "end": end.isoformat(), "start": start.isoformat()})  # fmt: skip


def _read_plan(reader: Reader, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    reader.sheet = PLAN_SHEET
    values = {_text(row[0]): (index, row[1] if len(row) > 1 else None)
              for index, row in enumerate(rows, start=2) if row}  # fmt: skip
    cell: Callable[[str], tuple[int, Any]] = lambda label: values.get(label, (0, None))  # noqa: E731
    data: dict[str, Any] = {"strategy": reader.strategy}
    parsers: dict[str, Callable[[Any], Any]] = {
        "kind": lambda v: reader.one(2, v, _choice_lookup(PlanKind), _("kind of plan")),
        "title": lambda v: reader.required_text(2, v, _("title")),
        "owner": lambda v: reader.one(2, v, reader.organisations, _("organisation")),
        "area": lambda v: reader.organisations.get(_text(v).lower()) if _text(v) else None,
        "participants": lambda v: reader.many(2, v, reader.organisations, _("organisation")),
        "start": lambda v: reader.day(2, v),
        "end": lambda v: reader.day(2, v),
        "status": lambda v: reader.one(2, v or "draft", _choice_lookup(PlanStatus), _("status")),
        "description": _text,
    }
    for label, (name, parse) in zip(PLAN_ROWS, parsers.items(), strict=True):
        reader.row, value = cell(label)
        reader.row = reader.row or PLAN_ROWS.index(label) + 2
        data[name] = parse(value)
        if name == "area" and _text(value) and data["area"] is None:
            reader.fail(2, _("unknown %(what)s '%(value)s'") % {
                "what": _("municipality"), "value": _text(value)})  # fmt: skip
    reader.period((2, 2), data["start"], data["end"])
    return data


def _read_activity(reader: Reader, row: tuple[Any, ...]) -> dict[str, Any]:
    cells = list(row) + [None] * (10 - len(row))
    number, title, items, description, responsible, participants, groups, start, end, status = (
        cells[:10]
    )
    data: dict[str, Any] = {
        "title": reader.required_text(2, title, _("title")),
        "strategy_items": reader.many(3, items, reader.items, _("direction change")),
        "description": _text(description),
        "responsible": reader.one(5, responsible, reader.organisations, _("organisation")),
        "participants": reader.many(6, participants, reader.organisations, _("organisation")),
        "target_groups": reader.many(7, groups, _choice_lookup(TargetGroup), _("target group")),
        "start": reader.day(8, start),
        "end": reader.day(9, end),
        "status": reader.one(10, status or "planned", _choice_lookup(ActivityStatus), _("status")),
    }
    if not _parts(items):
        reader.fail(3, _("name at least one direction change or target area"))
    reader.period((8, 9), data["start"], data["end"])
    return {"number": _text(number), **data}


def _read_indicator(reader: Reader, row: tuple[Any, ...], numbers: set[str]) -> dict[str, Any]:
    cells = list(row) + [None] * (4 - len(row))
    number, indicator_id, direction, areas = cells[:4]
    if _text(number) not in numbers:
        reader.fail(1, _("no activity with number '%(value)s'") % {"value": _text(number)})
    ids = {i: i for i in reader.indicator_ids}
    municipalities = {k: o for k, o in reader.organisations.items()
                      if o.kind == OrganisationKind.MUNICIPALITY}  # fmt: skip
    return {
        "number": _text(number),
        "indicator_id": reader.one(2, indicator_id, ids, _("indicator")),
        "direction": reader.one(3, direction, _choice_lookup(ExpectedDirection), _("direction")),
        "areas": reader.many(4, areas, municipalities, _("municipality")),
    }


def _rows(book: Any, name: str, reader: Reader) -> list[tuple[Any, ...]]:
    if name not in book.sheetnames:
        reader.errors.append(CellError(name, 1, "A", _("the sheet is missing")))
        return []
    rows = book[name].iter_rows(values_only=True)
    return [reader.screen(name, number, row) for number, row in enumerate(rows, start=1)]


def _read_rows(
    reader: Reader, book: Any, sheet: str, parse: Callable[[tuple[Any, ...]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Parse each non-empty row after the header; each result notes its row number."""
    parsed = []
    for number, row in enumerate(_rows(book, sheet, reader)[1:], start=2):
        if any(_text(value) for value in row):
            reader.sheet, reader.row = sheet, number
            parsed.append({**parse(row), "row": number})
    return parsed


def read_workbook(
    content: bytes, strategy: Strategy
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the plan, activity and indicator rows of the file; raise :class:`ImportFailed`
    with every bad cell when anything is wrong. Empty rows are skipped."""
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        raise ImportFailed([_("The file is not an Excel workbook (.xlsx).")]) from None
    reader = Reader(strategy)
    plan = _read_plan(reader, _rows(book, PLAN_SHEET, reader)[1:])
    activities = _read_rows(reader, book, ACTIVITY_SHEET, lambda row: _read_activity(reader, row))
    numbers = [activity["number"] for activity in activities]
    for index, number in enumerate(numbers):
        if number and number in numbers[:index]:
            reader.sheet, reader.row = ACTIVITY_SHEET, activities[index]["row"]
            reader.fail(1, _("the number '%(value)s' is used twice") % {"value": number})
    known = set(numbers) - {""}
    indicators = _read_rows(
        reader, book, INDICATOR_SHEET, lambda row: _read_indicator(reader, row, known)
    )
    if reader.errors:
        raise ImportFailed(reader.errors)
    return plan, activities, indicators


def import_plan(user: User, strategy: Strategy, content: bytes) -> Plan:
    """Create a plan with its activities and indicators from an XLSX file, all or nothing."""
    plan_data, activities, indicators = read_workbook(content, strategy)
    try:
        with transaction.atomic():
            plan = services.create_plan(user, plan_data)
            created = {}
            for row in activities:
                fields = {k: v for k, v in row.items() if k not in ("number", "row")}
                created[row["number"]] = services.create_activity(user, plan, fields)
            for row in indicators:
                activity = created[row["number"]]
                followup.add_indicator(
                    user, activity, row["indicator_id"], row["direction"], row["areas"]
                )
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise ImportFailed(messages) from None
    return plan
