"""The draft decision the parser fills in from a protocol extract, for a user to check and save.

A field the text does not hold is None or empty, and its name is in ``missing``; what the
parser was unsure of is in ``notices``, in English and Swedish (``warnings`` gives the
English). ``to_json_dict()`` is what ``fardplan protocol parse`` prints.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class BodyKind(StrEnum):
    """The kind of the deciding body, from its name."""

    KOMMUNFULLMAKTIGE = "kommunfullmaktige"
    KOMMUNSTYRELSEN = "kommunstyrelsen"
    SOCIALNAMNDEN = "socialnamnden"
    REGIONFULLMAKTIGE = "regionfullmaktige"
    REGIONSTYRELSEN = "regionstyrelsen"
    HALSO_OCH_SJUKVARDSNAMNDEN = "halso_och_sjukvardsnamnden"
    JOINT = "joint"  # a body of a region and municipalities together: Polsam, a joint board
    OTHER = "other"


class DecisionKind(StrEnum):
    """What the body did, as the decision's words tell."""

    ADOPT = "adopt"  # anta, fastställa
    PROPOSE = "propose"  # föreslå fullmäktige att besluta
    APPROVE = "approve"  # godkänna, ställa sig bakom, tillstyrka
    TAKE_NOTE = "take_note"  # notera, ta del av informationen
    PUT_ON_FILE = "put_on_file"  # lägga till handlingarna (and nothing else)
    REJECT = "reject"  # avslå


class StatementKind(StrEnum):
    RESERVATION = "reservation"
    SARSKILT_YTTRANDE = "sarskilt_yttrande"
    PROTOKOLLSANTECKNING = "protokollsanteckning"


class Statement(BaseModel):
    """A reservation, särskilt yttrande or protokollsanteckning. ``parties``: abbreviations
    ("M", "KD", "T"), in the order written; ``members``: the members named, as written (public
    officials in a public record); ``text``: the statement itself, without its quotes."""

    model_config = ConfigDict(frozen=True)

    kind: StatementKind
    parties: list[str] = []
    members: list[str] = []
    text: str = ""


# The fields whose absence `missing` reports; statements, conditions and a proposer are often
# rightly absent, so their absence is not reported.
REPORTED = (
    "paragraph",
    "diary_number",
    "title",
    "body",
    "meeting_date",
    "decision_items",
    "decision_kind",
    "decision_basis",
    "sent_to",
)


class Notice(BaseModel):
    """Something the parser was unsure of, in English (the library's and the command's
    language) and in Swedish, so that a page can say it in the reader's language."""

    model_config = ConfigDict(frozen=True)

    code: str  # "several_dates", "several_paragraphs", "no_decision_heading", "items_from_proposal"
    english: str
    swedish: str

    def describe(self, language: str = "en") -> str:
        return self.swedish if language == "sv" else self.english


class ProtocolDraft(BaseModel):
    """A decision as a protocol extract records it.

    ``paragraph`` is the number of the § as a string ("208"); ``diary_number`` as written
    without its "Dnr" ("995-2022", "KS/2020:527", "RS 909-2023"); ``body`` the deciding body
    by name ("Regionstyrelsen"); ``decision_items`` the numbered or bulleted items of the
    decision without their numbers, or its one sentence; ``conditions_text`` the item or
    sentence that makes the decision conditional; ``proposed_by`` the body whose proposal was
    decided ("Kommunstyrelsen" from "på kommunstyrelsens förslag").
    """

    model_config = ConfigDict(frozen=True)

    paragraph: str | None = None
    diary_number: str | None = None
    title: str | None = None
    body: str | None = None
    body_kind: BodyKind | None = None
    meeting_date: date | None = None
    decision_items: list[str] = []
    decision_kind: DecisionKind | None = None
    conditions_text: str | None = None
    proposed_by: str | None = None
    statements: list[Statement] = []
    decision_basis: list[str] = []
    sent_to: list[str] = []
    missing: list[str] = []
    notices: list[Notice] = []

    @property
    def warnings(self) -> list[str]:
        """What the parser was unsure of, in English."""
        return [notice.english for notice in self.notices]

    def to_json_dict(self) -> dict[str, Any]:
        """Return the draft as JSON values: the date as ISO 8601, kinds as their codes, the
        notices as the English ``warnings``."""
        values = self.model_dump(mode="json", exclude={"notices"})
        return {**values, "warnings": self.warnings}


def with_missing(draft: ProtocolDraft) -> ProtocolDraft:
    """Return ``draft`` with ``missing`` naming each reported field it lacks."""
    values = draft.model_dump()
    missing = [name for name in REPORTED if values[name] in (None, [], "")]
    return draft.model_copy(update={"missing": missing})
