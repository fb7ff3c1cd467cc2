"""A large valid import is linear in its rows and holds the database's write lock briefly: all
parsing and checking happen before the transaction, which only inserts in batches."""

from __future__ import annotations

from typing import Any

import pytest
from benchmarks.plans_import import plan_file, transaction_time
from django.db import connection

from fardplan.web.plans import importer
from fardplan.web.plans.history import ACTIVITY_FIELDS, snapshot
from fardplan.web.plans.importer import MAX_ACTIVITIES, import_plan
from fardplan.web.plans.models import ActivityIndicator, ChangeAction, ChangeRecord, Plan
from fardplan.web.strategies.models import Strategy
from tests.web.plans.factories import World


class CountedKey:
    """A key that counts how often it is hashed or compared."""

    calls = 0

    def __init__(self, value: int) -> None:
        self.value = value

    def __hash__(self) -> int:
        CountedKey.calls += 1
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        CountedKey.calls += 1
        return isinstance(other, CountedKey) and other.value == self.value


def test_it_finds_repeated_numbers_in_linear_steps(world: World) -> None:
    reader = importer.Reader(world.strategy_25)
    count = 20_000
    rows: list[dict[str, Any]] = [
        {"row": n + 2, "number": CountedKey(n % (count - 1))} for n in range(count)
    ]
    CountedKey.calls = 0
    importer.report_repeats(reader, rows, lambda row: row["number"], 1, "'%(value)s' twice")
    # A comparison with every earlier row (the old check) would make some 200 million calls.
    assert CountedKey.calls <= 3 * count
    assert [error.row for error in reader.errors] == [count + 1]


def _file(world: World, count: int) -> bytes:
    items = list(world.strategy_25.items.values_list("title", flat=True))[:4]
    names = ["Luleå kommun", "Piteå kommun", "Hertsöns hälsocentral", "Sunderby sjukhus"]
    return plan_file(count, "Region Norrbotten", items, names)


def _statements_in_transaction(world: World, strategy: Strategy, count: int) -> int:
    content = _file(world, count)
    with transaction_time(connection) as held:
        import_plan(world.coordinator, strategy, content)
    return int(held[1])


def test_it_writes_a_plan_in_statements_that_do_not_grow_per_row(world: World) -> None:
    small = _statements_in_transaction(world, world.strategy_25, 20)
    large = _statements_in_transaction(world, world.strategy_25, 400)
    # Saving row by row ran some fifteen statements per activity inside the transaction (6 000
    # here); batched, SQLite's 999 variables per statement make it grow by one per ~80 rows.
    assert small <= 12 and large <= 30, (small, large)
    assert ActivityIndicator.objects.filter(activity__plan__title="Plan med 400").count() == 400


def test_it_records_the_history_the_services_would(world: World) -> None:
    plan = import_plan(world.coordinator, world.strategy_25, _file(world, 3))
    for activity in plan.activities.all():
        created = ChangeRecord.objects.get(activity=activity, action=ChangeAction.CREATED)
        assert created.after == snapshot(activity, ACTIVITY_FIELDS)
        indicators = ChangeRecord.objects.get(activity=activity, field="indicators")
        assert (indicators.before, indicators.after) == ([], ["avoidable_admissions (decrease)"])
    plan_record = ChangeRecord.objects.filter(plan=plan, activity=None).get()
    assert plan_record.after is not None and plan_record.after["title"] == "Plan med 3"
    assert sorted(activity.participants.count() for activity in plan.activities.all()) == [2] * 3


@pytest.mark.slow
def test_the_largest_allowed_import_holds_the_write_lock_briefly(world: World) -> None:
    content = _file(world, MAX_ACTIVITIES)
    with transaction_time(connection) as held:
        plan = import_plan(world.coordinator, world.strategy_25, content)
    assert plan.activities.count() == MAX_ACTIVITIES
    # Row by row this took about 100 s and 5 000+ statements; batched it takes about 1 s and
    # some 200 statements. The count is the check; the time bound is wide for a loaded machine.
    assert held[1] < 500, held
    assert held[0] < 60, held
    assert Plan.objects.count() == 1
