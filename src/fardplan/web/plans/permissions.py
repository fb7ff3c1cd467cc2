"""Who may do what with plans and activities. Every view and form asks these functions.

- administrator: everything in its county, including deleting plans;
- county coordinator: every plan and activity of its county;
- organisation editor: plans its organisation owns, activities its organisation is responsible
  for (or that sit in a plan it owns), and new activities in plans where it takes part;
- contributor: progress updates on activities where its organisation is responsible or takes part;
- viewer: reads the plans of its county.
Reading needs a membership in the county; anonymous visitors read nothing, except the plans
marked public (and their activities), which anyone reads on the public pages without the
history's names or any edit link.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import Organisation, OrganisationQuerySet
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.plans.models.activities import ActivityQuerySet
from fardplan.web.plans.models.plans import PlanQuerySet

User = AbstractBaseUser | AnonymousUser


def can_view_plan(user: User, plan: Plan) -> bool:
    return scope_for(user).can_read_county(plan.county_id)


def public_plans() -> PlanQuerySet:
    """Return the plans anyone may read on the public pages (no login, no membership)."""
    return Plan.objects.public()


def public_activities() -> ActivityQuerySet:
    """Return the activities of the public plans."""
    return Activity.objects.filter(plan__public=True)


def can_view_county(user: User, county_id: int) -> bool:
    return scope_for(user).can_read_county(county_id)


def can_create_plan(user: User, owner: Organisation) -> bool:
    """Coordinators create any plan of their county; editors create plans their org owns."""
    scope = scope_for(user)
    return scope.can_manage_county(owner.county_id) or scope.edits_for(owner.pk)


def can_create_any_plan(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.manage_counties or scope.editor_organisations)


def plan_owner_choices(user: User) -> OrganisationQuerySet:
    """Return the organisations the user may create or own a plan for."""
    scope = scope_for(user)
    organisations = Organisation.objects.select_related("county")
    if scope.is_superuser:
        return organisations.all()
    reach = Q(county_id__in=scope.manage_counties) | Q(pk__in=scope.editor_organisations)
    return organisations.filter(reach)


def can_edit_plan(user: User, plan: Plan) -> bool:
    scope = scope_for(user)
    return scope.can_manage_county(plan.county_id) or scope.edits_for(plan.owner_id)


def can_delete_plan(user: User, plan: Plan) -> bool:
    return scope_for(user).can_administer_county(plan.county_id)


def _plan_organisation_ids(plan: Plan) -> set[int]:
    return {plan.owner_id, *plan.participants.values_list("pk", flat=True)}


def can_add_activity(user: User, plan: Plan) -> bool:
    """Plan editors, and editors of an organisation that takes part in the plan."""
    if can_edit_plan(user, plan):
        return True
    scope = scope_for(user)
    return bool(scope.editor_organisations & _plan_organisation_ids(plan))


def responsible_choices(user: User, plan: Plan) -> OrganisationQuerySet:
    """Return the organisations the user may make responsible for an activity in the plan."""
    county_organisations = Organisation.objects.filter(county_id=plan.county_id)
    if can_edit_plan(user, plan):
        return county_organisations
    return county_organisations.filter(pk__in=scope_for(user).editor_organisations)


def can_edit_activity(user: User, activity: Activity) -> bool:
    scope = scope_for(user)
    plan = activity.plan
    if scope.can_manage_county(plan.county_id):
        return True
    return scope.edits_for(activity.responsible_id) or scope.edits_for(plan.owner_id)


def can_report_progress(user: User, activity: Activity) -> bool:
    """Activity editors, and contributors or editors of a participating organisation."""
    if can_edit_activity(user, activity):
        return True
    involved = {activity.responsible_id, *activity.participants.values_list("pk", flat=True)}
    return scope_for(user).contributes_for(involved)
