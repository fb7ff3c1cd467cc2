"""The codes of a decision record: the deciding body, what the decision concerns, what it
decides, and the statements members add. The codes are those of the decision-file format
(:mod:`fardplan.content.decisions`), the adoption core (:mod:`fardplan.adoption`) and the
protocol parser (:mod:`fardplan.protocols`); a test holds them equal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fardplan.web.organisations.models import OrganisationKind


class Body(models.TextChoices):
    KOMMUNFULLMAKTIGE = "kommunfullmaktige", _("Municipal council")
    KOMMUNSTYRELSEN = "kommunstyrelsen", _("Municipal executive board")
    SOCIALNAMNDEN = "socialnamnden", _("Social services committee")
    REGIONFULLMAKTIGE = "regionfullmaktige", _("Regional council")
    REGIONSTYRELSEN = "regionstyrelsen", _("Regional executive board")
    HALSO_OCH_SJUKVARDSNAMNDEN = (
        "halso_och_sjukvardsnamnden",
        _("Health and medical care committee"),
    )
    JOINT_BODY = "joint_body", _("Joint political body")


# Which kind of organisation each body belongs to: a municipality has no regional council.
BODY_ORGANISATION_KIND: dict[str, OrganisationKind] = {
    Body.KOMMUNFULLMAKTIGE: OrganisationKind.MUNICIPALITY,
    Body.KOMMUNSTYRELSEN: OrganisationKind.MUNICIPALITY,
    Body.SOCIALNAMNDEN: OrganisationKind.MUNICIPALITY,
    Body.REGIONFULLMAKTIGE: OrganisationKind.REGION,
    Body.REGIONSTYRELSEN: OrganisationKind.REGION,
    Body.HALSO_OCH_SJUKVARDSNAMNDEN: OrganisationKind.REGION,
    Body.JOINT_BODY: OrganisationKind.COLLABORATION,
}


class DecisionKind(models.TextChoices):
    ADOPT = "adopt", _("Adopt")
    PROPOSE = "propose", _("Propose adoption to the council")
    APPROVE = "approve", _("Approve")
    TAKE_NOTE = "take_note", _("Take note")
    PUT_ON_FILE = "put_on_file", _("Put on file")
    REJECT = "reject", _("Reject")


# Only a decision that adopts or approves can wait for the others: a condition on a proposal
# or a rejection would mean nothing.
CONDITIONAL_KINDS = frozenset({DecisionKind.ADOPT, DecisionKind.APPROVE})


class Concerns(models.TextChoices):
    STRATEGY = "strategy", _("A strategy")
    PLAN = "plan", _("An action plan")
    PROGRAMME_DIRECTIVE = "programme_directive", _("A programme directive")
    LETTER_OF_INTENT = "letter_of_intent", _("A letter of intent")
    OTHER = "other", _("Other")


class StatementKind(models.TextChoices):
    SARSKILT_YTTRANDE = "sarskilt_yttrande", _("Special statement")
    PROTOKOLLSANTECKNING = "protokollsanteckning", _("Note in the minutes")
    RESERVATION = "reservation", _("Reservation")
