"""An imported plan's text cells pass the same free-text checks as the forms: a control
character, a personal identity number or an over-long text is refused at its cell, once, and
the number is never quoted back."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from fardplan.web.plans import workbook
from fardplan.web.plans.importer import ImportFailed, import_plan
from fardplan.web.plans.models import Plan
from tests.web.plans import factories
from tests.web.plans.factories import World


def _exported_with(world: World, **cells: str) -> bytes:
    """Return an exported plan with the given cells (``Aktiviteter_B2=…``) changed."""
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal plan Luleå")
    factories.activity(plan, title="Mobilt närvårdsteam")
    book = load_workbook(BytesIO(workbook.plan_workbook(plan)))
    for where, value in cells.items():
        sheet, cell = where.split("_")
        book[sheet][cell] = value
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _refusal(world: World, **cells: str) -> list[str]:
    content = _exported_with(world, **cells)
    before = Plan.objects.count()
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_plan(world.coordinator, world.strategy_25, content)
    assert Plan.objects.count() == before
    return failure.value.errors


def test_it_refuses_a_control_character_in_a_title(world: World) -> None:
    # XML (so XLSX) cannot hold C0 controls or U+FFFF at all; C1 controls such as CSI can be.
    assert _refusal(world, Plan_B3="Plan \x9b2J Luleå") == [
        "Plan, row 3, column B: Remove the invisible control character U+009B."
    ]


def test_it_refuses_a_noncharacter_in_a_description(world: World) -> None:
    errors = _refusal(world, Aktiviteter_D2="Beskrivning \ufdd0")
    assert errors == [
        "Aktiviteter, row 2, column D: Remove the invisible control character U+FDD0."
    ]


def test_it_refuses_a_personal_identity_number_once_without_quoting_it(world: World) -> None:
    # In a column that is looked up, too: no "unknown organisation '19121212-1212'" follows.
    errors = _refusal(
        world, Aktiviteter_D2="Gäller patient 19121212-1212", Aktiviteter_E2="121212-1212"
    )
    assert len(errors) == 2
    assert errors[0].startswith("Aktiviteter, row 2, column D: This looks like a personal")
    assert errors[1].startswith("Aktiviteter, row 2, column E: This looks like a personal")
    assert not any("1212-" in error for error in errors)


def test_it_refuses_a_description_over_the_long_text_limit(world: World) -> None:
    errors = _refusal(world, Aktiviteter_D2="x" * 10_001)
    assert errors == ["Aktiviteter, row 2, column D: The text is longer than 10000 characters."]


def test_it_still_imports_tabs_and_line_breaks(world: World) -> None:
    content = _exported_with(world, Aktiviteter_D2="Första stycket.\n\n\tAndra.")
    plan = import_plan(world.coordinator, world.strategy_25, content)
    assert plan.activities.get().description == "Första stycket.\n\n\tAndra."


def test_it_names_the_plan_sheets_own_row(world: World) -> None:
    # The title is on row 3 of the Plan sheet (row 1 holds the headings).
    assert _refusal(world, Plan_B3=" ") == ["Plan, row 3, column B: title is missing"]
