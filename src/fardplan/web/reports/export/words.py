"""The fixed words of an exported report, in the active language (the report's own texts
arrive already in its language). Built once per render, under ``translation.override``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fardplan.web.reports.content import ReportContent, ReportStatus

# A header naming more organisations than this names the scope instead (the title page
# lists them all): fifteen names do not fit a page's header.
HEADER_NAMES = 3


@dataclass(frozen=True)
class Words:
    contents: str
    page_of: str  # "Page %(page)s of %(pages)s"
    draft_mark: str  # "DRAFT", across every page of a report not approved
    scope: str
    organisations: str
    period: str
    status: str
    version: str
    approved_on: str
    run: str
    latest_value: str
    change: str
    county_value: str
    sweden_value: str
    assessment: str
    comments: str
    activities: str
    activity: str
    organisation: str
    latest_progress: str
    no_progress: str
    plan_changes: str
    date: str
    plan: str
    change_text: str
    decisions: str
    meeting: str
    decision: str
    kind: str
    appendix: str
    appendix_intro: str
    values_in_table: str  # "The values are in the appendix, table" (A.1)
    responsible: str
    no_text: str
    section_status: str
    return_comment: str
    no_chart: str


def words() -> Words:
    """Return the words in the active language."""
    return Words(
        contents=_("Contents"),
        page_of=_("Page %(page)s of %(pages)s"),
        draft_mark=_("DRAFT"),
        scope=_("Report for"),
        organisations=_("Organisations"),
        period=_("Period"),
        status=_("Status"),
        version=_("Version"),
        approved_on=_("Approved on"),
        run=_("Values from the run"),
        latest_value=_("Latest value"),
        change=_("Change from a year earlier"),
        county_value=_("The county"),
        sweden_value=_("Sweden"),
        assessment=_("Assessment"),
        comments=_("Interpretations for the period"),
        activities=_("Activities"),
        activity=_("Activity"),
        organisation=_("Organisation"),
        latest_progress=_("Latest progress"),
        no_progress=_("No progress reported in the period."),
        plan_changes=_("Changes to the plans"),
        date=_("Date"),
        plan=_("Plan"),
        change_text=_("What changed"),
        decisions=_("Decisions"),
        meeting=_("Meeting"),
        decision=_("Decision"),
        kind=_("Kind"),
        appendix=_("Appendix: data tables"),
        appendix_intro=_(
            "The values behind the charts. A value shown as .. is suppressed: the note under "
            "its table says why."
        ),
        values_in_table=_("The values are in the appendix, table"),
        responsible=_("Responsible"),
        no_text=_("No text yet."),
        section_status=_("Status of the section"),
        return_comment=_("Sent back by the coordinator"),
        no_chart=_("No chart: no published values in the period."),
    )


def status_line(content: ReportContent) -> str:
    """Return the approval status as every page prints it: "Godkänd 2026-12-03", or the
    status with "ej godkänd" for a draft or a report waiting for approval."""
    if content.status is ReportStatus.APPROVED and content.approved_at is not None:
        return _("Approved %(date)s") % {"date": content.approved_at.isoformat()}
    return _("%(status)s — not approved") % {"status": content.status_label}


def run_line(content: ReportContent) -> str:
    """Return the run the values come from, in words, with its care data's fingerprint."""
    if content.run is None:
        return _("No computed run: the report has no indicator values.")
    return _("Computed %(date)s, catalogue %(catalogue)s, care data %(fingerprint)s") % {
        "date": content.run.computed_at.date().isoformat(),
        "catalogue": content.run.catalogue_version,
        "fingerprint": content.run.fingerprint,
    }


def is_final(content: ReportContent) -> bool:
    """Whether the report is approved: anything else is printed marked as a draft."""
    return content.status is ReportStatus.APPROVED


def header_names(content: ReportContent) -> str:
    """Return who the report is for, as each page's header names it: the organisations, or
    the scope's name when there are none or too many to fit."""
    if not content.organisations or len(content.organisations) > HEADER_NAMES:
        return content.scope_name
    return ", ".join(content.organisations)
