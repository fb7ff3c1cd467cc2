"""The parser's rules one at a time: text clean-up, diary numbers, bodies, decision kinds,
statements, encodings."""

from __future__ import annotations

from datetime import date

import pytest

from fardplan.protocols import (
    BodyKind,
    DecisionKind,
    ProtocolDraft,
    StatementKind,
    parse_protocol_file,
    parse_protocol_text,
)
from fardplan.protocols.decision import decision_kind
from fardplan.protocols.fields import body_kind
from fardplan.protocols.normalise import normalise


def lines(text: str) -> list[str]:
    return [line.text for line in normalise(text).lines]


def protocol(decision: str, head: str = "§ 5\nEn titel\nDnr KS 2023/1", rest: str = "") -> str:
    return f"{head}\n\nBeslut\n{decision}\n{rest}"


def draft(
    decision: str, head: str = "§ 5\nEn titel\nDnr KS 2023/1", rest: str = ""
) -> ProtocolDraft:
    return parse_protocol_text(protocol(decision, head, rest))


def test_it_cleans_unicode_and_markdown() -> None:
    text = (
        "## **Hälso-\u00a0och\u00a0sjukv\u00e5rd**\n\n"
        "*Min egen kraft* \\- o\u0308ka\u00ad\n\ufb01nns\r\n---"
    )
    assert lines(text) == ["Hälso- och sjukvård", "", "Min egen kraft - öka", "finns"]
    assert normalise(text).lines[0].marked


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("omställ-\nningen", "omställningen"),
        ("hälso-\noch sjukvård", None),  # a pair: two lines as written
        ("Social-\nReKo", "Social-ReKo"),
        ("e-tjänster finns. Nya e-\ntjänster", "e-tjänster finns. Nya e-tjänster"),
    ],
)
def test_it_joins_a_word_hyphenated_across_lines(text: str, joined: str | None) -> None:
    assert lines(text) == ([joined] if joined else text.split("\n"))


def test_it_removes_a_page_header_and_keeps_its_date_and_body() -> None:
    found = normalise(
        "Text som fortsätter\n\nSida 2 (3)\nPROTOKOLLSUTDRAG\nSammanträdesdatum\n2021-01-25\n"
        "Socialnämnden\n\ni nästa mening.\nJusterandes sign\nUtdragsbestyrkande\nExp / 2021"
    )
    assert [line.text for line in found.lines] == ["Text som fortsätter", "i nästa mening."]
    assert (found.header_dates, found.header_bodies) == ([date(2021, 1, 25)], ["Socialnämnden"])


def test_a_page_header_after_a_full_stop_leaves_a_paragraph_break() -> None:
    assert lines("Slut.\nProtokollsutdrag\nKommunstyrelsen\nNästa stycke") == [
        "Slut.",
        "",
        "Nästa stycke",
    ]


def test_a_repeat_of_the_paragraph_line_is_a_page_header() -> None:
    assert lines("§ 17\nNära vård\n1. Anta\n§ 17\n2. Godkänna") == [
        "§ 17",
        "Nära vård",
        "1. Anta",
        "2. Godkänna",
    ]


@pytest.mark.parametrize(
    ("head", "number"),
    [
        ("§ 1\nTitel\nDnr 995-2022", "995-2022"),
        ("§ 1\nTitel\nDnr RS 909-2023", "RS 909-2023"),
        ("§ 1\nTitel\nDnr: KS 2023/145", "KS 2023/145"),
        ("§ 1\nTitel\nKS/2020:527", "KS/2020:527"),
        ("§ 1\nTitel\nHSN 2023/12", "HSN 2023/12"),
        ("§ 1\nTitel\nDiarienummer KS-2023-00456", "KS-2023-00456"),
        ("§ 1 Titel Dnr. 2021/00123-1.1", "2021/00123-1.1"),
        ("§ 45 HSN 2023/12 Titel", "HSN 2023/12"),
        ("§ 1\nTitel\n2021-01-25", None),  # a date is no diary number
    ],
)
def test_diary_numbers_keep_their_style(head: str, number: str | None) -> None:
    assert draft("Kommunstyrelsen beslutar att anta planen.", head).diary_number == number


@pytest.mark.parametrize(
    ("head", "title", "number"),
    [
        ("§ 45 HSN 2023/12 Färdplan", "Färdplan", "HSN 2023/12"),
        ("§ 17 (KS/2020:527) Nära vård", "Nära vård", "KS/2020:527"),
        ("§ 5\nFärdplan Nära vård 2030 Dnr RS 909-2023", "Färdplan Nära vård 2030", "RS 909-2023"),
        ("§ 5\nBudget 2024-2026", "Budget 2024-2026", None),
        (
            "§ 5\nTillsammans för Nära vård –\nen länsgemensam strategi",
            "Tillsammans för Nära vård – en länsgemensam strategi",
            None,
        ),
        ("§ 5\nInformation\nFörvaltningen informerar om läget.", "Information", None),
    ],
)
def test_a_title_leaves_out_its_diary_number_and_the_text_after_it(
    head: str, title: str, number: str | None
) -> None:
    found = draft("X beslutar att anta.", head)
    assert (found.title, found.diary_number) == (title, number)


