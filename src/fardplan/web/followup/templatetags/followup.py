"""Cells as the follow-up pages print them: a number in the active locale, or ``..`` with a
mark that the table's note explains (never the hidden number)."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from fardplan.catalogue import Indicator, Text
from fardplan.web.followup import describe
from fardplan.web.followup.query import Cell, Reason

register = template.Library()
MARKS = {Reason.FEW: "a", Reason.PROTECTS_OTHER: "b", Reason.SOURCE: "c"}


@register.simple_tag
def cell_value(cell: Cell | None, entry: Indicator) -> SafeString:
    """Return the cell's value with the indicator's decimals, ``..`` and the reason's mark
    when suppressed, or an en dash when the area has no such cell (or its value is null)."""
    if cell is None or (cell.value is None and cell.reason is None):
        return mark_safe('<span class="muted">–</span>')
    if cell.reason is not None:
        return suppressed(cell.reason)
    return format_html("{}", floatformat(cell.value, f"{describe.decimals(entry)}g"))


@register.simple_tag
def cell_count(cell: Cell, field: str) -> SafeString:
    """Return the numerator or denominator as a whole number, ``..`` when not published."""
    number = getattr(cell, field)
    if number is None:
        return suppressed(cell.reason) if cell.reason else mark_safe("–")
    return format_html("{}", floatformat(number, "0g" if float(number).is_integer() else "2g"))


def suppressed(reason: Reason) -> SafeString:
    return format_html(
        '<span class="suppressed" title="{}">..<sup>{}</sup></span>',
        describe.reason(reason),
        MARKS[reason],
    )


@register.simple_tag
def change(latest: Cell | None, previous: Cell | None, entry: Indicator) -> SafeString:
    """Return the change from the year before in the indicator's unit, signed, or an en dash
    when either year is missing or suppressed."""
    if latest is None or previous is None or latest.value is None or previous.value is None:
        return mark_safe('<span class="muted">–</span>')
    difference = latest.value - previous.value
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    shown = floatformat(abs(difference), f"{describe.decimals(entry)}g")
    return format_html("{}{}", sign, shown)


@register.filter
def catalogue_text(value: Text | None) -> str:
    """Return a catalogue text in the active language."""
    return describe.text(value)
