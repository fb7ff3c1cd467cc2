"""A PDF of an extract imports as its text does: the same draft, field for field."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from fardplan.protocols import parse_protocol_file, parse_protocol_text, read_protocol_file
from tests.protocols.conftest import TIMRA_HEADER, sizes, texts
from tests.protocols.rendering import render_pdf

TIMRA = Path(__file__).parent / "data" / "extracts" / "timra-kommunfullmaktige-17.txt"


@pytest.mark.parametrize(
    ("path", "size"),
    [(path, size) for path in texts() for size in sizes(path)],
    ids=lambda value: value.stem if isinstance(value, Path) else f"{value}pt",
)
def test_a_pdf_gives_the_draft_its_text_gives(
    path: Path, size: int, rendered: dict[tuple[str, int], Path]
) -> None:
    from_text = parse_protocol_text(path.read_text(encoding="utf-8"))
    from_pdf = parse_protocol_file(rendered[path.name, size].read_bytes(), filename="x.pdf")
    assert from_pdf.to_json_dict() == from_text.to_json_dict()


def test_the_pdf_is_found_by_its_header_not_its_name(
    rendered: dict[tuple[str, int], Path],
) -> None:
    data = rendered["timra-kommunfullmaktige-17.txt", 11].read_bytes()
    assert parse_protocol_file(data, filename="utdrag.txt").paragraph == "17"
    assert parse_protocol_file(data).paragraph == "17"


def test_a_header_repeated_on_every_page_leaks_into_no_field(
    rendered: dict[tuple[str, int], Path],
) -> None:
    data = rendered["timra-kommunfullmaktige-17.txt", 14].read_bytes()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    text = read_protocol_file(data)
    assert pages >= 3 and text.count("Sammanträdesdatum 2021-01-25") >= pages
    draft = parse_protocol_file(data)
    shown = str(draft.to_json_dict())
    for word in ("Protokollsutdrag", "Sammanträdesdatum", "Sida", "Justerandes", "Utdrags"):
        assert word not in shown
    assert draft.meeting_date is not None and draft.meeting_date.isoformat() == "2021-01-25"


def test_a_page_break_inside_the_decision_list_keeps_its_items() -> None:
    text = TIMRA.read_text(encoding="utf-8")
    data = render_pdf(text, TIMRA_HEADER, break_before="3. Ställa")
    assert "Sida 2 (" in read_protocol_file(data).split("3. Ställa")[0]
    from_pdf = parse_protocol_file(data)
    assert from_pdf == parse_protocol_text(text)
    assert len(from_pdf.decision_items) == 4


def test_a_pdf_protected_only_against_changes_is_read(
    rendered: dict[tuple[str, int], Path],
) -> None:
    from tests.protocols.pdfs import encrypted_pdf

    data = encrypted_pdf(rendered["timra-kommunfullmaktige-17.txt", 11].read_bytes(), "")
    assert parse_protocol_file(data).diary_number == "KS/2020:527"


def test_a_blank_page_among_pages_of_text_is_passed_over(
    rendered: dict[tuple[str, int], Path],
) -> None:
    from tests.protocols.pdfs import blank_pdf, joined_pdf

    data = joined_pdf(rendered["norrbotten-regionstyrelsen-208.txt", 11].read_bytes(), blank_pdf(1))
    assert parse_protocol_file(data).paragraph == "208"
