"""How adoption states and next steps read on the pages, in the user's language.

Each state has words (always shown), a symbol (a filling circle: how far along the chain the
principal is) and a map pattern; the symbol and colour only repeat what the words say.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fardplan.adoption import AdoptionState, NextStep
from fardplan.web.organisations.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class StateLook:
    code: str
    label: Promise
    symbol: str


STATE_LOOKS: dict[str, StateLook] = {
    look.code: look
    for look in (
        StateLook(AdoptionState.NONE, _("No decision"), "○"),
        StateLook(AdoptionState.PREPARED, _("Prepared"), "◔"),
        StateLook(AdoptionState.PROPOSED, _("Proposed"), "◑"),
        StateLook(AdoptionState.CONDITIONAL, _("Adopted on condition"), "◕"),
        StateLook(AdoptionState.ADOPTED, _("Adopted"), "●"),
        StateLook(AdoptionState.IN_FORCE, _("In force"), "●"),
        StateLook(AdoptionState.REJECTED, _("Rejected"), "✕"),
    )
}
# The legend's order: along the chain, then the end states.
STATE_ORDER = [
    AdoptionState.NONE,
    AdoptionState.PREPARED,
    AdoptionState.PROPOSED,
    AdoptionState.CONDITIONAL,
    AdoptionState.ADOPTED,
    AdoptionState.IN_FORCE,
    AdoptionState.REJECTED,
]


def state_look(code: str) -> StateLook:
    return STATE_LOOKS[str(code)]


def state_label(code: str) -> str:
    """Return the state's words, e.g. "I kraft"; an unknown code as it is."""
    look = STATE_LOOKS.get(str(code))
    return str(look.label) if look else str(code)


def next_step_text(step: str, organisation: Organisation) -> str:
    """Return what the principal still has to decide, in words that fit a municipality or a
    region ("Kommunfullmäktige ska besluta")."""
    is_region = organisation.kind == OrganisationKind.REGION
    texts = {
        NextStep.PREPARATION: _("A committee or the executive board is to prepare a decision."),
        NextStep.PROPOSAL: _("The regional executive board is to propose adoption to the council.")
        if is_region
        else _("The municipal executive board is to propose adoption to the council."),
        NextStep.COUNCIL_DECISION: _("The regional council is to decide.")
        if is_region
        else _("The municipal council is to decide."),
        NextStep.CONDITIONS: _("Adopted on condition: waiting for the others' decisions."),
        NextStep.RECONSIDERATION: _("Rejected: only a new decision can bind it."),
        NextStep.NONE: _("Nothing: adopted."),
    }
    return str(texts[NextStep(step)])
