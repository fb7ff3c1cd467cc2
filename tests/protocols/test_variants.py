"""The parser on invented extracts that vary what real ones vary, compared field by field
with each variant's expected draft (``data/variants/NAME.json``; provenance in its README)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from fardplan.protocols import parse_protocol_text
from tests.protocols.conftest import texts

VARIANTS = Path(__file__).parent / "data" / "variants"
TEXTS = sorted(
    path for path in VARIANTS.iterdir() if path.suffix in {".txt", ".md"} and path.stem != "README"
)
FIELDS = (
    "paragraph",
    "diary_number",
    "title",
    "body",
    "body_kind",
    "meeting_date",
    "decision_items",
    "decision_kind",
    "conditions_text",
    "proposed_by",
    "statements",
    "decision_basis",
    "sent_to",
    "missing",
    "warnings",
)


def expected(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return found


def parsed(path: Path) -> dict[str, Any]:
    return parse_protocol_text(path.read_text(encoding="utf-8")).to_json_dict()


def test_there_are_at_least_a_dozen_variants_each_with_its_expected_draft() -> None:
    assert len(TEXTS) >= 12
    for path in TEXTS:
        assert set(expected(path)) == set(FIELDS), path.name


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_each_field_of_each_variant(path: Path, field: str) -> None:
    assert parsed(path)[field] == expected(path)[field]


def test_the_variants_cover_every_kind_of_body_decision_and_statement() -> None:
    drafts = [expected(path) for path in TEXTS]
    assert {d["body_kind"] for d in drafts} == {
        "kommunfullmaktige",
        "kommunstyrelsen",
        "socialnamnden",
        "regionfullmaktige",
        "regionstyrelsen",
        "halso_och_sjukvardsnamnden",
        "joint",
        "other",
    }
    assert {d["decision_kind"] for d in drafts} == {
        "adopt",
        "propose",
        "approve",
        "take_note",
        "put_on_file",
        "reject",
    }
    kinds = {s["kind"] for d in drafts for s in d["statements"]}
    assert kinds == {"reservation", "sarskilt_yttrande", "protokollsanteckning"}
    assert any("meeting_date" in d["missing"] for d in drafts)


def test_the_four_parties_statement_on_the_roadmap() -> None:
    for name in ("vasterbotten-hsn-87.md", "vasterbotten-regionstyrelsen-145.txt"):
        (statement,) = parsed(VARIANTS / name)["statements"]
        assert statement["kind"] == "sarskilt_yttrande"
        assert statement["parties"] == ["M", "KD", "L", "C"]
        assert "konkreta åtgärder på systemnivå" in statement["text"]
        assert statement["text"][0] not in '"”' and statement["text"][-1] not in '"”'


def copied_from_a_viewer(text: str, blank_lines: bool) -> str:
    """``text`` as a PDF viewer's copy gives it: lines wrapped at 78 characters, and without
    blank lines between paragraphs unless ``blank_lines``."""
    lines: list[str] = []
    for line in text.split("\n"):
        wrapped = textwrap.wrap(line, 78, break_on_hyphens=False)
        lines += wrapped or ([""] if blank_lines else [])
    return "\n".join(lines)


# Without blank lines a second "§ 18" cannot be told from a "§ 18" that a wrap put at the
# start of a line, so the extract of two paragraphs is copied with them only.
PASTED = [
    (path, blank_lines)
    for path in texts()
    for blank_lines in (True, False)
    if blank_lines or not path.stem.endswith("17-18")
]


@pytest.mark.parametrize(
    ("path", "blank_lines"),
    PASTED,
    ids=[f"{path.stem}-{'blank' if blank else 'packed'}" for path, blank in PASTED],
)
def test_text_copied_from_a_pdf_viewer_gives_the_same_draft(path: Path, blank_lines: bool) -> None:
    text = path.read_text(encoding="utf-8")
    pasted = parse_protocol_text(copied_from_a_viewer(text, blank_lines))
    assert pasted == parse_protocol_text(text)
