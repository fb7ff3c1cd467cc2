"""Import a plan from the XLSX template (see :mod:`fardplan.web.plans.workbook`).

Every cell is checked before anything is saved; each bad cell is reported by sheet, row and
column ("Aktiviteter, rad 7, kolumn C: okänd riktningsförändring 'X'"), quoting at most a
short excerpt of the value. The file is read within the bounds of
:mod:`~fardplan.web.plans.bounded_xlsx` and :data:`MAX_ACTIVITIES`; then the plan and every
activity are validated as the services would (permission, organisations, model fields), and
only then written in one short transaction of batched inserts (:mod:`~fardplan.web.plans.bulk`).
The cost of an import is linear in its rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from fardplan.catalogue import load_catalogue
from fardplan.content import free_text
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.plans import bulk, permissions, services
from fardplan.web.plans.bounded_xlsx import (
    Row,
    SheetShape,
    TooManyRows,
    WorkbookRefused,
    read_sheets,
)
from fardplan.web.plans.export_text import unquoted
from fardplan.web.plans.models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Activity,
    ActivityStatus,
    ExpectedDirection,
    Plan,
    PlanKind,
    PlanStatus,
    TargetGroup,
)
from fardplan.web.plans.services import User
from fardplan.web.plans.workbook import (
    ACTIVITY_COLUMNS,
    ACTIVITY_SHEET,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    PLAN_ROWS,
    PLAN_SHEET,
    swedish_labels,
)
from fardplan.web.site.free_text import message as free_text_message
from fardplan.web.strategies.models import Strategy, StrategyItem

T = TypeVar("T")

# A plan of 5 000 activities imports in a few seconds with a write transaction well under a
# second (docs/benchmarks.md); a county-wide plan has a few hundred. Larger files are refused.
MAX_ACTIVITIES = 5_000
MAX_INDICATOR_ROWS = 4 * MAX_ACTIVITIES
MAX_PLAN_ROWS = 50
MAX_CELL_CHARACTERS = free_text.LONG_TEXT_MAX_LENGTH  # as a text field typed on a page
# Bad values are quoted this long at most, and at most this many problems are kept.
EXCERPT_CHARACTERS = 60
MAX_KEPT_ERRORS = 1_000

SHAPES = {
    PLAN_SHEET: SheetShape(width=2, max_rows=MAX_PLAN_ROWS),
    ACTIVITY_SHEET: SheetShape(width=len(ACTIVITY_COLUMNS), max_rows=MAX_ACTIVITIES),
    INDICATOR_SHEET: SheetShape(width=len(INDICATOR_COLUMNS), max_rows=MAX_INDICATOR_ROWS),
}
# The column (from 1) of each activity field in the Aktiviteter sheet.
ACTIVITY_COLUMN = {
    "title": 2, "strategy_items": 3, "description": 4, "responsible": 5, "participants": 6,
    "target_groups": 7, "start": 8, "end": 9, "status": 10,
}  # fmt: skip
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]+")


def excerpt(value: Any) -> str:
    """Return the value as one line of at most :data:`EXCERPT_CHARACTERS` characters, with
    "…" when it was cut; line breaks and control characters become one space."""
    text = _UNPRINTABLE.sub(" ", _text(value))
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS] + "…"


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
    """The file was refused. ``errors`` holds the first problems found (at most
    :data:`MAX_KEPT_ERRORS`); ``total`` counts them all."""

    def __init__(self, errors: Iterable[CellError | str], total: int | None = None) -> None:
        self.errors = [str(e) for e in errors]
        self.total = max(total or 0, len(self.errors))
        super().__init__("; ".join(self.errors[:10]))


def _text(value: Any) -> str:
    """Return the cell as trimmed text, without the quote an export puts before a text that
    would start a formula."""
    return "" if value is None else unquoted(str(value).strip())


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
    every error instead of stopping at the first (keeping the first :data:`MAX_KEPT_ERRORS`)."""

    strategy: Strategy
    errors: list[CellError] = field(default_factory=list)
    total: int = 0
    sheet: str = ""
    row: int = 0
    refused: set[tuple[str, int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        organisations = Organisation.objects.filter(county_id=self.strategy.county_id)
        self.organisations = {o.name.lower(): o for o in organisations}
        self.organisations.update({o.code.lower(): o for o in organisations})
        self.municipalities = {k: o for k, o in self.organisations.items()
                               if o.kind == OrganisationKind.MUNICIPALITY}  # fmt: skip
        items = StrategyItem.objects.filter(
            strategy=self.strategy, section__in=services.ACTIVITY_SECTIONS
        )
        # An item is named by its title or its key; a title two items share names neither
        # (the workbook writes the key for those), and is refused with their keys.
        titled: dict[str, list[StrategyItem]] = {}
        for item in items:
            titled.setdefault(item.title.lower(), []).append(item)
        self.items = {t: same[0] for t, same in titled.items() if len(same) == 1}
        self.items.update({item.key.lower(): item for item in items})
        self.shared_titles = {t: [i.key for i in same] for t, same in titled.items()
                              if len(same) > 1}  # fmt: skip
        self.indicators = {i.id: i.id for i in load_catalogue().indicators}

    def fail(self, column: int, message: str) -> None:
        # A cell refused as free text was reported already: nothing more is said about it.
        if (self.sheet, self.row, column) in self.refused:
            return
        self.total += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(CellError(self.sheet, self.row, get_column_letter(column), message))

    def unknown(self, column: int, what: str, value: Any) -> None:
        self.fail(
            column, _("unknown %(what)s '%(value)s'") % {"what": what, "value": excerpt(value)}
        )

    def one(self, column: int, value: Any, lookup: dict[str, T], what: str) -> T | None:
        text = _text(value)
        if not text:
            self.fail(column, _("%(what)s is missing") % {"what": what})
            return None
        found = lookup.get(text.lower())
        if found is None:
            self.unknown(column, what, text)
        return found

    def many(
        self,
        column: int,
        value: Any,
        lookup: dict[str, T],
        what: str,
        shared: dict[str, list[str]] | None = None,
    ) -> list[T]:
        found = []
        for part in _parts(value):
            if shared and part.lower() in shared:
                keys = ", ".join(shared[part.lower()])
                self.fail(column, _("'%(value)s' names more than one %(what)s: write one of "
                                    "their keys (%(keys)s)")
                          % {"value": excerpt(part), "what": what, "keys": keys})  # fmt: skip
                continue
            item = lookup.get(part.lower())
            if item is None:
                self.unknown(column, what, part)
            else:
                found.append(item)
        return found

    def day(self, column: int, value: Any) -> date | None:
        """Return the cell's date; None (and a problem) when it is not one or lies outside
        :data:`EARLIEST_DATE` to :data:`LATEST_DATE`."""
        if isinstance(value, datetime):
            value = value.date()
        try:
            day = value if isinstance(value, date) else date.fromisoformat(_text(value))
        except ValueError:
            self.fail(column, _("'%(value)s' is not a date (YYYY-MM-DD)") % {
                "value": excerpt(value)})  # fmt: skip
            return None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.fail(column, _("%(value)s is outside %(first)s to %(last)s") % {
                "value": day.isoformat(), "first": EARLIEST_DATE.isoformat(),
                "last": LATEST_DATE.isoformat()})  # fmt: skip
            return None
        return day

    def required_text(self, column: int, value: Any, what: str) -> str:
        text = _text(value)
        if not text:
            self.fail(column, _("%(what)s is missing") % {"what": what})
        return text

    def period(self, columns: tuple[int, int], start: date | None, end: date | None) -> None:
        if start and end and end < start:
            self.fail(columns[1], _("the end %(end)s is before the start %(start)s") % {
                "end": end.isoformat(), "start": start.isoformat()})  # fmt: skip

    def bounded(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """Return the row with each text cell that may not be stored (over
        :data:`MAX_CELL_CHARACTERS`, a control character, a personal identity number) reported
        once and blanked, so that no later message quotes it."""
        kept = list(values)
        for column, value in enumerate(values, start=1):
            finding = (
                free_text.check(value, MAX_CELL_CHARACTERS) if isinstance(value, str) else None
            )
            if finding is not None:
                self.fail(column, free_text_message(finding))
                self.refused.add((self.sheet, self.row, column))
                kept[column - 1] = None
        return tuple(kept)


PLAN_FIELDS = ["kind", "title", "owner", "area", "participants", "start", "end", "status",
               "description"]  # fmt: skip


def _plan_parsers(reader: Reader) -> dict[str, Callable[[Any], Any]]:
    def area(value: Any) -> Organisation | None:
        if not _text(value):
            return None
        found = reader.organisations.get(_text(value).lower())
        if found is None:
            reader.unknown(2, _("municipality"), value)
        return found

    return {
        "kind": lambda v: reader.one(2, v, _choice_lookup(PlanKind), _("kind of plan")),
        "title": lambda v: reader.required_text(2, v, _("title")),
        "owner": lambda v: reader.one(2, v, reader.organisations, _("organisation")),
        "area": area,
        "participants": lambda v: reader.many(2, v, reader.organisations, _("organisation")),
        "start": lambda v: reader.day(2, v),
        "end": lambda v: reader.day(2, v),
        "status": lambda v: reader.one(2, v or "draft", _choice_lookup(PlanStatus), _("status")),
        "description": _text,
    }


def _read_plan(reader: Reader, rows: list[Row]) -> tuple[dict[str, Any], dict[str, int]]:
    """Return the plan's values and the row of each field in the Plan sheet."""
    reader.sheet = PLAN_SHEET
    found = {_text(values[0]): (number, values) for number, values in rows if number > 1}
    data: dict[str, Any] = {"strategy": reader.strategy}
    where: dict[str, int] = {}
    for label, (name, parse) in zip(PLAN_ROWS, _plan_parsers(reader).items(), strict=True):
        number, values = found.get(label, (PLAN_ROWS.index(label) + 2, (label, None)))
        reader.row = where[name] = number
        data[name] = parse(reader.bounded(values)[1])
    reader.period((2, 2), data["start"], data["end"])
    return data, where


def _read_activity(reader: Reader, row: tuple[Any, ...]) -> dict[str, Any]:
    number, title, items, description, responsible, participants, groups, start, end, status = row
    data: dict[str, Any] = {
        "title": reader.required_text(2, title, _("title")),
        "strategy_items": reader.many(
            3, items, reader.items, _("direction change"), reader.shared_titles
        ),
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
    number, indicator_id, direction, areas = row
    if _text(number) not in numbers:
        reader.fail(1, _("no activity with number '%(value)s'") % {"value": excerpt(number)})
    return {
        "number": _text(number),
        "indicator_id": reader.one(2, indicator_id, reader.indicators, _("indicator")),
        "direction": reader.one(3, direction, _choice_lookup(ExpectedDirection), _("direction")),
        "areas": reader.many(4, areas, reader.municipalities, _("municipality")),
    }


def _read_rows(
    reader: Reader, rows: list[Row], sheet: str, parse: Callable[[tuple[Any, ...]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """Parse each filled row below the header; each result notes its row number."""
    parsed = []
    for number, values in rows:
        if number > 1:
            reader.sheet, reader.row = sheet, number
            parsed.append({**parse(reader.bounded(values)), "row": number})
    return parsed


def report_repeats(reader: Reader, rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any],
                    column: int, message: str) -> None:  # fmt: skip
    """Report every row whose ``key`` an earlier row had (a set lookup each: linear)."""
    seen: set[Any] = set()
    for row in rows:
        value = key(row)
        if value in seen:
            reader.row = row["row"]
            reader.fail(column, message % {"value": excerpt(row["number"])})
        seen.add(value)


def _sheet(reader: Reader, sheets: dict[str, list[Row]], name: str) -> list[Row]:
    if name not in sheets:
        reader.sheet, reader.row = name, 1
        reader.fail(1, _("the sheet is missing"))
    return sheets.get(name, [])


def _read_sheets(content: bytes) -> dict[str, list[Row]]:
    try:
        return read_sheets(content, SHAPES)
    except TooManyRows as error:
        if error.sheet != ACTIVITY_SHEET:
            raise ImportFailed([str(error)]) from None
        raise ImportFailed([_("The sheet %(sheet)s has more than %(limit)d activities; a plan "
                              "file holds at most %(limit)d. Split the plan into several files.")
                            % {"sheet": error.sheet, "limit": error.limit}]) from None  # fmt: skip
    except WorkbookRefused as error:
        raise ImportFailed([str(error)]) from None


@dataclass
class Parsed:
    reader: Reader
    plan: dict[str, Any]
    plan_rows: dict[str, int]
    activities: list[dict[str, Any]]
    indicators: list[dict[str, Any]]


def parse_workbook(content: bytes, strategy: Strategy) -> Parsed:
    """Return the plan, activity and indicator rows of the file; raise :class:`ImportFailed`
    with the bad cells when anything is wrong. Empty rows are skipped."""
    sheets = _read_sheets(content)
    reader = Reader(strategy)
    plan, plan_rows = _read_plan(reader, _sheet(reader, sheets, PLAN_SHEET))
    activities = _read_rows(reader, _sheet(reader, sheets, ACTIVITY_SHEET), ACTIVITY_SHEET,
                            lambda row: _read_activity(reader, row))  # fmt: skip
    numbered = [activity for activity in activities if activity["number"]]
    report_repeats(reader, numbered, lambda row: row["number"], 1,
                    _("the number '%(value)s' is used twice"))  # fmt: skip
    known = {activity["number"] for activity in numbered}
    indicators = _read_rows(reader, _sheet(reader, sheets, INDICATOR_SHEET), INDICATOR_SHEET,
                            lambda row: _read_indicator(reader, row, known))  # fmt: skip
    report_repeats(reader, indicators, lambda row: (row["number"], row["indicator_id"]), 2,
                    _("activity '%(value)s' has this indicator twice"))  # fmt: skip
    if reader.errors:
        raise ImportFailed(reader.errors, reader.total)
    return Parsed(reader, plan, plan_rows, activities, indicators)


def _messages(error: ValidationError | PermissionDenied) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


def _field_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}


def _check_plan(user: User, parsed: Parsed) -> tuple[Plan, list[Organisation]]:
    """Return the unsaved plan and its participants once the services' rules hold."""
    values = {k: v for k, v in parsed.plan.items() if k != "participants"}
    plan, participants = Plan(**values), parsed.plan["participants"]
    plan.county_id = parsed.reader.strategy.county_id
    try:
        services.require(user, permissions.can_create_plan, plan.owner)
        services.validate_plan(plan, participants)
        plan.full_clean()
    except PermissionDenied as error:
        raise ImportFailed(_messages(error)) from None
    except ValidationError as error:
        raise ImportFailed(_plan_errors(error, parsed.plan_rows)) from None
    return plan, participants


def _plan_errors(error: ValidationError, rows: dict[str, int]) -> list[str]:
    errors: list[str] = []
    for name, messages in _field_errors(error).items():
        for message in messages:
            placed = name in rows
            errors.append(
                str(CellError(PLAN_SHEET, rows[name], "B", message)) if placed else message
            )
    return errors


def _check_activity(
    reader: Reader, plan: Plan, row: dict[str, Any], responsible: set[int] | None
) -> bulk.NewActivity:
    """Return the unsaved activity; report a field the model or the services refuse at its
    cell. No query runs per row: organisations and items are the county's own, looked up."""
    reader.sheet, reader.row = ACTIVITY_SHEET, row["row"]
    plain = {
        k: v for k, v in row.items() if k not in {"number", "row", "strategy_items", "participants"}
    }
    activity = Activity(plan=plan, **plain)
    try:
        activity.clean_fields(exclude=["plan", "responsible"])
    except ValidationError as error:
        for name, messages in _field_errors(error).items():
            reader.fail(ACTIVITY_COLUMN.get(name, 1), " ".join(messages))
    if responsible is not None and activity.responsible_id not in responsible:
        reader.fail(ACTIVITY_COLUMN["responsible"],
                    _("You may not make this organisation responsible."))  # fmt: skip
    return bulk.NewActivity(activity, row["strategy_items"], row["participants"])


def _check_activities(user: User, parsed: Parsed, plan: Plan) -> list[bulk.NewActivity]:
    responsible = None
    if user is not None:
        responsible = set(permissions.responsible_choices(user, plan).values_list("pk", flat=True))
    checked = {
        row["number"] or f"row {row['row']}": _check_activity(parsed.reader, plan, row, responsible)
        for row in parsed.activities
    }
    for row in parsed.indicators:
        checked[row["number"]].indicators.append(
            bulk.NewIndicator(row["indicator_id"], row["direction"], row["areas"])
        )
    if parsed.reader.errors:
        raise ImportFailed(parsed.reader.errors, parsed.reader.total)
    return list(checked.values())


def import_plan(user: User, strategy: Strategy, content: bytes) -> Plan:
    """Create a plan with its activities and indicators from an XLSX file, all or nothing.

    Raises :class:`ImportFailed` with every problem found (the file unreadable or over a
    limit, a bad cell, a permission the user lacks); nothing is saved then."""
    parsed = parse_workbook(content, strategy)
    plan, participants = _check_plan(user, parsed)
    rows = bulk.plan_rows(user, plan, participants, _check_activities(user, parsed, plan))
    try:
        return bulk.insert(rows)
    except ValidationError as error:
        raise ImportFailed(_messages(error)) from None
    except IntegrityError:
        # Another save came first (a second county-wide plan for the strategy, say).
        raise ImportFailed([_("The plan could not be saved; please try again.")]) from None
