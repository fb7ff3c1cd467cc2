"""The spreadsheet format of a plan, shared by export, template and import.

The file is Swedish whatever the page language, so that a file travels between users:
sheets *Plan* (field/value rows), *Aktiviteter* (one activity a row) and *Indikatorer* (one
indicator link a row, tied to an activity by its number), plus *Listor* with the allowed
values. Lists inside a cell are separated by semicolons.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from io import BytesIO
from typing import Any

from django.db.models import TextChoices
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fardplan.catalogue import load_catalogue
from fardplan.web.organisations.models import Organisation
from fardplan.web.plans.export_text import spreadsheet_value
from fardplan.web.plans.models import (
    Activity,
    ActivityStatus,
    ExpectedDirection,
    Plan,
    PlanKind,
    PlanStatus,
    TargetGroup,
)
from fardplan.web.plans.services import ACTIVITY_SECTIONS
from fardplan.web.strategies.models import Strategy, StrategyItem

PLAN_SHEET, ACTIVITY_SHEET, INDICATOR_SHEET, LIST_SHEET = (
    "Plan", "Aktiviteter", "Indikatorer", "Listor"
)  # fmt: skip
PLAN_ROWS = ["Typ av plan", "Titel", "Ägare", "Kommun eller område", "Deltagare", "Start",
             "Slut", "Status", "Beskrivning"]  # fmt: skip
ACTIVITY_COLUMNS = ["Nr", "Titel", "Riktningsförändringar och målområden", "Beskrivning",
                    "Ansvarig organisation", "Deltagande organisationer", "Målgrupper",
                    "Start", "Slut", "Status"]  # fmt: skip
INDICATOR_COLUMNS = ["Aktivitet nr", "Indikator", "Förväntad riktning", "Områden"]
SEPARATOR = "; "


def swedish_labels(choices: type[TextChoices]) -> dict[str, str]:
    """Return code → Swedish label for a choices class."""
    with translation.override("sv"):
        return {value: str(label) for value, label in choices.choices}


def joined(values: Iterable[str]) -> str:
    return SEPARATOR.join(values)


def _append(sheet: Worksheet, values: list[Any]) -> None:
    """Append a row with every text made safe to open (see :mod:`export_text`)."""
    sheet.append([spreadsheet_value(value) for value in values])


def _header(sheet: Worksheet, titles: list[str]) -> None:
    _append(sheet, titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _plan_values(plan: Plan) -> list[Any]:
    return [
        swedish_labels(PlanKind)[plan.kind], plan.title, plan.owner.name,
        plan.area.name if plan.area else "",
        joined(o.name for o in plan.participants.all()), plan.start, plan.end,
        swedish_labels(PlanStatus)[plan.status], plan.description,
    ]  # fmt: skip


def item_labels(strategy_id: int | None) -> dict[int, str]:
    """The strategy's items that activities link to, by the label the workbook writes for
    each: its title, or its key where another item has the same title (the importer reads
    both, and refuses a title that names two items)."""
    if strategy_id is None:
        return {}
    items = list(
        StrategyItem.objects.filter(strategy_id=strategy_id, section__in=ACTIVITY_SECTIONS)
        .order_by("section", "position")
        .only("pk", "key", "title")
    )
    counts = Counter(item.title.lower() for item in items)
    return {item.pk: item.key if counts[item.title.lower()] > 1 else item.title for item in items}


def _activity_values(number: int, activity: Activity, labels: dict[int, str]) -> list[Any]:
    groups = swedish_labels(TargetGroup)
    items = joined(labels.get(i.pk, i.title) for i in activity.strategy_items.all())
    return [
        number, activity.title, items,
        activity.description, activity.responsible.name,
        joined(o.name for o in activity.participants.all()),
        joined(groups.get(g, g) for g in activity.target_groups), activity.start, activity.end,
        swedish_labels(ActivityStatus)[activity.status],
    ]  # fmt: skip


def _fill_activities(book: Workbook, plans: list[Plan], with_plan: bool) -> None:
    activities, indicators = book.create_sheet(ACTIVITY_SHEET), book.create_sheet(INDICATOR_SHEET)
    _header(activities, ACTIVITY_COLUMNS + (["Plan"] if with_plan else []))
    _header(indicators, INDICATOR_COLUMNS)
    directions = swedish_labels(ExpectedDirection)
    number = 0
    labels: dict[int | None, dict[int, str]] = {}
    for plan in plans:
        if plan.strategy_id not in labels:
            labels[plan.strategy_id] = item_labels(plan.strategy_id)
        for activity in plan.activities.order_by("start", "title"):
            number += 1
            values = _activity_values(number, activity, labels[plan.strategy_id])
            _append(activities, values + [plan.title] * with_plan)
            for link in activity.indicators.all():
                areas = joined(a.name for a in link.areas.all())
                _append(indicators, [number, link.indicator_id, directions[link.direction], areas])


def _fill_lists(book: Workbook, strategy: Strategy | None, organisations: list[str]) -> None:
    sheet = book.create_sheet(LIST_SHEET)
    items = list(item_labels(strategy.pk).values()) if strategy is not None else []
    columns = [
        ("Riktningsförändringar och målområden", items),
        ("Organisationer", organisations),
        ("Målgrupper", list(swedish_labels(TargetGroup).values())),
        ("Status för aktivitet", list(swedish_labels(ActivityStatus).values())),
        ("Typ av plan", list(swedish_labels(PlanKind).values())),
        ("Status för plan", list(swedish_labels(PlanStatus).values())),
        ("Indikator", [i.id for i in load_catalogue().indicators]),
        ("Förväntad riktning", list(swedish_labels(ExpectedDirection).values())),
    ]
    _header(sheet, [title for title, _values in columns])
    for index, (_title, values) in enumerate(columns, start=1):
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=spreadsheet_value(value))


def _save(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        for index, column in enumerate(sheet.columns, start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
            for cell in column:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _new_book(plan: Plan | None) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PLAN_SHEET
    _header(sheet, ["Fält", "Värde"])
    values = _plan_values(plan) if plan is not None else [""] * len(PLAN_ROWS)
    for label, value in zip(PLAN_ROWS, values, strict=True):
        _append(sheet, [label, value])
    return book


def _organisation_names(county_id: int) -> list[str]:
    return list(
        Organisation.objects.filter(county_id=county_id)
        .order_by("name")
        .values_list("name", flat=True)
    )


def plan_workbook(plan: Plan) -> bytes:
    """Return the plan as an XLSX file in the import format (it can be imported again)."""
    book = _new_book(plan)
    _fill_activities(book, [plan], with_plan=False)
    _fill_lists(book, plan.strategy, _organisation_names(plan.county_id))
    return _save(book)


def county_workbook(plans: list[Plan], county_id: int) -> bytes:
    """Return every activity of the plans in one workbook, with the plan of each activity."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Planer"
    _header(sheet, ["Plan", *PLAN_ROWS])
    for plan in plans:
        _append(sheet, [plan.title, *_plan_values(plan)])
    _fill_activities(book, plans, with_plan=True)
    strategy = plans[0].strategy if plans else None
    _fill_lists(book, strategy, _organisation_names(county_id))
    return _save(book)


def template_workbook(strategy: Strategy | None) -> bytes:
    """Return an empty plan in the import format, with the allowed values in *Listor*."""
    book = _new_book(None)
    _fill_activities(book, [], with_plan=False)
    names = _organisation_names(strategy.county_id) if strategy is not None else []
    _fill_lists(book, strategy, names)
    return _save(book)
