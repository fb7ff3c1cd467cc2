"""Services: validation, history and optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from fardplan.web.plans import followup, services
from fardplan.web.plans.history import show_changes
from fardplan.web.plans.models import ChangeAction, ChangeRecord
from fardplan.web.strategies.models import Section
from tests.web.plans import factories
from tests.web.plans.factories import World


def test_it_requires_a_direction_change_or_target_area(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    prerequisite = world.strategy_25.items.get(section=Section.PREREQUISITE)
    with pytest.raises(ValidationError, match="at least one"):
        factories.activity(plan, strategy_items=[])
    with pytest.raises(ValidationError, match="Modigt ledarskap"):
        factories.activity(plan, strategy_items=[prerequisite])
    other_county_item = factories.direction_change(world.strategy_24)
    with pytest.raises(ValidationError):
        factories.activity(plan, strategy_items=[other_county_item])


def test_it_refuses_a_plan_whose_owner_is_in_another_county(world: World) -> None:
    with pytest.raises(ValidationError, match="county"):
        factories.plan(world.strategy_25, world.umea, area=world.umea)


def test_it_refuses_a_local_plan_without_an_area(world: World) -> None:
    with pytest.raises(ValidationError, match="local plan"):
        factories.plan(world.strategy_25, world.lulea, area=None)


def test_it_records_every_changed_field_with_before_and_after(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Mobilt team")
    data = {
        "title": "Mobilt närvårdsteam", "status": "done", "end": date(2026, 6, 30),
        "participants": [world.hertson, world.sunderby],
    }  # fmt: skip
    services.update_activity(world.lulea_editor, activity, data, version=1)
    records = {r.field: r for r in ChangeRecord.objects.filter(activity=activity, field__gt="")}
    assert set(records) == {"title", "status", "end", "participants"}
    assert (records["title"].before, records["title"].after) == (
        "Mobilt team",
        "Mobilt närvårdsteam",
    )
    assert records["end"].after == "2026-06-30"
    assert records["participants"].after == ["Hertsöns hälsocentral", "Sunderby sjukhus"]
    assert records["status"].user == world.lulea_editor
    created = ChangeRecord.objects.get(activity=activity, action=ChangeAction.CREATED)
    assert created.after is not None
    assert created.after["title"] == "Mobilt team"


def test_it_shows_history_values_in_words(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    services.update_activity(world.coordinator, activity, {"status": "paused"}, version=1)
    with translation.override("en"):
        shown = show_changes(ChangeRecord.objects.filter(activity=activity, field="status"))
        assert (shown[0].label, shown[0].before, shown[0].after) == ("status", "Ongoing", "Paused")


def test_it_refuses_a_stale_save_and_writes_nothing(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, title="Första")
    services.update_activity(world.coordinator, activity, {"title": "Andra"}, version=1)
    with pytest.raises(services.StaleVersionError) as stale:
        services.update_activity(world.lulea_editor, activity, {"title": "Tredje"}, version=1)
    assert stale.value.current.title == "Andra"
    assert stale.value.current.version == 2
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Andra", 2)
    assert not ChangeRecord.objects.filter(after="Tredje").exists()


def test_it_refuses_a_stale_plan_save(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    services.update_plan(world.coordinator, plan, {"status": "follow_up"}, version=1)
    with pytest.raises(services.StaleVersionError):
        services.update_plan(world.lulea_editor, plan, {"status": "closed"}, version=1)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("follow_up", 2)


def test_it_refuses_an_editor_who_hands_an_activity_to_another_organisation(
    world: World,
) -> None:
    plan = factories.plan(
        world.strategy_25, world.region_norrbotten, kind="county", area=None,
        participants=[world.lulea],
    )  # fmt: skip
    activity = factories.activity(plan, responsible=world.lulea)
    with pytest.raises(PermissionDenied):
        services.update_activity(
            world.lulea_editor, activity, {"responsible": world.region_norrbotten}, version=1
        )
    activity.refresh_from_db()
    assert activity.responsible == world.lulea


def test_it_links_indicators_from_the_catalogue_only(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    followup.add_indicator(
        world.lulea_editor, activity, "avoidable_admissions", "decrease", [world.lulea]
    )
    with pytest.raises(ValidationError, match="no_such"):
        followup.add_indicator(world.lulea_editor, activity, "no_such", "decrease")
    record = ChangeRecord.objects.get(activity=activity, field="indicators")
    assert record.after == ["avoidable_admissions (decrease)"]


def test_it_sets_the_activity_status_from_a_progress_update(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan, participants=[world.hertson])
    followup.add_progress(world.contributor, activity, "2025-T2", "Klart.", "done")
    activity.refresh_from_db()
    assert (activity.status, activity.version) == ("done", 2)
    assert activity.updates.get().author == world.contributor
    with pytest.raises(ValidationError, match="2025-T4"):
        followup.add_progress(world.contributor, activity, "2025-T4", "Fel.", "done")


def test_it_shows_history_values_in_swedish(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    services.update_activity(world.coordinator, activity, {"target_groups": ["children"]}, 1)
    with translation.override("sv"):
        shown = show_changes(ChangeRecord.objects.filter(activity=activity, field="target_groups"))
        assert (shown[0].label, shown[0].before, shown[0].after) == (
            "målgrupper", "Äldre med omfattande behov", "Barn och unga"
        )  # fmt: skip


def test_it_shows_indicator_changes_with_the_direction_in_words(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    activity = factories.activity(plan)
    followup.add_indicator(None, activity, "digital_visits", "increase")
    with translation.override("sv"):
        shown = show_changes(ChangeRecord.objects.filter(activity=activity, field="indicators"))
        assert (shown[0].label, shown[0].after) == ("indikatorer", "digital_visits (Öka)")


def test_it_refuses_an_activity_that_ends_before_it_starts(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.lulea)
    with pytest.raises(ValidationError, match="end must not be before the start"):
        factories.activity(plan, start=date(2025, 6, 1), end=date(2025, 5, 31))
    with pytest.raises(ValidationError, match="already has a county-wide plan"):
        for _ in range(2):
            factories.plan(world.strategy_25, world.region_norrbotten, kind="county", area=None)
