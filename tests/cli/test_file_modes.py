"""The embedded store holds pseudonymised health data: what the `fardplan` command writes under
FARDPLAN_DATA_DIR (web database, care data, analytics store) only its owner can read."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def _fardplan(data: Path, *args: str) -> None:
    """Run the command as a user would, from a shell whose umask lets everyone read (022)."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(SRC), "HOME": str(data.parent)}
    env |= {"FARDPLAN_DATA_DIR": str(data), "DATABASE_URL": f"sqlite:///{data / 'web.sqlite3'}"}
    command = [sys.executable, "-m", "fardplan.cli.main", *args]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, umask=0o022
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _modes(folder: Path) -> dict[str, str]:
    """Return each path under ``folder`` (itself included) whose mode lets others in."""
    paths = [folder, *folder.rglob("*")]
    return {
        str(path.relative_to(folder)): oct(stat.S_IMODE(path.stat().st_mode))
        for path in paths
        if stat.S_IMODE(path.stat().st_mode) & 0o077
    }


@pytest.mark.slow
def test_the_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "var"
    _fardplan(data, "manage", "migrate", "--verbosity", "0")
    care = data / "care-data"
    _fardplan(data, "synth", "--out", str(care), "--counties", "25", "--scale", "0.01",
              "--years", "2024")  # fmt: skip
    _fardplan(data, "compute", str(care), "--out", str(tmp_path / "results.parquet"))
    assert {"web.sqlite3", "care-data", "analytics.duckdb"} <= {p.name for p in data.iterdir()}
    assert stat.S_IMODE((data / "web.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE(care.stat().st_mode) == 0o700
    assert _modes(data) == {}
