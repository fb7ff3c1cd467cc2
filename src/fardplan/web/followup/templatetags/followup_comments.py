"""The comments block of a series page, as an inclusion tag so that the page's view stays
as it is: the comments the user may read, and the form for those who may write."""

from __future__ import annotations

from typing import Any

from django import template

from fardplan.catalogue import Indicator
from fardplan.web.followup import comments
from fardplan.web.followup.areas import Area

register = template.Library()


@register.inclusion_tag("followup/_comments.html", takes_context=True)
def comments_block(context: template.Context, entry: Indicator, where: Area) -> dict[str, Any]:
    """Return the comments on the indicator in the area and whether the user may write."""
    from fardplan.web.followup.comment_views import CommentForm

    user = context["request"].user
    shown = comments.visible_comments(user, entry.id, where)
    may_write = comments.can_comment(user, where)
    return {
        "entry": entry,
        "area": where,
        "comments": [(c, comments.can_change(user, c, where)) for c in shown],
        "form": CommentForm() if may_write else None,
        # The authors' usernames are for the county's members; the public reads the text.
        "show_authors": comments.can_read_area(user, where),
        "csrf_token": context.get("csrf_token"),
    }
