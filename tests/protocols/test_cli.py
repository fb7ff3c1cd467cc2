"""``fardplan protocol parse``: the JSON it prints, and refusals on stderr with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fardplan.cli.main import app

runner = CliRunner()
EXTRACTS = Path(__file__).parent / "data" / "extracts"
KEYS = (
    "paragraph",
    "diary_number",
    "title",
    "body",
    "meeting_date",
    "decision_items",
    "statements",
    "decision_basis",
    "sent_to",
)


def test_it_prints_the_draft_of_a_text_file_as_json() -> None:
    path = EXTRACTS / "timra-kommunfullmaktige-17.txt"
    result = runner.invoke(app, ["protocol", "parse", str(path)])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert set(KEYS) <= set(found)
    assert (found["paragraph"], found["meeting_date"]) == ("17", "2021-01-25")
    assert set(found["statements"][0]) == {"kind", "parties", "members", "text"}
    assert found["statements"][0]["parties"] == ["T", "L"]
    assert result.stderr == ""


def test_it_prints_the_draft_of_a_pdf_indented_and_names_what_it_did_not_find(
    rendered: dict[tuple[str, int], Path],
) -> None:
    path = rendered["norrbotten-regionstyrelsen-208.txt", 11]
    result = runner.invoke(app, ["protocol", "parse", str(path), "--pretty"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('{\n  "paragraph": "208",')
    assert json.loads(result.stdout)["missing"] == ["meeting_date"]
    assert result.stderr == "Hittades inte: meeting_date\n"


def test_a_refused_file_is_named_on_stderr_with_exit_code_2(tmp_path: Path) -> None:
    path = tmp_path / "utdrag.pdf"
    path.write_bytes(b"ingen pdf")
    result = runner.invoke(app, ["protocol", "parse", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Protokollet avvisades ({path}): filen utdrag.pdf heter .pdf men är ingen PDF "
        "(den börjar inte med %PDF-)\n"
    )


def test_an_empty_or_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tom.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["protocol", "parse", str(path)])
    assert result.exit_code == 2 and "filen tom.txt är tom" in result.stderr
    result = runner.invoke(app, ["protocol", "parse", str(tmp_path / "saknas.txt")])
    assert result.exit_code == 2
