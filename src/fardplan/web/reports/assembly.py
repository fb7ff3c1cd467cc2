"""Assemble a report's content from the live strategy, plans and run.

Per section of an item (a target area, prerequisite or direction change): the indicators
linked to the item, as the county overview links them (the coordinators' direct links and the
indicators of the activities serving the item), each for the scope's area and period
(``indicators``); the activities of the scope serving the item that run within the period,
with their latest progress update in it; the changes of those activities within the period.
The summary lists the changes of the plans themselves; the child-rights perspective the
activities for children and young people; what is next the activities that start in the next
period; decisions the decisions of the period (``decisions``).

The scope is the county (every plan of the strategy) or one principal (the activities it is
responsible for or takes part in, and the plans it owns). Everything is worded in the report's
language, whoever looks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fardplan.catalogue import load_catalogue
from fardplan.web.followup.activities import LinkedActivity
from fardplan.web.followup.areas import Area, area
from fardplan.web.followup.models import ItemIndicator
from fardplan.web.followup.query import PublishedRun, StoreBusy, published_run
from fardplan.web.organisations.models import OrganisationKind
from fardplan.web.organisations.ordering import swedish_key
from fardplan.web.plans.history import show_changes
from fardplan.web.plans.models import (
    Activity,
    ActivityIndicator,
    ActivityStatus,
    ChangeAction,
    ChangeRecord,
    ChangeSubject,
    ProgressUpdate,
    TargetGroup,
)
from fardplan.web.reports import content as c
from fardplan.web.reports.decisions import decision_entries
from fardplan.web.reports.indicators import Place, indicator_block
from fardplan.web.reports.models import Report, ReportSection, SectionKind, SectionStatus
from fardplan.web.reports.periods import ReportPeriod, parse_period
from fardplan.web.strategies.models import Section

MAX_CHANGES = 40  # per section: a report summarises, the plan's page has the full history
GROUP_TITLES = {
    SectionKind.TARGET_AREA: Section.TARGET_AREA.label,
    SectionKind.PREREQUISITE: Section.PREREQUISITE.label,
    SectionKind.DIRECTION_CHANGE: Section.DIRECTION_CHANGE.label,
}


@dataclass
class Sources:
    """What the sections draw from, read once per report."""

    report: Report
    period: ReportPeriod
    place: Place
    run: PublishedRun | None
    activities: list[Activity]  # of the scope, running within the period
    items_of: dict[int, set[int]] = field(default_factory=dict)  # activity id → item ids
    updates: dict[int, ProgressUpdate] = field(default_factory=dict)  # the latest in the period
    tables: dict[str, c.DataTable] = field(default_factory=dict)
    changes: list[ChangeRecord] | None = None  # read on first use


def assemble(report: Report, run: PublishedRun | None = None) -> c.ReportContent:
    """Return the report's content from the live data, in the report's language. ``run``
    defaults to the current published run (None when none is stored or the store is busy)."""
    with translation.override(report.language):
        sources = _sources(report, run if run is not None else _current_run())
        rows = list(report.sections.select_related("item", "organisation"))
        sections = [_section(sources, s, number, group) for s, number, group in numbered(rows)]
        return _content(sources, sections)


def _current_run() -> PublishedRun | None:
    try:
        return published_run()
    except StoreBusy:
        return None


def place_of(report: Report) -> Place:
    """Return the report's area: the county's region ("00" + län) for the county or the
    region as principal, the municipality's own code for a municipality."""
    region_code = "00" + report.strategy.county.code
    organisation = report.organisation
    if organisation is not None and organisation.kind == OrganisationKind.MUNICIPALITY:
        found = area(organisation.code)
        if found is not None:
            return Place(found, region_code)
    return Place(area(region_code) or Area(region_code, report.scope_name, None), None)


def scope_activities(report: Report) -> list[Activity]:
    """Return the activities of the scope's plans of the strategy, by start and title."""
    found = Activity.objects.filter(plan__strategy=report.strategy)
    if report.organisation is not None:
        org = report.organisation
        found = found.filter(Q(responsible=org) | Q(participants=org)).distinct()
    return list(found.select_related("plan", "responsible").order_by("start", "title", "pk"))


