"""Which report a scheduled run renders: by county, period and scope, without a user.

The current report is the latest version for the county (or the principal) and the period;
``approved`` asks for the latest approved version instead, rendered from its snapshot. When a
county has reports of the period under more than one strategy, the newest strategy's count.
No report is created here: a command that runs on a schedule must not start a report that
the coordinators have not.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from fardplan.web.organisations.models import County, Organisation
from fardplan.web.reports.models import Report, ReportStatus
from fardplan.web.reports.periods import PeriodError, parse_period


class NotFound(LookupError):
    """No such county, principal, period or report; the message says which."""


def find_report(
    county_code: str, period_text: str, organisation_code: str | None, *, approved: bool
) -> Report:
    """Return the report to render. Raises NotFound with the reason."""
    county = County.objects.filter(code=county_code.strip()).first()
    if county is None:
        raise NotFound(
            _("There is no county with the code “%(code)s”: give its two digits (25 for %(x)s).")
            % {"code": county_code[:10], "x": "Norrbottens län"}
        )
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        raise NotFound(str(error)) from None
    organisation = _principal(county, organisation_code) if organisation_code else None
    found = Report.objects.filter(
        strategy__county=county, period=period.code, organisation=organisation
    ).select_related("strategy__county", "organisation")
    if approved:
        found = found.filter(status=ReportStatus.APPROVED)
    report = found.order_by("-strategy__period_start", "-strategy_id", "-version").first()
    if report is None:
        scope = organisation.name if organisation else county.name
        message = (
            _("%(scope)s has no approved report for %(period)s.")
            if approved
            else _("%(scope)s has no report for %(period)s: a coordinator creates it first.")
        )
        raise NotFound(message % {"scope": scope, "period": period.code})
    return report


def _principal(county: County, code: str) -> Organisation:
    organisation = Organisation.objects.filter(county=county, code=code.strip()).principals()
    found = organisation.first()
    if found is None:
        raise NotFound(
            _("%(county)s has no region or municipality with the code “%(code)s”.")
            % {"county": county.name, "code": code[:40]}
        )
    return found
