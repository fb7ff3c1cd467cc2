"""Template filters for strategy texts."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(is_safe=True, needs_autoescape=True)
def paragraphs(text: str, autoescape: bool = True) -> SafeString:
    """Return ``text`` as HTML paragraphs (blank line) and line breaks (single newline),
    escaped, without a stray ``<br>`` for a trailing newline. Empty text gives ``""``."""
    return (
        SafeString(linebreaks_filter(text.strip("\n"), autoescape))
        if text.strip()
        else SafeString("")
    )
