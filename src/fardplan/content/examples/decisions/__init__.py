"""The three counties' decisions about their strategies, shipped as example content.

Each file has the same name as the county's strategy file one folder up. The counties' real
decisions name their source; every other decision is invented for the demo and marked
``invented: true``, so that each county shows adoption partway.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def decision_files() -> list[Traversable]:
    """Return the shipped decisions files (``*.yaml``), sorted by name."""
    folder = resources.files(__name__)
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: entry.name,
    )
