"""The three counties' strategies that the platform ships as example content.

Each file names its source in a header comment: the counties' own decisions and public pages as
summarised in the project's spec.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable


def example_files() -> list[Traversable]:
    """Return the shipped strategy files (``*.yaml``), sorted by name."""
    folder = resources.files(__name__)
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: entry.name,
    )
