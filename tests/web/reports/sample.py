"""A realistic report content without a database: Norrbotten's county report for 2024T2 with a
summary and two strategy sections, each with an indicator (one with a suppressed latest value
and a chart spec), activities, comments and plan changes; and its appendix tables.

The exports' tests render it; the content tests check that its JSON is stable."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from fardplan.web.followup.chart import ChartRow, Labels, period_date, series_spec
from fardplan.web.reports.content import (
    ActivityEntry,
    CommentEntry,
    DataTable,
    DecisionEntry,
    IndicatorBlock,
    PlanChange,
    ProgressEntry,
    ReportContent,
    ReportStatus,
    RunStamp,
    Section,
    SectionKind,
    SectionStatus,
)

SUPPRESSED = "Undertryckt: för få personer eller händelser för att visas utan risk att röja dem"
MONTHS = [f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13)][:20]


def _values(start: float, step: float) -> list[float | None]:
    # A slow fall with a wobble: the shape of a real series, reproducible.
    return [round(start - step * n + (0.6 if n % 3 == 0 else -0.4), 1) for n in range(20)]


def chart_spec(
    name: str, unit: str, values: list[float | None], hidden: Collection[str] = ()
) -> dict[str, object]:
    """Return a control chart's spec as the follow-up pages build it (centre and limits flat,
    the months in ``hidden`` suppressed)."""
    known = [v for v in values if v is not None]
    centre = round(sum(known) / len(known), 2)
    rows = [
        ChartRow(
            period=month,
            date=period_date(month),
            value=None if month in hidden else value,
            shown=".." if month in hidden else f"{value}".replace(".", ","),
            reason=SUPPRESSED if month in hidden else None,
            centre=centre,
            lower=round(centre * 0.8, 2),
            upper=round(centre * 1.2, 2),
            signal="common_cause",
            signal_label="Slumpmässig variation",
        )
        for month, value in zip(MONTHS, values, strict=True)
    ]
    labels = Labels(
        period="Period", value=unit, centre="Mittlinje", lower="Nedre gräns", upper="Övre gräns",
        assessment="Signal", activity="Aktivitet", started="Start", status="Status",
        suppressed="Visas inte", interpretation="Tolkning",
        marked="Tolkningar markerade i diagrammet: %(markers)s.",
        description=f"{name}, Region Norrbotten: månadsvärden 2023-01–2024-08 i ett I-diagram.",
    )  # fmt: skip
    return series_spec(rows, labels, [], monthly=True, with_limits=True)


def _table(key: str, title: str, values: list[float | None], hidden: Collection[str]) -> DataTable:
    rows = [
        [month, ".. a" if month in hidden else f"{value}".replace(".", ",")]
        for month, value in zip(MONTHS[-8:], values[-8:], strict=True)
    ]
    notes = [f"a: {SUPPRESSED}."] if hidden else []
    return DataTable(key=key, title=title, columns=["Månad", "Värde"], rows=rows, notes=notes)


def _activity(title: str, plan: str, organisation: str, update: str | None) -> ActivityEntry:
    latest = ProgressEntry(period="2024-T2", status_label="Pågår", text=update) if update else None
    return ActivityEntry(
        title=title, plan_title=plan, organisation_name=organisation, status="ongoing",
        status_label="Pågår", start=date(2024, 1, 15), end=date(2025, 12, 31),
        latest_update=latest,
    )  # fmt: skip


def sample_content(status: ReportStatus = ReportStatus.DRAFT) -> ReportContent:
    """Return Norrbotten's county report for 2024T2 (approved on 2024-09-20 when ``status``
    is approved)."""
    admissions = _values(14.2, 0.08)
    visits = _values(31.5, 0.15)
    hidden = {"2024-08"}
    approved = status is ReportStatus.APPROVED
    section_status = SectionStatus.APPROVED if approved else SectionStatus.READY
    label = "Godkänd" if approved else "Klar"
    summary = Section(
        key="summary", kind=SectionKind.SUMMARY, title="Sammanfattning", number="1",
        organisation_code=None, organisation_name=None, status=section_status,
        status_label=label,
        narrative=(
            "Omställningen går framåt i hela länet. De oplanerade återinskrivningarna bland "
            "äldre ligger kvar på samma nivå, medan hembesöken ökar.\n\n"
            "Region Norrbotten och Luleå kommun har under tertialet startat två gemensamma "
            "mobila team."
        ),
        return_comment="", indicators=[], activities=[], changes=[], decisions=[],
    )  # fmt: skip
    readmissions = IndicatorBlock(
        indicator_id="readmission_30d_65plus",
        name="Återinskrivning inom 30 dagar, 65 år och äldre",
        unit="Andel (%)", good_direction_label="Lägre är bättre",
        area_code="0025", area_name="Region Norrbotten", latest_period="2024-08",
        latest_shown="..", latest_reason=SUPPRESSED, change_shown="", county_shown="",
        sweden_shown="12,9", assessment="common_cause",
        assessment_label="Ingen säker förändring: slumpmässig variation",
        assessment_text="Värdena varierar inte mer än slumpen brukar få dem att göra.",
        chart_spec=chart_spec("Återinskrivning inom 30 dagar", "Andel (%)", admissions, hidden),
        chart_alt=(
            "Återinskrivning inom 30 dagar, Region Norrbotten: månadsvärden 2023-01–2024-08 i "
            "ett I-diagram. Bedömning: ingen säker förändring. Augusti 2024 visas inte."
        ),
        comments=[
            CommentEntry(
                period="2024-06 – 2024-07",
                text="Sommarens bemanning på Sunderby sjukhus förklarar en del av toppen i juni.",
            )
        ],
        table_ref="t-trygghet-readmission_30d_65plus",
    )  # fmt: skip
    home_visits = IndicatorBlock(
        indicator_id="home_visits_per_1000",
        name="Hembesök per 1 000 invånare", unit="Per 1 000 invånare",
        good_direction_label="Högre är bättre", area_code="0025",
        area_name="Region Norrbotten", latest_period="2024-08", latest_shown="28,9",
        latest_reason=None, change_shown="+1,8", county_shown="", sweden_shown="24,1",
        assessment="improvement", assessment_label="Förbättring",
        assessment_text="Åtta månader i rad över mittlinjen (slumpen tillåter sju).",
        chart_spec=chart_spec("Hembesök per 1 000 invånare", "Per 1 000 invånare", visits),
        chart_alt=(
            "Hembesök per 1 000 invånare, Region Norrbotten: månadsvärden 2023-01–2024-08 i ett "
            "I-diagram. Bedömning: förbättring."
        ),
        comments=[],
        table_ref="t-primarvard-home_visits_per_1000",
    )  # fmt: skip
    safety = Section(
        key="trygghet", kind=SectionKind.TARGET_AREA, title="Tillsammans för min trygghet",
        number="2.1", intro="Den enskilde ska känna sig trygg mellan vårdens övergångar.",
        organisation_code="2580", organisation_name="Luleå kommun", status=section_status,
        status_label=label,
        narrative=(
            "Luleå kommun har infört trygg hemgång för alla som skrivs ut från Sunderby "
            "sjukhus.\n\nÅterinskrivningarna är för få i augusti för att visas."
        ),
        return_comment="", indicators=[readmissions],
        activities=[
            _activity(
                "Trygg hemgång", "Lokal handlingsplan Luleå", "Luleå kommun",
                "Samtliga hemtjänstområden arbetar nu enligt rutinen.",
            ),
        ],
        changes=[
            PlanChange(
                on=date(2024, 6, 3), plan_title="Lokal handlingsplan Luleå",
                text="Aktivitet tillagd: Trygg hemgång",
            ),
        ],
        decisions=[],
    )  # fmt: skip
    primary_care = Section(
        key="primarvard", kind=SectionKind.DIRECTION_CHANGE,
        title="Stärkt gemensam primärvård", number="3.1", intro="",
        organisation_code="25", organisation_name="Region Norrbotten", status=section_status,
        status_label=label,
        narrative="Hembesöken fortsätter att öka, mest i inlandskommunerna.",
        return_comment="", indicators=[home_visits],
        activities=[
            _activity("Mobila team i inlandet", "Länsgemensam handlingsplan", "Region Norrbotten",
                      None),
        ],
        changes=[], decisions=[],
    )  # fmt: skip
    decisions = Section(
        key="decisions", kind=SectionKind.DECISIONS, title="Beslut", number="4",
        organisation_code=None, organisation_name=None, status=section_status,
        status_label=label, narrative="", return_comment="", indicators=[], activities=[],
        changes=[],
        decisions=[
            DecisionEntry(
                organisation_name="Luleå kommun", body_label="Kommunfullmäktige",
                meeting_date=date(2024, 6, 17), paragraph="§ 112",
                title="Färdplan nära vård i Norrbotten", kind_label="Antagande",
            )
        ],
    )  # fmt: skip
    return ReportContent(
        language="sv", title="Rapport om omställningen till nära vård, T2 2024",
        county_code="25", county_name="Norrbottens län",
        strategy_title="Färdplan nära vård Norrbotten", period="2024T2",
        period_label="T2 2024 (maj–augusti)", first_month="2024-05", last_month="2024-08",
        scope_code="25", scope_name="Norrbottens län",
        organisations=["Region Norrbotten", "Luleå kommun"], status=status,
        status_label="Godkänd" if approved else "Utkast", version=1,
        approved_at=date(2024, 9, 20) if approved else None,
        run=RunStamp(
            fingerprint="3f9a1c0e5b7d2468", catalogue_version="2024.2",
            computed_at=datetime(2024, 9, 12, 6, 30, tzinfo=UTC),
        ),
        sections=[summary, safety, primary_care, decisions],
        appendix_tables=[
            _table(readmissions.table_ref or "", readmissions.name, admissions, hidden),
            _table(home_visits.table_ref or "", home_visits.name, visits, set()),
        ],
    )  # fmt: skip
