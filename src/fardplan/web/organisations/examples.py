"""Read and check the example-organisations file (``data/examples.yaml``).

The file is checked in full, against the SCB reference lists, before anything is written, so
a typo in a code stops the load with a message that names the file, the entry and the value.
"""

from __future__ import annotations

from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fardplan.content.yaml_bounds import YamlLimitError, bounded_load
from fardplan.reference import sweden
from fardplan.web.organisations.models import Principal, UnitKind

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class ExampleDataError(ValueError):
    """The example file is malformed or names a code that does not exist."""


def _region_codes() -> set[str]:
    return {region.code for region in sweden.regions()}


def _municipality_codes() -> set[str]:
    return {municipality.code for municipality in sweden.municipalities()}


class CollaborationEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=SLUG)
    county: str
    name: str = Field(min_length=1)
    description: str = ""
    members: Literal["all"] | list[str]

    @field_validator("county")
    @classmethod
    def _known_county(cls, value: str) -> str:
        if value not in _region_codes():
            raise ValueError(f"unknown county code {value!r}")
        return value

    @field_validator("members")
    @classmethod
    def _known_members(cls, value: Literal["all"] | list[str]) -> Literal["all"] | list[str]:
        if value != "all":
            unknown = sorted(set(value) - _region_codes() - _municipality_codes())
            if unknown:
                raise ValueError(f"unknown member codes {unknown}")
        return value


class CareUnitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    municipality: str
    unit_kind: UnitKind
    principal: Principal
    # True for an entry written for the demo, not taken from a source: its page says so.
    example: bool = False

    @field_validator("municipality")
    @classmethod
    def _known_municipality(cls, value: str) -> str:
        if value not in _municipality_codes():
            raise ValueError(f"unknown municipality code {value!r}")
        return value


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    collaborations: list[CollaborationEntry] = []
    care_units: list[CareUnitEntry] = []


def _describe(error: ValidationError, source: str) -> str:
    lines = [f"{source}: invalid example organisations"]
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"])
        value = repr(problem.get("input"))
        value = value if len(value) <= 60 else value[:60] + "…"  # a short excerpt, not a copy
        lines.append(f"  {where}: {problem['msg']} (value: {value})")
    return "\n".join(lines)


def read_examples(text: str, source: str) -> Examples:
    """Return the parsed example file. Raises :class:`ExampleDataError` naming ``source`` and
    the entry (``care_units.3.municipality``) when the YAML is invalid or a code is unknown.
    Duplicate codes within a section are refused too, since they would overwrite each other."""
    try:
        raw = bounded_load(text)
    except YamlLimitError as error:
        raise ExampleDataError(f"{source}: {error}") from None
    except yaml.YAMLError as error:
        raise ExampleDataError(f"{source}: not valid YAML: {error}") from error
    try:
        examples = Examples.model_validate(raw or {})
    except ValidationError as error:
        raise ExampleDataError(_describe(error, source)) from error
    for section in ("collaborations", "care_units"):
        codes = [entry.code for entry in getattr(examples, section)]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ExampleDataError(f"{source}: {section}: duplicate codes {duplicates}")
    return examples
