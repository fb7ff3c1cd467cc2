"""The report's work: create it from the template, assign sections, write, mark ready, send
back, approve (freezing the content into a snapshot), start a new version.

Who writes what: every section is written by one organisation or by the county's
coordinators. A section the template gives to the coordinators stays theirs; a section the
template gives to "a principal" goes, in a principal's report, to that principal, and in the
county's report to the county's region until a coordinator assigns it to another principal
(so Luleå writes one target area, the region another). Coordinators may write any section.

Each service re-checks the permission (``permissions``), locks the report's row and appends
the event to the report's history in one transaction; views stay thin.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.reports import permissions
from fardplan.web.reports.assembly import assemble
from fardplan.web.reports.content import ReportContent, digest
from fardplan.web.reports.models import (
    EventAction,
    Language,
    Report,
    ReportEvent,
    ReportSection,
    ReportSnapshot,
    ReportStatus,
    Responsibility,
    SectionStatus,
    TemplateSection,
)
from fardplan.web.reports.periods import PeriodError, parse_period
from fardplan.web.reports.permissions import Actor
from fardplan.web.reports.report_templates import sections_of, template_for
from fardplan.web.strategies.models import Strategy


class StaleSection(Exception):
    """The text was saved by someone else since the form was opened."""

    def __init__(self, current: ReportSection) -> None:
        super().__init__("the section was changed since the form was opened")
        self.current = current


def _who(user: Actor) -> Any:
    return user if user is not None and user.is_authenticated else None


def _event(
    report: Report,
    user: Actor,
    action: EventAction,
    section: ReportSection | None = None,
    text: str = "",
) -> None:
    ReportEvent.objects.create(
        report=report, section=section, section_title=section.title if section else "",
        action=action, text=text, user=_who(user),
    )  # fmt: skip


def _lock(report: Report) -> Report:
    """Return the report's row locked for the rest of the transaction, freshly read."""
    return Report.objects.select_for_update().select_related("strategy").get(pk=report.pk)


def create_report(
    user: Actor,
    strategy: Strategy,
    period_text: str,
    organisation: Organisation | None = None,
    language: str = Language.SWEDISH,
) -> Report:
    """Create version 1 of the report for the period and scope, its sections copied from the
    strategy's template. Raises PermissionDenied for a user who may not, ValidationError for
    a bad period, a scope that is not a principal of the county, or a report that exists."""
    if not permissions.can_create_report(user, strategy):
        raise PermissionDenied("may not create reports in this county")
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        raise ValidationError(str(error)) from error
    if (
        organisation is not None
        and not permissions.principals(strategy).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(_("A report is for the county or for one of its principals."))
    existing = Report.objects.filter(
        strategy=strategy, period=period.code, organisation=organisation
    )
    if existing.exists():
        raise ValidationError(
            _("A report for %(period)s already exists: open it, or start a new version of it.")
            % {"period": period.code}
        )
    template = template_for(strategy)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                strategy=strategy, period=period.code, organisation=organisation,
                language=Language(language), created_by=_who(user),
            )  # fmt: skip
            with translation.override(report.language):  # the sections' titles
                _copy_template(report, sections_of(template))
            _event(report, user, EventAction.CREATED)
    except IntegrityError as error:  # created at the same moment by someone else
        raise ValidationError(_("That report was just created by someone else.")) from error
    return report


def _copy_template(report: Report, sections: list[TemplateSection]) -> None:
    default = _default_writer(report)
    taken: set[str] = set()
    for position, section in enumerate(sections, start=1):
        writer = default if section.responsible == Responsibility.PRINCIPAL else None
        if report.organisation is not None and section.responsible == Responsibility.PRINCIPAL:
            writer = report.organisation
        ReportSection.objects.create(
            report=report, position=position, key=_key(section, taken), kind=section.kind,
            item=section.item, title=section.shown_title, organisation=writer,
        )  # fmt: skip


def _default_writer(report: Report) -> Organisation | None:
    """Return who writes a principal's section of the report until assigned: the principal
    of a principal's report, else the county's region."""
    if report.organisation is not None:
        return report.organisation
    return permissions.principals(report.strategy).filter(kind=OrganisationKind.REGION).first()


def _key(section: TemplateSection, taken: set[str]) -> str:
    base = section.item.key if section.item else section.kind
    key, n = base[:70], 2
    while key in taken:
        key, n = f"{base[:70]}-{n}", n + 1
    taken.add(key)
    return key


