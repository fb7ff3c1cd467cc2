"""The workflow through the services: two principals write their sections, the coordinator
sends one back and approves the whole; refusals for those who may not; the history only
grows; a new version starts from an approved report."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fardplan.web.reports import workflow
from fardplan.web.reports.models import (
    AppendOnly,
    EventAction,
    Report,
    ReportEvent,
    ReportStatus,
    SectionStatus,
)
from tests.web.plans import factories as plan_factories
from tests.web.plans.factories import World
from tests.web.reports import factories

pytestmark = pytest.mark.django_db


def test_two_principals_write_and_the_coordinator_approves(world: World) -> None:
    region_editor = plan_factories.user("region", editor=world.region_norrbotten)
    report = factories.county_report(world)
    ours, theirs = report.sections.filter(kind="target_area").order_by("position")
    workflow.assign_section(world.coordinator, ours, world.lulea)
    assert theirs.organisation == world.region_norrbotten  # the default writer
    ours.refresh_from_db()
    workflow.save_narrative(world.lulea_editor, ours, "Luleå skriver.", ours.version)
    workflow.save_narrative(region_editor, theirs, "Regionen skriver.", theirs.version)
    with pytest.raises(PermissionDenied):
        workflow.save_narrative(world.lulea_editor, theirs, "Fel avsnitt.", 2)
    with pytest.raises(PermissionDenied):
        workflow.save_narrative(world.umea_editor, ours, "Fel län.", 2)
    for user, section in ((world.lulea_editor, ours), (region_editor, theirs)):
        section.refresh_from_db()
        workflow.mark_ready(user, section)
    with pytest.raises(ValidationError, match="Varje avsnitt"):
        workflow.approve(world.coordinator, report)  # the other sections are drafts
    for section in report.sections.exclude(pk__in=[ours.pk, theirs.pk]):
        factories.written_and_ready(world.coordinator, section)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    with pytest.raises(PermissionDenied):
        workflow.approve(world.lulea_editor, report)
    snapshot = workflow.approve(world.coordinator, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == world.coordinator
    assert set(report.sections.values_list("status", flat=True)) == {SectionStatus.APPROVED}
    content = workflow.content_of(report)
    assert content.organisations == ["Region Norrbotten", "Luleå kommun"]
    written = {s.title: s.narrative for s in content.sections}
    assert written[ours.title] == "Luleå skriver." and written[theirs.title] == "Regionen skriver."
    assert snapshot.content == content.to_json()


def test_a_section_sent_back_goes_to_its_writers_with_the_comment(world: World) -> None:
    report = factories.county_report(world)
    factories.all_ready(report)
    section = factories.section(report, "summary")
    with pytest.raises(PermissionDenied):
        workflow.return_section(world.lulea_editor, section, "Nej.")
    with pytest.raises(ValidationError):
        workflow.return_section(world.coordinator, section, "   ")
    workflow.return_section(world.coordinator, section, "Lägg till barnperspektivet.")
    section.refresh_from_db()
    report.refresh_from_db()
    assert (section.status, section.return_comment) == ("returned", "Lägg till barnperspektivet.")
    assert report.status == ReportStatus.DRAFT
    workflow.save_narrative(world.coordinator, section, "Med barnen.", section.version)
    section.refresh_from_db()
    workflow.mark_ready(world.coordinator, section)
    section.refresh_from_db()
    report.refresh_from_db()
    assert (section.status, section.return_comment, report.status) == ("ready", "", "ready")


def test_saving_a_ready_section_makes_it_a_draft_again(world: World) -> None:
    report = factories.county_report(world)
    factories.all_ready(report)
    section = factories.section(report, "summary")
    workflow.save_narrative(world.coordinator, section, "Ändrad.", section.version)
    section.refresh_from_db()
    report.refresh_from_db()
    assert (section.status, report.status) == ("draft", "draft")


def test_a_stale_save_is_refused(world: World) -> None:
    report = factories.county_report(world)
    section = factories.section(report, "summary")
    workflow.save_narrative(world.coordinator, section, "Först.", 1)
    with pytest.raises(workflow.StaleSection) as refused:
        workflow.save_narrative(world.coordinator, section, "Sent.", 1)
    assert refused.value.current.narrative == "Först."


def test_it_refuses_reports_it_should_not_create(world: World) -> None:
    factories.county_report(world)
    with pytest.raises(ValidationError, match="finns redan"):
        factories.county_report(world)
    with pytest.raises(ValidationError):
        factories.principal_report(world, world.hertson)  # a care unit is no principal
    with pytest.raises(ValidationError):
        factories.principal_report(world, world.umea)  # another county's
    with pytest.raises(PermissionDenied):
        workflow.create_report(world.lulea_editor, world.strategy_25, "2024T1")
    with pytest.raises(ValidationError, match="rapportperiod"):
        workflow.create_report(world.coordinator, world.strategy_25, "2024-13")


def test_a_principals_report_is_written_by_the_principal(world: World) -> None:
    report = factories.principal_report(world, world.lulea)
    writers = dict(report.sections.values_list("kind", "organisation"))
    assert writers["target_area"] == world.lulea.pk
    assert writers["summary"] is None  # the template gives the summary to the coordinators


def test_the_history_only_grows(world: World) -> None:
    report = factories.county_report(world)
    factories.all_ready(report)
    workflow.approve(world.coordinator, report)
    actions = list(report.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions[0] == EventAction.CREATED and actions[-1] == EventAction.APPROVED
    assert actions.count(EventAction.READY) == report.sections.count()
    event = report.events.first()
    assert event is not None
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert ReportEvent.objects.filter(pk=event.pk).exists()


def test_a_new_version_starts_from_the_approved_one(world: World) -> None:
    report = factories.county_report(world)
    factories.all_ready(report, "Första versionen.")
    workflow.approve(world.coordinator, report)
    frozen = report.snapshot.content
    successor = workflow.start_new_version(world.coordinator, report)
    assert (successor.version, successor.predecessor, successor.status) == (2, report, "draft")
    copied = list(successor.sections.values_list("key", "narrative", "status", "organisation"))
    original = list(report.sections.values_list("key", "narrative", "organisation"))
    assert [(k, n, o) for k, n, _status, o in copied] == original
    assert {status for *_rest, status, _o in copied} == {"draft"}
    workflow.save_narrative(world.coordinator, successor.sections.first(), "Ny text.", 1)  # type: ignore[arg-type]
    report.refresh_from_db()
    assert report.snapshot.content == frozen
    assert Report.objects.count() == 2
    with pytest.raises(PermissionDenied):
        workflow.start_new_version(world.coordinator, successor)  # not approved


def test_a_section_without_text_cannot_be_marked_ready(world: World, client: Client) -> None:
    report = factories.county_report(world)
    section = factories.section(report, "summary")
    with pytest.raises(ValidationError, match="Skriv avsnittets text"):
        workflow.mark_ready(world.coordinator, section)
    workflow.save_narrative(world.coordinator, section, "   \n ", section.version)
    section.refresh_from_db()
    with pytest.raises(ValidationError):
        workflow.mark_ready(world.coordinator, section)
    section.refresh_from_db()
    assert section.status == SectionStatus.DRAFT

    client.force_login(world.coordinator)
    response = client.post(f"/rapporter/{report.pk}/avsnitt/{section.pk}/klar/", follow=True)
    assert "Skriv avsnittets text innan du markerar det som klart." in response.content.decode()
    section.refresh_from_db()
    assert section.status == SectionStatus.DRAFT
