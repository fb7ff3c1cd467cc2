"""The decisions section: the political decisions on the report's strategy (or on one of its
action plans) taken within the period by the organisations of the report's scope, from the
``decisions`` app's records; none is "Inga beslut registrerade" on the page."""

from __future__ import annotations

from django.db.models import Q

from fardplan.web.decisions.models import Decision
from fardplan.web.reports.content import DecisionEntry
from fardplan.web.reports.models import Report
from fardplan.web.reports.periods import ReportPeriod

MAX_DECISIONS = 100  # a period's decisions on one strategy are a handful


def decision_entries(report: Report, period: ReportPeriod) -> list[DecisionEntry]:
    """Return the decisions of the report's scope (the county's organisations, or the
    principal) on its strategy or the strategy's plans whose meeting lies within the period,
    by meeting date and organisation; empty when none is recorded."""
    found = Decision.objects.filter(
        Q(strategy=report.strategy) | Q(plan__strategy=report.strategy),
        meeting_date__gte=period.first_day,
        meeting_date__lte=period.last_day,
    )
    if report.organisation is None:
        found = found.filter(organisation__county_id=report.strategy.county_id)
    else:
        found = found.filter(organisation=report.organisation)
    ordered = found.select_related("organisation").order_by(
        "meeting_date", "organisation__name", "paragraph", "pk"
    )
    return [_entry(decision) for decision in ordered[:MAX_DECISIONS]]


def _entry(decision: Decision) -> DecisionEntry:
    return DecisionEntry(
        organisation_name=decision.organisation.name,
        body_label=str(decision.get_body_display()),
        meeting_date=decision.meeting_date,
        paragraph=f"§ {decision.paragraph}" if decision.paragraph else "",
        title=decision.title,
        kind_label=str(decision.get_kind_display()),
        invented=decision.invented,
    )
