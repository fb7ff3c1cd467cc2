"""Load the example decisions shipped with the three counties' strategies
(:mod:`fardplan.content.examples.decisions`) for the counties whose strategy and organisations
are loaded.

Idempotent: a decision of the same organisation, body and meeting date that is already recorded
is left as it is (a coordinator may have corrected it). A county without its strategy is
skipped with a message, and so is a decision that names an organisation not loaded, so that the
rest still loads. Decisions are recorded through the service as the system, oldest first, so the
strategy's history tells the adoption in the order it happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from fardplan.content import decisions as content
from fardplan.content.decisions import DecisionRecord, DecisionsDocument, load_decisions_yaml
from fardplan.content.examples.decisions import decision_files
from fardplan.web.decisions import services
from fardplan.web.decisions.choices import Body
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.services import DecisionParts, DocumentDraft, ItemDraft, StatementDraft
from fardplan.web.organisations.models import Organisation
from fardplan.web.strategies.models import Strategy


@dataclass
class LoadReport:
    created: int = 0
    messages: list[str] = field(default_factory=list)


def _body_name(code: str) -> str:
    """Return the body's name as the protocols write it ("Kommunstyrelsen")."""
    with translation.override("sv"):
        return str(Body(code).label)


def _statement(statement: content.Statement) -> StatementDraft:
    return StatementDraft(
        statement.kind.value, ", ".join(statement.parties), ", ".join(statement.members),
        statement.text,
    )  # fmt: skip


def _parts(record: DecisionRecord, organisations: dict[str, Organisation]) -> DecisionParts:
    codes = record.conditions.organisations if record.conditions else []
    missing = [code for code in codes if code not in organisations]
    if missing:
        raise LookupError(f"condition names organisation {missing[0]!r}, which is not loaded")
    return DecisionParts(
        items=[ItemDraft(number, text) for number, text in enumerate(record.items, start=1)],
        statements=[_statement(statement) for statement in record.statements],
        documents=[DocumentDraft(title) for title in record.decision_basis],
        conditions=[organisations[code] for code in codes],
    )


def _decision(record: DecisionRecord, organisation: Organisation, strategy: Strategy) -> Decision:
    return Decision(
        organisation=organisation,
        body=record.body.value,
        meeting_date=record.meeting_date,
        paragraph=str(record.paragraph) if record.paragraph is not None else "",
        diary_number=record.diary_number or "",
        title=record.title,
        concerns=record.concerns.value,
        strategy=strategy,
        concerns_text=record.concerns_text or "",
        kind=record.kind.value,
        proposed_by=_body_name(record.proposed_by.value) if record.proposed_by else "",
        sent_to="\n".join(record.sent_to),
        requires_all_principals=bool(record.conditions and record.conditions.all_principals),
        invented=record.invented,
    )


def load_document(document: DecisionsDocument, report: LoadReport) -> None:
    """Record the document's decisions that are not recorded yet."""
    strategy = Strategy.objects.filter(slug=document.strategy, county__code=document.county).first()
    if strategy is None:
        report.messages.append(
            f"County {document.county}: strategy {document.strategy!r} is not loaded; skipped "
            "(load the strategies first)"
        )
        return
    organisations = {o.code: o for o in strategy.county.organisations.all()}
    for record in sorted(document.decisions, key=lambda r: r.meeting_date):
        organisation = organisations.get(record.organisation)
        if organisation is None:
            report.messages.append(f"{record.key}: organisation {record.organisation!r} is not "
                                   "loaded; skipped")  # fmt: skip
            continue
        same = Decision.objects.filter(organisation=organisation, body=record.body.value,
                                       meeting_date=record.meeting_date)  # fmt: skip
        if same.exists():
            continue
        try:
            with transaction.atomic():
                parts = _parts(record, organisations)
                services.save_decision(None, _decision(record, organisation, strategy), parts)
        except (LookupError, ValidationError) as error:
            report.messages.append(f"{record.key}: {error}; skipped")
            continue
        report.created += 1


def load_example_decisions() -> LoadReport:
    """Load every shipped decisions file; return how many decisions were created and what was
    skipped. A file that does not validate raises
    :class:`~fardplan.content.decisions.DecisionFileError` (a shipped file is a bug then)."""
    report = LoadReport()
    for entry in decision_files():
        load_document(load_decisions_yaml(entry.read_text("utf-8"), entry.name), report)
    return report
