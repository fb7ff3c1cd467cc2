"""Template tags of the site: ``{% load languages %}{% path_in_language code %}``."""

from __future__ import annotations

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def path_in_language(context: template.Context, language: str) -> str:
    """Return the current page's path (with its query) as it reads in ``language``: ``/en/lan/
    25/`` gives ``/lan/25/`` for Swedish. A page whose path does not resolve (a 404) gives the
    language's start page, so that switching never lands on the same language again.

    Computed while the page's own language is active: Django's ``set_language`` translates
    ``next`` under the language of the *setlang* request (cookie or browser), which is not the
    page's when the visitor came to an ``/en/`` link directly, and then keeps ``/en/``."""
    request = context.get("request")
    if request is None:
        return "/"
    current = request.get_full_path()
    translated = translate_url(current, language)
    # Every page of i18n_patterns changes its prefix; an unchanged path did not resolve.
    return translated if translated != current else translate_url("/", language)
