"""The two real extracts import with every field their text holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fardplan.protocols import (
    BodyKind,
    DecisionKind,
    ProtocolDraft,
    StatementKind,
    parse_protocol_file,
    parse_protocol_text,
)

EXTRACTS = Path(__file__).parent / "data" / "extracts"


def extract(name: str) -> ProtocolDraft:
    return parse_protocol_text((EXTRACTS / name).read_text(encoding="utf-8"))


def test_norrbotten_208_imports_every_field_its_text_holds() -> None:
    draft = extract("norrbotten-regionstyrelsen-208.txt")
    assert draft.paragraph == "208"
    assert draft.diary_number == "995-2022"
    assert draft.title == "Tillsammans för Nära vård i Norrbotten – en länsgemensam strategi"
    assert (draft.body, draft.body_kind) == ("Regionstyrelsen", BodyKind.REGIONSTYRELSEN)
    assert draft.decision_kind is DecisionKind.PROPOSE
    assert draft.decision_items == [
        "Regionstyrelsen föreslår regionfullmäktige besluta att anta den länsgemensamma "
        "strategin Tillsammans för Nära vård i Norrbotten."
    ]
    assert draft.decision_basis == [
        "Tillsammans för Nära vård i Norrbotten – Länsgemensam strategi"
    ]
    assert draft.sent_to == ["Divisionschefer", "Avdelningsdirektörer"]
    assert draft.statements == []
    assert draft.conditions_text is None and draft.proposed_by is None


def test_norrbotten_208_says_its_meeting_date_is_not_found() -> None:
    draft = extract("norrbotten-regionstyrelsen-208.txt")
    # 2021-08-31 in the summary is Polsam's decision, not this meeting's date.
    assert draft.meeting_date is None
    assert draft.missing == ["meeting_date"]
    assert draft.warnings == []


def test_timra_17_imports_every_field_its_text_holds() -> None:
    draft = extract("timra-kommunfullmaktige-17.txt")
    assert (draft.paragraph, draft.diary_number, draft.title) == ("17", "KS/2020:527", "Nära vård")
    assert (draft.body, draft.body_kind) == ("Kommunfullmäktige", BodyKind.KOMMUNFULLMAKTIGE)
    assert draft.meeting_date == date(2021, 1, 25)  # from the page header mid-text
    assert draft.decision_items == [
        "Ställa sig bakom den gemensamma målbilden för länets utvecklingsarbete med en god "
        "och nära vård.",
        "Lägga programdirektivet till handlingarna.",
        "Ställa sig bakom avsiktsförklaringen.",
        "Beslutet gäller under förutsättning att även regionen och länets kommuner ställer sig "
        "bakom målbilden och avsiktsförklaringen.",
    ]
    assert draft.decision_kind is DecisionKind.APPROVE
    assert draft.conditions_text == draft.decision_items[3]
    assert draft.proposed_by == "Kommunstyrelsen"
    assert draft.decision_basis == [
        "SN 2020-12-15 § 176",
        "Målbild för Nära Vård 2030",
        "Avsiktsförklaring Nära Vård",
        "Programdirektiv Nära Vård",
        "Vision 2025",
    ]
    assert draft.sent_to == ["Socialförvaltningen"]
    assert (draft.missing, draft.warnings) == ([], [])


def test_timra_17_has_two_protokollsanteckningar_with_parties_and_members() -> None:
    first, second = extract("timra-kommunfullmaktige-17.txt").statements
    assert first.kind is second.kind is StatementKind.PROTOKOLLSANTECKNING
    assert (first.parties, first.members) == (["T", "L"], ["Robert Thunfors", "Björn Hellquist"])
    assert first.text.startswith("Timråpartiet och Liberalerna ställer sig positiv")
    assert first.text.endswith("i en gemensam organisation på en begränsad geografisk yta.")
    assert (second.parties, second.members) == (["S"], ["Per-Arne Frisk"])
    assert second.text == (
        "Jag ställer mig bakom förslaget om ett kommunalförbund Medelpad, med möjlighet att "
        "utöka med fler kommuner."
    )


def test_timra_17s_page_header_leaks_into_no_field() -> None:
    draft = extract("timra-kommunfullmaktige-17.txt")
    text = str(draft.to_json_dict())
    assert "Protokollsutdrag" not in text and "Sammanträdesdatum" not in text
    assert "Exp" not in " ".join(draft.sent_to)


def test_a_file_of_the_extract_imports_as_its_text() -> None:
    data = (EXTRACTS / "timra-kommunfullmaktige-17.txt").read_bytes()
    assert parse_protocol_file(data, filename="utdrag.txt") == extract(
        "timra-kommunfullmaktige-17.txt"
    )
