"""Every strategies command is documented."""

from __future__ import annotations

from pathlib import Path

import fardplan.web.strategies.management.commands as commands

DOCS = Path(__file__).resolve().parents[3] / "docs" / "strategy-files.md"


def test_it_documents_every_management_command() -> None:
    text = DOCS.read_text("utf-8")
    names = [path.stem for path in Path(commands.__file__).parent.glob("[!_]*.py")]
    assert sorted(names) == ["export_strategy", "import_strategy"]
    for name in names:
        assert f"fardplan manage {name}" in text, name