def test_a_body_and_date_on_one_header_line_and_a_signature_after_the_recipients() -> None:
    found = parse_protocol_text(
        "Region Västerbotten\nProtokoll\nSammanträdesdatum\nRegionstyrelsen 2023-06-13\n\n"
        "§ 145\nFärdplan\n\nBeslut\nAtt anta färdplanen.\n\nBeslutet skickas till\n"
        "Regionfullmäktige\n\nRätt utdraget betygar:\nAnna Andersson"
    )
    assert (found.meeting_date, found.body) == (date(2023, 6, 13), "Regionstyrelsen")
    assert found.sent_to == ["Regionfullmäktige"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kommunfullmäktige", BodyKind.KOMMUNFULLMAKTIGE),
        ("Kommunstyrelsen", BodyKind.KOMMUNSTYRELSEN),
        ("Kommunstyrelsens arbetsutskott", BodyKind.OTHER),
        ("Socialnämnden", BodyKind.SOCIALNAMNDEN),
        ("Regionfullmäktige", BodyKind.REGIONFULLMAKTIGE),
        ("Regionstyrelsen", BodyKind.REGIONSTYRELSEN),
        ("Hälso- och sjukvårdsnämnden", BodyKind.HALSO_OCH_SJUKVARDSNAMNDEN),
        ("Polsam", BodyKind.JOINT),
        ("Gemensamma nämnden för hjälpmedel", BodyKind.JOINT),
        ("Omsorgsnämnden", BodyKind.OTHER),
        (None, None),
    ],
)
def test_body_kinds(name: str | None, kind: BodyKind | None) -> None:
    assert body_kind(name) is kind


@pytest.mark.parametrize(
    ("decision", "body"),
    [
        ("Regionstyrelsen föreslår regionfullmäktige besluta att anta X.", "Regionstyrelsen"),
        ("Hälso- och sjukvårdsnämnden beslutar att anta X.", "Hälso- och sjukvårdsnämnden"),
        ("Att anta X.", None),
    ],
)
def test_the_body_is_the_subject_of_the_decision(decision: str, body: str | None) -> None:
    assert draft(decision).body == body


def test_the_body_comes_from_the_heading_or_the_page_header_when_the_decision_has_none() -> None:
    text = "§ 5\nTitel\n\nSocialnämndens beslut\nAtt anta planen."
    assert parse_protocol_text(text).body == "Socialnämnden"
    text = "Protokollsutdrag\nRegionstyrelsen\n\n§ 5\nTitel\n\nBeslut\nNämnden beslutar att anta X."
    assert parse_protocol_text(text).body == "Regionstyrelsen"


@pytest.mark.parametrize(
    ("items", "kind"),
    [
        (["Regionstyrelsen föreslår regionfullmäktige besluta att anta strategin."], "propose"),
        (["Kommunfullmäktige beslutar att anta målbilden."], "adopt"),
        (["Fastställa målbilden."], "adopt"),
        (["Godkänna avsiktsförklaringen."], "approve"),
        (["Ställa sig bakom målbilden."], "approve"),
        (["Informationen noteras."], "take_note"),
        (["Nämnden tar del av informationen."], "take_note"),
        (["Lägga informationen till handlingarna."], "put_on_file"),
        (["Lägga rapporten till handlingarna.", "Anta planen."], "adopt"),
        (["Kommunfullmäktige beslutar att avslå motionen."], "reject"),
        (["Motionen avslås."], "reject"),
        (["Kommunstyrelsen beslutar att inte anta planen."], "reject"),
        (["Utse Anna Berg till ombud."], None),
    ],
)
def test_decision_kinds(items: list[str], kind: str | None) -> None:
    assert decision_kind("", items) == (DecisionKind(kind) if kind else None)


def test_a_conditional_decision_and_its_proposer() -> None:
    found = draft(
        "Kommunfullmäktige beslutar på förslag från kommunstyrelsen att anta målbilden.\n\n"
        "Beslutet gäller under förutsättning att alla kommuner i länet fattar samma beslut."
    )
    assert found.proposed_by == "Kommunstyrelsen"
    assert found.conditions_text == (
        "Beslutet gäller under förutsättning att alla kommuner i länet fattar samma beslut."
    )
    assert found.decision_kind is DecisionKind.ADOPT


def test_only_a_proposal_is_read_with_a_warning() -> None:
    found = parse_protocol_text("§ 3\nTitel\n\nFörslag till beslut\nNämnden föreslås anta X.")
    assert found.decision_items == ["Nämnden föreslås anta X."]
    assert found.warnings == [
        "no decision heading: the decision was read from the proposal ('Förslag till beslut'); "
        "check that it was decided as proposed"
    ]


