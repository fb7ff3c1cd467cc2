"""A county's political decisions about its strategy, as a YAML file.

One file per county: the strategy's slug and a list of decisions, each with its body, meeting
date, paragraph, items, conditions and statements as the protocol gives them. The example files
in ``examples/decisions/`` mark every decision ``invented`` or name its ``source``.
:func:`decision_facts` turns the records into the facts :mod:`fardplan.adoption` derives each
principal's adoption status from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from fardplan.adoption import BodyLevel, DecisionFact, DecisionKind
from fardplan.content.strategy import (
    COUNTY_CODE,
    FIRST_YEAR,
    KEY_MAX_LENGTH,
    LAST_YEAR,
    ORGANISATION_CODE,
    SLUG,
    SLUG_MAX_LENGTH,
    Text,
    Title,
)
from fardplan.content.yaml_errors import (
    StrategyFileError,
    parse_yaml,
    validation_problems,
)

PARTY = r"^[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,11}$"  # a party's abbreviation: S, KD, MP, T …
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Body(StrEnum):
    """The body that made the decision."""

    KOMMUNFULLMAKTIGE = "kommunfullmaktige"
    KOMMUNSTYRELSEN = "kommunstyrelsen"
    SOCIALNAMNDEN = "socialnamnden"
    REGIONFULLMAKTIGE = "regionfullmaktige"
    REGIONSTYRELSEN = "regionstyrelsen"
    HALSO_OCH_SJUKVARDSNAMNDEN = "halso_och_sjukvardsnamnden"
    JOINT_BODY = "joint_body"  # a collaboration body of several principals: Polsam, Social-ReKo


BODY_LEVELS = {
    Body.KOMMUNFULLMAKTIGE: BodyLevel.COUNCIL,
    Body.REGIONFULLMAKTIGE: BodyLevel.COUNCIL,
    Body.KOMMUNSTYRELSEN: BodyLevel.BOARD,
    Body.REGIONSTYRELSEN: BodyLevel.BOARD,
    Body.SOCIALNAMNDEN: BodyLevel.COMMITTEE,
    Body.HALSO_OCH_SJUKVARDSNAMNDEN: BodyLevel.COMMITTEE,
    Body.JOINT_BODY: BodyLevel.JOINT,
}
# Whose body it is, by the form of the organisation code: a region has two digits, a
# municipality four, a collaboration body a slug.
REGION_BODIES = {Body.REGIONFULLMAKTIGE, Body.REGIONSTYRELSEN, Body.HALSO_OCH_SJUKVARDSNAMNDEN}
MUNICIPAL_BODIES = {Body.KOMMUNFULLMAKTIGE, Body.KOMMUNSTYRELSEN, Body.SOCIALNAMNDEN}
ADOPTING_KINDS = {DecisionKind.ADOPT, DecisionKind.APPROVE}


def body_level(body: Body) -> BodyLevel:
    """Return the kind of body: council (fullmäktige), board (styrelse), committee (nämnd) or
    joint body."""
    return BODY_LEVELS[body]


class Concerns(StrEnum):
    """What a decision is about."""

    STRATEGY = "strategy"  # the county's strategy (target picture, roadmap)
    PROGRAMME_DIRECTIVE = "programme_directive"
    LETTER_OF_INTENT = "letter_of_intent"
    PLAN = "plan"
    OTHER = "other"  # named in ``concerns_text``


class StatementKind(StrEnum):
    RESERVATION = "reservation"
    SPECIAL_OPINION = "sarskilt_yttrande"
    MINUTES_NOTE = "protokollsanteckning"


def _iso_date(value: object) -> object:
    """Read a quoted date written YYYY-MM-DD; an unquoted one is a date already."""
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise ValueError("write the date as YYYY-MM-DD")
        return date.fromisoformat(value)
    return value


MeetingDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    Field(strict=True, ge=date(FIRST_YEAR, 1, 1), le=date(LAST_YEAR, 12, 31)),
]
Code = Annotated[str, Field(strict=True, pattern=ORGANISATION_CODE, max_length=SLUG_MAX_LENGTH)]
Party = Annotated[str, Field(strict=True, pattern=PARTY)]
Line = Annotated[Text, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Statement(_Strict):
    """A reservation, särskilt yttrande or protokollsanteckning: who made it and what it says.
    ``parties`` is empty when the source does not name them."""

    kind: StatementKind
    parties: list[Party] = []
    members: list[Title] = []
    text: Line


class Conditions(_Strict):
    """Whom the decision waits for: named organisations, every principal of the county, or
    both."""

    all_principals: Annotated[bool, Field(strict=True)] = False
    organisations: list[Code] = []

    @model_validator(mode="after")
    def _names_someone(self) -> Self:
        if not self.all_principals and not self.organisations:
            raise ValueError("name the organisations or set all_principals: true")
        if len(set(self.organisations)) < len(self.organisations):
            raise ValueError("an organisation is named twice")
        return self


class DecisionRecord(_Strict):
    """One decision as its protocol gives it. ``items`` are the numbered decision items (the
    number is the position, from 1); ``proposed_by`` the body whose proposal it follows."""

    key: Annotated[str, Field(strict=True, pattern=SLUG, max_length=KEY_MAX_LENGTH)]
    organisation: Code
    body: Body
    meeting_date: MeetingDate
    paragraph: Annotated[int | None, Field(strict=True, ge=1, le=100_000)] = None
    diary_number: Title | None = None
    title: Title
    concerns: Concerns
    concerns_text: Title | None = None
    kind: DecisionKind
    items: list[Line] = []
    conditions: Conditions | None = None
    proposed_by: Body | None = None
    statements: list[Statement] = []
    decision_basis: list[Title] = []
    sent_to: list[Title] = []
    invented: Annotated[bool, Field(strict=True)]
    source: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problem = next(self._problems(), None)
        if problem:
            raise ValueError(problem)
        return self

    def _problems(self) -> Iterator[str]:
        if self.concerns is Concerns.OTHER and not self.concerns_text:
            yield "concerns 'other' needs a concerns_text that says what"
        if self.conditions and self.kind not in ADOPTING_KINDS:
            yield f"only a decision that adopts or approves has conditions, not '{self.kind}'"
        if self.conditions and self.organisation in self.conditions.organisations:
            yield f"a decision cannot wait for its own organisation ('{self.organisation}')"
        if not self.invented and not self.source:
            yield "a decision that is not invented names its source"
        yield from _body_problems(self.body, self.organisation)


def _body_problems(body: Body, organisation: str) -> Iterator[str]:
    if body in REGION_BODIES and not re.fullmatch("[0-9]{2}", organisation):
        yield f"{body} is a region's body; '{organisation}' is not a region's code"
    if body in MUNICIPAL_BODIES and not re.fullmatch("[0-9]{4}", organisation):
        yield f"{body} is a municipality's body; '{organisation}' is not a municipality's code"
    if body is Body.JOINT_BODY and organisation.isdigit():
        yield f"joint_body is a collaboration body's; '{organisation}' is a region or municipality"


class DecisionsDocument(_Strict):
    """A county's decisions about its strategy ``strategy`` (the strategy file's slug)."""

    county: Annotated[str, Field(strict=True, pattern=COUNTY_CODE)]
    strategy: Annotated[str, Field(strict=True, pattern=SLUG, max_length=SLUG_MAX_LENGTH)]
    decisions: list[DecisionRecord] = []

    @field_validator("decisions")
    @classmethod
    def _keys_unique(cls, decisions: list[DecisionRecord]) -> list[DecisionRecord]:
        keys = [decision.key for decision in decisions]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"decision key used twice: {', '.join(twice)}")
        return decisions


class DecisionFileError(StrategyFileError):
    """A decisions file that cannot be read; ``problems`` as for a strategy file."""


def load_decisions_yaml(text: str, source: str = "decisions.yaml") -> DecisionsDocument:
    """Parse and validate a decisions file.

    Raises :class:`DecisionFileError` naming ``source``, the line, column and field path for a
    YAML syntax error, an impossible date, a missing or unknown field, an unknown body, kind or
    statement kind, conditions on a decision that does not adopt, or a body that does not fit
    the organisation's code.
    """
    try:
        data, root = parse_yaml(text, source)
    except StrategyFileError as error:
        raise DecisionFileError(error.problems) from None
    try:
        return DecisionsDocument.model_validate(data)
    except ValidationError as error:
        raise DecisionFileError(validation_problems(error, root, source)) from None


def decision_facts(
    records: Iterable[DecisionRecord], subject: str, concerns: Concerns = Concerns.STRATEGY
) -> list[DecisionFact]:
    """Return one fact per record, with the record's key as its id. A record about
    ``concerns`` gets ``subject`` as the key of what it concerns; any other keeps its own
    ``concerns`` value, so that :func:`fardplan.adoption.adoption_status` for ``subject``
    ignores it."""
    return [
        DecisionFact(
            id=record.key,
            organisation=record.organisation,
            body_level=body_level(record.body),
            kind=record.kind,
            meeting_date=record.meeting_date,
            concerns=subject if record.concerns is concerns else str(record.concerns),
            conditions=frozenset(record.conditions.organisations if record.conditions else ()),
            requires_all_principals=bool(record.conditions and record.conditions.all_principals),
        )
        for record in records
    ]
