"""Writing, editing and deleting comments on a series page (the services check who may)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fardplan.web.followup import comments
from fardplan.web.followup.areas import Area
from fardplan.web.followup.models import COMMENT_MAX_LENGTH, Comment
from fardplan.web.followup.views import area_or_404, indicator_or_404
from fardplan.web.site.free_text import FreeTextForm


class CommentForm(FreeTextForm, forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=7,
        help_text=gettext_lazy("A month (2024-03), a tertial (2024-T1) or a year (2024)."),
    )
    text = forms.CharField(
        label=gettext_lazy("Interpretation"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What explains the values in this period? Write no numbers that the page hides (..)."
        ),
    )

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"]
        comments.parse_period(period)  # raises ValidationError naming the text
        return period


def _series_url(indicator_id: str, area_code: str) -> str:
    return reverse("followup:series", args=[indicator_id, area_code]) + "#comments"


@login_required
@require_POST
def comment_add(request: HttpRequest, indicator_id: str, area_code: str) -> HttpResponse:
    entry, where = indicator_or_404(indicator_id), area_or_404(area_code)
    if not comments.can_comment(request.user, where):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        comments.write_comment(request.user, entry.id, where, data["period"], data["text"])
        messages.success(request, _("The comment was saved."))
    else:
        messages.error(request, _("The comment was not saved: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)
        })  # fmt: skip
    return redirect(_series_url(entry.id, where.code))


def _own_comment(request: HttpRequest, pk: int) -> tuple[Comment, Area]:
    comment = get_object_or_404(Comment.objects.current(), pk=pk)
    where = area_or_404(comment.area_code)
    if not comments.can_change(request.user, comment, where):
        raise PermissionDenied
    return comment, where


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, where = _own_comment(request, pk)
    initial = {"period": _period_text(comment), "text": comment.text}
    form = CommentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        comments.edit_comment(request.user, comment, where, data["period"], data["text"])
        messages.success(request, _("The comment was saved."))
        return redirect(_series_url(comment.indicator_id, comment.area_code))
    context = {"form": form, "comment": comment, "area": where,
               "entry": indicator_or_404(comment.indicator_id)}  # fmt: skip
    return render(request, "followup/comment_edit.html", context)


def _period_text(comment: Comment) -> str:
    """Return the period a range was written as: a tertial "2024-T1" or a year "2024"."""
    year, first, last = comment.first_month[:4], comment.first_month[5:], comment.last_month[5:]
    if (first, last) == ("01", "12"):
        return year
    tertial = {("01", "04"): 1, ("05", "08"): 2, ("09", "12"): 3}.get((first, last))
    return f"{year}-T{tertial}" if tertial else comment.first_month


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment, where = _own_comment(request, pk)
    comments.delete_comment(request.user, comment, where)
    messages.success(request, _("The comment was deleted."))
    return redirect(_series_url(comment.indicator_id, comment.area_code))
