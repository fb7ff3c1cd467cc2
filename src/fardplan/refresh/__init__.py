"""Scheduled refresh: Kolada's indicators and the care data, recomputed and stored in one job.

``run_refresh`` is what ``fardplan refresh`` (cron) and the web page's "Run now" task call.
"""

from fardplan.refresh.job import RefreshResult, StepOutcome, run_refresh
from fardplan.refresh.lock import RefreshBusy
from fardplan.refresh.settings import RefreshSettings

__all__ = ["RefreshBusy", "RefreshResult", "RefreshSettings", "StepOutcome", "run_refresh"]
