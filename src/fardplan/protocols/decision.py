"""The decision: its items, its kind, its condition and whose proposal it followed.

The decision stands under "Beslut", "Regionstyrelsens beslut" or "Kommunfullmäktige beslutar";
without such a heading, under "Förslag till beslut" (with a warning). A decision that only says
it follows the proposal ("Kommunstyrelsen beslutar enligt förslaget") takes the proposal's items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fardplan.protocols.draft import DecisionKind, Notice, Statement
from fardplan.protocols.patterns import names_a_body, nominative
from fardplan.protocols.sections import Paragraph, Section, SectionKind
from fardplan.protocols.statements import take_statements


@dataclass
class Decision:
    section: Section | None
    intro: str = ""  # "Kommunfullmäktige beslutar på kommunstyrelsens förslag:"
    items: list[str] = field(default_factory=list)
    kind: DecisionKind | None = None
    conditions: str | None = None
    proposed_by: str | None = None
    notices: list[Notice] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """The intro and the items, the decision's sentences in order."""
        return [self.intro, *self.items] if self.intro else list(self.items)


_PROCEDURE = re.compile(
    r"^(?:paragrafen|beslutet)\s(?:förklaras\s|är\s)?(?:omedelbart\s)?justera[ds]|^justeras\somedelbart",
    re.IGNORECASE,
)
_FOLLOWS_PROPOSAL = re.compile(
    r"\b(?:beslutar|beslöt|beslutade|bifaller)\s(?:att\s)?(?:enligt|i\senlighet\smed|bifalla)\s"
    r"(?:\S{1,40}\s){0,2}?förslag(?:et)?(?:\still\sbeslut)?\.?$",
    re.IGNORECASE,
)


def read_decision(sections: list[Section]) -> tuple[Decision, list[Statement]]:
    """Return the decision and the statements that stand among its paragraphs."""
    decided = _first(sections, SectionKind.DECISION)
    proposal = _first(sections, SectionKind.PROPOSAL)
    if decided is None and proposal is None:
        return Decision(None), []
    chosen = decided or proposal
    assert chosen is not None
    statements, others = take_statements(chosen)
    decision = _items(chosen, others)
    if decided is None:
        decision.notices.append(
            Notice(
                code="no_decision_heading",
                english="no decision heading: the decision was read from the proposal "
                f"({chosen.heading!r}); check that it was decided as proposed",
                swedish="ingen rubrik för beslutet: beslutet lästes ur förslaget "
                f"(”{chosen.heading}”); kontrollera att det beslutades enligt förslaget",
            )
        )
    elif proposal is not None and _refers_to_proposal(decision):
        from_proposal = _items(proposal, take_statements(proposal)[1])
        if from_proposal.items:
            decision.items = from_proposal.items
            decision.notices.append(
                Notice(
                    code="items_from_proposal",
                    english="the decision follows the proposal: its items were read from "
                    f"{proposal.heading!r}",
                    swedish="beslutet följer förslaget: dess punkter lästes ur "
                    f"”{proposal.heading}”",
                )
            )
            decision.proposed_by = decision.proposed_by or _proposer(from_proposal, proposal)
    decision.kind = decision_kind(decision.intro, decision.items)
    decision.conditions = next((i for i in decision.items if _CONDITION.search(i[:2000])), None)
    decision.proposed_by = decision.proposed_by or _proposer(decision, None)
    return decision, statements


def _first(sections: list[Section], kind: SectionKind) -> Section | None:
    """The first section of ``kind`` with text: an empty "Beslut" right above "Kommunfullmäktige
    beslutar att" gives way to it."""
    for section in sections:
        if section.kind is kind and section.has_text:
            return section
    return None


def _items(section: Section, found: list[Paragraph]) -> Decision:
    found = [p for p in found if not _PROCEDURE.search(p.text)]
    decision = Decision(section)
    if any(p.marker for p in found):
        first = next(i for i, p in enumerate(found) if p.marker)
        decision.intro = " ".join(p.text for p in found[:first])
        decision.items = [_item(p.text) for p in found[first:]]
    elif len(found) > 1 and found[0].text.endswith(":"):
        decision.intro, decision.items = found[0].text, [_item(p.text) for p in found[1:]]
    else:
        decision.items = [p.text for p in found]
    return decision


def _item(text: str) -> str:
    """An item without the punctuation that joined it to the next ("anta planen," / "…, och")."""
    return re.sub(r"(?:,|;)(?:\s(?:och|samt|eller))?$", "", text).strip()


