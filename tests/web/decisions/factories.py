"""Factory helpers for decision tests: the plans' two counties and personas, plus a
coordinator of Västerbotten, Polsam, and decisions recorded through the service."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from fardplan.web.decisions import services
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.services import DecisionParts, ItemDraft
from fardplan.web.organisations.models import Organisation, OrganisationKind
from tests.web.plans import factories as plan_factories
from tests.web.plans.factories import World

_serial = itertools.count(1)


@dataclass
class DecisionWorld:
    """The plans' world (Norrbotten with Luleå and Piteå, Västerbotten with Umeå, a persona
    per role) with Polsam and a coordinator of Västerbotten."""

    plans: World
    polsam: Organisation
    vasterbotten_coordinator: User

    def __getattr__(self, name: str) -> Any:
        return getattr(self.plans, name)


def decision_world() -> DecisionWorld:
    world = plan_factories.world()
    polsam = plan_factories.organisation(
        world.norrbotten, OrganisationKind.COLLABORATION, "polsam", "Polsam"
    )
    polsam.members.set([world.region_norrbotten, world.lulea, world.pitea])
    coordinator_24 = plan_factories.user("samordnare-ac", coordinator=world.region_vasterbotten)
    return DecisionWorld(world, polsam, coordinator_24)


BODY_OF: dict[str, str] = {
    OrganisationKind.REGION: "regionfullmaktige",
    OrganisationKind.MUNICIPALITY: "kommunfullmaktige",
    OrganisationKind.COLLABORATION: "joint_body",
}


def decision(
    organisation: Organisation,
    *,
    parts: DecisionParts | None = None,
    user: Any = None,
    **fields: Any,
) -> Decision:
    """Record a decision through the service (as the system unless ``user``): a council's
    adoption of ``strategy`` by default."""
    values: dict[str, Any] = {
        "organisation": organisation,
        "body": BODY_OF.get(organisation.kind, "kommunstyrelsen"),
        "meeting_date": date(2021, 3, 1),
        "paragraph": str(next(_serial)),
        "title": "Nära vård",
        "concerns": "strategy",
        "kind": "adopt",
    }
    values.update(fields)
    parts = parts or DecisionParts(items=[ItemDraft(1, "Anta strategin.")])
    return services.save_decision(user, Decision(**values), parts)