def _sources(report: Report, run: PublishedRun | None) -> Sources:
    period = parse_period(report.period)
    running = [
        a
        for a in scope_activities(report)
        if a.start <= period.last_day and a.end >= period.first_day
    ]
    sources = Sources(report, period, place_of(report), run, running)
    through = Activity.strategy_items.through.objects.filter(
        activity_id__in=[a.pk for a in running]
    ).values_list("activity_id", "strategyitem_id")
    for activity_id, item_id in through:
        sources.items_of.setdefault(activity_id, set()).add(item_id)
    updates = ProgressUpdate.objects.filter(
        activity_id__in=[a.pk for a in running], period__in=period.tertials
    ).order_by("activity_id", "-period", "-created_at", "-pk")
    for update in updates:
        sources.updates.setdefault(update.activity_id, update)
    return sources


def numbered(sections: list[ReportSection]) -> list[tuple[ReportSection, str, str]]:
    """Return each section with its number and group heading: consecutive sections of the same
    strategy kind form a group ("2.1", "2.2" under "Target areas"); any other is numbered on
    its own ("1") without a group."""
    result, top, sub, previous = [], 0, 0, None
    for section in sections:
        kind = SectionKind(section.kind)
        if kind in GROUP_TITLES:
            if kind != previous:
                top, sub = top + 1, 0
            sub += 1
            result.append((section, f"{top}.{sub}", str(GROUP_TITLES[kind])))
        else:
            top += 1
            result.append((section, str(top), ""))
        previous = kind
    return result


def _section(sources: Sources, section: ReportSection, number: str, group: str) -> c.Section:
    kind = c.SectionKind(section.kind)
    indicators: list[c.IndicatorBlock] = []
    activities: list[Activity] = []
    changes: list[c.PlanChange] = []
    if kind.has_item and section.item_id is not None:
        serving = sources.items_of
        activities = [a for a in sources.activities if section.item_id in serving.get(a.pk, ())]
        indicators = _indicators(sources, section, activities)
        changes = _activity_changes(sources, activities)
    elif kind is c.SectionKind.SUMMARY:
        changes = _plan_changes(sources)
    elif kind is c.SectionKind.PERSPECTIVE_CHILD:
        activities = [a for a in sources.activities if TargetGroup.CHILDREN in a.target_groups]
    elif kind is c.SectionKind.NEXT:
        activities = _starting_next(sources)
    organisation = section.organisation
    return c.Section(
        key=section.key, kind=kind, title=section.title, number=number, group_title=group,
        intro=section.item.text if section.item else "",
        organisation_code=organisation.code if organisation else None,
        organisation_name=organisation.name if organisation else None,
        status=c.SectionStatus(section.status),
        status_label=str(SectionStatus(section.status).label),
        narrative=section.narrative, return_comment=section.return_comment,
        indicators=indicators,
        activities=[_activity_entry(sources, a) for a in activities],
        changes=changes,
        decisions=decision_entries(sources.report, sources.period)
        if kind is c.SectionKind.DECISIONS
        else [],
    )  # fmt: skip


def _indicators(
    sources: Sources, section: ReportSection, activities: list[Activity]
) -> list[c.IndicatorBlock]:
    """Return the blocks of the item's indicators in catalogue order: linked directly by the
    coordinators, or through the scope's activities serving the item."""
    links = ActivityIndicator.objects.filter(activity__in=activities).select_related("activity")
    marks: dict[str, list[LinkedActivity]] = defaultdict(list)
    for link in links.order_by("activity__start", "activity__title"):
        marks[link.indicator_id].append(_mark(link))
    direct = ItemIndicator.objects.active().filter(item_id=section.item_id)
    wanted = set(marks) | set(direct.values_list("indicator_id", flat=True))
    blocks = []
    for entry in load_catalogue().indicators:
        if entry.id in wanted:
            block, table = indicator_block(
                sources.run, entry, sources.place, sources.period, marks[entry.id]
            )
            blocks.append(block)
            if table is not None:
                sources.tables.setdefault(table.key, table)
    return blocks


def _mark(link: ActivityIndicator) -> LinkedActivity:
    activity = link.activity
    return LinkedActivity(
        pk=activity.pk, title=activity.title, start=activity.start, status=activity.status,
        status_label=str(ActivityStatus(activity.status).label),
        direction_label=str(link.get_direction_display()), url="",
    )  # fmt: skip


