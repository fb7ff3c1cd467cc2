"""Plans as Word documents (python-docx), for decision papers and the county-wide merge.

Activities are grouped under the direction change or target area they serve; an activity
serving several items appears under each, as a reader of one direction change expects.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from fardplan.web.plans.export_text import printable
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.strategies.models import StrategyItem

_COLUMNS = 5


def _activities_by_item(activities: Iterable[Activity]) -> dict[StrategyItem, list[Activity]]:
    grouped: dict[StrategyItem, list[Activity]] = {}
    for activity in activities:
        for item in activity.strategy_items.all():
            grouped.setdefault(item, []).append(activity)
    return dict(sorted(grouped.items(), key=lambda pair: (pair[0].section, pair[0].position)))


def _table(document: object, activities: list[Activity], with_plan: bool) -> None:
    headers = [_("Activity"), _("Responsible"), _("Period"), _("Status"), _("Target groups")]
    if with_plan:
        headers.append(_("Plan"))
    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = printable(text)
    for activity in activities:
        values = [
            activity.title, activity.responsible.name,
            f"{activity.start.isoformat()} – {activity.end.isoformat()}",
            str(activity.get_status_display()), ", ".join(activity.target_group_labels()),
        ]  # fmt: skip
        if with_plan:
            values.append(activity.plan.title)
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = printable(text)


def _body(document: object, activities: list[Activity], with_plan: bool) -> None:
    if not activities:
        document.add_paragraph(_("The plan has no activities yet."))  # type: ignore[attr-defined]
    for item, serving in _activities_by_item(activities).items():
        document.add_heading(printable(str(item)), level=2)  # type: ignore[attr-defined]
        _table(document, serving, with_plan)


def _save(document: object) -> bytes:
    buffer = BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _activities(plans: Iterable[Plan]) -> list[Activity]:
    return list(
        Activity.objects.filter(plan__in=list(plans))
        .select_related("plan", "responsible")
        .prefetch_related("strategy_items")
        .order_by("start", "title")
    )


def plan_document(plan: Plan) -> bytes:
    """Return the plan as a DOCX file: facts, then activities per direction change."""
    document = Document()
    document.add_heading(printable(plan.title), level=0)
    facts = [
        (_("Kind of plan"), str(plan.get_kind_display())), (_("Strategy"), plan.strategy.title),
        (_("Owner"), plan.owner.name), (_("Status"), str(plan.get_status_display())),
        (_("Period"), f"{plan.start.isoformat()} – {plan.end.isoformat()}"),
        (_("Participants"), ", ".join(o.name for o in plan.participants.all()) or "–"),
    ]  # fmt: skip
    for label, value in facts:
        document.add_paragraph(printable(f"{label}: {value}"))
    if plan.description:
        document.add_paragraph(printable(plan.description))
    document.add_heading(_("Activities"), level=1)
    _body(document, _activities([plan]), with_plan=False)
    return _save(document)


def county_document(county_name: str, plans: list[Plan]) -> bytes:
    """Return the county-wide merge of the plans as a DOCX file."""
    document = Document()
    title = _("County-wide action plan: %(county)s") % {"county": county_name}
    document.add_heading(printable(title), 0)
    document.add_paragraph(
        _("Merged from %(count)s plans on %(date)s.")
        % {"count": len(plans), "date": timezone.localdate().isoformat()}
    )
    document.add_heading(_("Plans"), level=1)
    for plan in plans:
        line = f"{plan.title} ({plan.get_kind_display()}, {plan.owner.name})"
        document.add_paragraph(printable(line), style="List Bullet")
    document.add_heading(_("Activities"), level=1)
    _body(document, _activities(plans), with_plan=True)
    return _save(document)
