"""Vega-Lite specs of the county comparison: the funnel plot and the small multiples.

Built with Altair like ``chart.py``, drawn by the same vendored vega-embed (``chart.js``).
The data rows carry only published values; a suppressed cell has no value in any row.
Colour comes from statistics alone: a point's place against the funnel's limits, a
panel's own SPC assessment; never from a rank among the municipalities.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import altair as alt

from fardplan.web.followup.chart import SIGNAL_COLOURS

# The funnel's points: better or worse than the county beyond a limit, or within the funnel.
FUNNEL_COLOURS = {
    "better": SIGNAL_COLOURS["improvement"],
    "worse": SIGNAL_COLOURS["deterioration"],
    "different": SIGNAL_COLOURS["neutral"],
    "within": SIGNAL_COLOURS["common_cause"],
}
# A panel's line: its series' own assessment (no_data grey and light: nothing to read).
PANEL_COLOURS = {
    "improvement": SIGNAL_COLOURS["improvement"],
    "deterioration": SIGNAL_COLOURS["deterioration"],
    "special_cause": SIGNAL_COLOURS["neutral"],
    "common_cause": SIGNAL_COLOURS["common_cause"],
    "no_data": "#a3acb5",
}
POINTS, LIMITS, PANELS = "points", "limits", "panels"


@dataclass(frozen=True)
class FunnelLabels:
    value: str
    denominator: str
    area: str
    position: str
    target: str
    limit_95: str
    limit_998: str
    description: str


def funnel_spec(
    points: list[dict[str, Any]],
    limits: list[dict[str, float]],
    target: float,
    labels: FunnelLabels,
) -> dict[str, Any]:
    """Return the funnel plot: ``points`` (name, denominator, value, shown, colour key in
    ``tone``, ``strong`` when beyond 99.8 %) over the ``limits`` curve (denominator and the
    four limits, in the unit), with the county's value as a horizontal rule."""
    named = any(p["tone"] != "within" for p in points)
    spec = copy.deepcopy(_funnel_skeleton(replace(labels, description=""), named))
    spec["description"] = labels.description
    spec["datasets"] = {
        POINTS: points,
        LIMITS: limits,
        "target": [{"value": target, "shown": labels.target}],
    }
    return spec


# The specs without their data are cached once per kind of chart and language, like the
# series chart's (chart.py): Altair's layer copies cost tens of milliseconds a chart, a copy
# of the dict a fraction of that. They hold no data, so nothing passes between users.
@lru_cache(maxsize=64)
def _funnel_skeleton(labels: FunnelLabels, named: bool) -> dict[str, Any]:
    x = alt.X(
        "denominator:Q",
        title=labels.denominator,
        scale=alt.Scale(type="log", nice=False),
        axis=alt.Axis(format="~s", labelOverlap=True),
    )
    base = alt.Chart(alt.NamedData(name=LIMITS)).encode(x=x)
    lines = []
    for field, title, dash in (
        ("lower_998", labels.limit_998, [6, 3]),
        ("upper_998", labels.limit_998, [6, 3]),
        ("lower_95", labels.limit_95, [2, 3]),
        ("upper_95", labels.limit_95, [2, 3]),
    ):
        lines.append(
            base.mark_line(color="#5f6b76", strokeDash=dash, strokeWidth=1.2).encode(
                y=alt.Y(f"{field}:Q", title=labels.value),
                tooltip=[alt.Tooltip(f"{field}:Q", title=title, format=",.4~r")],
            )
        )
    rule = (
        alt.Chart(alt.NamedData(name="target"))
        .mark_rule(color="#1b1f24", strokeWidth=1.5)
        .encode(y="value:Q", tooltip=[alt.Tooltip("shown:N", title=labels.target)])
    )
    colours = alt.Scale(domain=list(FUNNEL_COLOURS), range=list(FUNNEL_COLOURS.values()))
    tooltip = [
        alt.Tooltip("name:N", title=labels.area),
        alt.Tooltip("shown:N", title=labels.value),
        alt.Tooltip("denominator:Q", title=labels.denominator, format=",.0f"),
        alt.Tooltip("position:N", title=labels.position),
    ]
    dots = (
        alt.Chart(alt.NamedData(name=POINTS))
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=x,
            y="value:Q",
            color=alt.Color("tone:N", scale=colours, legend=None),
            # Filled beyond 99.8 % or within; open between 95 % and 99.8 % (a warning only).
            fill=alt.condition(
                "datum.open", alt.value("#ffffff"), alt.Color("tone:N", scale=colours, legend=None)
            ),
            shape=alt.Shape("tone:N", legend=None),
            tooltip=tooltip,
        )
    )
    names = (
        alt.Chart(alt.NamedData(name=POINTS))
        .mark_text(align="left", dx=7, fontSize=11, color="#1b1f24")
        .encode(x=x, y="value:Q", text="name:N")
        .transform_filter("datum.tone != 'within'")
    )
    layers = [*lines, rule, dots]
    if named:
        layers.append(names)
    chart = alt.layer(*layers).properties(width="container", height=340)
    spec: dict[str, Any] = (
        chart.configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, titleFontWeight="normal")
        .to_dict(validate=False)
    )
    return spec


