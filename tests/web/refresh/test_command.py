"""``fardplan refresh``: the cron job, recorded for the page, exit 1 with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fardplan.cli.main import app
from fardplan.engine.store import current_run
from fardplan.refresh.lock import lock_path, refresh_lock
from fardplan.web.refresh.models import RefreshRun

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FARDPLAN_DATA_DIR", str(tmp_path / "var"))


@pytest.mark.django_db
@pytest.mark.usefixtures("data_dir")
def test_the_command_refreshes_and_records_a_scheduled_run(refresh_env: Path) -> None:
    result = runner.invoke(app, ["refresh"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Beräkning: klart" in result.output and "Uppdateringen klar" in result.output
    run = RefreshRun.objects.get()
    assert run.trigger == RefreshRun.Trigger.SCHEDULE and run.by_name
    assert run.status == RefreshRun.Status.SUCCEEDED
    stored = current_run(refresh_env)
    assert stored is not None and stored.run_id == run.run_id


@pytest.mark.django_db
@pytest.mark.usefixtures("data_dir")
def test_a_failing_refresh_exits_1_with_the_message_and_records_it(
    refresh_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    monkeypatch.setenv("FARDPLAN_CARE_DATA_DIR", str(broken))
    result = runner.invoke(app, ["refresh"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "Uppdateringen misslyckades:" in result.output and "tabellen saknas" in result.output
    run = RefreshRun.objects.get()
    assert run.status == RefreshRun.Status.FAILED and "table missing" in run.message
    assert current_run(refresh_env) is None


@pytest.mark.usefixtures("data_dir")
def test_without_recording_and_while_another_runs(refresh_env: Path) -> None:
    with refresh_lock(refresh_env, stale_after=600):
        busy = runner.invoke(app, ["refresh", "--no-record"], env={"COLUMNS": "200"})
    assert busy.exit_code == 1 and "en annan uppdatering pågår" in busy.output
    assert not lock_path(refresh_env).exists()
    done = runner.invoke(app, ["refresh", "--no-record"], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    assert current_run(refresh_env) is not None


def test_a_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FARDPLAN_REFRESH_YEARS", "last year")
    result = runner.invoke(app, ["refresh", "--no-record"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "FARDPLAN_REFRESH_YEARS='last year'" in result.output
