"""A strategy document: a county's target picture, roadmap or strategy as a YAML file.

The file is the exchange format between counties and the platform: it can be written by hand,
imported into the web app and exported again without loss. Field names are English; the texts
are the county's own (Swedish).
"""

from __future__ import annotations

import re
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
from pydantic_core import PydanticCustomError

from fardplan.content import free_text
from fardplan.content.free_text import control_character as control_character
from fardplan.content.yaml_errors import StrategyFileError, parse_yaml, validation_problems
from fardplan.content.yaml_style import dump_yaml

# The database keeps to the same limits, so that every stored strategy can be exported.
TITLE_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 80
COUNTY_CODE = r"^[0-9]{2}$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An item's key names it across re-imports, so that links to it survive reordering and renaming.
KEY_MAX_LENGTH = 60
# A plain organisation code: SCB code ("25", "2580") or a short slug ("polsam").
ORGANISATION_CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

# YAML (and a browser's text area) may write a line break as CR LF, CR, NEL or U+2028/2029;
# a block scalar reads every one of them back as LF, so texts keep LF only.
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")


def normalise_line_breaks(text: str) -> str:
    """Return ``text`` with every kind of line break written as LF."""
    return _LINE_BREAKS.sub("\n", text)


def _checked_text(max_length: int) -> BeforeValidator:
    """Refuse a text that is too long, holds a control character or a personal identity
    number (neither value quoted back in the message); keep LF line breaks only."""

    def check(value: object) -> object:
        if not isinstance(value, str):
            return value
        finding = free_text.check(value, max_length)
        if finding and finding.problem is free_text.Problem.CONTROL_CHARACTER:
            raise ValueError(free_text.describe(finding))
        if finding:
            raise PydanticCustomError("unquoted", free_text.describe(finding))
        return normalise_line_breaks(value)

    return BeforeValidator(check)


Text = Annotated[str, _checked_text(free_text.LONG_TEXT_MAX_LENGTH), Field(strict=True)]
Title = Annotated[
    str,
    _checked_text(TITLE_MAX_LENGTH),
    Field(strict=True, min_length=1, max_length=TITLE_MAX_LENGTH),
]
FIRST_YEAR, LAST_YEAR = 1900, 2200
Year = Annotated[int, Field(strict=True, ge=FIRST_YEAR, le=LAST_YEAR)]


class StrategyKind(StrEnum):
    TARGET_PICTURE = "malbild"
    ROADMAP = "fardplan"
    STRATEGY = "strategi"


class StrategyStatus(StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    RETIRED = "retired"


class Section(StrEnum):
    """The ordered sections of a strategy; the value is the name used in the database."""

    VISION = "vision"
    TARGET_AREA = "target_area"
    PREREQUISITE = "prerequisite"
    DIRECTION_CHANGE = "direction_change"
    PERSPECTIVE = "perspective"


# The document field that holds each section's items, in the order they appear in a file.
SECTION_FIELDS: dict[Section, str] = {
    Section.VISION: "vision",
    Section.TARGET_AREA: "target_areas",
    Section.PREREQUISITE: "prerequisites",
    Section.DIRECTION_CHANGE: "direction_changes",
    Section.PERSPECTIVE: "perspectives",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    """The years a strategy covers, both inclusive."""

    start: Year
    end: Year

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Item(_Strict):
    """One entry of a section: a heading, a text (which may span several paragraphs) and an
    optional key (a–z, 0–9 and single hyphens), unique within the strategy. An import matches
    an item with a key to the stored item with that key; one without a key to the stored item
    of the same section with the same title, else it is new and gets a key made from its
    title."""

    key: Annotated[str | None, Field(strict=True, pattern=SLUG, max_length=KEY_MAX_LENGTH)] = None
    title: Title
    text: Text = ""


class StrategyDocument(_Strict):
    """A strategy with its ordered sections.

    ``organisations`` holds the codes of the organisations behind the strategy, sorted so that a
    document read back from the database compares equal to the one written.
    """

    county: Annotated[str, Field(strict=True, pattern=COUNTY_CODE)]
    slug: Annotated[str, Field(strict=True, pattern=SLUG, max_length=SLUG_MAX_LENGTH)]
    kind: StrategyKind
    title: Title
    summary: Text = ""
    period: Period
    status: StrategyStatus
    organisations: list[Annotated[str, Field(strict=True, pattern=ORGANISATION_CODE)]] = []
    vision: list[Item] = []
    target_areas: list[Item] = []
    prerequisites: list[Item] = []
    direction_changes: list[Item] = []
    perspectives: list[Item] = []

    @field_validator("organisations")
    @classmethod
    def _sorted_unique(cls, codes: list[str]) -> list[str]:
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"organisation listed twice: {', '.join(duplicates)}")
        return sorted(codes)

    @model_validator(mode="after")
    def _keys_unique(self) -> Self:
        seen: dict[str, str] = {}
        for section, field in SECTION_FIELDS.items():
            for index, item in enumerate(self.section(section)):
                where = f"{field}[{index}]"
                if item.key is not None and item.key in seen:
                    raise ValueError(
                        f"item key '{item.key}' is used twice: {seen[item.key]} and {where}"
                    )
                if item.key is not None:
                    seen[item.key] = where
        return self

    def section(self, section: Section) -> list[Item]:
        """Return the items of one section in order (an empty list if it has none)."""
        items: list[Item] = getattr(self, SECTION_FIELDS[section])
        return items


def load_strategy_yaml(text: str, source: str = "strategy.yaml") -> StrategyDocument:
    """Parse and validate a strategy file.

    Raises :class:`StrategyFileError` naming ``source``, the line and column and the field path
    for a YAML syntax error, a missing or unknown field, a value of the wrong type, a period that
    ends before it starts or an unknown kind or status.
    """
    data, root = parse_yaml(text, source)
    try:
        return StrategyDocument.model_validate(data)
    except ValidationError as error:
        raise StrategyFileError(validation_problems(error, root, source)) from None


def dump_strategy_yaml(doc: StrategyDocument) -> str:
    """Return the document as YAML: fields in schema order, long and multi-line texts as block
    scalars, non-ASCII letters kept as they are. ``load_strategy_yaml`` of the result equals
    ``doc``."""
    data = doc.model_dump(mode="json")
    for field in SECTION_FIELDS.values():
        # An item without text is just a heading, one without key has none yet; leave out the
        # empty lines.
        data[field] = [
            {k: v for k, v in item.items() if v not in ("", None)} for item in data[field]
        ]
    return dump_yaml(data)
