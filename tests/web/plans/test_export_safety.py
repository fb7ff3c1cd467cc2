"""Exports are safe to open (no live formulas, no control characters that break the file) and
dates stay in a sane range; a date out of range already in the database breaks no view."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from fardplan.web.plans import followup, workbook
from fardplan.web.plans.export_text import spreadsheet_value
from fardplan.web.plans.importer import ImportFailed, import_plan
from fardplan.web.plans.models import Activity, Plan
from tests.web.plans import factories
from tests.web.plans.factories import World

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
CONTROL = "Plan\x0b med\x1b styr\uffff tecken"


def _plan(world: World, title: str, activity_title: str) -> Plan:
    plan = factories.plan(world.strategy_25, world.lulea, title="Luleå")
    activity = factories.activity(plan, title="Aktivitet")
    followup.add_indicator(None, activity, "avoidable_admissions", "decrease", [world.lulea])
    # Written past the forms, as an old row or another way in would have them.
    Plan.objects.filter(pk=plan.pk).update(title=title, description="=1+1")
    Activity.objects.filter(pk=activity.pk).update(title=activity_title)
    return plan


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_start_a_formula_gets_a_quote(text: str) -> None:
    assert spreadsheet_value(text) == "'" + text


@pytest.mark.parametrize("name", ["plans:plan_xlsx", "plans:county_xlsx"])
def test_the_excel_exports_hold_formula_text_as_quoted_text(
    client: Client, world: World, name: str
) -> None:
    plan = _plan(world, "=cmd|' /C calc'!A0", '+HYPERLINK("http://evil")')
    client.force_login(world.viewer)
    argument = plan.pk if name == "plans:plan_xlsx" else "25"
    book = load_workbook(BytesIO(client.get(reverse(name, args=[argument])).content))
    activity = book["Aktiviteter"]["B2"]
    assert activity.data_type == "s" and activity.value == '\'+HYPERLINK("http://evil")'
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'=cmd|' /C calc'!A0" in texts and "'=1+1" in texts


@pytest.mark.parametrize(
    "name", ["plans:plan_xlsx", "plans:plan_docx", "plans:county_xlsx", "plans:county_docx"]
)
def test_every_export_opens_with_a_control_character_in_a_title(
    client: Client, world: World, name: str
) -> None:
    plan = _plan(world, CONTROL, "Aktivitet\x1b ett")
    client.force_login(world.viewer)
    argument = plan.pk if name.startswith("plans:plan") else "25"
    response = client.get(reverse(name, args=[argument]))
    assert response.status_code == 200
    if name.endswith("xlsx"):
        texts = [c for row in load_workbook(BytesIO(response.content))["Aktiviteter"].values
                 for c in row]  # fmt: skip
        assert "Aktivitet ett" in texts
    else:
        document = Document(BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Plan med styr tecken" in text


def test_an_exported_plan_with_formula_text_imports_as_it_was(world: World) -> None:
    plan = _plan(world, "-Minus i titeln", "=Aktivitet")
    content = workbook.plan_workbook(Plan.objects.get(pk=plan.pk))
    imported = import_plan(world.coordinator, world.strategy_25, content)
    assert imported.title == "-Minus i titeln"
    assert imported.activities.get().title == "=Aktivitet"


def test_the_import_refuses_a_date_out_of_range(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea, title="Datum")
    factories.activity(plan, title="Aktivitet")
    book = load_workbook(BytesIO(workbook.plan_workbook(plan)))
    book["Aktiviteter"]["I2"] = date(9999, 12, 31)
    book["Plan"]["B7"] = "1999-12-31"
    buffer = BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFailed) as failure:
        import_plan(world.coordinator, world.strategy_25, buffer.getvalue())
    assert failure.value.errors == [
        "Plan, row 7, column B: 1999-12-31 is outside 2000-01-01 to 2100-12-31",
        "Aktiviteter, row 2, column I: 9999-12-31 is outside 2000-01-01 to 2100-12-31",
    ]


def test_the_activity_form_refuses_a_date_out_of_range(client: Client, world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    client.force_login(world.lulea_editor)
    response = client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {
            "title": "Ny",
            "strategy_items": [factories.direction_change(world.strategy_25).pk],
            "responsible": world.lulea.pk,
            "start": "2025-01-01",
            "end": "9999-12-31",
            "status": "planned",
            "version": activity.version,
        },
    )
    assert response.status_code == 200
    assert "Give a date from 2000-01-01 to 2100-12-31." in response.content.decode()
    activity.refresh_from_db()
    assert activity.end == date(2026, 12, 31)


@pytest.mark.parametrize("far", [date(9999, 12, 31), date(1, 1, 1)], ids=["year-9999", "year-1"])
def test_every_page_holds_with_a_date_out_of_range_in_the_database(
    client: Client, world: World, far: date
) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    factories.activity(plan)
    if far.year > 2000:
        Activity.objects.filter(pk=activity.pk).update(end=far)
        Plan.objects.filter(pk=plan.pk).update(end=far)
    else:
        Activity.objects.filter(pk=activity.pk).update(start=far)
        Plan.objects.filter(pk=plan.pk).update(start=far)
    client.force_login(world.coordinator)
    pages = [
        reverse("plans:county", args=["25"]), reverse("plans:detail", args=[plan.pk]),
        reverse("plans:activity", args=[activity.pk]), reverse("plans:list"),
        reverse("plans:plan_xlsx", args=[plan.pk]), reverse("plans:plan_docx", args=[plan.pk]),
        reverse("plans:county_xlsx", args=["25"]), reverse("plans:county_docx", args=["25"]),
        reverse("plans:edit", args=[plan.pk]), reverse("plans:activity_edit", args=[activity.pk]),
    ]  # fmt: skip
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)
    county = client.get(reverse("plans:county", args=["25"])).content.decode()
    assert far.isoformat().lstrip("0") in county or f"{far:%Y-%m-%d}" in county


@pytest.mark.parametrize("period", ["0000-T1", "1999-T3", "2101-T1", "9999-T3"])
def test_a_progress_report_for_a_period_out_of_range_is_refused(world: World, period: str) -> None:
    from django.core.exceptions import ValidationError

    from fardplan.web.plans.periods import period_bounds

    activity = factories.activity(factories.plan(world.strategy_25, world.lulea))
    with pytest.raises(ValidationError, match="not a follow-up period"):
        followup.add_progress(None, activity, period, "Text", "ongoing")
    if period == "0000-T1":  # it has no days at all
        with pytest.raises(ValueError, match="not a follow-up period"):
            period_bounds(period)
