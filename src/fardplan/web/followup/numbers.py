"""Numbers as the follow-up shows them: rounded, not cut off, in the active locale."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def rounded(value: float, decimals: int, *, grouping: bool = True) -> str:
    """Return ``value`` rounded half away from zero to ``decimals``, formatted for the locale.

    Django's ``number_format`` cuts a float's digits off (14.36 shows as "14,3"); official
    statistics round, so the value goes through a Decimal of its shortest repr first.
    """
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return number_format(exact, decimals, use_l10n=True, force_grouping=grouping)
