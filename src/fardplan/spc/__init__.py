"""Statistical process control of indicator series: run charts with the Anhøj rules, I, p, u
and Laney's p′ and u′ charts as qicharts2 computes them, seasonal adjustment, and an
assessment in the manner of NHS *Making Data Count*. Analytics core: no web code.

``analyse(points, chart)`` → ``Analysis``; ``assess(analysis, good)`` → ``Assessment``;
``default_chart(indicator)`` picks the chart; ``docs/followup.md`` explains the rules.
"""

from fardplan.spc.analysis import analyse
from fardplan.spc.assessment import MIN_POINTS, Assessment, assess
from fardplan.spc.choice import default_chart, scale
from fardplan.spc.model import Analysis, Chart, Part, Point, PointResult, Season
from fardplan.spc.seasonal import estimate_season

__all__ = [
    "MIN_POINTS",
    "Analysis",
    "Assessment",
    "Chart",
    "Part",
    "Point",
    "PointResult",
    "Season",
    "analyse",
    "assess",
    "default_chart",
    "estimate_season",
    "scale",
]
