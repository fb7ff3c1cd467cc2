"""Recording decisions through the service: what is validated, what is refused, what the
history keeps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fardplan.web.decisions import services
from fardplan.web.decisions.models import Decision, DecisionChange
from fardplan.web.decisions.services import DecisionParts, ItemDraft, StatementDraft
from tests.web.decisions import factories
from tests.web.decisions.factories import DecisionWorld

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_records_a_decision_with_its_parts_and_history(world: DecisionWorld) -> None:
    parts = DecisionParts(
        items=[ItemDraft(2, "Lägga programdirektivet till handlingarna."),
               ItemDraft(1, "Ställa sig bakom målbilden.")],
        statements=[StatementDraft("protokollsanteckning", "T, L", "Robert Thunfors (T)",
                                   "Kritisk.")],
        conditions=[world.region_norrbotten],
    )  # fmt: skip
    decision = factories.decision(
        world.lulea, strategy=world.strategy_25, parts=parts, user=world.coordinator,
        paragraph="17", diary_number="KS/2020:527",
    )  # fmt: skip
    assert [item.number for item in decision.items.all()] == [1, 2]
    assert decision.statements.get().parties == "T, L"
    assert list(decision.condition_organisations.all()) == [world.region_norrbotten]
    assert decision.created_by == world.coordinator
    change = DecisionChange.objects.get(decision=decision)
    assert change.action == "created"
    assert (change.after or {})["items"][0] == "1. Ställa sig bakom målbilden."
    assert change.user == world.coordinator


def test_it_records_each_changed_field(world: DecisionWorld) -> None:
    decision = factories.decision(world.lulea, strategy=world.strategy_25)
    decision.title = "Nära vård i Luleå"
    parts = DecisionParts(items=[ItemDraft(1, "Anta strategin med ändringar.")])
    services.save_decision(world.coordinator, decision, parts)
    changes = DecisionChange.objects.filter(decision=decision, action="updated")
    assert {change.field for change in changes} == {"title", "items"}
    title = changes.get(field="title")
    assert (title.before, title.after) == ("Nära vård", "Nära vård i Luleå")


def test_it_refuses_conditions_on_a_proposal(world: DecisionWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        factories.decision(
            world.region_norrbotten, body="regionstyrelsen", kind="propose",
            strategy=world.strategy_25, requires_all_principals=True,
        )  # fmt: skip
    assert "kind" in _errors(refused)
    with pytest.raises(ValidationError) as refused:
        factories.decision(
            world.lulea, kind="take_note", strategy=world.strategy_25,
            parts=DecisionParts(conditions=[world.pitea]),
        )  # fmt: skip
    assert "Only a decision that adopts or approves" in _errors(refused)["kind"][0]
    assert not Decision.objects.exists()


def test_the_database_refuses_a_condition_on_a_rejection_too(world: DecisionWorld) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            organisation=world.lulea, body="kommunfullmaktige", meeting_date=date(2021, 1, 1),
            title="x", concerns="other", kind="reject", requires_all_principals=True,
        )  # fmt: skip


def test_it_refuses_an_organisation_of_another_county(world: DecisionWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.umea, strategy=world.strategy_25)
    assert "not a principal or collaboration body" in _errors(refused)["strategy"][0]


def test_it_accepts_the_collaboration_body_and_refuses_a_care_unit(world: DecisionWorld) -> None:
    factories.decision(world.polsam, strategy=world.strategy_25, kind="approve")
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.hertson, body="kommunstyrelsen", strategy=world.strategy_25)
    assert "organisation" in _errors(refused)


def test_it_refuses_a_body_the_organisation_does_not_have(world: DecisionWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.region_norrbotten, body="kommunfullmaktige",
                           strategy=world.strategy_25)  # fmt: skip
    assert "has no such body" in _errors(refused)["body"][0]


@pytest.mark.parametrize(
    ("meeting", "accepted"),
    [
        (date(1989, 12, 31), False),
        (date(1990, 1, 1), True),
        (timezone.localdate() + timedelta(days=365), True),
        (timezone.localdate() + timedelta(days=366), False),
    ],
)
def test_it_bounds_the_meeting_date(world: DecisionWorld, meeting: date, accepted: bool) -> None:
    if accepted:
        factories.decision(world.lulea, strategy=world.strategy_25, meeting_date=meeting)
        return
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.lulea, strategy=world.strategy_25, meeting_date=meeting)
    assert "meeting_date" in _errors(refused)


def test_it_refuses_a_condition_on_another_countys_organisation(world: DecisionWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.lulea, strategy=world.strategy_25,
                           parts=DecisionParts(conditions=[world.umea, world.lulea]))  # fmt: skip
    assert "Umeå kommun, Luleå kommun" in _errors(refused)["condition_organisations"][0]


def test_it_refuses_the_same_paragraph_twice(world: DecisionWorld) -> None:
    factories.decision(world.lulea, strategy=world.strategy_25, paragraph="17")
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.lulea, strategy=world.strategy_25, paragraph="17")
    assert "recorded already" in _errors(refused)["paragraph"][0]


def test_it_needs_the_strategy_a_strategy_decision_concerns(world: DecisionWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.lulea)
    assert "strategy" in _errors(refused)
    plain = factories.decision(world.lulea, concerns="letter_of_intent",
                               concerns_text="Avsiktsförklaring Nära vård",
                               strategy=world.strategy_25)  # fmt: skip
    assert plain.strategy is None  # only the link that ``concerns`` names is kept


def test_it_refuses_two_items_with_one_number(world: DecisionWorld) -> None:
    parts = DecisionParts(items=[ItemDraft(1, "a"), ItemDraft(1, "b")])
    with pytest.raises(ValidationError) as refused:
        factories.decision(world.lulea, strategy=world.strategy_25, parts=parts)
    assert "items" in _errors(refused)


def test_a_coordinator_of_another_county_is_refused(world: DecisionWorld) -> None:
    with pytest.raises(PermissionDenied):
        factories.decision(world.lulea, strategy=world.strategy_25,
                           user=world.vasterbotten_coordinator)  # fmt: skip
    for persona in ("lulea_editor", "viewer"):
        with pytest.raises(PermissionDenied):
            factories.decision(world.lulea, strategy=world.strategy_25,
                               user=getattr(world, persona))  # fmt: skip
    assert not Decision.objects.exists()


def test_a_coordinator_may_not_move_a_decision_to_a_county_it_does_not_manage(
    world: DecisionWorld,
) -> None:
    decision = factories.decision(world.umea, concerns="other", title="Samverkan")
    decision.organisation = world.lulea
    with pytest.raises(PermissionDenied):
        services.save_decision(world.vasterbotten_coordinator, decision, DecisionParts())


def test_deleting_records_the_values_and_keeps_the_row(world: DecisionWorld) -> None:
    decision = factories.decision(world.lulea, strategy=world.strategy_25, paragraph="5")
    services.delete_decision(world.coordinator, decision)
    assert not Decision.objects.exists()
    deleted = DecisionChange.objects.get(action="deleted")
    assert deleted.decision is None
    assert deleted.county == world.norrbotten
    assert "§ 5" in deleted.object_label
    assert (deleted.before or {})["title"] == "Nära vård"
    with pytest.raises(PermissionDenied):
        other = factories.decision(world.lulea, strategy=world.strategy_25)
        services.delete_decision(world.umea_editor, other)
