"""The demo's reports: a report template for every strategy of the example counties, and
Norrbotten's county report for 2024T2 (the issue's example) and for the current tertial.

2024T2 is written by two principals, Luleå kommun (three sections) and Region Norrbotten (the
other strategy sections), and by the coordinator (summary, perspectives, decisions, what is
next); every section is marked ready, so that a coordinator who logs in can approve it. The
current tertial's report is begun: a few sections written, none ready. A report that exists
is left as it is (a rebuild keeps what people did with it).

The texts are invented: they quote the numbers the report shows, so they read true.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone, translation

from fardplan.web.organisations.models import Organisation
from fardplan.web.reports import content as c
from fardplan.web.reports import workflow
from fardplan.web.reports.assembly import assemble
from fardplan.web.reports.models import Report, ReportSection
from fardplan.web.reports.periods import current_tertial
from fardplan.web.reports.report_templates import template_for
from fardplan.web.strategies.models import Strategy, StrategyStatus

EXAMPLE_COUNTIES = ("22", "24", "25")
DEMO_PERIOD = "2024T2"
# The strategy items (by key) whose sections Luleå kommun writes; the region writes the rest.
LULEA_WRITES = (
    "tillsammans-for-min-trygghet",
    "okad-personcentrering-och-delaktighet",
    "oppnare-vardformer",
)
WRITERS = {
    None: "samordnare-norrbotten",
    "2580": "redaktor-lulea",
    "25": "redaktor-region-norrbotten",
}


def load_demo_reports() -> None:
    for each in Strategy.objects.filter(county__code__in=EXAMPLE_COUNTIES):
        template_for(each)
    strategy = _norrbottens_strategy()
    users = {code: _user(name) for code, name in WRITERS.items()}
    if strategy is None or None in users.values():
        return  # the example strategy or the demo's people are not loaded
    _write(strategy, DEMO_PERIOD, users, ready=True)
    current = current_tertial(timezone.localdate()).code
    if current != DEMO_PERIOD:
        _write(strategy, current, users, ready=False)


def _norrbottens_strategy() -> Strategy | None:
    adopted_first = Case(
        When(status=StrategyStatus.ADOPTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    found = Strategy.objects.filter(county__code="25")
    return found.order_by(adopted_first, "-period_start").first()


def _user(username: str) -> AbstractBaseUser | None:
    return get_user_model().objects.filter(username=username).first()


def _write(
    strategy: Strategy,
    period: str,
    users: dict[str | None, AbstractBaseUser | None],
    *,
    ready: bool,
) -> None:
    if Report.objects.filter(strategy=strategy, period=period, organisation=None).exists():
        return
    report = workflow.create_report(None, strategy, period)
    lulea = Organisation.objects.get(kind="municipality", code="2580")
    for section in report.sections.filter(item__key__in=LULEA_WRITES):
        workflow.assign_section(None, section, lulea)
    with translation.override(report.language):
        content = {s.key: s for s in assemble(report).sections}
    for section in report.sections.select_related("organisation"):
        code = section.organisation.code if section.organisation else None
        if not ready and code == "25":
            continue  # the region has not begun the current tertial
        writer = users[code]
        workflow.save_narrative(writer, section, narrative(content[section.key]), 1)
        if ready:
            workflow.mark_ready(writer, ReportSection.objects.get(pk=section.pk))


def narrative(section: c.Section) -> str:
    """Return an invented text for the section that quotes the numbers it shows."""
    kind = section.kind
    if kind is c.SectionKind.SUMMARY:
        return SUMMARY
    if kind.has_item:
        return _item_text(section)
    return FIXED[kind]


def _item_text(section: c.Section) -> str:
    if not section.indicators:
        return (
            f"Inga indikatorer är ännu kopplade till {section.title.lower()}. "
            "Arbetet redovisas genom aktiviteterna nedan.\n\n"
            "Under nästa period föreslår vi vilka indikatorer som ska följa avsnittet."
        )
    block = section.indicators[0]
    value = (
        f"värdet för {block.latest_period} visas inte (för få fall)"
        if block.latest_shown == ".."
        else f"värdet för {block.latest_period} var {block.latest_shown} ({block.unit})"
    )
    change = f", {block.change_shown} mot året innan" if block.change_shown else ""
    return (
        f"{block.name}: {value}{change}. Bedömningen är: {block.assessment_label.lower()}.\n\n"
        "Arbetet följer handlingsplanen. Vi fortsätter att följa indikatorn månad för månad "
        "och återkommer med en analys om kurvan bryter mönstret."
    )


SUMMARY = (
    "Omställningen till god och nära vård fortsätter i hela länet. Region Norrbotten och "
    "Luleå kommun redovisar här var sina delar, med indikatorerna för varje målområde och "
    "riktningsförändring.\n\n"
    "Flera indikatorer varierar bara som de brukar; där diagrammen visar en verklig förändring "
    "beskriver avsnitten vad som ligger bakom."
)
FIXED = {
    c.SectionKind.PERSPECTIVE_GENDER: (
        "Indikatorerna följs för kvinnor och män var för sig på uppföljningssidorna. Under "
        "perioden syns inga skillnader mellan könen som kräver särskilda åtgärder."
    ),
    c.SectionKind.PERSPECTIVE_CHILD: (
        "Barnrättsperspektivet redovisas genom aktiviteterna för barn och unga. Skolhälsan och "
        "hälsocentralerna planerar gemensamma insatser mot psykisk ohälsa."
    ),
    c.SectionKind.DECISIONS: "Inga nya beslut om strategin har fattats under perioden.",
    c.SectionKind.NEXT: (
        "Under nästa period utvidgas de mobila teamen och den länsgemensamma utbildningen i "
        "samordnad individuell plan (SIP) fortsätter."
    ),
}
