"""The decisions section: the political decisions about the strategy taken within the period
by the principals of the report's scope.

The decision records will come from the ``decisions`` app (each principal's decisions and its
adoption state). Without it the section lists none and the report says "No decisions
registered"; nothing else in a report depends on this function.
"""

from __future__ import annotations

from fardplan.web.reports.content import DecisionEntry
from fardplan.web.reports.models import Report
from fardplan.web.reports.periods import ReportPeriod


def decision_entries(report: Report, period: ReportPeriod) -> list[DecisionEntry]:
    """Return the decisions of the report's scope taken within the period, by meeting date:
    none while Färdplan holds no decision records."""
    return []
