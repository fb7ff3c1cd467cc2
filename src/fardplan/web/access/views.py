"""Membership pages: the members of a county's organisations, add, change role, remove.

A user without a membership in the county gets 404 (the county's members stay hidden); a
reader of the county who may not manage gets 403. Every change goes through
:mod:`fardplan.web.access.members`, which checks again and records it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fardplan.web.access import members
from fardplan.web.access.forms import MemberAddForm, RoleForm
from fardplan.web.access.models import Membership, MembershipChange
from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County

HISTORY_LENGTH = 50


def _managed_county(request: HttpRequest, code: str) -> County:
    """Return the county if the user may manage its members; 404 if the user cannot read
    the county, 403 if the user reads it but may not manage."""
    county = get_object_or_404(County, code=code)
    if not scope_for(request.user).can_read_county(county.pk):
        raise Http404
    if not members.can_manage_members(request.user, county.pk):
        raise PermissionDenied
    return county


def _changeable(request: HttpRequest, pk: int) -> Membership:
    """Return the membership if the user may change it; 404 outside the user's counties."""
    scope = scope_for(request.user)
    queryset = Membership.objects.select_related("user", "organisation__county")
    if not scope.is_superuser:
        queryset = queryset.in_counties(scope.read_counties)
    membership = get_object_or_404(queryset, pk=pk)
    if not members.can_change_membership(request.user, membership):
        raise PermissionDenied
    return membership


@login_required
def members_index(request: HttpRequest) -> HttpResponse:
    """The counties whose members the user manages; straight to the county if only one."""
    if not members.manages_any_county(request.user):
        raise PermissionDenied
    scope = scope_for(request.user)
    counties = County.objects.order_by("code")
    if not scope.is_superuser:
        counties = counties.filter(pk__in=scope.manage_counties)
    if len(counties) == 1:
        return redirect("access:county", code=counties[0].code)
    return render(request, "access/members_index.html", {"counties": counties})


@login_required
def county_members(request: HttpRequest, code: str) -> HttpResponse:
    county = _managed_county(request, code)
    memberships = (
        Membership.objects.in_counties([county.pk])
        .select_related("user", "organisation")
        .order_by("organisation__kind", "organisation__name", "user__username", "role")
    )
    rows = [(m, members.can_change_membership(request.user, m)) for m in memberships]
    changes = MembershipChange.objects.filter(county=county).select_related("changed_by")
    context = {"county": county, "rows": rows, "changes": changes[:HISTORY_LENGTH]}
    return render(request, "access/county_members.html", context)


@login_required
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    county = _managed_county(request, code)
    form = MemberAddForm(request.POST or None, user=request.user, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            members.add_membership(
                request.user, data["username"], data["organisation"], data["role"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect("access:county", code=county.code)
    return render(request, "access/member_add.html", {"county": county, "form": form})


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _changeable(request, pk)
    county = membership.organisation.county
    initial = {"role": membership.role}
    form = RoleForm(request.POST or None, initial=initial, user=request.user, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            members.change_role(request.user, membership, form.cleaned_data["role"])
        except Membership.DoesNotExist:
            raise Http404 from None  # removed by someone else meanwhile
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("access:county", code=county.code)
    context = {"county": county, "membership": membership, "form": form}
    return render(request, "access/member_edit.html", context)


@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and shows what is removed; POST removes."""
    membership = _changeable(request, pk)
    county = membership.organisation.county
    if request.method == "POST":
        try:
            members.remove_membership(request.user, membership)
        except Membership.DoesNotExist:
            raise Http404 from None  # removed by someone else meanwhile
        messages.success(request, _("The membership was removed."))
        return redirect("access:county", code=county.code)
    context = {"county": county, "membership": membership}
    return render(request, "access/member_remove.html", context)
