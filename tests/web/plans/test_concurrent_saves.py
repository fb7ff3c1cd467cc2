"""Ten saves of the same plan from the same version at the same moment, through a real server
(waitress, eight threads) on a real database file: one wins, nine get the 409 conflict page,
none a 500. Runs on SQLite, and on PostgreSQL when ``DATABASE_URL`` names one."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
SAVES = 10
PASSWORD = "ett långt lösenord för testet"
# Builds the plan and an editor with a password in the server's database, prints their ids.
SETUP = f"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.web.plans import factories
world = factories.world()
plan = factories.plan(world.strategy_25, world.lulea)
world.lulea_editor.set_password({PASSWORD!r})
world.lulea_editor.save()
print(json.dumps({{"plan": plan.pk, "lulea": world.lulea.pk}}))
"""

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database of the backend the suite runs on: a SQLite file, or a PostgreSQL
    database of its own beside the test database (dropped afterwards)."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'var' / 'fardplan.sqlite3'}"
        return
    server, name = configured.rsplit("/", 1)
    fresh = f"{name}_concurrent_saves"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    yield f"{server}/{fresh}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Return the base URL of a running ``fardplan serve`` and the ids of its plan."""
    env = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
        "FARDPLAN_DATA_DIR": str(tmp_path / "var"), "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "fardplan.web.settings", "FARDPLAN_LOG_LEVEL": "ERROR",
    }  # fmt: skip
    (tmp_path / "var").mkdir()
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr
    ids = json.loads(setup.stdout.strip().splitlines()[-1])
    port = _free_port()
    command = [sys.executable, "-m", "fardplan.cli.main", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base, ids
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(base: str) -> None:
    for _ in range(300):
        try:
            httpx.get(f"{base}/konto/login/", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"the server at {base} did not start")


def _log_in(base: str, edit_url: str) -> tuple[dict[str, str], str]:
    """Return the session's cookies and the edit form's CSRF token, from a real login as
    Luleå's editor (a login rotates the token, so it is read from the form afterwards)."""
    with httpx.Client(base_url=base) as client:
        page = client.get("/konto/login/")
        token = _csrf_token(page.text)
        client.post(
            "/konto/login/",
            data={"username": "lulea", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert "sessionid" in client.cookies, "the login failed"
        form = client.get(edit_url)
        assert form.status_code == 200
        return dict(client.cookies), _csrf_token(form.text)


def _csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _save_at_once(base: str, ids: dict[str, Any]) -> list[int]:
    """POST ten edits of the plan from version 1, released together; return their statuses."""
    edit_url = f"/planer/{ids['plan']}/andra/"
    cookies, token = _log_in(base, edit_url)
    clients = [httpx.Client(base_url=base, cookies=cookies, timeout=60) for _ in range(SAVES)]
    statuses: list[int] = []
    start = threading.Barrier(SAVES)

    def save(number: int) -> None:
        form = {
            "kind": "local", "title": f"Samtidig ändring {number}", "description": "",
            "owner": ids["lulea"], "area": ids["lulea"], "start": "2025-01-01",
            "end": "2026-12-31", "status": "agreed", "version": "1",
            "csrfmiddlewaretoken": token,
        }  # fmt: skip
        start.wait()
        response = clients[number].post(edit_url, data=form)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(SAVES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()
    return statuses


def test_one_of_ten_simultaneous_saves_wins_and_nine_get_the_conflict(
    server: tuple[str, dict[str, Any]],
) -> None:
    base, ids = server
    statuses = _save_at_once(base, ids)
    assert sorted(statuses) == [302] + [409] * (SAVES - 1), statuses
