"""Standard populations for age-standardised rates (direct method), as data files.

An indicator with ``standard_population`` publishes, besides its numerator and denominator,
a value standardised by age: the rate of each band of the standard, weighted by the band's
share of the standard population (``standard_populations/<id>.yaml``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from fardplan.catalogue.text import Text


class StandardBand(BaseModel):
    """Ages ``from_``–``to`` (None: and older) and their weight in the standard population."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: int = Field(alias="from", ge=0)
    to: int | None
    weight: float = Field(gt=0)

    @property
    def label(self) -> str:
        return f"{self.from_}+" if self.to is None else f"{self.from_}-{self.to}"


class StandardPopulation(BaseModel):
    """Bands that follow each other from age 0, the last open-ended."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: Text
    source: str
    bands: tuple[StandardBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _contiguous(self) -> StandardPopulation:
        start = 0
        for band in self.bands:
            if band.from_ != start or (band.to is not None and band.to < band.from_):
                raise ValueError(
                    f"standard population {self.id!r}: bands must follow on at {start}"
                )
            start = -1 if band.to is None else band.to + 1
        if self.bands[-1].to is not None:
            raise ValueError(f"standard population {self.id!r}: the last band must be open-ended")
        return self

    def within(self, low: int, high: int | None) -> tuple[StandardBand, ...]:
        """Return the bands of ages ``low``–``high`` (None: no upper limit).

        Raises ``ValueError`` when a band lies partly inside: its weight would not hold.
        """
        inside = []
        for band in self.bands:
            if (band.to is not None and band.to < low) or (high is not None and band.from_ > high):
                continue
            if band.from_ < low or (high is not None and (band.to is None or band.to > high)):
                ages = f"{low}+" if high is None else f"{low}–{high}"
                raise ValueError(
                    f"ages {ages} cut band {band.label} of standard population {self.id!r}"
                )
            inside.append(band)
        return tuple(inside)


@cache
def load_standard_population(standard_id: str) -> StandardPopulation:
    """Return a shipped standard population; ``KeyError`` names an unknown one."""
    path = resources.files("fardplan.catalogue") / "standard_populations" / f"{standard_id}.yaml"
    if not path.is_file():
        raise KeyError(
            f"unknown standard population {standard_id!r} "
            f"(no standard_populations/{standard_id}.yaml)"
        )
    standard = StandardPopulation.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if standard.id != standard_id:
        raise ValueError(f"standard_populations/{standard_id}.yaml declares id {standard.id!r}")
    return standard


__all__ = ["StandardBand", "StandardPopulation", "load_standard_population"]
