"""Stable keys for strategy items: made once from the title, then kept whatever changes."""

from __future__ import annotations

import re
from collections.abc import Collection

from django.utils.text import slugify

from fardplan.content.strategy import KEY_MAX_LENGTH

# Room for a "-NNNN" suffix when two items would get the same key.
_BASE_LENGTH = KEY_MAX_LENGTH - 5


def new_key(title: str, taken: Collection[str]) -> str:
    """Return a key for an item titled ``title`` that is not in ``taken``: the title in
    lower-case a–z, 0–9 and single hyphens ("Öppnare vårdformer" gives "oppnare-vardformer"),
    with "-2", "-3", … added if needed. A title with no such letters gives "item"."""
    base = re.sub(r"[-_]+", "-", slugify(title))[:_BASE_LENGTH].strip("-") or "item"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key
