"""Write a whole imported plan at once: everything is checked before, and the one transaction
only inserts, in batches, so that it holds the database's write lock for a moment.

A plan of 5 000 activities saved one row at a time through the services ran for minutes in
one transaction, and every other user's save failed with "database is locked" meanwhile. Here
the number of statements grows with rows / batch size, not with rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from fardplan.web.organisations.models import Organisation
from fardplan.web.plans.history import ACTIVITY_FIELDS, PLAN_FIELDS, snapshot
from fardplan.web.plans.models import (
    Activity,
    ActivityIndicator,
    ChangeAction,
    ChangeRecord,
    ChangeSubject,
    Plan,
)
from fardplan.web.plans.services import User
from fardplan.web.strategies.models import StrategyItem

# Rows per INSERT; Django lowers it where the database allows fewer variables (SQLite: 999).
BATCH_SIZE = 1000


@dataclass
class NewIndicator:
    indicator_id: str
    direction: str
    areas: list[Organisation] = field(default_factory=list)


@dataclass
class NewActivity:
    """An activity checked but not saved (``activity.plan`` is the unsaved plan)."""

    activity: Activity
    strategy_items: list[StrategyItem]
    participants: list[Organisation]
    indicators: list[NewIndicator] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        """Return the history values :func:`history.snapshot` would give once saved."""
        related: dict[str, list[Any]] = {
            "strategy_items": list(self.strategy_items), "participants": list(self.participants)
        }  # fmt: skip
        values = snapshot(self.activity, [name for name in ACTIVITY_FIELDS if name not in related])
        for name, objects in related.items():
            values[name] = sorted(str(o) for o in objects)
        return {name: values[name] for name in ACTIVITY_FIELDS}

    def indicator_labels(self) -> list[str]:
        return sorted(f"{i.indicator_id} ({i.direction})" for i in self.indicators)


def _user(user: User) -> Any:
    return user if user is not None and user.is_authenticated else None


def _record(plan: Plan, activity: Activity, user: User, **values: Any) -> ChangeRecord:
    return ChangeRecord(
        plan=plan, activity=activity, subject=ChangeSubject.ACTIVITY,
        object_label=activity.title, user=_user(user), **values,
    )  # fmt: skip


def _plan_record(plan: Plan, participants: list[Organisation], user: User) -> ChangeRecord:
    values = snapshot(plan, [name for name in PLAN_FIELDS if name != "participants"])
    values["participants"] = sorted(str(o) for o in participants)
    return ChangeRecord(
        plan=plan, subject=ChangeSubject.PLAN, object_label=str(plan),
        action=ChangeAction.CREATED, after={n: values[n] for n in PLAN_FIELDS}, user=_user(user),
    )  # fmt: skip


@dataclass
class Rows:
    """Every row of an imported plan, built before the transaction. They refer to the unsaved
    plan, activities and indicator links as objects; Django fills in each id at insert, once
    the object it points to has been inserted (in the order of :data:`ORDER`)."""

    plan: Plan
    participants: list[Organisation]
    activities: list[Activity] = field(default_factory=list)
    indicators: list[ActivityIndicator] = field(default_factory=list)
    records: list[ChangeRecord] = field(default_factory=list)
    # Many-to-many links as (from, to) objects, inserted as id pairs (see _insert_links).
    links: dict[Any, list[tuple[Any, Any]]] = field(default_factory=dict)

    def link(self, through: Any, pairs: Iterable[tuple[Any, Any]]) -> None:
        self.links.setdefault(through, []).extend(pairs)


ORDER = ("activities", "indicators", "records")


def _add_activity(rows: Rows, new: NewActivity, user: User) -> None:
    activity = new.activity
    activity.plan = rows.plan
    rows.activities.append(activity)
    rows.link(Activity.strategy_items.through, ((activity, i) for i in new.strategy_items))
    rows.link(Activity.participants.through, ((activity, o) for o in new.participants))
    for indicator in new.indicators:
        link = ActivityIndicator(activity=activity, indicator_id=indicator.indicator_id,
                                 direction=indicator.direction)  # fmt: skip
        rows.indicators.append(link)
        rows.link(ActivityIndicator.areas.through, ((link, o) for o in indicator.areas))
    rows.records.append(_record(rows.plan, activity, user, action=ChangeAction.CREATED,
                                after=new.snapshot()))  # fmt: skip
    if new.indicators:
        rows.records.append(_record(rows.plan, activity, user, action=ChangeAction.UPDATED,
                                    field="indicators", before=[],
                                    after=new.indicator_labels()))  # fmt: skip


def plan_rows(
    user: User, plan: Plan, participants: list[Organisation], activities: Sequence[NewActivity]
) -> Rows:
    """Return every row to insert for the checked plan and activities (no query runs)."""
    rows = Rows(plan, participants, records=[_plan_record(plan, participants, user)])
    for new in activities:
        _add_activity(rows, new, user)
    return rows


def _insert_links(through: Any, pairs: list[tuple[Any, Any]]) -> None:
    """Insert a many-to-many table's rows as plain id pairs: the ORM's per-row work on tens of
    thousands of link rows would otherwise dominate the transaction."""
    if not pairs:
        return
    quote = connection.ops.quote_name
    columns = [f.column for f in through._meta.get_fields() if f.many_to_one]
    sql = (f"INSERT INTO {quote(through._meta.db_table)} ({', '.join(map(quote, columns))}) "
           "VALUES (%s, %s)")  # fmt: skip
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), BATCH_SIZE):
            cursor.executemany(sql, [(a.pk, b.pk) for a, b in pairs[start : start + BATCH_SIZE]])


@transaction.atomic
def insert(rows: Rows) -> Plan:
    """Insert the plan and its rows in one transaction of batched inserts (statements grow with
    rows / :data:`BATCH_SIZE`). The caller has checked permissions and every value; a
    constraint that fails here still undoes everything."""
    rows.plan.save()
    rows.plan.participants.set(rows.participants)
    for name in ORDER:
        objects: list[Any] = getattr(rows, name)
        if objects:
            type(objects[0]).objects.bulk_create(objects, batch_size=BATCH_SIZE)
        if name == "indicators":
            for through, pairs in rows.links.items():
                _insert_links(through, pairs)
    return rows.plan
