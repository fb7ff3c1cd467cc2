"""The import_strategy and export_strategy management commands."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fardplan.content.examples import example_files
from fardplan.content.strategy import dump_strategy_yaml, load_strategy_yaml
from fardplan.web.strategies.models import Strategy
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db


def copy_examples(folder: Path) -> list[Path]:
    paths = []
    for entry in example_files():
        path = folder / entry.name
        path.write_text(entry.read_text("utf-8"), "utf-8")
        paths.append(path)
    return paths


def test_it_imports_files_and_exports_one_again(tmp_path: Path) -> None:
    factories.example_counties()
    paths = copy_examples(tmp_path)
    out = StringIO()
    call_command("import_strategy", *map(str, paths), stdout=out)
    assert "Imported 3 strategies." in out.getvalue()
    target = tmp_path / "out.yaml"
    call_command(
        "export_strategy",
        "tillsammans-for-nara-vard-i-norrbotten",
        out=str(target),
        stderr=StringIO(),
    )
    original = load_strategy_yaml(paths[0].read_text("utf-8"))
    assert target.read_text("utf-8") == dump_strategy_yaml(original)


def test_it_checks_every_file_before_saving_any(tmp_path: Path) -> None:
    factories.example_counties()
    first, second, _third = copy_examples(tmp_path)
    second.write_text(second.read_text("utf-8").replace("status: draft", "status: beslutad"))
    with pytest.raises(CommandError, match=r"vasterbotten.yaml, line \d+, column 9: status"):
        call_command("import_strategy", str(first), str(second))
    assert not Strategy.objects.exists()


def test_it_saves_nothing_when_a_later_file_names_an_unknown_code(tmp_path: Path) -> None:
    factories.example_counties()
    first, second, _third = copy_examples(tmp_path)
    second.write_text(second.read_text("utf-8").replace("- '2480'", "- '2499'"))
    with pytest.raises(CommandError, match=r"vasterbotten\.yaml: organisations: .*'2499'"):
        call_command("import_strategy", str(first), str(second), stdout=StringIO())
    assert not Strategy.objects.exists()


def test_it_says_which_strategy_does_not_exist() -> None:
    with pytest.raises(CommandError, match="no strategy with short name 'saknas'"):
        call_command("export_strategy", "saknas")


def test_it_refuses_to_drop_a_served_item_unless_told(tmp_path: Path) -> None:
    from tests.web.plans import factories as plan_factories

    factories.example_counties()
    first, _second, _third = copy_examples(tmp_path)
    call_command("import_strategy", str(first), stdout=StringIO())
    strategy = Strategy.objects.get(county__code="25")
    plan = plan_factories.plan(strategy, strategy.organisations.get(code="2580"))
    item = strategy.items.get(key="oppnare-vardformer")
    activity = plan_factories.activity(plan, strategy_items=[item])
    text = first.read_text("utf-8")
    first.write_text(
        text.replace("  - key: oppnare-vardformer\n    title: Öppnare vårdformer\n", "")
    )
    with pytest.raises(CommandError, match="Öppnare vårdformer"):
        call_command("import_strategy", str(first), stdout=StringIO())
    assert activity.strategy_items.exists()
    call_command("import_strategy", str(first), "--remove-served-items", stdout=StringIO())
    assert not activity.strategy_items.exists()
