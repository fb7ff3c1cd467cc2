"""Who may do what with reports. The services and the views ask these functions.

- administrators and coordinators of the county: create reports, edit the template, say which
  principal writes a section, write any section, send a section back with a comment, approve
  the report, start a new version of an approved one;
- an organisation's editors: write the sections their organisation is responsible for and
  mark them ready;
- every member of the county (viewers, analysts, contributors too): read the county's
  reports, drafts and approved ones;
- anonymous visitors and members of other counties: nothing (the views answer 404, as for
  plans). An approved report stays internal: publishing it is the principals' own decision.

An approved report is frozen: nobody writes in it any more (403), a new version may be started.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import Organisation, OrganisationQuerySet
from fardplan.web.reports.models import Report, ReportSection, ReportStatus, SectionStatus
from fardplan.web.strategies.models import Strategy

User = AbstractBaseUser | AnonymousUser
Actor = User | None  # None: the system (the demo's loader)
OPEN_STATUSES = {SectionStatus.DRAFT, SectionStatus.RETURNED}


def can_read(user: User, report: Report) -> bool:
    return scope_for(user).can_read_county(report.strategy.county_id)


def can_read_county(user: User, county_id: int) -> bool:
    return scope_for(user).can_read_county(county_id)


def manages(user: Actor, county_id: int) -> bool:
    """Administrators and coordinators of the county, superusers and the system."""
    return user is None or scope_for(user).can_manage_county(county_id)


def can_create_report(user: Actor, strategy: Strategy) -> bool:
    return manages(user, strategy.county_id)


def can_manage(user: Actor, report: Report) -> bool:
    """Whether ``user`` leads the report's work (assigns, sends back, approves)."""
    return manages(user, report.strategy.county_id)


def is_writer(user: Actor, section: ReportSection) -> bool:
    """The section's organisation's editors, and the county's coordinators for every
    section."""
    if can_manage(user, section.report):
        return True
    assert user is not None
    return scope_for(user).edits_for(section.organisation_id)


def can_write(user: Actor, section: ReportSection) -> bool:
    """Write the section's text: its writers, while the report is not approved."""
    return not section.report.is_approved and is_writer(user, section)


def can_mark_ready(user: Actor, section: ReportSection) -> bool:
    return can_write(user, section) and section.status in OPEN_STATUSES


def can_return(user: Actor, section: ReportSection) -> bool:
    """Send a ready section back with a comment: the county's coordinators."""
    report = section.report
    return (
        can_manage(user, report)
        and not report.is_approved
        and section.status == SectionStatus.READY
    )


def can_assign(user: Actor, report: Report) -> bool:
    return can_manage(user, report) and not report.is_approved


def can_approve(user: Actor, report: Report) -> bool:
    """Approve: the county's coordinators, once every section is ready."""
    return can_manage(user, report) and report.status == ReportStatus.READY


def can_start_version(user: Actor, report: Report) -> bool:
    """Start a new version of an approved report that has none yet."""
    return (
        can_manage(user, report)
        and report.is_approved
        and not Report.objects.filter(predecessor=report).exists()
    )


def principals(strategy: Strategy) -> OrganisationQuerySet:
    """Return the principals of the strategy's county (its region and municipalities), who
    write reports: the region first."""
    return Organisation.objects.filter(county_id=strategy.county_id).principals()