def test_a_procedural_sentence_is_no_decision_item() -> None:
    found = draft(
        "Kommunstyrelsen beslutar att anta X.\n\nParagrafen förklaras omedelbart justerad."
    )
    assert found.decision_items == ["Kommunstyrelsen beslutar att anta X."]


@pytest.mark.parametrize(
    ("text", "kind", "parties", "members", "said"),
    [
        (
            "Anna Berg (M) och Per Ek (KD) reserverar sig mot beslutet.",
            StatementKind.RESERVATION,
            ["M", "KD"],
            ["Anna Berg", "Per Ek"],
            "Anna Berg (M) och Per Ek (KD) reserverar sig mot beslutet.",
        ),
        (
            "Mot beslutet reserverar sig Eva von Platen (L).",
            StatementKind.RESERVATION,
            ["L"],
            ["Eva von Platen"],
            "Mot beslutet reserverar sig Eva von Platen (L).",
        ),
        (
            'M, KD, L och C lämnar ett särskilt yttrande: "Planen saknar åtgärder."',
            StatementKind.SARSKILT_YTTRANDE,
            ["M", "KD", "L", "C"],
            [],
            "Planen saknar åtgärder.",
        ),
        (
            "Socialdemokraterna anmäler en protokollsanteckning; Vi följer frågan.",
            StatementKind.PROTOKOLLSANTECKNING,
            ["S"],
            [],
            "Vi följer frågan.",
        ),
    ],
)
def test_statements_in_running_text(
    text: str, kind: StatementKind, parties: list[str], members: list[str], said: str
) -> None:
    (statement,) = draft("Kommunstyrelsen beslutar att anta X.", rest=f"\n{text}").statements
    assert (statement.kind, statement.parties, statement.members) == (kind, parties, members)
    assert statement.text == said


def test_a_sentence_about_reservations_without_a_party_is_no_statement() -> None:
    found = draft("Kommunstyrelsen beslutar att anta X.", rest="\nNågon lämnar en reservation.")
    assert found.statements == []


def test_a_statement_under_its_heading_takes_the_paragraphs_that_follow() -> None:
    found = draft(
        "Kommunstyrelsen beslutar att anta X.",
        rest="\nSärskilt yttrande\nLiberalerna (L):\n\n”Första stycket.\n\nAndra stycket.”",
    )
    (statement,) = found.statements
    assert statement.kind is StatementKind.SARSKILT_YTTRANDE and statement.parties == ["L"]
    assert statement.text == "Första stycket.\n\nAndra stycket."


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Sammanträdesdatum 2021-01-25", date(2021, 1, 25)),
        ("Sammanträdesdatum: 25 januari 2021", date(2021, 1, 25)),
        ("Sammanträdet den 3 maj 2023", date(2023, 5, 3)),
        ("Datum: 2023-06-13", date(2023, 6, 13)),
        ("Sammanträdesdatum 2021-02-30", None),  # no such day
    ],
)
def test_meeting_dates(line: str, day: date | None) -> None:
    assert draft("X beslutar att anta.", head=f"{line}\n§ 5\nTitel").meeting_date == day


def test_two_meeting_dates_give_the_first_and_a_warning() -> None:
    text = "Sammanträdesdatum 2021-01-25\n§ 5\nTitel\n\nBeslut\nAnta.\nSammanträdesdatum 2021-01-26"
    found = parse_protocol_text(text)
    assert found.meeting_date == date(2021, 1, 25)
    assert found.warnings == [
        "more than one meeting date (2021-01-25, 2021-01-26); the first was taken"
    ]


@pytest.mark.parametrize(
    "data",
    [
        "§ 5 Nära vård\n\nBeslut\nAnta.".encode("cp1252"),
        "§ 5 Nära vård\n\nBeslut\nAnta.".encode("utf-16"),
        "\ufeff§ 5 Nära vård\n\nBeslut\nAnta.".encode(),
    ],
    ids=["cp1252", "utf-16", "utf-8-bom"],
)
def test_text_files_in_the_encodings_swedish_programs_save(data: bytes) -> None:
    found = parse_protocol_file(data, filename="utdrag.txt")
    assert (found.paragraph, found.title) == ("5", "Nära vård")


def test_each_warning_has_its_swedish_wording() -> None:
    text = (
        "§ 3\nTitel\nSammanträdesdatum 2024-03-04\n\nFörslag till beslut\nNämnden föreslås anta X."
        "\n\nSammanträdesdatum 2024-04-08"
    )
    found = parse_protocol_text(text)
    assert [notice.code for notice in found.notices] == ["several_dates", "no_decision_heading"]
    assert found.notices[0].describe("sv") == (
        "mer än ett sammanträdesdatum (2024-03-04, 2024-04-08); det första togs"
    )
    assert found.to_json_dict()["warnings"] == found.warnings
    assert "notices" not in found.to_json_dict()
