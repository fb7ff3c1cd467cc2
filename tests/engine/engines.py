"""The backends every engine test body runs on, and how a known gap of one is marked.

``engine`` (tests/conftest.py) gives an ``Engine`` per backend; a test computes with
``engine.compute(folder, …)`` and checks the same things on each. A backend that cannot yet
do what a test asks is marked with ``gap``: a strict xfail that names the exact exception it
raises, so the mark fails as soon as the gap is closed (or fails in another way).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis
import pytest

from fardplan.engine import Run, compute
from fardplan.engine.backends import Backend, connect


@dataclass(frozen=True)
class Engine:
    """A backend and, for PySpark, the test run's one SparkSession."""

    name: Backend
    session: Any = None

    def connect(self) -> ibis.BaseBackend:
        return connect(self.name, session=self.session)

    def compute(self, data_dir: Path, **options: Any) -> Run:
        """Return ``fardplan.engine.compute`` of ``data_dir`` on this backend."""
        return compute(data_dir, con=self.connect(), **options)


def gap(
    request: pytest.FixtureRequest,
    engine: Engine,
    backend: Backend,
    *,
    raises: type[BaseException],
    reason: str,
) -> None:
    """Mark the running test as a known gap of ``backend``: it must fail with ``raises``."""
    if engine.name == backend:
        request.applymarker(pytest.mark.xfail(raises=raises, strict=True, reason=reason))
