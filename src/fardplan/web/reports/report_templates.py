"""A strategy's report template: the default made from the strategy, and the coordinators'
edits (rename, reorder, remove, add, who writes), each recorded in the template's history.

The services re-check the permission (administrators and coordinators of the strategy's
county), lock the template's row and write the history in one transaction; views stay thin.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fardplan.web.access.scope import scope_for
from fardplan.web.reports.models import (
    ReportTemplate,
    Responsibility,
    SectionKind,
    TemplateAction,
    TemplateChange,
    TemplateSection,
)
from fardplan.web.strategies.models import Section, Strategy, StrategyItem

User = AbstractBaseUser | AnonymousUser
Actor = User | None  # None: the system (the demo, a template made on first use)

# The strategy's sections whose items become report sections, in the strategy's order.
ITEM_SECTIONS = {
    Section.TARGET_AREA: SectionKind.TARGET_AREA,
    Section.PREREQUISITE: SectionKind.PREREQUISITE,
    Section.DIRECTION_CHANGE: SectionKind.DIRECTION_CHANGE,
}
# Words in a perspective item's title or key that say which perspective it is.
PERSPECTIVE_WORDS = {
    SectionKind.PERSPECTIVE_GENDER: ("jämställ", "jamstall", "gender"),
    SectionKind.PERSPECTIVE_CHILD: ("barn", "child"),
}
MAX_SECTIONS = 60  # a report of more sections is no longer read by a board


def can_edit_template(user: Actor, strategy: Strategy) -> bool:
    """Administrators and coordinators of the strategy's county (and the system)."""
    return user is None or scope_for(user).can_manage_county(strategy.county_id)


def default_sections(strategy: Strategy) -> list[dict[str, Any]]:
    """Return the default template's sections: the summary; each target area, prerequisite
    and direction change in the strategy's order (written by a principal); the gender-equality
    and child-rights perspectives (the strategy's own perspective items where it has them);
    decisions; what is next."""
    items = sorted(strategy.items.all(), key=lambda item: item.position)
    sections: list[dict[str, Any]] = [{"kind": SectionKind.SUMMARY}]
    for strategy_section, kind in ITEM_SECTIONS.items():
        sections += [
            {"kind": kind, "item": item, "responsible": Responsibility.PRINCIPAL}
            for item in items
            if item.section == strategy_section
        ]
    perspectives = [item for item in items if item.section == Section.PERSPECTIVE]
    for kind in (SectionKind.PERSPECTIVE_GENDER, SectionKind.PERSPECTIVE_CHILD):
        sections.append({"kind": kind, "item": _perspective_item(perspectives, kind)})
    sections += [{"kind": SectionKind.DECISIONS}, {"kind": SectionKind.NEXT}]
    return sections


def _perspective_item(items: list[StrategyItem], kind: SectionKind) -> StrategyItem | None:
    words = PERSPECTIVE_WORDS[kind]
    return next(
        (item for item in items if any(w in f"{item.key} {item.title}".casefold() for w in words)),
        None,
    )


def template_for(strategy: Strategy) -> ReportTemplate:
    """Return the strategy's template, creating the default on first use."""
    found = ReportTemplate.objects.filter(strategy=strategy).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            template = ReportTemplate.objects.create(strategy=strategy)
            for position, fields in enumerate(default_sections(strategy), start=1):
                TemplateSection.objects.create(template=template, position=position, **fields)
            _record(template, None, TemplateAction.CREATED, "")
            return template
    except IntegrityError:  # made at the same moment by another request
        return ReportTemplate.objects.get(strategy=strategy)


def sections_of(template: ReportTemplate) -> list[TemplateSection]:
    return list(template.sections.select_related("item").order_by("position", "id"))


def _locked(user: Actor, template: ReportTemplate) -> list[TemplateSection]:
    """Check the permission, lock the template and return its sections in order. Call inside
    a transaction."""
    if not can_edit_template(user, template.strategy):
        raise PermissionDenied("may not edit this county's report template")
    ReportTemplate.objects.select_for_update().filter(pk=template.pk).first()
    return sections_of(template)


def _renumber(sections: list[TemplateSection]) -> None:
    for position, section in enumerate(sections, start=1):
        if section.position != position:
            section.position = position
            section.save(update_fields=["position"])


