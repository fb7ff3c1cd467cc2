"""The README documents every setting read from the environment and every CLI command."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from fardplan.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTING = re.compile(r"""env_(?:str|bool|int|list)\(\s*["']([A-Z0-9_]+)["']""")


def _settings_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for source in (ROOT / "src").rglob("*.py"):
        names.update(SETTING.findall(source.read_text(encoding="utf-8")))
    return names


def test_it_documents_every_setting_in_the_readme() -> None:
    settings = _settings_read_by_the_code()
    assert "DATABASE_URL" in settings
    missing = sorted(name for name in settings if f"`{name}`" not in README)
    assert not missing, f"settings missing from README.md: {missing}"


def test_it_documents_every_command_in_the_readme() -> None:
    group = typer.main.get_group(app)
    assert "demo" in group.commands
    missing = sorted(name for name in group.commands if f"fardplan {name}" not in README)
    assert not missing, f"commands missing from README.md: {missing}"
