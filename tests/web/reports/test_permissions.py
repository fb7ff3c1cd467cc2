"""Who may do what with a report, persona by persona, through the real views (so that no view
can forget a check): the coordinator of Norrbotten, the editor of Luleå (who writes Luleå's
section), the editor of Umeå (a stranger in Norrbotten), a contributor, a viewer and an
anonymous visitor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from fardplan.web.reports import workflow
from fardplan.web.reports.models import Report, ReportSection
from tests.web.plans.factories import World
from tests.web.reports import factories

pytestmark = pytest.mark.django_db
PERSONAS = ["coordinator", "lulea_editor", "umea_editor", "contributor", "viewer", "anonymous"]
OK, REDIRECT, FORBIDDEN, HIDDEN, LOGIN = 200, 302, 403, 404, "login"


@dataclass
class Case:
    report: Report
    lulea_section: ReportSection  # assigned to Luleå, marked ready
    region_section: ReportSection  # the region's, a draft


Request = Callable[[Client, Case], object]


def _case(world: World) -> Case:
    report = factories.county_report(world)
    lulea = factories.section(report, "summary")
    workflow.assign_section(world.coordinator, lulea, world.lulea)
    region = report.sections.get(kind="target_area", position=2)
    return Case(report, lulea, region)


def _ready(case: Case) -> None:
    factories.written_and_ready(None, case.lulea_section)


def r(case: Case, tail: str = "") -> str:
    return f"/rapporter/{case.report.pk}/{tail}"


def s(case: Case, section: ReportSection, tail: str = "") -> str:
    return r(case, f"avsnitt/{section.pk}/{tail}")


def _send_back(client: Client, case: Case) -> object:
    _ready(case)
    return client.post(s(case, case.lulea_section, "tillbaka/"), {"comment": "Mer om barnen."})


ACTIONS: dict[str, Request] = {
    "list": lambda c, k: c.get("/rapporter/lan/25/"),
    "create": lambda c, k: c.post(
        "/rapporter/lan/25/",
        {"strategy": k.report.strategy_id, "period": "2025T1", "language": "sv"},
    ),
    "view": lambda c, k: c.get(r(k)),
    "write_own": lambda c, k: c.get(s(k, k.lulea_section)),
    "write_region": lambda c, k: c.get(s(k, k.region_section)),
    "ready_own": lambda c, k: c.post(s(k, k.lulea_section, "klar/")),
    "send_back": _send_back,
    "assign": lambda c, k: c.post(s(k, k.region_section, "skrivs-av/"), {"organisation": ""}),
    "approve": lambda c, k: c.post(r(k, "godkann/")),
    "template": lambda c, k: c.get(f"/rapporter/mall/{k.report.strategy.slug}/"),
    "edit_template": lambda c, k: c.post(
        f"/rapporter/mall/{k.report.strategy.slug}/", {"action": "down", "section": "1"}
    ),
}
CODES: dict[str, int | str] = {"O": OK, "R": REDIRECT, "F": FORBIDDEN, "H": HIDDEN, "L": LOGIN}
# One letter per action above, in its order: O 200, R 302 (done), F 403, H 404, L to the login.
EXPECTED = {
    "coordinator": "O R O O O R R R R O R",
    "lulea_editor": "O F O O F R F F F O F",
    "umea_editor": "H H H H H H H H H H H",
    "contributor": "O F O F F F F F F O F",
    "viewer": "O F O F F F F F F O F",
    "anonymous": "L L L L L L L L L L L",
}
CASES = [
    (persona, action, expected)
    for persona, row in EXPECTED.items()
    for action, expected in zip(ACTIONS, [CODES[code] for code in row.split()], strict=True)
]


@pytest.mark.parametrize(("persona", "action", "expected"), CASES)
def test_it_enforces_the_role_matrix_in_every_view(
    client: Client, world: World, persona: str, action: str, expected: int | str
) -> None:
    case = _case(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = ACTIONS[action](client, case)
    status = response.status_code  # type: ignore[attr-defined]
    if status == 302 and "/konto/login/" in response["Location"]:  # type: ignore[index]
        status = LOGIN
    assert status == expected


def test_the_matrix_covers_every_url_of_the_app() -> None:
    from fardplan.web.reports import urls

    covered = {"index", "county", "detail", "section", "section_ready", "section_return",
               "section_assign", "approve", "template", "new_version"}  # fmt: skip
    covered.add("export")  # its personas: test_export_views.py
    assert {p.name for p in urls.urlpatterns} == covered


@pytest.mark.parametrize("persona", ["coordinator", "lulea_editor", "viewer", "anonymous"])
def test_nobody_writes_in_an_approved_report(client: Client, world: World, persona: str) -> None:
    case = _case(world)
    factories.all_ready(case.report)
    workflow.approve(world.coordinator, case.report)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    section = case.lulea_section
    for response in (
        client.get(s(case, section)),
        client.post(s(case, section), {"narrative": "Ändrat.", "version": 9}),
        client.post(s(case, section, "klar/")),
        client.post(s(case, section, "tillbaka/"), {"comment": "Nej."}),
        client.post(s(case, section, "skrivs-av/"), {"organisation": ""}),
        client.post(r(case, "godkann/")),
    ):
        assert response.status_code == (302 if persona == "anonymous" else 403)
    section.refresh_from_db()
    assert section.narrative.startswith("Det går framåt.")


def test_only_the_coordinator_starts_a_new_version(client: Client, world: World) -> None:
    case = _case(world)
    factories.all_ready(case.report)
    workflow.approve(world.coordinator, case.report)
    for persona in ("lulea_editor", "viewer"):
        client.force_login(getattr(world, persona))
        assert client.post(r(case, "ny-version/")).status_code == 403
    client.force_login(world.umea_editor)
    assert client.post(r(case, "ny-version/")).status_code == 404
    client.force_login(world.coordinator)
    assert client.post(r(case, "ny-version/")).status_code == 302
    assert client.post(r(case, "ny-version/")).status_code == 403  # one successor only
    assert Report.objects.filter(predecessor=case.report).count() == 1
