"""The monthly series as a statistical process control chart: the user's choices (chart
kind, frozen baseline, breaks, seasonal adjustment), the analysis by ``fardplan.spc`` as the
``fardplan signals`` command makes it, and the assessment worded for a decision-maker."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fardplan.catalogue import Indicator
from fardplan.spc import Analysis, Assessment, Chart, Point, assess
from fardplan.spc.assessment import MIN_POINTS, latest_signal_side
from fardplan.spc.series import Memo, SeriesKey, analyse_indicator, reference_season
from fardplan.web.followup.areas import SWEDEN
from fardplan.web.followup.numbers import rounded
from fardplan.web.followup.query import Cell, PublishedRun
from fardplan.web.site.free_text import FreeTextForm


def chart_labels() -> dict[Chart, str]:
    return {
        Chart.RUN: _("Run chart (median)"),
        Chart.I: _("I chart (individual values)"),
        Chart.P: _("p chart (proportion)"),
        Chart.PP: _("p′ chart (proportion, Laney)"),
        Chart.U: _("u chart (rate)"),
        Chart.UP: _("u′ chart (rate, Laney)"),
    }


class ControlChoice(FreeTextForm, forms.Form):
    """The chart's settings from the query string; each invalid one falls back to its default
    and is named in the form's errors."""

    chart = forms.ChoiceField(label=gettext_lazy("Chart"), required=False)
    freeze = forms.IntegerField(
        label=gettext_lazy("Baseline: the first months"),
        required=False,
        min_value=MIN_POINTS,
        help_text=gettext_lazy("Centre and limits from these months only; empty: all."),
    )
    brk = forms.MultipleChoiceField(label=gettext_lazy("New period from"), required=False)
    seasonal = forms.ChoiceField(
        label=gettext_lazy("Seasonal pattern"),
        required=False,
        choices=[
            ("on", gettext_lazy("Adjust for the seasons")),
            ("off", gettext_lazy("No adjustment")),
        ],
    )

    def __init__(self, data: Any, *, months: list[str], default: Chart) -> None:
        if data is not None:
            # A query string without a chart (the series choice, a break link) means the
            # default chart, adjusted: shown as such in the form, not as its first option.
            data = data.copy()
            data.setdefault("chart", default.value)
            data.setdefault("seasonal", "on")
        super().__init__(data)
        self.fields["chart"].choices = list(chart_labels().items())  # type: ignore[attr-defined]
        self.fields["chart"].initial = default.value
        self.fields["brk"].choices = [(m, m) for m in months[1:]]  # type: ignore[attr-defined]
        self.fields["brk"].widget.attrs["size"] = 4
        self.fields["freeze"].max_value = len(months)  # type: ignore[attr-defined]
        self.fields["freeze"].widget.attrs.update(max=len(months), min=MIN_POINTS)
        self.default = default

    def settings(self) -> Settings:
        """Return the valid settings; a field with an error takes its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chart = data.get("chart") or self.default.value
        return Settings(
            chart=Chart(chart),
            freeze=data.get("freeze"),
            breaks=tuple(sorted(data.get("brk") or ())),
            seasonal=data.get("seasonal") != "off",
        )


@dataclass(frozen=True)
class Settings:
    chart: Chart
    freeze: int | None = None
    breaks: tuple[str, ...] = ()
    seasonal: bool = True


def points(cells: tuple[Cell, ...]) -> list[Point]:
    """Return the cells as SPC points; a suppressed cell is a gap (no value, no counts)."""
    return [Point(c.period, c.value, c.numerator, c.denominator) for c in cells]


@dataclass
class SeasonMemo:
    """Seasonal patterns of the run's regions, per sex and age group, estimated once per run."""

    by_breakdown: dict[tuple[str, str], Memo] = field(default_factory=dict)


_memos: dict[str, SeasonMemo] = {}


def analysis_of(
    run: PublishedRun,
    entry: Indicator,
    area_code: str,
    sex: str,
    age_group: str,
    months: tuple[Cell, ...],
    settings: Settings,
) -> Analysis:
    """Return the series analysed as ``fardplan signals`` does: adjusted by the pattern of
    Sweden's series, else of the sum of the run's regions, else its own (``reference_season``)."""
    key = SeriesKey(entry.id, area_code, sex, age_group)
    own = points(months)
    season = None
    if settings.seasonal:
        memo = _memos.setdefault(run.info.run_id, SeasonMemo()).by_breakdown
        known = memo.setdefault((sex, age_group), {})
        series = {key: own}
        if (entry.id, settings.chart) not in known:
            series.update(reference_series(run, entry.id, sex, age_group))
        season = reference_season(series, key, settings.chart, known)
    return analyse_indicator(
        own,
        entry,
        chart=settings.chart,
        season=season,
        seasonal=season is not None,
        freeze=settings.freeze,
        breaks=settings.breaks,
    )


def reference_series(
    run: PublishedRun, indicator_id: str, sex: str, age_group: str
) -> dict[SeriesKey, list[Point]]:
    """Return Sweden's monthly series of the indicator if the run has it, else the regions'."""
    areas = [a for a in run.areas(indicator_id) if a.startswith("00")]
    if SWEDEN in areas:
        areas = [SWEDEN]
    return {
        SeriesKey(indicator_id, a, sex, age_group): points(
            run.series(indicator_id, a, sex, age_group).months
        )
        for a in areas
    }