def _activity_entry(sources: Sources, activity: Activity) -> c.ActivityEntry:
    update = sources.updates.get(activity.pk)
    latest = None
    if update is not None:
        latest = c.ProgressEntry(
            period=update.period,
            status_label=str(ActivityStatus(update.status).label),
            text=update.text,
        )
    return c.ActivityEntry(
        title=activity.title, plan_title=activity.plan.title,
        organisation_name=activity.responsible.name, status=activity.status,
        status_label=str(ActivityStatus(activity.status).label), start=activity.start,
        end=activity.end, latest_update=latest,
    )  # fmt: skip


def _starting_next(sources: Sources) -> list[Activity]:
    following = sources.period.following()
    upcoming = scope_activities(sources.report)
    return [a for a in upcoming if following.first_day <= a.start <= following.last_day]


def _changes_in_period(sources: Sources) -> list[ChangeRecord]:
    """Return the changes of the strategy's plans and activities within the period (progress
    reports left out: the latest of them is shown with each activity), oldest first."""
    if sources.changes is None:
        period = sources.period
        found = ChangeRecord.objects.filter(
            plan__strategy=sources.report.strategy,
            at__date__gte=period.first_day,
            at__date__lte=period.last_day,
        ).exclude(action=ChangeAction.REPORTED)
        sources.changes = list(found.select_related("plan").order_by("at", "pk"))
    return sources.changes


def _activity_changes(sources: Sources, activities: list[Activity]) -> list[c.PlanChange]:
    ids = {a.pk for a in activities}
    records = [r for r in _changes_in_period(sources) if r.activity_id in ids]
    return _shown(records, name_activities=True)


def _plan_changes(sources: Sources) -> list[c.PlanChange]:
    """Return the changes of the plans themselves within the period: every plan of the
    strategy for the county, the plans the principal owns for a principal."""
    organisation = sources.report.organisation
    records = [
        r
        for r in _changes_in_period(sources)
        if r.subject == ChangeSubject.PLAN
        and (organisation is None or r.plan.owner_id == organisation.pk)
    ]
    return _shown(records, name_activities=False)


def _shown(records: list[ChangeRecord], *, name_activities: bool) -> list[c.PlanChange]:
    shown = []
    for change in show_changes(records[-MAX_CHANGES:], name_activities=name_activities):
        record = change.record
        if record.field:
            text = f"{change.label}: {change.before} → {change.after}"
        else:
            text = f"{change.label}: {record.object_label}"
        shown.append(c.PlanChange(on=record.at.date(), plan_title=record.plan.title, text=text))
    return shown


def _content(sources: Sources, sections: list[c.Section]) -> c.ReportContent:
    report, period = sources.report, sources.period
    county = report.strategy.county
    run = sources.run
    stamp = None
    if run is not None:
        info = run.info
        stamp = c.RunStamp(
            fingerprint=info.fingerprint,
            catalogue_version=info.catalogue_version,
            computed_at=info.finished,
        )
    organisations = contributing(report)
    label = period.label()
    return c.ReportContent(
        language=report.language,
        title=_("%(scope)s: the transition to god och nära vård, %(period)s")
        % {"scope": report.scope_name, "period": label},
        county_code=county.code, county_name=county.name,
        strategy_title=report.strategy.title, period=period.code, period_label=label,
        first_month=period.first_month, last_month=period.last_month,
        scope_code=report.organisation.code if report.organisation else county.code,
        scope_name=report.scope_name, organisations=organisations,
        status=c.ReportStatus(report.status),
        status_label=str(report.get_status_display()), version=report.version,
        approved_at=timezone.localdate(report.approved_at) if report.approved_at else None,
        run=stamp, sections=sections,
        appendix_tables=list(sources.tables.values()),  # in the order the sections show them
    )  # fmt: skip


def contributing(report: Report) -> list[str]:
    """Return the names of the principals writing the report: the region first, then the
    municipalities by name (the principal itself for a principal's report)."""
    if report.organisation is not None:
        return [report.organisation.name]
    writers = {s.organisation for s in report.sections.select_related("organisation")}
    found = sorted(
        (o for o in writers if o is not None),
        key=lambda o: (o.kind != OrganisationKind.REGION, swedish_key(o.name)),
    )
    return [o.name for o in found]
