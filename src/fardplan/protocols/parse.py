"""From the text of a protocol extract to a draft decision: normalise, cut into sections, read
each field. Nothing here raises but :class:`ProtocolError`."""

from __future__ import annotations

from fardplan.protocols.bounds import MAX_CHARACTERS, MAX_LINES
from fardplan.protocols.decision import read_decision
from fardplan.protocols.draft import Notice, ProtocolDraft, Statement, with_missing
from fardplan.protocols.errors import ProtocolError
from fardplan.protocols.fields import (
    body,
    body_kind,
    diary_number,
    entries,
    meeting_dates,
    paragraph_lines,
    title,
)
from fardplan.protocols.normalise import Line, normalise
from fardplan.protocols.reading import read_protocol_file
from fardplan.protocols.reflow import reflow
from fardplan.protocols.sections import (
    LISTS,
    Section,
    SectionKind,
    heading,
    split_sections,
)
from fardplan.protocols.statements import take_statements


def parse_protocol_file(data: bytes, *, filename: str = "") -> ProtocolDraft:
    """Return the draft decision of a protocol extract's file (text or PDF); raise
    :class:`ProtocolError` for a file the import refuses (see :func:`read_protocol_file`) or
    a text that is not a protocol."""
    return parse_protocol_text(read_protocol_file(data, filename=filename))


def parse_protocol_text(text: str) -> ProtocolDraft:
    """Return the draft decision that the text of a protocol extract records.

    What the text does not hold is left empty and named in ``missing``. Raise
    :class:`ProtocolError` ("empty") for a text of whitespace only, ("too_long") past
    :data:`MAX_CHARACTERS` or :data:`MAX_LINES`, and ("not_a_protocol") for one with no
    paragraph sign, no decision heading and no diary number (page headers alone included).
    """
    _refuse_out_of_bounds(text)
    normalised = normalise(text)
    notices: list[Notice] = []
    sections = split_sections(_first_paragraph(reflow(normalised.lines), notices))
    head = sections[0]
    decision, decision_statements = read_decision(sections)
    number = diary_number(head, sections)
    found_paragraphs = paragraph_lines(head.lines)
    if not found_paragraphs and decision.section is None and number is None:
        raise ProtocolError(
            "not_a_protocol",
            "this is not a protocol extract: it has no paragraph (§), no decision heading "
            "(such as 'Beslut') and no diary number",
            "texten är inte ett protokollsutdrag: den saknar paragraf (§), rubrik för beslutet "
            "(som 'Beslut') och diarienummer",
        )
    dates = meeting_dates(normalised.header_dates, sections)
    if len(dates) > 1:
        shown = ", ".join(day.isoformat() for day in dates)
        notices.append(
            Notice(
                code="several_dates",
                english=f"more than one meeting date ({shown}); the first was taken",
                swedish=f"mer än ett sammanträdesdatum ({shown}); det första togs",
            )
        )
    name = body(decision.section, decision.texts, normalised.header_bodies)
    draft = ProtocolDraft(
        paragraph=found_paragraphs[0].number if found_paragraphs else None,
        diary_number=number,
        title=title(head, number),
        body=name,
        body_kind=body_kind(name),
        meeting_date=dates[0] if dates else None,
        decision_items=decision.items,
        decision_kind=decision.kind,
        conditions_text=decision.conditions,
        proposed_by=decision.proposed_by,
        statements=_statements(sections, decision.section, decision_statements),
        decision_basis=_listed(sections, SectionKind.BASIS, SectionKind.ATTACHMENTS),
        sent_to=_listed(sections, SectionKind.SENT_TO, split_commas=True),
        notices=notices + decision.notices,
    )
    return with_missing(draft)


def _refuse_out_of_bounds(text: str) -> None:
    lines = text.count("\n") + 1
    for size, limit, english, swedish in (
        (len(text), MAX_CHARACTERS, "characters", "tecken"),
        (lines, MAX_LINES, "lines", "rader"),
    ):
        if size > limit:
            raise ProtocolError(
                "too_long",
                f"the text has {size:,} {english}; at most {limit:,} are read",
                f"texten har {size:,} {swedish}; högst {limit:,} läses".replace(",", " "),
            )
    if not text.strip():
        raise ProtocolError("empty", "the text is empty", "texten är tom")


def _first_paragraph(lines: list[Line], notices: list[Notice]) -> list[Line]:
    """Cut the text before a second paragraph with its own decision ("§ 18" after "§ 17",
    starting a paragraph, with a "Beslut" below it): an extract of two gives the first."""
    found = paragraph_lines([line.text for line in lines])
    decisions = [i for i, line in enumerate(lines) if _is_decision_heading(line.text)]
    for later in found[1:]:
        if later.number == found[0].number or lines[later.position - 1].text:
            continue  # a repeat, or "§ 61" of a line such as "KS 2024-03-04 § 61" that wrapped
        if decisions and decisions[-1] > later.position:
            first, second = found[0].number, later.number
            notices.append(
                Notice(
                    code="several_paragraphs",
                    english=f"the text holds more than one paragraph (§ {first}, § {second}); "
                    f"only § {first} was read",
                    swedish=f"texten har mer än en paragraf (§ {first}, § {second}); "
                    f"bara § {first} lästes",
                )
            )
            return lines[: later.position]
    return lines


def _is_decision_heading(text: str) -> bool:
    found = heading(text)
    return found is not None and found.kind is SectionKind.DECISION


def _statements(
    sections: list[Section], decision: Section | None, in_decision: list[Statement]
) -> list[Statement]:
    """The statements of every section but the head and the lists, in order."""
    found: list[Statement] = []
    for section in sections:
        if section is decision:
            found += in_decision
        elif section.kind not in LISTS and section.kind is not SectionKind.HEAD:
            found += take_statements(section)[0]
    return found


def _listed(sections: list[Section], *kinds: SectionKind, split_commas: bool = False) -> list[str]:
    found: list[str] = []
    for kind in kinds:
        for section in sections:
            if section.kind is kind:
                found += entries(section, split_commas=split_commas)
    return list(dict.fromkeys(found))
