"""Production settings: `check --deploy` is clean with only the three required settings, the
published demo key is refused off loopback, and the loopback demo opts out of HTTPS out loud."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fardplan import config
from fardplan.cli import web
from fardplan.cli.main import app

SRC = Path(__file__).resolve().parents[2] / "src"


def _fardplan(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process whose environment holds only ``env`` (and a path)."""
    clean = {"PATH": os.environ["PATH"], "PYTHONPATH": str(SRC), "HOME": str(tmp_path)}
    clean |= {"FARDPLAN_DATA_DIR": str(tmp_path / "var"), "COLUMNS": "200", **env}
    command = [sys.executable, "-m", "fardplan.cli.main", *args]
    return subprocess.run(command, env=clean, capture_output=True, text=True, timeout=120)


def test_it_passes_the_deploy_check_with_a_key_and_hosts_only(tmp_path: Path) -> None:
    done = _fardplan(
        tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="fardplan.regionnorrbotten.se",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_it_refuses_the_demo_key_when_others_can_reach_the_site(tmp_path: Path) -> None:
    done = _fardplan(
        tmp_path, "manage", "check",
        DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="fardplan.regionnorrbotten.se",
    )  # fmt: skip
    assert done.returncode == 2
    assert "DJANGO_SECRET_KEY" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_the_demo_key_still_serves_loopback(tmp_path: Path) -> None:
    done = _fardplan(tmp_path, "manage", "check", DJANGO_DEBUG="0")
    assert done.returncode == 0, done.stdout + done.stderr


def test_it_reads_each_https_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FARDPLAN_PLAIN_HTTP", raising=False)
    assert config.https() == config.Https(True, True, 31_536_000, True, False)
    monkeypatch.setenv("DJANGO_SECURE_HSTS_SECONDS", "3600")
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "0")
    monkeypatch.setenv("DJANGO_SECURE_COOKIES", "no")
    monkeypatch.setenv("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "off")
    monkeypatch.setenv("DJANGO_SECURE_HSTS_PRELOAD", "1")
    assert config.https() == config.Https(False, False, 3600, False, True)
    monkeypatch.setenv("FARDPLAN_PLAIN_HTTP", "1")
    monkeypatch.delenv("DJANGO_SECURE_SSL_REDIRECT")
    assert config.https().ssl_redirect is False
    monkeypatch.setenv("DJANGO_SECURE_HSTS_SECONDS", "a year")
    with pytest.raises(config.ConfigError, match="DJANGO_SECURE_HSTS_SECONDS"):
        config.https()


def test_a_session_lasts_a_working_day_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    assert config.session_age() == 8 * 3600
    monkeypatch.setenv("DJANGO_SESSION_COOKIE_AGE", "1800")
    assert config.session_age() == 1800
    monkeypatch.setenv("DJANGO_SESSION_COOKIE_AGE", "5")
    with pytest.raises(config.ConfigError, match="at least 60"):
        config.session_age()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("[::1]", True),
     ("localhost", True), ("0.0.0.0", False), ("10.0.0.5", False), ("fardplan.se", False),
     ("*", False), (".localhost.example.se", False)],
)  # fmt: skip
def test_it_knows_a_loopback_host(host: str, loopback: bool) -> None:
    assert config.is_loopback(host) is loopback


def _serve(monkeypatch: pytest.MonkeyPatch, host: str) -> str:
    monkeypatch.delenv("FARDPLAN_PLAIN_HTTP", raising=False)
    monkeypatch.setattr(web, "_run_server", lambda h, p, threads, tasks=True: None)
    result = CliRunner().invoke(app, ["serve", "--host", host])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_loopback_demo_opts_out_of_https_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    output = _serve(monkeypatch, "127.0.0.1")
    assert "FARDPLAN_PLAIN_HTTP=1" in " ".join(output.split())
    assert os.environ["FARDPLAN_PLAIN_HTTP"] == "1"


def test_a_server_for_others_keeps_https(monkeypatch: pytest.MonkeyPatch) -> None:
    output = _serve(monkeypatch, "0.0.0.0")
    assert "FARDPLAN_PLAIN_HTTP" not in output
    assert "FARDPLAN_PLAIN_HTTP" not in os.environ
