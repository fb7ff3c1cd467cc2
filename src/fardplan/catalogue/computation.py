"""The machine-readable computation spec of a computed indicator, as written in the catalogue.

A statistician reads it as "count these events, divide by those persons"; the engine compiles it
to Ibis (``fardplan.engine.compile``). Every name below is documented in the catalogue's header.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from fardplan.catalogue.text import Text

EventTable = Literal["contacts", "admissions", "care_plans", "home_health_care"]
Measure = Literal[
    "events",  # count the rows of `table` whose `date` falls in the period
    "sum",  # sum `column` over those rows
    "persons",  # count persons of the population (of the period's year)
    "persons_with_events",  # count persons with at least `min_events` such rows in the year
    "persons_with_interval",  # count persons with an interval `start`–`end` overlapping the year
    "continuity_index",  # sum of each eligible person's COC (Bice–Boxerman)
]
Scalar = str | int | bool


class Filter(BaseModel):
    """One condition on a column; exactly one operator. ``any_of`` joins conditions with OR."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    column: str | None = None
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    one_of: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    not_null: bool | None = None
    at_most: int | None = None
    starts_with: tuple[str, ...] | None = None
    in_value_set: str | None = None
    any_of: tuple[Filter, ...] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Filter:
        operators = ["equals", "not_equals", "one_of", "not_null", "at_most", "starts_with"]
        operators += ["in_value_set", "any_of"]
        given = [name for name in operators if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"a filter needs exactly one operator, got {given or 'none'}")
        if (self.any_of is None) == (self.column is None):
            raise ValueError("a filter names a column, unless it is an any_of")
        return self


class Count(BaseModel):
    """What a numerator or denominator counts; see ``Measure`` for the kinds."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    measure: Measure
    table: EventTable | None = None
    date: str | None = None
    column: str | None = None
    start: str | None = None
    end: str | None = None
    clinician: str | None = None
    min_events: int = Field(default=1, ge=1)
    where: tuple[Filter, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Count:
        needs: dict[str, tuple[str, ...]] = {
            "events": ("table", "date"),
            "sum": ("table", "date", "column"),
            "persons": (),
            "persons_with_events": ("table", "date"),
            "persons_with_interval": ("table", "start", "end"),
            "continuity_index": ("table", "date", "clinician"),
        }
        missing = [name for name in needs[self.measure] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"measure {self.measure!r} needs {', '.join(missing)}")
        return self

    @property
    def per_person(self) -> bool:
        """True when the count is over persons (a person is counted once per period)."""
        return self.measure.startswith("persons")


class Suppression(BaseModel):
    """Which primary rules of röjandeskydd apply (indicators.md, Suppression)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    small_numerator: bool = True  # 0 < numerator < 5; off where the numerator is not a count
    small_complement: bool = False  # 0 < denominator − numerator < 5 (percentages)
    min_denominator: int | None = None  # denominator < this (shares, %, means)
    hide_denominator: bool = False  # a suppressed cell's denominator would reveal the numerator


class Computation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    numerator: Count
    denominator: Count
    suppression: Suppression = Suppression()


class Prefix(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[A-Z][0-9A-Z]*$")
    sv: str
    en: str


class ValueSet(BaseModel):
    """A versioned list of code prefixes; a code belongs when it starts with one of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    version: str
    name: Text
    source: str
    code_system: str
    prefixes: tuple[Prefix, ...] = Field(min_length=1)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(prefix.code for prefix in self.prefixes)


@cache
def load_value_set(value_set_id: str) -> ValueSet:
    """Return the shipped value set; ``KeyError`` names it when no such file exists."""
    path = resources.files("fardplan.catalogue") / "value_sets" / f"{value_set_id}.yaml"
    if not path.is_file():
        raise KeyError(f"unknown value set {value_set_id!r} (no value_sets/{value_set_id}.yaml)")
    value_set = ValueSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if value_set.id != value_set_id:
        raise ValueError(f"value_sets/{value_set_id}.yaml declares id {value_set.id!r}")
    return value_set


def value_sets_used(computation: Computation) -> set[str]:
    """Return the ids of the value sets a computation refers to (to check they all exist)."""
    found: set[str] = set()

    def walk(filters: tuple[Filter, ...]) -> None:
        for condition in filters:
            if condition.in_value_set:
                found.add(condition.in_value_set)
            walk(condition.any_of or ())

    walk(computation.numerator.where)
    walk(computation.denominator.where)
    return found


__all__ = ["Computation", "Count", "Filter", "Suppression", "ValueSet", "load_value_set"]
