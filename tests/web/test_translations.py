"""Every string of every app has a Swedish translation, and the compiled catalogue matches."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

import fardplan.web

WEB = Path(fardplan.web.__file__).parent
# Every app with a locale folder; a new app's catalogue is checked without touching this file.
APPS = sorted(path.parent.name for path in WEB.glob("*/locale"))


def test_it_finds_the_catalogue_of_every_app() -> None:
    assert {"site", "organisations", "strategies", "access", "plans"} <= set(APPS)


def _catalogue(app: str, suffix: str) -> Path:
    return WEB / app / "locale" / "sv" / "LC_MESSAGES" / f"django.{suffix}"


@pytest.mark.parametrize("app", APPS)
def test_it_translates_every_msgid_to_swedish(app: str) -> None:
    po = polib.pofile(str(_catalogue(app, "po")))
    untranslated = [entry.msgid for entry in po if not entry.translated()]
    assert untranslated == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert len(po) > 10


@pytest.mark.parametrize("app", APPS)
def test_it_ships_a_compiled_catalogue_with_the_same_strings(app: str) -> None:
    po = polib.pofile(str(_catalogue(app, "po")))
    mo = polib.mofile(str(_catalogue(app, "mo")))
    compiled = {entry.msgid: entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po:
        assert entry.msgid in compiled, f"{app}: {entry.msgid!r} is not compiled"
        expected = entry.msgstr or {i: s for i, s in entry.msgstr_plural.items()}
        assert compiled[entry.msgid] == expected, f"{app}: {entry.msgid!r} is stale in the .mo"
