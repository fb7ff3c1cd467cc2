"""Interventions: ``MUNICIPALITY:INDICATOR:CHANGE%:YYYY-MM`` specs that change one rate.

An effect multiplies the rate behind one indicator, for residents of one municipality, from the
first day of a month on. ``2480:avoidable_admissions:-20%:2024-06`` lowers the rate of avoidable
admissions in Umeå by a fifth from 1 June 2024.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fardplan.reference.sweden import municipalities

# The indicator each effect acts on, and (in words) the rate it changes.
SUPPORTED: dict[str, str] = {
    "avoidable_admissions": "acute admissions for chronic conditions (acsc_chronic), all ages",
    "emergency_visits_80": "emergency-department visits of people aged 80+",
    "readmission_30d_65": "the chance of a related readmission after a stay of a person 65+",
    "home_visits_80": "home visits to people aged 80+",
    "sip_plans": "new coordinated individual plans (SIP)",
    "digital_visits": "digital (video/chat) contacts",
}

_SPEC = re.compile(
    r"^(?P<muni>\d{4}):(?P<target>[a-z0-9_]+):(?P<change>[+-]?\d+(?:\.\d+)?)%:"
    r"(?P<year>\d{4})-(?P<month>\d{2})$"
)


class EffectError(ValueError):
    """A bad effect spec; the message names the spec and what is wrong with it."""


@dataclass(frozen=True)
class Effect:
    municipality_code: str
    target: str
    change: float  # relative: -0.2 is −20 %
    start: dt.date  # first day the changed rate applies

    @property
    def factor(self) -> float:
        return 1.0 + self.change

    def start_day(self) -> int:
        """Return the start as days since 1970-01-01 (the Parquet date32 value)."""
        return (self.start - dt.date(1970, 1, 1)).days


def parse_effect(spec: str) -> Effect:
    """Return the effect described by ``spec``; raise :class:`EffectError` naming what is wrong.

    Refused: a malformed spec, an unknown municipality, an unsupported indicator, a change of
    −100 % or less or above +500 %, and a month outside 01–12.
    """
    match = _SPEC.match(spec.strip())
    if match is None:
        raise EffectError(
            f"effect {spec!r}: expected MUNICIPALITY:INDICATOR:CHANGE%:YYYY-MM, "
            "e.g. 2480:avoidable_admissions:-20%:2024-06"
        )
    muni, target = match["muni"], match["target"]
    if muni not in {m.code for m in municipalities()}:
        raise EffectError(f"effect {spec!r}: unknown municipality code {muni!r}")
    if target not in SUPPORTED:
        raise EffectError(
            f"effect {spec!r}: indicator {target!r} has no effect switch; "
            f"supported: {', '.join(SUPPORTED)}"
        )
    change = float(match["change"]) / 100
    if not -1.0 < change <= 5.0:
        raise EffectError(
            f"effect {spec!r}: change {match['change']}% must be above -100% and ≤ 500%"
        )
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise EffectError(f"effect {spec!r}: month {match['month']!r} is not 01–12")
    return Effect(muni, target, change, dt.date(int(match["year"]), month, 1))


def check_effects(
    effects: Iterable[Effect], municipality_codes: Iterable[str], years: Sequence[int]
) -> None:
    """Raise :class:`EffectError` for an effect outside the generated area or years, or for two
    effects on the same municipality and indicator (their order would be ambiguous)."""
    codes = set(municipality_codes)
    seen: set[tuple[str, str]] = set()
    for effect in effects:
        where = f"effect on {effect.municipality_code} {effect.target}"
        if effect.municipality_code not in codes:
            raise EffectError(f"{where}: municipality is not in the generated counties")
        if not years[0] <= effect.start.year <= years[-1]:
            raise EffectError(f"{where}: {effect.start:%Y-%m} is outside {years[0]}–{years[-1]}")
        key = (effect.municipality_code, effect.target)
        if key in seen:
            raise EffectError(f"{where}: given twice")
        seen.add(key)
