"""The four indicators the pandas baseline computes, shared without importing pandas."""

SUBSET = ("inpatient_admissions", "primary_care_visits", "emergency_visits_80", "continuity_coc")
