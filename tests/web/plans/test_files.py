"""Excel and Word: exports open, the template round-trips, bad cells are named and nothing is
saved."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import Workbook, load_workbook

from fardplan.web.plans import followup, workbook
from fardplan.web.plans.importer import ImportFailed, import_plan
from fardplan.web.plans.models import Activity, ChangeRecord, Plan
from tests.web.plans import factories
from tests.web.plans.factories import World


def _plan_with_activity(world: World) -> Plan:
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal plan Luleå",
                          participants=[world.hertson, world.sunderby])  # fmt: skip
    activity = factories.activity(
        plan, title="Mobilt närvårdsteam", participants=[world.hertson],
        strategy_items=[factories.direction_change(world.strategy_25, 3)],
    )  # fmt: skip
    followup.add_indicator(None, activity, "avoidable_admissions", "decrease", [world.lulea])
    return plan


def test_it_exports_a_plan_that_imports_again(world: World) -> None:
    plan = _plan_with_activity(world)
    content = workbook.plan_workbook(plan)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["Plan", "Aktiviteter", "Indikatorer", "Listor"]
    row = [cell.value for cell in book["Aktiviteter"][2]]
    assert row[1:3] == ["Mobilt närvårdsteam", "Stärkt gemensam primärvård"]
    assert row[6] == "Äldre med omfattande behov"
    assert [c.value for c in book["Indikatorer"][2]] == [
        1,
        "avoidable_admissions",
        "Minska",
        "Luleå kommun",
    ]
    book["Plan"]["B3"] = "Lokal plan Luleå, kopia"
    copy = BytesIO()
    book.save(copy)
    imported = import_plan(world.coordinator, world.strategy_25, copy.getvalue())
    assert imported.title == "Lokal plan Luleå, kopia"
    assert set(imported.participants.all()) == {world.hertson, world.sunderby}
    activity = imported.activities.get()
    assert activity.strategy_items.get().title == "Stärkt gemensam primärvård"
    assert activity.target_groups == ["elderly"]
    link = activity.indicators.get()
    assert (link.indicator_id, link.direction, list(link.areas.all())) == (
        "avoidable_admissions", "decrease", [world.lulea]
    )  # fmt: skip


def _broken_file(world: World) -> bytes:
    book = load_workbook(BytesIO(workbook.template_workbook(world.strategy_25)))
    plan = book["Plan"]
    values: list[str | date] = [
        "Lokal handlingsplan",
        "Ny plan",
        "Luleå kommun",
        "Luleå kommun",
        "",
        date(2025, 1, 1),
        date(2026, 12, 31),
        "Utkast",
        "",
    ]
    for row, value in enumerate(values, start=2):
        plan.cell(row=row, column=2, value=value)
    activities = book["Aktiviteter"]
    good = [1, "Bra aktivitet", "Stärkt gemensam primärvård", "", "Luleå kommun", "",
            "Barn och unga", date(2025, 1, 1), date(2025, 12, 31), "Planerad"]  # fmt: skip
    activities.append(good)
    for _ in range(4):
        activities.append([])  # empty rows are skipped
    bad = [2, "Dålig aktivitet", "X", "", "Okänd kommun", "", "Alla", "i morgon",
           date(2025, 1, 1), "Pågår"]  # fmt: skip
    activities.append(bad)  # row 7
    book["Indikatorer"].append([9, "no_such_indicator", "Öka", ""])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_reports_every_bad_cell_and_saves_nothing(world: World) -> None:
    before = (Plan.objects.count(), Activity.objects.count(), ChangeRecord.objects.count())
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_plan(world.coordinator, world.strategy_25, _broken_file(world))
    assert failure.value.errors == [
        "Aktiviteter, row 7, column C: unknown direction change 'X'",
        "Aktiviteter, row 7, column E: unknown organisation 'Okänd kommun'",
        "Aktiviteter, row 7, column G: unknown target group 'Alla'",
        "Aktiviteter, row 7, column H: 'i morgon' is not a date (YYYY-MM-DD)",
        "Indikatorer, row 2, column A: no activity with number '9'",
        "Indikatorer, row 2, column B: unknown indicator 'no_such_indicator'",
    ]
    after = (Plan.objects.count(), Activity.objects.count(), ChangeRecord.objects.count())
    assert after == before


def test_it_saves_nothing_when_a_service_refuses_late(world: World) -> None:
    book = load_workbook(BytesIO(workbook.template_workbook(world.strategy_25)))
    for row, value in enumerate(
        [
            "Intern handlingsplan",
            "Plan",
            "Luleå kommun",
            "",
            "",
            "2025-01-01",
            "2025-12-31",
            "",
            "",
        ],
        start=2,
    ):
        book["Plan"].cell(row=row, column=2, value=value)  # fmt: skip
    buffer = BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFailed, match="You may not do this"):
        import_plan(world.umea_editor, world.strategy_25, buffer.getvalue())
    assert not Plan.objects.exists()


def test_it_refuses_a_file_that_is_not_a_workbook(world: World) -> None:
    with translation.override("en"), pytest.raises(ImportFailed, match="not an Excel workbook"):
        import_plan(world.coordinator, world.strategy_25, b"name;title\n")


def test_it_names_a_missing_sheet(world: World) -> None:
    buffer = BytesIO()
    Workbook().save(buffer)
    with translation.override("en"), pytest.raises(ImportFailed, match="Aktiviteter, row 1"):
        import_plan(world.coordinator, world.strategy_25, buffer.getvalue())


def test_it_exports_word_documents_that_open(client: Client, world: World) -> None:
    plan = _plan_with_activity(world)
    client.force_login(world.viewer)
    response = client.get(reverse("plans:plan_docx", args=[plan.pk]))
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Lokal plan Luleå" in text and "Stärkt gemensam primärvård" in text
    table = Document(BytesIO(response.content)).tables[0]
    assert table.rows[1].cells[0].text == "Mobilt närvårdsteam"
    county = client.get(reverse("plans:county_docx", args=["25"]))
    assert "Lokal plan Luleå" in "\n".join(
        p.text for p in Document(BytesIO(county.content)).paragraphs
    )


def test_it_exports_the_county_merge_to_excel(client: Client, world: World) -> None:
    _plan_with_activity(world)
    other = factories.plan(world.strategy_25, world.pitea, title="Lokal plan Piteå")
    factories.activity(other, title="Skolhälsa och BUP")
    client.force_login(world.coordinator)
    response = client.get(reverse("plans:county_xlsx", args=["25"]))
    assert response["Content-Disposition"] == 'attachment; filename="lansplan-25.xlsx"'
    sheet = load_workbook(BytesIO(response.content))["Aktiviteter"]
    plans = sorted(str(row[10]) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert plans == ["Lokal plan Luleå", "Lokal plan Piteå"]


def test_it_imports_through_the_page_and_lists_errors(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    template = client.get(reverse("plans:template"), {"strategy": world.strategy_25.slug})
    lists = load_workbook(BytesIO(template.content))["Listor"]
    assert lists["A2"].value == "Mer hälsofrämjande och förebyggande insatser"
    upload = BytesIO(_broken_file(world))
    upload.name = "plan.xlsx"
    response = client.post(
        reverse("plans:import"), {"strategy": world.strategy_25.pk, "file": upload}
    )
    assert response.status_code == 400
    assert "Aktiviteter" in response.content.decode()
    assert not Plan.objects.exists()


def test_it_reports_bad_cells_in_swedish(world: World) -> None:
    with translation.override("sv"), pytest.raises(ImportFailed) as failure:
        import_plan(world.coordinator, world.strategy_25, _broken_file(world))
    assert failure.value.errors[0] == "Aktiviteter, rad 7, kolumn C: okänd riktningsförändring 'X'"
