"""The report pages through the test client: the county's list and a new report, the report
page live and frozen, the section editor with its stale-save check, the template editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from fardplan.web.reports import workflow
from fardplan.web.reports.models import Report, ReportSection, TemplateChange
from tests.web.plans import factories as plan_factories
from tests.web.plans.factories import World
from tests.web.reports import factories

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    return str(response.content, "utf-8")


def test_a_coordinator_creates_a_report_from_the_county_list(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.get("/rapporter/lan/25/")
    assert response.status_code == 200
    assert "Ny rapport" in page(response)
    response = client.post(
        "/rapporter/lan/25/",
        {"strategy": world.strategy_25.pk, "period": "2024-T2", "organisation": "",
         "language": "sv"},
    )  # fmt: skip
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapporter/{report.pk}/"
    assert (report.period, report.organisation, report.version) == ("2024T2", None, 1)


def test_it_refuses_a_bad_period_with_a_clear_message(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        "/rapporter/lan/25/",
        {"strategy": world.strategy_25.pk, "period": "2024T4", "language": "sv"},
    )
    assert response.status_code == 200
    assert "”2024T4” är ingen rapportperiod: skriv ett tertial (2024T2)" in page(response)
    assert not Report.objects.exists()


def test_the_report_page_shows_the_live_content(client: Client, world: World, tiny: Path) -> None:
    factories.norrbotten(world)
    report = factories.county_report(world)
    client.force_login(world.lulea_editor)
    response = client.get(f"/rapporter/{report.pk}/")
    text = page(response)
    assert response.status_code == 200
    assert "T2 2024 (maj–augusti)" in text
    assert "Mobilt team" in text and "Teamet i gång i maj." in text
    assert 'data-spec="spec-' in text
    assert "Inga beslut registrerade." in text
    assert "Godkänn rapporten" not in text


def test_an_editor_writes_a_section_and_a_stale_save_is_refused(
    client: Client, world: World
) -> None:
    report = factories.county_report(world)
    section = factories.section(report, "summary")
    workflow.assign_section(world.coordinator, section, world.lulea)
    client.force_login(world.lulea_editor)
    url = f"/rapporter/{report.pk}/avsnitt/{section.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"narrative": "Första stycket.\r\n\r\nAndra.", "version": 1})
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.narrative, section.version) == ("Första stycket.\n\nAndra.", 2)
    stale = client.post(url, {"narrative": "Min egen text.", "version": 1})
    assert stale.status_code == 409
    assert "Första stycket." in page(stale) and "Min egen text." in page(stale)
    assert ReportSection.objects.get(pk=section.pk).narrative == "Första stycket.\n\nAndra."


def test_the_template_editor_renames_moves_removes_and_adds(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = f"/rapporter/mall/{world.strategy_25.slug}/"
    assert client.get(url).status_code == 200
    from fardplan.web.reports.report_templates import sections_of, template_for

    template = template_for(world.strategy_25)
    first, second = sections_of(template)[:2]
    client.post(url, {"action": "save", "section": first.pk, f"s{first.pk}-title": "Läget",
                      f"s{first.pk}-responsible": "county"})  # fmt: skip
    client.post(url, {"action": "down", "section": first.pk})
    client.post(url, {"action": "remove", "section": second.pk})
    client.post(url, {"action": "add", "kind": "next", "title": "Framåt", "responsible": "county"})
    titles = [s.shown_title for s in sections_of(template)]
    assert titles[0] == "Läget" and titles[-1] == "Framåt"
    assert second.shown_title not in titles
    actions = list(TemplateChange.objects.values_list("action", flat=True))
    assert sorted(actions) == sorted(["created", "renamed", "moved", "removed", "added"])
    created = factories.county_report(world)
    assert created.sections.first().title == "Läget"  # type: ignore[union-attr]


def test_the_page_of_an_approved_report_comes_from_its_snapshot(
    client: Client, world: World, tiny: Path
) -> None:
    report = factories.county_report(world)
    factories.all_ready(report)
    workflow.approve(world.coordinator, report)
    client.force_login(world.viewer)
    text = page(client.get(f"/rapporter/{report.pk}/"))
    assert "Fryst." in text and "Godkänd" in text


def test_a_report_reads_in_its_own_language_on_an_english_page(
    client: Client, world: World
) -> None:
    report = factories.county_report(world)
    client.force_login(world.coordinator)
    text = page(client.get(f"/en/rapporter/{report.pk}/"))
    assert '<article class="report" lang="sv">' in text
    assert "Sammanfattning" in text and "Skriv texten" in text  # the report's words
    assert "A draft: the numbers" in text  # the page's note, in the reader's language
    section = factories.section(report, "summary")
    assert f'href="/en/rapporter/{report.pk}/avsnitt/{section.pk}/"' in text


def test_the_index_leads_a_member_to_the_county(client: Client, world: World) -> None:
    assert client.get("/rapporter/")["Location"].startswith("/konto/login/")
    client.force_login(world.umea_editor)
    assert client.get("/rapporter/")["Location"] == "/rapporter/lan/24/"
    client.force_login(plan_factories.user("ingen"))
    assert "inte medlem i något län" in page(client.get("/rapporter/"))