def _record(
    template: ReportTemplate,
    user: Actor,
    action: TemplateAction,
    title: str,
    before: str = "",
    after: str = "",
) -> None:
    who: Any = user if user is not None and user.is_authenticated else None
    TemplateChange.objects.create(
        template=template, action=action, section_title=title[:200], before=before[:200],
        after=after[:200], user=who,
    )  # fmt: skip
    template.save(update_fields=["updated_at"])


def _find(sections: list[TemplateSection], section_id: int) -> TemplateSection:
    found = next((s for s in sections if s.pk == section_id), None)
    if found is None:
        raise ValidationError(_("That section is no longer in the template."))
    return found


def rename_section(user: Actor, template: ReportTemplate, section_id: int, title: str) -> None:
    """Give the section a title of its own ('' goes back to the item's or kind's name)."""
    with transaction.atomic():
        section = _find(_locked(user, template), section_id)
        before = section.shown_title
        section.title = title.strip()
        section.save(update_fields=["title"])
        if section.shown_title != before:
            _record(template, user, TemplateAction.RENAMED, before, before, section.shown_title)


def set_responsible(
    user: Actor, template: ReportTemplate, section_id: int, responsible: str
) -> None:
    """Say who writes the section: the county's coordinators or a principal."""
    choice = Responsibility(responsible)
    with transaction.atomic():
        section = _find(_locked(user, template), section_id)
        if section.responsible == choice:
            return
        before = str(Responsibility(section.responsible).label)
        section.responsible = choice
        section.save(update_fields=["responsible"])
        _record(template, user, TemplateAction.RESPONSIBILITY, section.shown_title, before,
                str(choice.label))  # fmt: skip


def move_section(user: Actor, template: ReportTemplate, section_id: int, step: int) -> None:
    """Move the section one place up (``step`` −1) or down (+1); at either end nothing moves."""
    with transaction.atomic():
        sections = _locked(user, template)
        section = _find(sections, section_id)
        index = sections.index(section)
        target = index + (1 if step > 0 else -1)
        if not 0 <= target < len(sections):
            return
        sections[index], sections[target] = sections[target], sections[index]
        _renumber(sections)
        _record(template, user, TemplateAction.MOVED, section.shown_title, str(index + 1),
                str(target + 1))  # fmt: skip


def remove_section(user: Actor, template: ReportTemplate, section_id: int) -> None:
    """Remove the section from the template (reports made before keep theirs)."""
    with transaction.atomic():
        sections = _locked(user, template)
        section = _find(sections, section_id)
        if len(sections) == 1:
            raise ValidationError(_("A template needs at least one section."))
        title = section.shown_title
        section.delete()
        _renumber([s for s in sections if s.pk != section_id])
        _record(template, user, TemplateAction.REMOVED, title)


def add_section(
    user: Actor,
    template: ReportTemplate,
    kind: str,
    item: StrategyItem | None,
    title: str,
    responsible: str,
) -> TemplateSection:
    """Add a section at the end. A target area, prerequisite or direction change needs an
    item of its own kind from the template's strategy; other kinds take none."""
    chosen = SectionKind(kind)
    _check_item(template, chosen, item)
    with transaction.atomic():
        sections = _locked(user, template)
        if len(sections) >= MAX_SECTIONS:
            raise ValidationError(
                _("A template has at most %(max)d sections.") % {"max": MAX_SECTIONS}
            )
        section = TemplateSection.objects.create(
            template=template, position=len(sections) + 1, kind=chosen, item=item,
            title=title.strip(), responsible=Responsibility(responsible),
        )  # fmt: skip
        _record(template, user, TemplateAction.ADDED, section.shown_title)
    return section


def _check_item(template: ReportTemplate, kind: SectionKind, item: StrategyItem | None) -> None:
    wanted = {value: key for key, value in ITEM_SECTIONS.items()}.get(kind)
    if wanted is None:
        perspective = kind in PERSPECTIVE_WORDS and (
            item is None
            or (item.section == Section.PERSPECTIVE and item.strategy_id == template.strategy_id)
        )
        if item is not None and not perspective:
            raise ValidationError(_("Only a strategy section follows a strategy item."))
        return
    if item is None or item.strategy_id != template.strategy_id or item.section != wanted:
        raise ValidationError(
            _("Choose a %(kind)s of the strategy for this section.")
            % {"kind": str(SectionKind(kind).label).lower()}
        )
