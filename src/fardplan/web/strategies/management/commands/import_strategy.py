"""``manage.py import_strategy FILE [FILE…]``: load strategy files into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fardplan.content.strategy import StrategyDocument, load_strategy_yaml
from fardplan.content.yaml_bounds import YamlLimitError, read_bounded_text
from fardplan.content.yaml_errors import StrategyFileError
from fardplan.web.strategies.services import UnknownCodeError, import_strategy


class Command(BaseCommand):
    help = (
        "Create or replace strategies from YAML files. Every file is checked first; if any "
        "is wrong, nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="strategy YAML files")
        parser.add_argument(
            "--remove-served-items",
            action="store_true",
            help="remove items that activities serve (the activities lose the link; each "
            "plan's history records it); without it such a file is refused",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        documents = read_documents(options["files"])
        # One transaction for all files: an unknown code in the last file undoes the first.
        with transaction.atomic():
            for path, doc in documents:
                confirm = options["remove_served_items"]
                try:
                    strategy = import_strategy(doc, confirm_removals=confirm)
                except UnknownCodeError as error:
                    raise CommandError(f"{path}: {error}") from None
                except ValidationError as error:
                    raise CommandError(f"{path}: {' '.join(error.messages)}") from None
                self.stdout.write(f"{path}: {strategy.title} ({strategy.slug})")
        self.stdout.write(self.style.SUCCESS(f"Imported {len(documents)} strategies."))


def read_documents(paths: list[Path]) -> list[tuple[Path, StrategyDocument]]:
    """Return every file's document; raise :class:`CommandError` listing every problem of every
    file if any file cannot be read, has a YAML error or is not a valid strategy."""
    documents: list[tuple[Path, StrategyDocument]] = []
    problems: list[str] = []
    for path in paths:
        try:
            documents.append((path, load_strategy_yaml(read_bounded_text(path), str(path))))
        except StrategyFileError as error:
            problems.append(str(error))
        except YamlLimitError as error:
            problems.append(f"{path}: {error.message}")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot read the file: {error}")
    slugs = [doc.slug for _path, doc in documents]
    problems += [
        f"slug '{slug}' is in more than one file"
        for slug in sorted(set(slugs))
        if slugs.count(slug) > 1
    ]
    if problems:
        raise CommandError("\n".join(problems))
    return documents
