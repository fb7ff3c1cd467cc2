"""``manage.py export_strategy SLUG [--out FILE]``: write a strategy as YAML."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fardplan.content.strategy import dump_strategy_yaml
from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import export_strategy


class Command(BaseCommand):
    help = "Write the strategy with this short name as YAML, to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the strategy's short name (slug)")
        parser.add_argument("--out", type=Path, help="write to this file instead")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            strategy = Strategy.objects.get(slug=options["slug"])
        except Strategy.DoesNotExist:
            raise CommandError(f"no strategy with short name '{options['slug']}'") from None
        text = dump_strategy_yaml(export_strategy(strategy))
        out = Path(options["out"]) if options["out"] else None
        if out is None:
            self.stdout.write(text, ending="")
        else:
            write_atomically(out, text)
            self.stderr.write(f"Wrote {out}")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to a temporary file beside ``path`` and rename it into place,
    so that a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
