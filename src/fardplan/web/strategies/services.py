"""Move strategies between the file format (:mod:`fardplan.content.strategy`) and the database.

Both directions keep every field and the order of every section, so that exporting an imported
document gives back an equal document.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from fardplan.content.examples import example_files
from fardplan.content.strategy import (
    SECTION_FIELDS,
    Item,
    Period,
    StrategyDocument,
    load_strategy_yaml,
)
from fardplan.content.strategy import Section as ContentSection
from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.strategies.models import Strategy, StrategyItem

# A strategy names the principals and collaboration bodies behind it, never single care units.
STRATEGY_ORGANISATION_KINDS = [
    OrganisationKind.REGION,
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.COLLABORATION,
]


class UnknownCodeError(ValueError):
    """A document names a county or organisation that the database does not know."""


def resolve_county(code: str) -> County:
    """Return the county with SCB code ``code``; raise :class:`UnknownCodeError` if none."""
    try:
        return County.objects.get(code=code)
    except County.DoesNotExist:
        raise UnknownCodeError(f"county: unknown county code '{code}'") from None


def resolve_organisations(county: County, codes: Iterable[str]) -> list[Organisation]:
    """Return the region, municipalities or collaboration bodies of ``county`` with these codes,
    in the order given. Raise :class:`UnknownCodeError` naming every code that matches no
    organisation of the county."""
    codes = list(codes)
    found = {
        organisation.code: organisation
        for organisation in Organisation.objects.filter(
            county=county, code__in=codes, kind__in=STRATEGY_ORGANISATION_KINDS
        )
    }
    unknown = [code for code in codes if code not in found]
    if unknown:
        listed = ", ".join(f"'{code}'" for code in unknown)
        raise UnknownCodeError(f"organisations: no organisation of {county.name} has code {listed}")
    return [found[code] for code in codes]


@transaction.atomic
def import_strategy(doc: StrategyDocument) -> Strategy:
    """Create the strategy ``doc.slug``, or replace its fields and items if it exists, and
    return it. Items keep their database rows where a section still has an item at that
    position, so links to them survive a re-import. Raise :class:`UnknownCodeError` for an
    unknown county or organisation code; then nothing is saved."""
    county = resolve_county(doc.county)
    organisations = resolve_organisations(county, doc.organisations)
    strategy, _created = Strategy.objects.update_or_create(
        slug=doc.slug,
        defaults={
            "county": county,
            "kind": doc.kind.value,
            "title": doc.title,
            "summary": doc.summary,
            "period_start": doc.period.start,
            "period_end": doc.period.end,
            "status": doc.status.value,
        },
    )
    strategy.organisations.set(organisations)
    for section in ContentSection:
        replace_section(strategy, section.value, doc.section(section))
    return strategy


def replace_section(strategy: Strategy, section: str, items: list[Item]) -> None:
    """Make the items of one section exactly ``items``, at positions 1, 2, …"""
    existing = {item.position: item for item in strategy.items.filter(section=section)}
    for position, item in enumerate(items, start=1):
        row = existing.pop(position, None) or StrategyItem(
            strategy=strategy, section=section, position=position
        )
        row.title, row.text = item.title, item.text
        row.save()
    StrategyItem.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()


def export_strategy(strategy: Strategy) -> StrategyDocument:
    """Return the strategy as a document, each section's items by position."""
    items = sorted(strategy.items.all(), key=lambda item: (item.section, item.position))
    sections = {
        SECTION_FIELDS[section]: [
            Item(title=item.title, text=item.text) for item in items if item.section == section
        ]
        for section in ContentSection
    }
    return StrategyDocument.model_validate(
        {
            "county": strategy.county.code,
            "slug": strategy.slug,
            "kind": strategy.kind,
            "title": strategy.title,
            "summary": strategy.summary,
            "period": Period(start=strategy.period_start, end=strategy.period_end),
            "status": strategy.status,
            "organisations": [organisation.code for organisation in strategy.organisations.all()],
            **sections,
        }
    )


@transaction.atomic
def import_example_strategies() -> list[Strategy]:
    """Import the strategies shipped in :mod:`fardplan.content.examples` (the three counties'),
    replacing earlier imports of them, and return them. Needs the counties and their
    organisations in the database; an unknown code raises :class:`UnknownCodeError`."""
    documents = [
        load_strategy_yaml(entry.read_text("utf-8"), entry.name) for entry in example_files()
    ]
    return [import_strategy(doc) for doc in documents]
