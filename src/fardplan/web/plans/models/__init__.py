"""Action plans, their activities, progress updates and the change history."""

from fardplan.web.plans.models.activities import (
    Activity,
    ActivityIndicator,
    ActivityStatus,
    ExpectedDirection,
    ProgressUpdate,
    TargetGroup,
)
from fardplan.web.plans.models.history import ChangeAction, ChangeRecord, ChangeSubject
from fardplan.web.plans.models.plans import (
    EARLIEST_DATE,
    LATEST_DATE,
    Plan,
    PlanKind,
    PlanStatus,
    validate_plan_date,
)

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "Activity",
    "ActivityIndicator",
    "ActivityStatus",
    "ChangeAction",
    "ChangeRecord",
    "ChangeSubject",
    "ExpectedDirection",
    "Plan",
    "PlanKind",
    "PlanStatus",
    "ProgressUpdate",
    "TargetGroup",
    "validate_plan_date",
]
