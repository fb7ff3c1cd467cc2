"""Move strategies between the file format (:mod:`fardplan.content.strategy`) and the database.

Both directions keep every field and the order of every section, so that exporting an imported
document gives back an equal document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fardplan.content.examples import example_files
from fardplan.content.strategy import (
    SECTION_FIELDS,
    Item,
    Period,
    StrategyDocument,
    load_strategy_yaml,
)
from fardplan.content.strategy import Section as ContentSection
from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.plans.models import Plan
from fardplan.web.plans.services import unlink_strategy_items
from fardplan.web.strategies import history
from fardplan.web.strategies.items import (
    ItemDraft,
    ItemsInUseError,
    plan_items,
    served,
    write_items,
)
from fardplan.web.strategies.models import Strategy, StrategyChangeSource

# ``None`` is the system itself (the command line, the example loader).
User = AbstractBaseUser | AnonymousUser | None

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


class CountyLockedError(ValidationError):
    """A strategy that action plans follow was to move to another county."""


def require_may_save(user: User, stored: Strategy | None, strategy: Strategy) -> None:
    """Raise ``PermissionDenied`` unless the system acts (``user`` None) or the user manages
    both the county the strategy is stored in and the one it is saved into."""
    if user is None:
        return
    scope = scope_for(user)
    if stored is not None and not scope.can_manage_county(stored.county_id):
        raise PermissionDenied(
            _(
                "You may not change the strategy “%(slug)s”: it belongs to %(county)s, which you "
                "do not manage."
            )
            % {"slug": stored.slug, "county": stored.county.name}
        )
    if not scope.can_manage_county(strategy.county_id):
        raise PermissionDenied(
            _("You may not save a strategy in %(county)s: you do not manage that county.")
            % {"county": strategy.county.name}
        )


def require_county_kept(stored: Strategy | None, strategy: Strategy) -> None:
    """Raise :class:`CountyLockedError` if the strategy moves to another county while action
    plans follow it (their activities, owners and areas belong to the first county)."""
    if stored is None or stored.county_id == strategy.county_id:
        return
    plans = Plan.objects.filter(strategy=stored).count()
    if plans:
        raise CountyLockedError(
            ngettext(
                "The county of “%(title)s” cannot change: %(count)d action plan follows it.",
                "The county of “%(title)s” cannot change: %(count)d action plans follow it.",
                plans,
            )
            % {"title": stored.title, "count": plans}
        )


@transaction.atomic
def save_strategy(
    user: User,
    strategy: Strategy,
    organisations: Iterable[Organisation],
    drafts: Sequence[ItemDraft],
    *,
    source: StrategyChangeSource,
    confirm_removals: bool = False,
) -> Strategy:
    """Save ``strategy`` (new, or with its fields changed) with exactly these organisations and
    items, record every change in its history, and return it.

    ``user`` None is the system (the command line, the example loader) and passes the
    permission check. Raises ``PermissionDenied`` unless the user manages the strategy's stored
    and new county, :class:`CountyLockedError` if it would leave the county its plans belong
    to, and :class:`ItemsInUseError` if an item that activities serve would go (removed, or
    moved out of the direction changes and target areas) without ``confirm_removals``; with
    it, those activities lose the link and each plan's history records it. Nothing is saved
    when anything is refused.
    """
    stored = (
        Strategy.objects.select_for_update(of=("self",))
        .select_related("county")
        .filter(pk=strategy.pk)
        .first()
        if strategy.pk
        else None
    )
    require_may_save(user, stored, strategy)
    require_county_kept(stored, strategy)
    before = history.snapshot(stored) if stored is not None else None
    existing = list(stored.items.all()) if stored is not None else []
    plan = plan_items(existing, drafts)
    lost = served(plan.lost_links())
    if lost and not confirm_removals:
        raise ItemsInUseError(lost)
    if lost:
        unlink_strategy_items(user, [entry.item for entry in lost])
    strategy.full_clean(exclude=["organisations"])
    strategy.save()
    strategy.organisations.set(list(organisations))
    write_items(strategy, plan)
    history.record(user, strategy, before, history.snapshot(strategy), source)
    return strategy


def drafts_of(doc: StrategyDocument) -> list[ItemDraft]:
    """Return the document's items, section by section, each in file order."""
    return [
        ItemDraft(section.value, item.title, item.text, key=item.key)
        for section in ContentSection
        for item in doc.section(section)
    ]


def import_strategy(
    doc: StrategyDocument, user: User = None, *, confirm_removals: bool = False
) -> Strategy:
    """Create the strategy ``doc.slug``, or replace its fields and items if it exists, and
    return it. Items are matched to the stored ones by key (then by title within a section;
    see :mod:`fardplan.web.strategies.items`), so links to them survive a re-import.

    Raises :class:`UnknownCodeError` for an unknown county or organisation code, and what
    :func:`save_strategy` raises; then nothing is saved.
    """
    county = resolve_county(doc.county)
    organisations = resolve_organisations(county, doc.organisations)
    strategy = Strategy.objects.filter(slug=doc.slug).first() or Strategy(slug=doc.slug)
    strategy.county = county
    strategy.kind, strategy.title, strategy.summary = doc.kind.value, doc.title, doc.summary
    strategy.period_start, strategy.period_end = doc.period.start, doc.period.end
    strategy.status = doc.status.value
    source = StrategyChangeSource.IMPORT if user is not None else StrategyChangeSource.SYSTEM
    return save_strategy(
        user,
        strategy,
        organisations,
        drafts_of(doc),
        source=source,
        confirm_removals=confirm_removals,
    )


def export_strategy(strategy: Strategy) -> StrategyDocument:
    """Return the strategy as a document, each section's items by position, with their keys."""
    items = sorted(strategy.items.all(), key=lambda item: (item.section, item.position))
    sections = {
        SECTION_FIELDS[section]: [
            Item(key=item.key, title=item.title, text=item.text)
            for item in items
            if item.section == section
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
