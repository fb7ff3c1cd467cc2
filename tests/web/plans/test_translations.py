"""Every message of the plans and access apps has a Swedish translation, compiled."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

import fardplan.web

WEB = Path(fardplan.web.__file__).parent


@pytest.mark.parametrize("app", ["plans", "access"])
def test_it_translates_every_message_to_swedish(app: str) -> None:
    po_path = WEB / app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    written = {e.msgid: e.msgstr for e in catalogue if not e.msgid_plural}
    assert {k: compiled.get(k) for k in written} == written
