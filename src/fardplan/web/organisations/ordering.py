"""Sort organisation names in Swedish alphabetical order.

Databases disagree: SQLite compares code points (Ä before Å) and PostgreSQL's default
collation often sorts Å and Ä among the A's. Swedish puts Å, Ä, Ö after Z, in that order, so
lists are sorted here, in Python, the same way on every database.
"""

from __future__ import annotations

from collections.abc import Iterable

from fardplan.web.organisations.models import Organisation, OrganisationKind

# Letters after z in Swedish order; é and ü sort as e and y, as in Swedish dictionaries.
_SWEDISH = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03", "é": "e", "ü": "y"})


def swedish_key(name: str) -> str:
    """Return a key that sorts ``name`` in Swedish order, ignoring case."""
    return name.casefold().translate(_SWEDISH)


def in_swedish_order(organisations: Iterable[Organisation]) -> list[Organisation]:
    """Return the organisations regions first, then by name in Swedish order."""

    def key(organisation: Organisation) -> tuple[bool, str]:
        return organisation.kind != OrganisationKind.REGION, swedish_key(organisation.name)

    return sorted(organisations, key=key)
