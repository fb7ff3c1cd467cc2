"""Load and validate the indicator catalogue.

The catalogue file is the single description of what every indicator counts; the engine compiles
the computed ones, the web app shows all of them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from fardplan.catalogue.computation import Computation, load_value_set, value_sets_used
from fardplan.catalogue.standard import load_standard_population
from fardplan.catalogue.text import Text

Direction = Literal["higher", "lower", "neutral"]
Period = Literal["year", "month"]


class Indicator(BaseModel):
    """One indicator. ``kind`` says whether the engine computes it or it is imported."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["computed", "imported"]
    name: Text
    description: Text
    unit: Text
    factor: float = Field(gt=0)
    good: Direction
    periods: tuple[Period, ...]
    population: Text
    numerator: Text | None = None
    denominator: Text | None = None
    departures: Text | None = None
    source: str
    kolada_id: str | None = None
    min_age: int = 0
    max_age: int | None = None
    computation: Computation | None = None
    # The id of a standard population (``standard_populations/``): the value is then
    # age-standardised by the direct method, numerator and denominator stay the counts.
    standard_population: str | None = None
    # An imported indicator's computed twin: the same thing measured by Färdplan from the
    # care data (same Kolada id); the pages show them together, their departures explaining
    # the difference.
    counterpart: str | None = None

    @model_validator(mode="after")
    def _computed_needs_definition(self) -> Indicator:
        if self.kind == "computed" and (self.numerator is None or self.denominator is None):
            raise ValueError(f"computed indicator {self.id!r} needs numerator and denominator")
        if (self.kind == "computed") != (self.computation is not None):
            raise ValueError(f"indicator {self.id!r}: a computation belongs to computed ones only")
        for value_set_id in value_sets_used(self.computation) if self.computation else ():
            load_value_set(value_set_id)  # raises KeyError naming a missing value set
        if self.standard_population is not None:
            if self.computation is None:
                raise ValueError(f"indicator {self.id!r}: only a computed one is standardised")
            # Raises naming an unknown standard, or a band the indicator's ages cut.
            load_standard_population(self.standard_population).within(self.min_age, self.max_age)
        return self


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalogue:
        ids = [indicator.id for indicator in self.indicators]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate indicator ids: {', '.join(duplicates)}")
        by_id = {indicator.id: indicator for indicator in self.indicators}
        for indicator in self.indicators:
            twin = by_id.get(indicator.counterpart or "")
            if indicator.counterpart is None:
                continue
            if indicator.kind != "imported" or twin is None or twin.kind != "computed":
                raise ValueError(
                    f"indicator {indicator.id!r}: counterpart {indicator.counterpart!r} must "
                    "name a computed indicator, and only an imported one has a counterpart"
                )
            if twin.kolada_id != indicator.kolada_id:
                raise ValueError(
                    f"indicator {indicator.id!r}: counterpart {twin.id!r} has Kolada id "
                    f"{twin.kolada_id!r}, not {indicator.kolada_id!r}"
                )
        return self

    def counterpart_of(self, indicator_id: str) -> Indicator | None:
        """Return the twin of an indicator: an imported one's computed counterpart, or the
        imported indicator whose counterpart a computed one is; None when it has none."""
        entry = self.get(indicator_id)
        if entry.counterpart is not None:
            return self.get(entry.counterpart)
        return next((i for i in self.imported if i.counterpart == indicator_id), None)

    def get(self, indicator_id: str) -> Indicator:
        """Return the indicator with that id; ``KeyError`` names it when unknown."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(f"unknown indicator {indicator_id!r}")

    @property
    def computed(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.kind == "computed")

    @property
    def imported(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.kind == "imported")


@cache
def load_catalogue() -> Catalogue:
    """Return the shipped catalogue, validated (raises ``pydantic.ValidationError`` if broken)."""
    text = (resources.files("fardplan.catalogue") / "indicators.yaml").read_text(encoding="utf-8")
    # libyaml's loader where PyYAML has it: a tenth of the pure-Python parser's time, which
    # every compute and command otherwise pays at start-up.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalogue.model_validate(yaml.load(text, Loader=loader))