@dataclass(frozen=True)
class PanelLabels:
    period: str
    value: str
    area: str
    assessment: str
    description: str


def panels_spec(
    rows: list[dict[str, Any]], order: list[str], labels: PanelLabels, *, monthly: bool
) -> dict[str, Any]:
    """Return the small multiples: one panel per municipality (``panel`` is its title, in
    ``order``), all on the same scales, the line coloured by the panel's own assessment
    (``assessment``, a key of ``PANEL_COLOURS``). A row's ``value`` is None where the month
    is suppressed: the line breaks there."""
    skeleton = _panels_skeleton(replace(labels, description=""), tuple(order), monthly)
    spec = copy.deepcopy(skeleton)
    spec["description"] = labels.description
    spec["datasets"] = {PANELS: rows}
    return spec


@lru_cache(maxsize=64)
def _panels_skeleton(labels: PanelLabels, order: tuple[str, ...], monthly: bool) -> dict[str, Any]:
    colours = alt.Scale(domain=list(PANEL_COLOURS), range=list(PANEL_COLOURS.values()))
    x = alt.X(
        "date:T",
        timeUnit="yearmonth" if monthly else "year",
        title=None,
        axis=alt.Axis(format="%Y", tickCount="year", labelFontSize=10),
    )
    line = (
        alt.Chart()
        .mark_line(strokeWidth=1.6, invalid="break-paths-show-domains")
        .encode(
            x=x,
            y=alt.Y("value:Q", title=labels.value, scale=alt.Scale(zero=True)),
            color=alt.Color("assessment:N", scale=colours, legend=None),
            tooltip=[
                alt.Tooltip("area:N", title=labels.area),
                alt.Tooltip("period:N", title=labels.period),
                alt.Tooltip("shown:N", title=labels.value),
                alt.Tooltip("assessment_label:N", title=labels.assessment),
            ],
        )
    )
    chart = (
        alt.layer(line, data=alt.NamedData(name=PANELS))
        .properties(width=190, height=90)
        .facet(
            facet=alt.Facet(
                "panel:N",
                sort=list(order),
                title=None,
                header=alt.Header(labelFontSize=12, labelLimit=250),
            ),
            columns=4,
            spacing={"row": 24, "column": 16},
        )
    )
    spec: dict[str, Any] = (
        chart.configure_view(stroke="#d6dbe0")
        .configure_axis(labelFontSize=10, titleFontSize=11, titleFontWeight="normal")
        .to_dict(validate=False)
    )
    return spec


@dataclass(frozen=True)
class BarLabels:
    period: str
    value: str
    group: str
    description: str


def grouped_bars_spec(
    rows: list[dict[str, Any]], groups: list[str], colours: list[str], labels: BarLabels
) -> dict[str, Any]:
    """Return bars per period, one per group side by side (``group`` in ``groups`` order),
    with a legend. A row's ``value`` None (suppressed) draws no bar; its ``shown`` is ``..``."""
    scale = alt.Scale(domain=groups, range=colours)
    bars = (
        alt.Chart(alt.NamedData(name="bars"))
        .mark_bar()
        .encode(
            x=alt.X("period:N", title=labels.period, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("group:N", sort=groups),
            y=alt.Y("value:Q", title=labels.value, scale=alt.Scale(zero=True)),
            color=alt.Color(
                "group:N", scale=scale, sort=groups, title=labels.group,
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("period:N", title=labels.period),
                alt.Tooltip("group:N", title=labels.group),
                alt.Tooltip("shown:N", title=labels.value),
            ],
        )
        .transform_filter("isValid(datum.value)")
        .properties(width="container", height=260)
    )  # fmt: skip
    spec: dict[str, Any] = (
        bars.configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, titleFontWeight="normal")
        .to_dict(validate=False)
    )
    spec["description"] = labels.description
    spec["datasets"] = {"bars": rows}
    return spec
