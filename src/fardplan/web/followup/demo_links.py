"""Link the example strategies' items to the catalogue indicators that show whether they move
(``data/demo_links.yaml``), as the system, so that the demo's county overview has content.

Idempotent: a link that exists, or that a coordinator removed, is left as it is. A strategy not
loaded is skipped; an unknown item key, an item that is not a direction change or target area,
or an indicator the catalogue does not have is refused before anything is written.
"""

from __future__ import annotations

from importlib import resources

from django.db import transaction

from fardplan.catalogue import load_catalogue
from fardplan.content.yaml_bounds import bounded_load
from fardplan.web.followup import links
from fardplan.web.followup.models import ItemIndicator
from fardplan.web.strategies.models import Section, Strategy, StrategyItem

LINKABLE_SECTIONS = (Section.DIRECTION_CHANGE, Section.TARGET_AREA)
Mapping = dict[str, dict[str, list[str]]]


class DemoLinksError(ValueError):
    """The links file names something that does not exist or cannot be linked."""


def shipped_links() -> Mapping:
    """Return the shipped mapping: strategy slug → item key → indicator ids."""
    text = resources.files(__package__).joinpath("data/demo_links.yaml").read_text("utf-8")
    return parse_links(bounded_load(text), "demo_links.yaml")


def parse_links(data: object, source: str) -> Mapping:
    """Return ``data`` as a mapping, or raise :class:`DemoLinksError` naming ``source`` and
    the first entry of the wrong shape."""
    if not isinstance(data, dict):
        raise DemoLinksError(f"{source}: expected a mapping of strategy slugs")
    for slug, items in data.items():
        if not isinstance(items, dict):
            raise DemoLinksError(f"{source}: {str(slug)[:60]}: expected a mapping of item keys")
        for key, ids in items.items():
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise DemoLinksError(
                    f"{source}: {str(slug)[:60]}/{str(key)[:60]}: expected a list of indicator ids"
                )
    return data


def load_demo_links(mapping: Mapping | None = None) -> int:
    """Link the mapping's indicators (the shipped one by default) and return how many links
    were created. Raises :class:`DemoLinksError` for an unknown item or indicator; then
    nothing is written."""
    mapping = shipped_links() if mapping is None else mapping
    known = {entry.id for entry in load_catalogue().indicators}
    wanted: list[tuple[StrategyItem, str]] = []
    for slug, items in mapping.items():
        strategy = Strategy.objects.filter(slug=slug).first()
        if strategy is None:
            continue  # that county's strategy is not loaded
        by_key = {item.key: item for item in strategy.items.all()}
        for key, indicator_ids in items.items():
            item = by_key.get(key)
            if item is None:
                raise DemoLinksError(f"{slug}: the strategy has no item “{key[:60]}”")
            if item.section not in LINKABLE_SECTIONS:
                raise DemoLinksError(
                    f"{slug}/{key}: only direction changes and target areas get indicators"
                )
            for indicator_id in indicator_ids:
                if indicator_id not in known:
                    raise DemoLinksError(
                        f"{slug}/{key}: the catalogue has no indicator “{indicator_id[:60]}”"
                    )
                wanted.append((item, indicator_id))
    created = 0
    with transaction.atomic():
        for item, indicator_id in wanted:
            # Any row, removed ones too: a coordinator's removal is not undone by a re-run.
            if not ItemIndicator.objects.filter(item=item, indicator_id=indicator_id).exists():
                links.link_indicator(None, item, indicator_id)
                created += 1
    return created