@dataclass(frozen=True)
class Verdict:
    """The assessment as the page words it."""

    kind: str  # an Assessment value, also the CSS modifier
    headline: str
    explanation: str


def level_change(analysis: Analysis, entry: Indicator) -> str:
    """Return, for a series split into periods, how the last period's centre line compares
    with the one before ('' for a single period or a centre missing)."""
    if len(analysis.parts) < 2:
        return ""
    before, last = analysis.parts[-2], analysis.parts[-1]
    if before.centre is None or last.centre is None:
        return ""
    decimals = 2 if entry.factor == 1 else 1
    return _("From %(period)s the centre line lies at %(last)s, against %(before)s before.") % {
        "period": last.first_period,
        "last": rounded(last.centre * analysis.scale, decimals),
        "before": rounded(before.centre * analysis.scale, decimals),
    }


def verdict(analysis: Analysis, entry: Indicator) -> Verdict:
    """Return the assessment of the last part in plain words, with what it rests on."""
    found = assess(analysis, entry.good)
    part = analysis.last_part
    values = [p.observed for p in analysis.points if p.observed is not None]
    if values and not any(values):
        return Verdict(
            str(Assessment.NO_DATA),
            _("No cases in the period"),
            _("Every published month is 0: there is no variation to judge."),
        )
    evidence = signal_evidence(analysis)
    headlines = {
        Assessment.IMPROVEMENT: _("Improvement"),
        Assessment.DETERIORATION: _("Deterioration"),
        Assessment.SPECIAL_CAUSE: _("A real change (neither direction is better in itself)"),
        Assessment.COMMON_CAUSE: _("No sure change: ordinary variation"),
        Assessment.NO_DATA: _("Too few values to judge"),
    }
    if found is Assessment.NO_DATA:
        explanation = _(
            "An assessment needs at least %(min)d months with published values, and no more "
            "than a quarter of the months hidden. This series has %(n)d published of "
            "%(total)d months."
        ) % {
            "min": MIN_POINTS,
            "n": part.n_points if part else 0,
            "total": part.n_periods if part else 0,
        }
    elif found is Assessment.COMMON_CAUSE:
        explanation = _(
            "The values vary no more than chance usually makes them: no month lies outside "
            "the limits, and no run above or below the centre line is longer than chance "
            "allows. Nothing shows that the level has changed."
        )
    else:
        direction = {
            Assessment.IMPROVEMENT: _("in the better direction"),
            Assessment.DETERIORATION: _("in the worse direction"),
        }.get(found, "")
        explanation = _(
            "The values have moved %(direction)s more than chance usually makes them: %(evidence)s"
        ) % {"direction": direction, "evidence": evidence}
        explanation = explanation.replace("  ", " ")
    change = level_change(analysis, entry)
    if change and found is not Assessment.NO_DATA:
        explanation = _("%(change)s Within the last period: %(explanation)s") % {
            "change": change,
            "explanation": explanation[:1].lower() + explanation[1:],
        }
    return Verdict(str(found), headlines[found], explanation)


def signal_evidence(analysis: Analysis) -> str:
    """Return what the last part's signals are, in words (empty without a signal)."""
    part = analysis.last_part
    if part is None or latest_signal_side(analysis) is None:
        return ""
    said = []
    number = len(analysis.parts) - 1
    outside = [p.period for p in analysis.points if p.part == number and p.sigma_signal]
    if outside:
        said.append(_("%(periods)s outside the limits") % {"periods": ", ".join(outside[-4:])})
    if part.runs_signal and part.longest_run is not None and part.longest_run_max is not None:
        if part.longest_run > part.longest_run_max:
            said.append(
                _("%(run)d months in a row on one side of the centre line (chance allows "
                  "%(max)d), up to %(period)s")
                % {"run": part.longest_run, "max": part.longest_run_max,
                   "period": part.signal_period or ""}
            )  # fmt: skip
        else:
            said.append(
                _("the series crosses its centre line only %(crossings)d times (chance gives "
                  "at least %(min)d)")
                % {"crossings": part.crossings or 0, "min": part.crossings_min or 0}
            )  # fmt: skip
    return "; ".join(said) + "."


def point_signal(
    analysis: Analysis, entry: Indicator, index: int, runs: dict[int, int] | None = None
) -> str:
    """Return the colour key of a point: its side against the good direction when it lies
    outside the limits or belongs to a run longer than allowed (``runs``, from
    :func:`fardplan.spc.assessment.long_run_points`), else common cause."""
    point = analysis.points[index]
    if point.value is None or point.centre is None:
        return "common_cause"
    if point.sigma_signal:
        side = 1 if point.value > point.centre else -1
    elif runs and index in runs:
        side = runs[index]
    else:
        return "common_cause"
    if entry.good == "neutral":
        return "neutral"
    return "improvement" if (side > 0) == (entry.good == "higher") else "deterioration"


def yearly_only(entry: Indicator) -> Verdict:
    """Return the note for an indicator with yearly values only (no control chart): computed
    per year, or imported from a source that publishes once a year."""
    if entry.kind == "imported":
        why = _(
            "A control chart needs at least %(min)d values; the source publishes this "
            "indicator once a year. Read the change between years with care: part of it is "
            "chance."
        )
    else:
        why = _(
            "A control chart needs at least %(min)d values; this indicator is computed per "
            "year. Read the change between years with care: part of it is chance."
        )
    return Verdict(
        str(Assessment.NO_DATA),
        _("Yearly values only: too few to judge"),
        why % {"min": MIN_POINTS},
    )
