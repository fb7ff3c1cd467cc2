"""The content of a report as it is printed: everything a page, a PDF or a DOCX shows, and
nothing that needs the database to show it.

A draft's content is assembled from the live strategy, plans and run (``assembly``); an
approved report's content is read back from its snapshot, which is exactly
``ReportContent.model_dump_json()``. The JSON is deterministic: fields in the order defined
here, the one free-form dict (a chart's Vega-Lite spec) with its keys sorted, and no time of
rendering, so that the same content always gives the same bytes and the same digest.

Texts are plain (a narrative's paragraphs are separated by a blank line); every number is
already formatted in the report's language (Swedish decimal comma), a suppressed value as
``..`` with its reason beside it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class ReportStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"  # every section marked ready: waiting for the coordinator
    APPROVED = "approved"  # frozen: rendered from the snapshot only


class SectionStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    RETURNED = "returned"  # sent back by the coordinator with a comment
    APPROVED = "approved"


class SectionKind(StrEnum):
    SUMMARY = "summary"
    TARGET_AREA = "target_area"
    DIRECTION_CHANGE = "direction_change"
    PREREQUISITE = "prerequisite"
    PERSPECTIVE_GENDER = "perspective_gender"
    PERSPECTIVE_CHILD = "perspective_child"
    DECISIONS = "decisions"
    NEXT = "next"

    @property
    def has_item(self) -> bool:
        """Whether a section of this kind follows one strategy item (with its indicators
        and activities)."""
        return self in ITEM_KINDS


ITEM_KINDS = frozenset(
    {SectionKind.TARGET_AREA, SectionKind.DIRECTION_CHANGE, SectionKind.PREREQUISITE}
)


def sorted_keys(value: Any) -> Any:
    """Return ``value`` with the keys of every dict within it sorted (lists keep their order)."""
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list | tuple):
        return [sorted_keys(item) for item in value]
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RunStamp(_Frozen):
    """The computed run the numbers come from."""

    fingerprint: str  # of the care data the run read
    catalogue_version: str
    computed_at: datetime  # when the run finished


class CommentEntry(_Frozen):
    """An analyst's interpretation of the indicator over months that overlap the period."""

    period: str  # "2024-05" or "2024-05 – 2024-08"
    text: str


class IndicatorBlock(_Frozen):
    """One indicator of a section, in the report's area, at the end of the period."""

    indicator_id: str
    name: str
    unit: str
    good_direction_label: str
    area_code: str  # Kolada code: region "0025", municipality "2580"
    area_name: str
    latest_period: str | None  # the latest month (or year) within the period with a cell
    # True: the run has no value within the period (care data lag behind), so the latest
    # before it is shown, named by ``latest_period``.
    latest_before_period: bool = False
    latest_shown: str  # formatted; ".." when suppressed, "" when none
    latest_reason: str | None  # why ".." (the kind of rule, never a count)
    change_shown: str  # against the same period a year earlier, formatted with its sign
    county_shown: str  # the region's value beside a municipality's ("" for a county report)
    sweden_shown: str
    assessment: str  # an assessment key (improvement, deterioration, common_cause, …)
    assessment_label: str  # the assessment in words
    assessment_text: str = ""  # what the assessment rests on
    chart_spec: dict[str, Any] | None  # Vega-Lite, published cells only
    chart_alt: str  # the chart in words, for those who cannot see it
    comments: list[CommentEntry]
    table_ref: str | None  # key of the appendix table with the chart's values
    source: str = ""  # an imported indicator's source, fetched and published ("" if computed)

    @field_validator("chart_spec")
    @classmethod
    def _sorted(cls, spec: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if spec is None else sorted_keys(spec)


class ProgressEntry(_Frozen):
    """An activity's latest progress update within the period."""

    period: str  # the plans' tertial, "2024-T2"
    status_label: str
    text: str


class ActivityEntry(_Frozen):
    title: str
    plan_title: str
    organisation_name: str  # the responsible organisation
    status: str  # an ActivityStatus value
    status_label: str
    start: date
    end: date
    latest_update: ProgressEntry | None


class PlanChange(_Frozen):
    """A change of a plan (or one of its activities) made within the period."""

    on: date
    plan_title: str
    text: str


class DecisionEntry(_Frozen):
    organisation_name: str
    body_label: str
    meeting_date: date
    paragraph: str
    title: str
    kind_label: str
    invented: bool = False  # an example written for the demo, not taken from a protocol


class Section(_Frozen):
    key: str  # unique within the report
    kind: SectionKind
    title: str
    number: str  # "3.2"
    group_title: str = (
        ""  # the heading of the group "3" of a numbered "3.2" ("Riktningsförändringar")
    )
    intro: str = ""  # the strategy item's own text, when the section follows one
    organisation_code: str | None  # who writes it; None: the county's coordinators
    organisation_name: str | None
    status: SectionStatus
    status_label: str
    narrative: str  # plain text, paragraphs separated by a blank line
    return_comment: str  # the coordinator's comment when sent back, else ""
    indicators: list[IndicatorBlock]
    activities: list[ActivityEntry]
    changes: list[PlanChange]
    decisions: list[DecisionEntry]

    @property
    def paragraphs(self) -> list[str]:
        """Return the narrative's paragraphs, without empty ones."""
        return paragraphs(self.narrative)


class DataTable(_Frozen):
    """A table of the appendix: formatted cells; a suppressed one is ``..`` with the letter
    of its note (``.. a``)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str]  # "a: Suppressed: too few persons …"


class ReportContent(_Frozen):
    """The whole report, self-contained."""

    language: str  # "sv" or "en": the language of every text and number below
    title: str
    county_code: str
    county_name: str
    strategy_title: str
    period: str  # "2024T2", "2024H1", "2024"
    period_label: str  # "T2 2024 (maj–augusti)"
    first_month: str  # "2024-05"
    last_month: str  # "2024-08"
    scope_code: str  # the county's code, or the principal organisation's code
    scope_name: str
    organisations: list[str]  # the contributing principals' names
    status: ReportStatus
    status_label: str
    version: int
    approved_at: date | None
    run: RunStamp | None  # None when no run was stored
    sections: list[Section]
    appendix_tables: list[DataTable]

    def to_json(self) -> str:
        """Return the snapshot's text (deterministic: see the module's docstring)."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> ReportContent:
        return cls.model_validate_json(text)

    def table(self, key: str | None) -> DataTable | None:
        """Return the appendix table with that key, or None."""
        return next((t for t in self.appendix_tables if t.key == key), None)


def digest(text: str) -> str:
    """Return the SHA-256 of a snapshot's text, as hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paragraphs(text: str) -> list[str]:
    """Return the paragraphs of a plain text: split at blank lines, each stripped, line
    breaks within a paragraph kept."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [block.strip() for block in blocks if block.strip()]
