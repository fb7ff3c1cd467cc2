"""Refresh page fixtures: the personas of the plans' tests, a county administrator, a
superuser, and the refresh's settings in the environment (the recorded Kolada, the world)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import translation

from fardplan.sources.kolada_replay import serve_recording
from tests.engine.world import world as care_world
from tests.web.plans import factories

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def swedish() -> Iterator[None]:
    with translation.override("sv"):
        yield


@pytest.fixture
def world(db: None) -> factories.World:
    return factories.world()


@pytest.fixture
def administrator(world: factories.World) -> User:
    return factories.user("admin25", administrator=world.region_norrbotten)


@pytest.fixture
def superuser(db: None) -> User:
    return get_user_model().objects.create_superuser("root", "root@example.org", None)  # type: ignore[return-value]


@pytest.fixture
def refresh_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The refresh's settings: the engine's world as care data, the recorded Kolada; yields
    the analytics store's path."""
    store = tmp_path / "analytics.duckdb"
    with serve_recording() as base:
        monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(store))
        monkeypatch.setenv("FARDPLAN_CARE_DATA_DIR", str(care_world().write(tmp_path / "care")))
        monkeypatch.setenv("KOLADA_BASE_URL", base)
        monkeypatch.setenv("FARDPLAN_REFRESH_COUNTIES", "25")
        monkeypatch.setenv("FARDPLAN_REFRESH_KPIS", "U79133")
        monkeypatch.setenv("FARDPLAN_REFRESH_YEARS", "2023")
        monkeypatch.setenv("FARDPLAN_REFRESH_TIME_LIMIT_MINUTES", "5")
        yield store


@pytest.fixture
def immediate_tasks() -> Iterator[None]:
    with override_settings(TASKS=IMMEDIATE):
        yield
