"""What the adoption section of a strategy's and a county's page shows: every principal's
state with the decisions behind it, what is still missing, the timeline, and the county map.

All of it is derived from the decisions as they stand (:mod:`.adoption`); the map reuses the
county's municipality outlines of the follow-up pages (:mod:`fardplan.web.followup.choropleth`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from fardplan.adoption import (
    AdoptionState,
    PrincipalStatus,
    decision_order,
    is_binding,
    still_missing,
)
from fardplan.web.decisions.adoption import (
    decisions_on,
    fact_of,
    principals_of,
    statuses_of,
    timeline_of,
)
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.states import STATE_ORDER, StateLook, next_step_text, state_look
from fardplan.web.followup.choropleth import county_shapes
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.strategies.models import Strategy


@dataclass(frozen=True)
class PrincipalRow:
    """One principal's line of the table."""

    organisation: Organisation
    status: PrincipalStatus
    look: StateLook
    waiting_for: list[Organisation]
    decisions: list[Decision]  # those that moved its state, oldest first
    next_step: str

    @property
    def since(self) -> date | None:
        return self.status.since

    @property
    def deciding(self) -> Decision | None:
        """The decision that set the state (for "in force": the principal's own conditional
        adoption; the decision that completed the conditions is in the timeline)."""
        return self.decisions[-1] if self.decisions else None


@dataclass(frozen=True)
class Change:
    organisation: Organisation
    before: StateLook
    after: StateLook


@dataclass(frozen=True)
class TimelineEntry:
    """A decision in the order the core applies them, with the state changes it caused."""

    decision: Decision
    changes: list[Change]


@dataclass(frozen=True)
class MapArea:
    organisation: Organisation
    path: str
    look: StateLook
    row: PrincipalRow


@dataclass(frozen=True)
class AdoptionMap:
    view_box: str
    areas: list[MapArea]
    legend: list[StateLook]


@dataclass(frozen=True)
class AdoptionOverview:
    strategy: Strategy
    rows: list[PrincipalRow]
    missing: list[PrincipalRow]
    timeline: list[TimelineEntry]
    map: AdoptionMap | None
    binding: bool
    invented: int  # how many of the decisions are invented examples

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def bound(self) -> int:
        return sum(1 for row in self.rows if row.status.binding)

    @property
    def conditional(self) -> int:
        return sum(1 for row in self.rows if row.status.state is AdoptionState.CONDITIONAL)

    @property
    def region_row(self) -> PrincipalRow | None:
        return next((r for r in self.rows if r.organisation.kind == OrganisationKind.REGION), None)


def _rows(
    statuses: dict[str, PrincipalStatus],
    principals: list[Organisation],
    by_id: dict[str, Decision],
    everyone: dict[str, Organisation],
) -> list[PrincipalRow]:
    rows = []
    for organisation in principals:
        status = statuses[organisation.code]
        rows.append(PrincipalRow(
            organisation=organisation,
            status=status,
            look=state_look(status.state),
            waiting_for=[everyone[c] for c in status.waiting_for if c in everyone],
            decisions=[by_id[i] for i in status.decision_ids if i in by_id],
            next_step=next_step_text(status.next_step or "none", organisation),
        ))  # fmt: skip
    return rows


def _timeline(
    strategy: Strategy, decisions: list[Decision], principals: list[Organisation]
) -> list[TimelineEntry]:
    by_code = {o.code: o for o in principals}
    caused: dict[str, list[Change]] = defaultdict(list)
    for change in timeline_of(strategy, decisions, principals):
        caused[change.decision_id].append(
            Change(by_code[change.organisation], state_look(change.before),
                   state_look(change.after))
        )  # fmt: skip
    ordered = sorted(decisions, key=lambda d: decision_order(fact_of(d)))
    return [TimelineEntry(decision, caused.get(str(decision.pk), [])) for decision in ordered]


def _map(strategy: Strategy, rows: list[PrincipalRow]) -> AdoptionMap | None:
    shapes = county_shapes(strategy.county.code)
    if shapes is None:
        return None
    by_code = {row.organisation.code: row for row in rows}
    areas = [
        MapArea(by_code[shape.code].organisation, shape.path, by_code[shape.code].look,
                by_code[shape.code])
        for shape in shapes.shapes
        if shape.code in by_code
    ]  # fmt: skip
    shown = {row.look.code for row in rows}
    legend = [state_look(code) for code in STATE_ORDER if code in shown]
    return AdoptionMap(shapes.view_box, areas, legend)


def adoption_overview(strategy: Strategy) -> AdoptionOverview:
    """Return everything the adoption section shows for ``strategy``."""
    principals = principals_of(strategy.county)
    decisions = decisions_on(strategy)
    statuses = statuses_of(strategy, decisions, principals=principals)
    everyone = {o.code: o for o in strategy.county.organisations.all()}
    by_id = {str(decision.pk): decision for decision in decisions}
    rows = _rows(statuses, principals, by_id, everyone)
    missing_codes = {status.organisation for status in still_missing(statuses)}
    return AdoptionOverview(
        strategy=strategy,
        rows=rows,
        missing=[row for row in rows if row.organisation.code in missing_codes],
        timeline=_timeline(strategy, decisions, principals),
        map=_map(strategy, rows),
        binding=is_binding(statuses),
        invented=sum(1 for decision in decisions if decision.invented),
    )


_CACHE = "_adoption_overview"


def overview_of(strategy: Strategy) -> AdoptionOverview:
    """Return the strategy's overview, derived once per page (cached on the instance)."""
    cached = getattr(strategy, _CACHE, None)
    if not isinstance(cached, AdoptionOverview):
        cached = adoption_overview(strategy)
        setattr(strategy, _CACHE, cached)
    return cached
