"""Forms of the membership pages: the choices follow what the signed-in user may give."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

from fardplan.web.access.members import grantable_roles
from fardplan.web.access.models import Role
from fardplan.web.organisations.choices import OrganisationChoiceField
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.site.free_text import FreeTextForm


class RoleForm(FreeTextForm, forms.Form):
    """A role the user may give. A new member starts as a viewer, the least a role allows."""

    role = forms.ChoiceField(label=_("Role"), initial=Role.VIEWER)

    def __init__(
        self, *args: Any, user: AbstractBaseUser | AnonymousUser, county: County, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = grantable_roles(user, county.pk)  # type: ignore[attr-defined]


class MemberAddForm(RoleForm):
    """Add an existing user (by username) to one of the county's organisations."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("The user must already have an account."),
    )
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    field_order = ["username", "organisation", "role"]

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, county=county, **kwargs)
        organisations = Organisation.objects.filter(county=county)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_username(self) -> AbstractBaseUser:
        """Return the active user with this username; a clear error naming it otherwise."""
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active user has the username “%(username)s”."),
                params={"username": username},
            )
        return user
