"""Vega-Lite specs of a series, built with Altair on the server.

The spec carries only what the page may show: published values (a suppressed period has no
value, only its ``..`` and reason), the SPC lines and signals, the linked activities' start
dates and the interpretations (comments) over their months. The browser draws it with the
vendored vega-embed (static/followup/chart.js).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

import altair as alt

from fardplan.web.followup.activities import LinkedActivity

# Colours carry meaning only from a signal (NHS Making Data Count): blue improvement, orange
# deterioration, purple a signal on a neutral indicator; common cause stays grey.
SIGNAL_COLOURS = {
    "improvement": "#0a5a87",
    "deterioration": "#b35900",
    "neutral": "#6a3d9a",
    "common_cause": "#5f6b76",
}
LINE = "#5f6b76"
LIMIT = "#8a96a3"
HEIGHT = 300
SERIES, ACTIVITIES, COMMENTS = "series", "activities", "comments"
COMMENT_COLOUR = "#6b5200"


@dataclass(frozen=True)
class ChartRow:
    """One period of the chart. ``value`` None: suppressed (``shown`` is ``..``) or empty."""

    period: str
    date: str  # ISO date of the period's first day, for the time axis
    value: float | None
    shown: str  # the value as the table prints it, for the tooltip
    reason: str | None = None
    centre: float | None = None
    lower: float | None = None
    upper: float | None = None
    signal: str = "common_cause"  # a key of SIGNAL_COLOURS
    signal_label: str = ""


@dataclass(frozen=True)
class Labels:
    """The words of the chart in the active language."""

    period: str
    value: str
    centre: str
    lower: str
    upper: str
    assessment: str
    activity: str
    started: str
    status: str
    suppressed: str
    interpretation: str
    marked: str  # "Interpretations marked on the chart: %(markers)s."
    description: str


@dataclass(frozen=True)
class CommentMark:
    """An interpretation drawn on the chart: its marker (``T1``, as the page lists it), its
    first and last month (``YYYY-MM``), its period in words and the start of its text."""

    marker: str
    first: str
    last: str
    period: str
    excerpt: str


def period_date(period: str) -> str:
    """Return the first day of a period (``"2024"`` → ``"2024-01-01"``) in ISO form."""
    year, _, month = period.partition("-")
    return date(int(year), int(month or 1), 1).isoformat()


def series_spec(
    rows: list[ChartRow],
    labels: Labels,
    activities: list[LinkedActivity],
    *,
    monthly: bool,
    with_limits: bool,
    comments: Sequence[CommentMark] = (),
) -> dict[str, Any]:
    """Return the Vega-Lite spec: values as a line with points, the centre and limits when
    ``with_limits``, ``..`` at the foot of a suppressed period, a numbered rule at each
    activity's start within the series and a shaded band with its marker over each
    comment's months. The data sits in the spec's ``datasets``."""
    marks = _activity_marks(activities, rows)
    notes = _comment_marks(comments, rows)
    words = replace(labels, description="")
    hidden = any(row.reason is not None for row in rows)
    skeleton = _skeleton(words, monthly, with_limits, bool(marks), hidden, bool(notes))
    spec = copy.deepcopy(skeleton)
    spec["description"] = labels.description
    if notes:
        markers = ", ".join(note["marker"] for note in notes)
        spec["description"] += " " + labels.marked % {"markers": markers}
    spec["datasets"] = {
        SERIES: [asdict(row) for row in rows],
        ACTIVITIES: marks,
        COMMENTS: notes,
    }
    return spec


@lru_cache(maxsize=256)
def _skeleton(
    labels: Labels,
    monthly: bool,
    with_limits: bool,
    with_activities: bool,
    with_hidden: bool,
    with_comments: bool,
) -> dict[str, Any]:
    # The spec without its data, once per kind of chart and language: Altair builds a spec
    # in some 50 ms (it deep-copies every layer), a copy of the dict takes a fraction of that.
    x = alt.X(
        "date:T",
        timeUnit="yearmonth" if monthly else "year",
        title=labels.period,
        axis=alt.Axis(format="%b %Y" if monthly else "%Y", labelOverlap=True, tickCount=12),
    )
    tooltip = [
        alt.Tooltip("period:N", title=labels.period),
        alt.Tooltip("shown:N", title=labels.value),
        alt.Tooltip("signal_label:N", title=labels.assessment),
    ]
    base = alt.Chart().encode(x=x)
    layers: list[alt.Chart] = []
    if with_limits:
        layers += _limits(base, labels)
    line = base.mark_line(color=LINE, invalid="break-paths-show-domains").encode(
        # From zero: a decision-maker reads a line's fall as its size. A monthly control
        # chart's lower limit reaches near zero anyway; a yearly line cut off at its minimum
        # would make a 5 % change look like a collapse.
        y=alt.Y("value:Q", title=labels.value, scale=alt.Scale(zero=True))
    )
    colours = alt.Scale(domain=list(SIGNAL_COLOURS), range=list(SIGNAL_COLOURS.values()))
    points = (
        base.mark_point(filled=True, size=55)
        .encode(
            y="value:Q",
            color=alt.Color("signal:N", scale=colours, legend=None),
            shape=alt.Shape("signal:N", legend=None),
            tooltip=tooltip,
        )
        .transform_filter("isValid(datum.value)")
    )
    hidden = (
        base.mark_text(text="..", fontWeight="bold", fontSize=16, dy=-6, color="#1b1f24")
        .encode(
            y=alt.value(HEIGHT - 4),
            tooltip=[
                alt.Tooltip("period:N", title=labels.period),
                alt.Tooltip("reason:N", title=labels.suppressed),
            ],
        )
        .transform_filter("datum.reason != null")
    )
    # A layer left empty by its filter makes Vega warn of an infinite extent: only when needed.
    layers += [line, points, hidden] if with_hidden else [line, points]
    if with_comments:
        band, marker = _comment_layers(labels)
        layers = [band, *layers, marker]
    if with_activities:
        layers += _activity_layers(labels)
    chart = alt.layer(*layers, data=alt.NamedData(name=SERIES)).properties(
        width="container", height=HEIGHT
    )
    configured = chart.configure_view(stroke=None).configure_axis(
        labelFontSize=12, titleFontSize=12, titleFontWeight="normal"
    )
    # Not validated against the Vega-Lite schema here (slow); the tests validate.
    spec: dict[str, Any] = configured.to_dict(validate=False)
    return spec


def _limits(base: alt.Chart, labels: Labels) -> list[alt.Chart]:
    centre = base.mark_line(color="#1b1f24", strokeWidth=1.5, interpolate="step-after").encode(
        y="centre:Q", tooltip=[alt.Tooltip("centre:Q", title=labels.centre, format=",.4~r")]
    )
    limits = [
        base.mark_line(color=LIMIT, strokeDash=[5, 4], interpolate="step-after").encode(
            y=alt.Y(f"{field}:Q"),
            tooltip=[alt.Tooltip(f"{field}:Q", title=title, format=",.4~r")],
        )
        for field, title in (("lower", labels.lower), ("upper", labels.upper))
    ]
    return [centre, *limits]


def _activity_marks(activities: list[LinkedActivity], rows: list[ChartRow]) -> list[dict[str, str]]:
    """Return the activities that start within the series, numbered as the page lists them."""
    if not rows:
        return []
    first, last = rows[0].date, rows[-1].date
    return [
        {
            "date": activity.start.isoformat(),
            "number": str(number),
            "title": activity.title,
            "status": activity.status_label,
            "start": activity.start.isoformat(),
        }
        for number, activity in enumerate(activities, start=1)
        if first <= activity.start.isoformat()[:7] + "-01" <= last
    ]


def _activity_layers(labels: Labels) -> list[alt.Chart]:
    base = alt.Chart(alt.NamedData(name=ACTIVITIES)).encode(
        x=alt.X("date:T"),
        tooltip=[
            alt.Tooltip("title:N", title=labels.activity),
            alt.Tooltip("start:N", title=labels.started),
            alt.Tooltip("status:N", title=labels.status),
        ],
    )
    rule = base.mark_rule(color="#0b4f71", strokeDash=[2, 2])
    label = base.mark_text(align="left", dx=3, dy=6, fontWeight="bold", color="#0b4f71").encode(
        y=alt.value(0), text="number:N"
    )
    return [rule, label]


def _comment_marks(comments: Sequence[CommentMark], rows: list[ChartRow]) -> list[dict[str, str]]:
    """Return the comments whose months overlap the series' periods, each as a band from its
    first month to the start of the month after its last, clipped to the first and last
    points so that a comment never stretches the time axis (on a yearly chart a comment
    within the last year is a marker at that year's point)."""
    if not rows:
        return []
    first, last = rows[0].date, rows[-1].date
    final = rows[-1].period
    covered_until = _month_after(final) if len(final) == 7 else f"{int(final) + 1}-01-01"
    marks = []
    for note in comments:
        begins, ends = period_date(note.first), _month_after(note.last)
        if begins >= covered_until or ends <= first:
            continue
        marks.append(
            {
                "first": min(max(begins, first), last),
                "end": min(ends, last),
                "marker": note.marker,
                "period": note.period,
                "excerpt": note.excerpt,
            }
        )
    return marks


def _month_after(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return date(year + number // 12, number % 12 + 1, 1).isoformat()


def _comment_layers(labels: Labels) -> tuple[alt.Chart, alt.Chart]:
    """Return the comments' bands (drawn under the series) and their markers (over it),
    below the activities' numbers at the top of the chart."""
    base = alt.Chart(alt.NamedData(name=COMMENTS)).encode(
        x=alt.X("first:T"),
        tooltip=[
            alt.Tooltip("marker:N", title=labels.interpretation),
            alt.Tooltip("period:N", title=labels.period),
            alt.Tooltip("excerpt:N", title=" "),
        ],
    )
    band = base.mark_rect(color=COMMENT_COLOUR, opacity=0.1).encode(x2="end:T")
    marker = base.mark_text(
        align="left", dx=3, dy=22, fontWeight="bold", color=COMMENT_COLOUR
    ).encode(y=alt.value(0), text="marker:N")
    return band, marker
