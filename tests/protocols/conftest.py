"""Real PDFs of the extracts and variants, rendered once per test session into a tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.protocols.rendering import render_pdf

DATA = Path(__file__).parent / "data"
TIMRA_HEADER = ("Protokollsutdrag", "Sammanträdesdatum 2021-01-25", "Kommunfullmäktige")


def texts() -> list[Path]:
    """Every extract and variant, the real ones first."""
    found = []
    for folder in ("extracts", "variants"):
        found += sorted(
            path
            for path in (DATA / folder).iterdir()
            if path.suffix in {".txt", ".md"} and path.stem != "README"
        )
    return found


def header_for(path: Path) -> tuple[str, ...]:
    """Timrå's page header is repeated on each page of its PDF, as in its protocol."""
    return TIMRA_HEADER if path.name.startswith("timra") else ()


# Also at 14 pt, where the page breaks and line wraps fall elsewhere: the real extracts and
# the variants whose lists and statements a wrap could break.
LARGER = frozenset(
    {
        "norrbotten-regionstyrelsen-208.txt",
        "timra-kommunfullmaktige-17.txt",
        "umea-kommunstyrelsen-112.txt",
        "vasterbotten-hsn-87.md",
        "harnosand-kommunfullmaktige-8.md",
        "ornskoldsvik-kommunstyrelsen-56.txt",
    }
)


def sizes(path: Path) -> tuple[int, ...]:
    return (11, 14) if path.name in LARGER else (11,)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    """``(file name, font size) → PDF``: each text at 11 pt (as a clerk's export), some at
    14 pt too."""
    folder = tmp_path_factory.mktemp("protocol-pdfs")
    pdfs = {}
    for path in texts():
        for size in sizes(path):
            target = folder / f"{path.stem}-{size}.pdf"
            text = path.read_text(encoding="utf-8")
            target.write_bytes(render_pdf(text, header_for(path), font_size=size))
            pdfs[path.name, size] = target
    return pdfs
