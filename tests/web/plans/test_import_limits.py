"""An editor's file cannot take the service down: the plan import is bounded by what the file
really holds, refuses damaged files clearly, and quotes bad values only in short excerpts.

The hostile files go through the real import page, as an attacker with an editor's login
would send them; each must be refused quickly with a 400 and a message, and save nothing."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fardplan.web.plans import workbook
from fardplan.web.plans.bounded_xlsx import SheetShape, WorkbookRefused, read_sheets
from fardplan.web.plans.importer import ImportFailed, import_plan
from fardplan.web.plans.models import Plan
from tests.web.plans import hostile
from tests.web.plans.factories import World


@pytest.fixture
def template(world: World) -> bytes:
    return workbook.template_workbook(world.strategy_25)


def _upload(client: Client, world: World, content: bytes) -> str:
    client.force_login(world.lulea_editor)
    upload = BytesIO(content)
    upload.name = "plan.xlsx"
    with hostile.time_limit(20):
        response = client.post(
            reverse("plans:import"), {"strategy": world.strategy_25.pk, "file": upload}
        )
    assert response.status_code == 400
    assert not Plan.objects.exists()
    return response.content.decode()


def test_it_refuses_a_declared_dimension_it_does_not_hold_quickly(
    client: Client, world: World, template: bytes
) -> None:
    page = _upload(client, world, hostile.far_cell(template))
    assert "The sheet Aktiviteter has no row" not in page  # it is read, not trusted
    assert "Plan, row 2, column B: kind of plan is missing" in page


def test_it_refuses_a_zip_bomb_by_its_inflated_size(
    client: Client, world: World, template: bytes
) -> None:
    bomb = hostile.zip_bomb(template)
    assert len(bomb) < 2_000_000
    assert "The file unpacks to 300 MB; at most 40 MB is allowed." in _upload(client, world, bomb)


def test_it_refuses_a_sheet_of_too_many_cells(
    client: Client, world: World, template: bytes
) -> None:
    page = _upload(client, world, hostile.many_cells(template, 300_000))
    assert "The file holds more than 250000 cells." in page


def test_it_refuses_an_xml_entity_bomb(client: Client, world: World, template: bytes) -> None:
    page = _upload(client, world, hostile.entity_bomb(template))
    assert "document type (DTD)" in page


def test_it_refuses_more_activities_than_a_plan_file_may_hold(world: World) -> None:
    rows = "".join(f'<row r="{n}">{hostile.inline(f"A{n}", str(n))}</row>' for n in range(1, 5003))
    content = hostile.replaced(
        workbook.template_workbook(world.strategy_25),
        hostile.ACTIVITY_PART,
        hostile.sheet("A1", rows),
    )
    with pytest.raises(ImportFailed) as failure:
        import_plan(world.lulea_editor, world.strategy_25, content)
    assert failure.value.errors == [
        "The sheet Aktiviteter has more than 5000 activities; a plan file holds at most 5000. "
        "Split the plan into several files."
    ]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda c: hostile.replaced(c, "xl/workbook.xml", None), id="no-workbook"),
        pytest.param(lambda c: hostile.replaced(c, "[Content_Types].xml", None), id="no-types"),
        pytest.param(lambda c: hostile.replaced(c, hostile.ACTIVITY_PART, None), id="no-sheet"),
        pytest.param(lambda c: hostile.replaced(c, "xl/styles.xml", b"<styleSheet"), id="xml"),
        pytest.param(
            lambda c: hostile.replaced(c, "xl/workbook.xml", b"<workbook/>"), id="empty-book"
        ),
        pytest.param(
            lambda c: hostile.replaced(
                c, hostile.ACTIVITY_PART, hostile.sheet("A1", '<row r="x"><c r="?"/></row>')
            ),
            id="bad-reference",
        ),
        pytest.param(
            lambda c: hostile.replaced(
                c,
                hostile.ACTIVITY_PART,
                hostile.sheet("A1", '<row r="2"><c r="H2" s="0" t="n"><v>1e300</v></c></row>'),
            ),
            id="huge-number",
        ),
        pytest.param(lambda c: c[: len(c) // 2], id="truncated"),
        pytest.param(lambda c: b"PK\x03\x04" + b"\x00" * 100, id="not-a-zip"),
    ],
)
def test_it_refuses_damaged_internals_with_a_message(
    client: Client, world: World, template: bytes, damage: object
) -> None:
    page = _upload(client, world, damage(template))  # type: ignore[operator]
    assert "The file is not an Excel workbook (.xlsx), or it is damaged." in page or (
        "is missing" in page
    )


def test_it_reads_the_rows_that_exist_by_their_numbers(template: bytes) -> None:
    rows = (
        f'<row r="1">{hostile.inline("A1", "Nr")}</row><row r="7">{hostile.inline("B7", "x")}</row>'
    )
    content = hostile.replaced(
        template, hostile.ACTIVITY_PART, hostile.sheet("A1:XFD1048576", rows)
    )
    read = read_sheets(content, {"Aktiviteter": SheetShape(width=3, max_rows=10)})
    assert read == {"Aktiviteter": [(1, ("Nr", None, None)), (7, (None, "x", None))]}


def test_it_stops_a_read_that_takes_too_long(template: bytes) -> None:
    from fardplan.web.plans.bounded_xlsx import Limits

    with pytest.raises(WorkbookRefused, match="longer than 0 seconds"):
        read_sheets(
            hostile.far_cell(template),
            {"Aktiviteter": SheetShape(width=10, max_rows=10)},
            Limits(seconds=0.0),
        )


def test_it_quotes_a_short_excerpt_of_a_long_bad_value(
    client: Client, world: World, template: bytes
) -> None:
    book = load_workbook(BytesIO(template))
    # Under the cell limit, so it is read and refused as an unknown organisation, quoted.
    long_name = "Okänd " + "x" * 9_000
    for row in range(2, 400):
        book["Aktiviteter"].append([row, "Titel", "Stärkt gemensam primärvård", "", long_name])
    buffer = BytesIO()
    book.save(buffer)
    page = _upload(client, world, buffer.getvalue())
    assert len(page) < 120_000
    assert "Okänd " + "x" * 54 + "…" in page and "x" * 55 not in page
    listed = page.split('class="import-errors"')[1].split("</section>")[0]
    assert listed.count("<li>") == 100
    total = int(re.search(r"The file has (\d+) errors. Nothing was saved.", page).group(1))  # type: ignore[union-attr]
    assert total > 398 * 2
    assert f"… and {total - 100} more errors, not listed." in page


def test_it_counts_the_cells_of_a_worksheet_wherever_the_workbook_puts_it(
    client: Client, world: World, template: bytes
) -> None:
    members = hostile.parts(hostile.many_cells(template, 300_000))
    members["xl/elsewhere.xml"] = members.pop(hostile.ACTIVITY_PART)
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(b"worksheets/sheet2.xml", b"elsewhere.xml")
    page = _upload(client, world, hostile.rezip(members))
    assert "The file holds more than 250000 cells." in page


def _small_plan(world: World, owner: str) -> bytes:
    from benchmarks.plans_import import plan_file

    items = list(world.strategy_25.items.values_list("title", flat=True))[:2]
    return plan_file(2, owner, items, ["Luleå kommun", "Hertsöns hälsocentral"])


@pytest.mark.parametrize(
    ("persona", "owner", "outcome"),
    [
        ("coordinator", "Region Norrbotten", 302),
        ("lulea_editor", "Luleå kommun", 302),
        ("lulea_editor", "Region Norrbotten", 400),
        ("umea_editor", "Luleå kommun", 200),  # the strategy is not among its choices
        ("contributor", "Luleå kommun", 403),
        ("viewer", "Luleå kommun", 403),
        (None, "Luleå kommun", 302),  # to the login page
    ],
)
def test_only_who_may_create_the_plan_imports_it(
    client: Client, world: World, persona: str | None, owner: str, outcome: int
) -> None:
    if persona is not None:
        client.force_login(getattr(world, persona))
    upload = BytesIO(_small_plan(world, owner))
    upload.name = "plan.xlsx"
    response = client.post(
        reverse("plans:import"), {"strategy": world.strategy_25.pk, "file": upload}
    )
    assert response.status_code == outcome
    created = Plan.objects.filter(owner__name=owner)
    if outcome == 302 and persona is not None:
        assert created.get().activities.count() == 2
        assert response["Location"] == created.get().get_absolute_url()
    else:
        assert not created.exists()