def assign_section(user: Actor, section: ReportSection, organisation: Organisation | None) -> None:
    """Give the section to a principal of the county (None: the county's coordinators)."""
    report = section.report
    if not permissions.can_assign(user, report):
        raise PermissionDenied("may not assign sections of this report")
    if (
        organisation is not None
        and not permissions.principals(report.strategy).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(_("Choose a principal of the county."))
    with transaction.atomic():
        _lock(report)
        locked = ReportSection.objects.select_for_update().get(pk=section.pk)
        if locked.organisation_id == (organisation.pk if organisation else None):
            return
        locked.organisation = organisation
        locked.save(update_fields=["organisation"])
        name = organisation.name if organisation else _("the county's coordinators")
        _event(report, user, EventAction.ASSIGNED, locked, name)


def save_narrative(user: Actor, section: ReportSection, narrative: str, version: int) -> None:
    """Save the section's text. A ready section goes back to draft (it must be marked ready
    again). Raises PermissionDenied for a user who may not write it or an approved report,
    StaleSection when someone saved it since ``version`` was read."""
    if not permissions.can_write(user, section):
        raise PermissionDenied("may not write this section")
    with transaction.atomic():
        report = _lock(section.report)
        locked = (
            ReportSection.objects.select_for_update().select_related("report").get(pk=section.pk)
        )
        if report.is_approved:
            raise PermissionDenied("the report is approved")
        if locked.version != version:
            raise StaleSection(locked)
        text = narrative.replace("\r\n", "\n").strip()
        if text == locked.narrative:
            return
        locked.narrative = text
        locked.version += 1
        locked.updated_at, locked.updated_by = timezone.now(), _who(user)
        if locked.status == SectionStatus.READY:
            locked.status = SectionStatus.DRAFT
        locked.save(update_fields=["narrative", "version", "updated_at", "updated_by", "status"])
        _event(report, user, EventAction.EDITED, locked)
        _update_status(report)


def mark_ready(user: Actor, section: ReportSection) -> None:
    """Mark the section ready for approval; the report is ready once every section is."""
    if not permissions.can_mark_ready(user, section):
        raise PermissionDenied("may not mark this section ready")
    with transaction.atomic():
        report = _lock(section.report)
        locked = ReportSection.objects.select_for_update().get(pk=section.pk)
        if locked.status not in permissions.OPEN_STATUSES:
            return
        if not locked.narrative.strip():  # a board would get a heading with nothing under it
            raise ValidationError(_("Write the section's text before marking it ready."))
        locked.status = SectionStatus.READY
        locked.return_comment = ""
        locked.save(update_fields=["status", "return_comment"])
        _event(report, user, EventAction.READY, locked)
        _update_status(report)


def return_section(user: Actor, section: ReportSection, comment: str) -> None:
    """Send a ready section back to its writers with the coordinator's comment."""
    if not permissions.can_return(user, section):
        raise PermissionDenied("may not send this section back")
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what should change, so that the writers know."))
    with transaction.atomic():
        report = _lock(section.report)
        locked = ReportSection.objects.select_for_update().get(pk=section.pk)
        locked.status = SectionStatus.RETURNED
        locked.return_comment = comment
        locked.save(update_fields=["status", "return_comment"])
        _event(report, user, EventAction.RETURNED, locked, comment)
        _update_status(report)


def _update_status(report: Report) -> None:
    """Set the report ready when every section is, back to draft otherwise."""
    statuses = set(report.sections.values_list("status", flat=True))
    wanted = ReportStatus.READY if statuses == {SectionStatus.READY} else ReportStatus.DRAFT
    if report.status != wanted:
        Report.objects.filter(pk=report.pk).update(status=wanted)
        report.status = wanted


def approve(user: Actor, report: Report) -> ReportSnapshot:
    """Approve the report and freeze it: the content assembled now, with every section
    approved, is stored as the snapshot (with its digest and the run it used) in the same
    transaction. Raises PermissionDenied for a user who may not, ValidationError while a
    section is not ready."""
    if not permissions.can_manage(user, report):
        raise PermissionDenied("may not approve this report")
    with transaction.atomic():
        locked = _lock(report)
        if locked.is_approved:
            raise PermissionDenied("the report is approved already")
        if locked.status != ReportStatus.READY:
            raise ValidationError(_("Every section must be marked ready before approval."))
        locked.sections.update(status=SectionStatus.APPROVED)
        locked.status = ReportStatus.APPROVED
        locked.approved_at, locked.approved_by = timezone.now(), _who(user)
        locked.save(update_fields=["status", "approved_at", "approved_by"])
        content = assemble(locked)
        snapshot = _freeze(locked, content)
        _event(locked, user, EventAction.APPROVED, text=snapshot.digest)
    report.refresh_from_db()
    return snapshot


def _freeze(report: Report, content: ReportContent) -> ReportSnapshot:
    text = content.to_json()
    run = content.run
    return ReportSnapshot.objects.create(
        report=report, content=text, digest=digest(text),
        run_fingerprint=run.fingerprint if run else "",
        catalogue_version=run.catalogue_version if run else "",
    )  # fmt: skip


def start_new_version(user: Actor, report: Report) -> Report:
    """Start the next version of an approved report: its sections, writers and texts copied,
    every section a draft again; the approved version stays as it is."""
    if not permissions.can_start_version(user, report):
        raise PermissionDenied("may not start a new version of this report")
    with transaction.atomic():
        locked = _lock(report)
        latest = Report.objects.filter(
            strategy=locked.strategy, period=locked.period, organisation=locked.organisation
        ).aggregate(Max("version"))["version__max"]
        successor = Report.objects.create(
            strategy=locked.strategy, period=locked.period, organisation=locked.organisation,
            language=locked.language, version=(latest or 0) + 1, predecessor=locked,
            created_by=_who(user),
        )  # fmt: skip
        for section in locked.sections.all():
            ReportSection.objects.create(
                report=successor, position=section.position, key=section.key,
                kind=section.kind, item=section.item, title=section.title,
                organisation=section.organisation, narrative=section.narrative,
            )  # fmt: skip
        _event(successor, user, EventAction.NEW_VERSION, text=f"v{locked.version}")
        _event(locked, user, EventAction.NEW_VERSION, text=f"v{successor.version}")
    return successor


def content_of(report: Report) -> ReportContent:
    """Return what the report shows: the snapshot of an approved report (never assembled
    again), else the content assembled from the live data."""
    if report.is_approved:
        return ReportContent.from_json(ReportSnapshot.objects.get(report=report).content)
    return assemble(report)