def _refers_to_proposal(decision: Decision) -> bool:
    texts = decision.texts
    return len(texts) == 1 and bool(_FOLLOWS_PROPOSAL.search(texts[0][:300]))


_PROPOSE = re.compile(
    r"\bföreslå(?:r)?\s(?:att\s)?[\w-]{0,30}?(?:fullmäktige|styrelsen|nämnden|beredningen|"
    r"utskottet)\b",
    re.IGNORECASE,
)
_KIND_WORDS: tuple[tuple[DecisionKind, re.Pattern[str]], ...] = (
    (
        DecisionKind.REJECT,
        re.compile(
            r"\bavsl(?:å|år|ås|og|agit|ogs)\b|\bavslag\b|\binte\s(?:anta|godkänna|fastställa|"
            r"ställa\ssig\sbakom|bifalla)\b",
            re.IGNORECASE,
        ),
    ),
    (
        DecisionKind.ADOPT,
        re.compile(r"\banta(?:r|s|git)?\b|\bantag(?:en|et|na)\b|\bfastställ\w{0,4}", re.I),
    ),
    (
        DecisionKind.APPROVE,
        re.compile(
            r"\bgodkän\w{0,4}|\bgodkän[dt]\b|\bställ(?:a|er|s)?\ssig\sbakom|\btillstyrk\w{0,4}"
            r"|\bbifall(?:a|er|s)?\b",
            re.IGNORECASE,
        ),
    ),
    (
        DecisionKind.TAKE_NOTE,
        re.compile(
            r"\bnoter(?:a|ar|as|ades)\b|\bta(?:r|git)?\sdel\sav\b|\bta(?:r)?\semot\sinformation"
            r"|\banteckna(?:s)?\s(?:informationen\s)?till\sprotokollet|\binformationen\snoteras",
            re.IGNORECASE,
        ),
    ),
    (
        DecisionKind.PUT_ON_FILE,
        re.compile(r"\blägg(?:a|er|s|es)\b.{0,120}?\btill\shandlingarna\b", re.IGNORECASE),
    ),
)


def decision_kind(intro: str, items: list[str]) -> DecisionKind | None:
    """Return what the decision does: ``propose`` when the body proposes to another body;
    otherwise the kind of the first item that is not "lägga … till handlingarna" (reject,
    adopt, approve, take note, checked in that order within an item); ``put_on_file`` when
    every item puts something on file; None when no item says."""
    texts = [text[:1000] for text in (intro, *items) if text]
    if any(_PROPOSE.search(text) for text in texts[:2]):
        return DecisionKind.PROPOSE
    kinds = [_kind(text) for text in (*items, intro) if text]
    for kind in kinds:
        if kind not in (None, DecisionKind.PUT_ON_FILE):
            return kind
    return DecisionKind.PUT_ON_FILE if DecisionKind.PUT_ON_FILE in kinds else None


def _kind(text: str) -> DecisionKind | None:
    text = text[:1000]
    for kind, pattern in _KIND_WORDS:
        if pattern.search(text):
            return kind
    return None


_CONDITION = re.compile(
    r"\bunder\s(?:förutsättning|villkor)\sav\b|\bunder\sförutsättning\satt\b|\bförutsatt\satt\b"
    r"|\bvillkora(?:s|t|d)\b|\bgäller\s(?:först\s)?(?:när|då)\b",
    re.IGNORECASE,
)
_PROPOSER = re.compile(
    r"\b(?:på|enligt|i\senlighet\smed)\s(?P<body>(?:\w{1,30}-\soch\s)?[\w-]{2,40}s)\sförslag\b"
    r"|\bpå\sförslag\s(?:från|av)\s(?P<nominative>(?:\w{1,30}-\soch\s)?[\w-]{2,40})",
    re.IGNORECASE,
)


def _proposer(decision: Decision, proposal: Section | None) -> str | None:
    """Return whose proposal was decided ("på kommunstyrelsens förslag" → Kommunstyrelsen), or
    the body a "Kommunstyrelsens förslag" heading names."""
    for text in decision.texts:
        for match in _PROPOSER.finditer(text[:1000]):
            name = match["body"] or match["nominative"]
            if names_a_body(name):
                return nominative(name)
            if name.lower().startswith("förvaltning"):  # the administration's proposal
                return nominative(name.removesuffix("s"))
    if proposal is not None and proposal.body and names_a_body(proposal.body):
        return nominative(proposal.body)
    return None
