"""Shared fixtures. Browser tests drive Debian's Chromium through Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import settings
from playwright.sync_api import Browser, Page, sync_playwright

from tests.engine.engines import Engine

# No per-example deadline: the properties hold whatever the machine's load, and time is
# measured in benchmarks/, not in tests (a shared CI machine made a 200 ms deadline flaky).
settings.register_profile("fardplan", deadline=None)
settings.load_profile("fardplan")

CHROMIUM = Path(os.environ.get("FARDPLAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# A test that reaches the web database, directly or through a fixture. `.ci/run` runs only
# these again on PostgreSQL: the rest (the analytics core, the CLI on files) cannot differ.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
     "live_server", "django_db_setup"}
)  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is not None or used & DATABASE_FIXTURES:
            item.add_marker(pytest.mark.database)


@pytest.fixture(scope="session", autouse=True)
def plain_http() -> Iterator[None]:
    """Speak plain HTTP, as the loopback demo does (FARDPLAN_PLAIN_HTTP): the test client and
    the live server have no TLS. The HTTPS-only settings are tested in processes of their own
    (tests/web/test_deploy_settings.py)."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        LANGUAGE_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The test run's one local SparkSession (the JVM takes many seconds to start)."""
    pytest.importorskip("pyspark")
    from fardplan.engine.spark import SparkSettings, start_session

    # Local, whatever SPARK_MASTER says; a partition per core of CI's two, still more than
    # one (a plan that depends on row order shows), fewer tasks than the default four.
    session = start_session(SparkSettings(shuffle_partitions=2))
    yield session
    session.stop()


# One test body for every backend: a test asking for `engine` runs on each; the PySpark ones
# are marked `spark` (slow: `-m "not spark"` leaves them out; `.ci/run` runs them once).
@pytest.fixture(
    scope="session", params=["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)]
)
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "pyspark":
        return Engine("pyspark", request.getfixturevalue("spark"))
    return Engine("duckdb")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch headless Chromium once per session. Missing Chromium skips locally, fails in CI."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; browser tests must run in CI")
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told that this test process is single-threaded on purpose.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser page with a Swedish locale."""
    context = browser.new_context(locale="sv-SE")
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    yield new_page
    context.close()
