"""A refusal is a message (exit 1); anything else is a bug: said so, traceback logged, exit 70."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from fardplan.cli import engine as engine_cli
from fardplan.cli.failure import INTERNAL, guarded
from fardplan.cli.main import app
from fardplan.engine.errors import EngineError
from tests.engine.builder import Dataset

runner = CliRunner()


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    path = tmp_path / "logs" / "errors.log"
    monkeypatch.setenv("FARDPLAN_LOG_FILE", str(path))
    return path


def _compute(tmp_path: Path) -> Any:
    folder = Dataset().person(1, 2024, born=1950).write(tmp_path / "d")
    empty = [
        f"--allow-empty={t}" for t in ("contacts", "admissions", "care_plans", "home_health_care")
    ]
    return runner.invoke(
        app, ["compute", str(folder), "--out", str(tmp_path / "r.parquet"), *empty]
    )


def test_an_internal_value_error_is_a_bug_not_a_refusal(
    tmp_path: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The review's case: a ValueError from inside the engine was shown as the user's fault.
    def slips(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("an internal slip")

    monkeypatch.setattr(engine_cli, "compute", slips)
    result = _compute(tmp_path)
    assert result.exit_code == INTERNAL == 70
    assert "Internt fel (ValueError)" in result.output
    assert str(log) in result.output.replace("\n", "")
    assert "avbröts" not in result.output and "an internal slip" not in result.output
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "ValueError: an internal slip" in logged and "in slips" in logged
    assert log.stat().st_mode & 0o077 == 0  # owner only, as the store


def test_an_engine_refusal_is_a_message_and_logs_nothing(
    tmp_path: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuses(*args: Any, **kwargs: Any) -> Any:
        raise EngineError("too few rows", "för få rader")

    monkeypatch.setattr(engine_cli, "compute", refuses)
    result = _compute(tmp_path)
    assert result.exit_code == 1
    assert "Körningen avbröts: för få rader" in result.output
    assert not log.exists()


def test_a_real_refusal_of_the_engine_logs_nothing(tmp_path: Path, log: Path) -> None:
    bad = tmp_path / "r.parquet"
    bad.write_bytes(b"not parquet")
    result = runner.invoke(
        app, ["export", str(bad), "--format", "csv", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 1 and "Exporten avbröts" in result.output
    assert not log.exists()


def test_a_bad_setting_is_a_refusal(
    tmp_path: Path, log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCKDB_THREADS", "many")
    result = _compute(tmp_path)
    assert result.exit_code == 1
    assert "DUCKDB_THREADS='many' is not an integer" in result.output
    assert not log.exists()


def test_a_log_that_cannot_be_written_leaves_the_traceback_on_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("FARDPLAN_LOG_FILE", str(tmp_path / "file" / "errors.log"))

    @guarded
    def divides() -> float:
        return 1 / 0

    command = typer.Typer()
    command.command()(divides)
    result = runner.invoke(command, [])
    assert result.exit_code == INTERNAL
    assert "Felloggen kunde inte skrivas" in result.output
    assert "ZeroDivisionError: division by zero" in result.output


def test_an_exit_or_usage_error_passes_through(tmp_path: Path, log: Path) -> None:
    result = runner.invoke(
        app, ["compute", str(tmp_path), "--out", str(tmp_path / "r"), "--backend", "x"]
    )
    assert result.exit_code == 2 and not log.exists()
