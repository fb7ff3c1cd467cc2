"""Who may do what with decision records: the county roles of :mod:`fardplan.web.access`.

- administrators and coordinators of a county record, change and delete the decisions of its
  organisations (the region, the municipalities and the collaboration bodies);
- everyone else reads: decisions are public records (offentlighetsprincipen), and so is the
  adoption status derived from them; decisions on a draft strategy only for the draft's
  readers (the county's members), as the strategy itself;
- uploaded decision-basis files are downloaded by the county's members only (any role). The
  documents are public records too, but an upload may hold what a registrar would mask before
  handing it out (names, addresses in an annex); the titles stay public.
Superusers may do everything. The querysets are :meth:`DecisionQuerySet.visible_to` and
:meth:`DecisionQuerySet.editable_by`; the service checks again when saving.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fardplan.web.access.scope import scope_for
from fardplan.web.decisions.models import Decision
from fardplan.web.organisations.models import County

User = AbstractBaseUser | AnonymousUser


def can_record_in(user: User, county: County) -> bool:
    """Administrators and coordinators of the county record its decisions."""
    return scope_for(user).can_manage_county(county.pk)


def can_edit_decision(user: User, decision: Decision) -> bool:
    return scope_for(user).can_manage_county(decision.organisation.county_id)


def can_download_basis(user: User, decision: Decision) -> bool:
    """Members of the decision's county (any role) download the uploaded files."""
    return scope_for(user).can_read_county(decision.organisation.county_id)


def can_read_history(user: User, county_id: int) -> bool:
    """Members of the county read who changed which record (the history names users)."""
    return scope_for(user).can_read_county(county_id)
