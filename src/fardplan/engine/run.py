"""Run the whole catalogue on a dataset: validate, attribute once, compute, suppress.

:func:`compute` is the engine's entry point for the CLI, the web app and the benchmarks.
"""

from __future__ import annotations

import functools
import shutil
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from fardplan.catalogue import Catalogue, Count, Filter, Indicator, load_catalogue
from fardplan.contract import EVENT_DATES
from fardplan.engine import remote
from fardplan.engine.attribution import (
    READMISSION_DAYS,
    cell_codes,
    decode,
    derive,
    persons,
    with_cell,
)
from fardplan.engine.backends import Backend, connect, upload
from fardplan.engine.cells import (
    band_table,
    grid,
    roll_up,
    slot_table,
    standard_slots,
    standard_weights,
)
from fardplan.engine.compile import Sources, base_cells, every_row_count, yearly_cells
from fardplan.engine.dataset import (
    find_unreadable,
    fingerprint,
    locate,
    open_tables,
    table_rows,
)
from fardplan.engine.errors import DatasetError, EngineError
from fardplan.engine.extension import Extension, keep
from fardplan.engine.filters import filter_id
from fardplan.engine.incremental import Periods, affected, first_new_day, merge
from fardplan.engine.periods import periods_of
from fardplan.engine.schema import CELL_KEYS, EXACT, RESULT_SCHEMA, sort_cells
from fardplan.engine.shrink import Profile, check_no_shrink, rows_by_period
from fardplan.engine.state import (
    PERSON_ROWS,
    ROW_INPUTS,
    Digests,
    KeptPersons,
    file_listing,
    keepable,
)
from fardplan.engine.suppression import suppress_cells
from fardplan.engine.validation import (
    DataQualityReport,
    check_not_empty,
    check_schemas,
    settle_persons,
    validate_opened,
)
from fardplan.reference.sweden import municipalities

Progress = Callable[[str, int, int], None]
P = ParamSpec("P")
# The steps a run reports to ``progress`` besides each indicator's id, in order.
VALIDATING, SUMMING, SUPPRESSING = (
    "validating the dataset",
    "summing areas, sexes and ages",
    "suppressing",
)


@dataclass(frozen=True)
class Run:
    """One complete run: raw results (with the ``suppressed`` flag) and how they were made."""

    run_id: str
    results: pa.Table
    report: DataQualityReport
    fingerprint: str
    catalogue_version: str
    backend: str
    started: datetime
    finished: datetime

    state: Path | None = None  # the folder of the sums kept for an incremental run
    extended: tuple[str, ...] = ()  # tables of which only the rows after a stored run were read

    @property
    def seconds(self) -> float:
        return (self.finished - self.started).total_seconds()


def refusing_unreadable(function: Callable[P, Run]) -> Callable[P, Run]:
    """Return ``function`` (whose first argument is the dataset's folder) with its read
    failures refused by name.

    A query that fails while reading the dataset (a file corrupt in the middle, which its
    footer does not show) is refused as ``DatasetError`` naming the table, file, row group
    and column, found by reading the files again; any other failure is raised as it is.
    """

    @functools.wraps(function)
    def refusing(*args: P.args, **kwargs: P.kwargs) -> Run:
        try:
            return function(*args, **kwargs)
        except (DatasetError, EngineError):
            raise
        except Exception as error:
            data_dir = Path(str(args[0] if args else kwargs["data_dir"]))
            found = find_unreadable(locate(data_dir)) if data_dir.is_dir() else None
            if found is None:
                raise
            raise DatasetError([found]) from error

    return refusing


@refusing_unreadable
def compute(
    data_dir: Path | str,
    *,
    backend: Backend = "duckdb",
    years: Sequence[int] | None = None,
    lenient: bool = False,
    indicator_ids: Sequence[str] | None = None,
    con: ibis.BaseBackend | None = None,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
    previous: pa.Table | None = None,
    previous_state: Path | None = None,
    keep_state: Path | None = None,
    allow_empty: Collection[str] = (),
    stored_rows: Profile | None = None,
    allow_shrink: Collection[str] = (),
) -> Run:
    """Compute every computed indicator (or ``indicator_ids``) for the dataset in ``data_dir``.

    Returns the raw cells sorted by indicator, period, area, sex and age group, suppression
    flagged (use ``publish`` before showing them). With ``previous`` (the results of a run on
    an earlier state of the dataset, same indicators), only the periods the new months affect
    are computed and merged into it (see ``incremental``); the result equals a full run.
    With ``previous_state`` too (that run's ``keep_state`` folder), only the rows dated after
    it are read where its sums allow (see ``state``). ``keep_state``: a folder (created) to
    keep this run's sums in for the next incremental run; ``Run.state`` then names it.
    A table the indicators read that has no rows is refused unless named in ``allow_empty``;
    with ``stored_rows`` (the current run's ``rows_by_period``), a period with under half its
    rows is refused unless its table is named in ``allow_shrink`` (or ``allow_empty``).
    Raises ``DatasetError`` when the dataset breaks the contract (unless ``lenient``),
    ``ValueError`` for an unknown backend or year, or a ``previous`` the dataset does not
    extend (``StateMismatch`` when the stored sums do not hold for it).
    """
    started = datetime.now(UTC)
    catalogue = catalogue or load_catalogue()
    chosen = _choose(catalogue, indicator_ids)
    counts = [
        c
        for i in chosen
        if i.computation
        for c in (i.computation.numerator, i.computation.denominator)
    ]
    report_step = progress or (lambda _step, _done, _total: None)
    report_step(VALIDATING, 0, len(chosen))
    con = con or connect(backend)
    # A dataset on a cluster's storage (a URI) is found, checked, counted and opened by Spark
    # itself, for a full run (engine/remote.py); a local folder from its Parquet footers.
    cluster_fingerprint = None
    located: Mapping[str, Path | str]
    if remote.is_uri(data_dir):
        full_run = previous is None and keep_state is None
        needed = read_tables(counts) - set(allow_empty)
        located, raw, cluster_fingerprint = remote.open_dataset(
            con, str(data_dir), needed, full_run
        )
        paths: dict[str, Path] = {}  # nothing on this machine's disk
        listing: dict[str, dict[str, list[int]] | None] = dict.fromkeys(ROW_INPUTS)
    else:
        paths = locate(Path(data_dir))
        check_schemas(paths)
        check_not_empty(table_rows(paths), read_tables(counts) - set(allow_empty))
        # Taken before any row is read: a file written during the run then shows as changed.
        listing = {table: file_listing(paths[table]) for table in ROW_INPUTS}
        raw = open_tables(con, paths)
        located = paths
    profile = rows_by_period(raw)
    if stored_rows:
        check_no_shrink(profile, stored_rows, {*allow_shrink, *allow_empty})
    digests = Digests(paths)  # the population's and units', compared and kept per table
    extension = Extension.open(
        previous, previous_state, counts, paths, raw, con, catalogue, listing, digests
    )
    state, reused = extension.state, extension.reused
    try:
        tables, report = validate_opened(
            located,
            raw,
            lenient=lenient,
            defer_persons=True,
            new=extension.new,
            trusted=extension.trusted(),
            above=extension.above(),
            added=extension.added,
        )
        stored_days = [kept.seen.through for kept in reused.values()]
        # A new stay can change its person's older ones (see ``_changes_from``).
        stays = tables["admissions"]
        if "admissions" in extension.context:
            stays = ibis.union(extension.context["admissions"], stays, distinct=False)
        filters = person_filters(counts)
        flags = [filter_id(chosen) for chosen in filters if chosen]
        stored_persons = None if years else extension.stored_persons(digests, flags)
        sources, areas, full_years, periods = _sources(
            con, tables, years, previous, stored_days, filters, stays, stored_persons
        )
    except BaseException:
        extension.release()
        raise
    sources.releases.append(extension.release)
    sources.state, sources.reused = state, reused
    for table, older in extension.context.items():
        # Admissions: the new stays and their persons' older ones are derived together (a
        # new stay can make an older one a readmission's index stay), and the older ones'
        # stored sums are taken out again (see ``Sources.monthly``).
        both = ibis.union(older, tables[table], distinct=False)
        sources.events[table] = derive({**tables, table: both})[table]
        sources.taken_out[table] = derive({**tables, table: older})[table]
    every_year = not years and sources.persons is sources.all_persons
    if keep_state is not None:
        # Sums are complete for the tables extended from the stored run, and for every table
        # when all years were computed (an incremental run without a usable state included).
        sources.keep = frozenset(reused) | frozenset(keepable(counts) if every_year else ())
    sources.plan(counts)
    # A kept table keeps its row count too, which settles the next run's person checks.
    dates = keepable(counts)
    sources.plan(
        [
            every_row_count(t, d)
            for t, d in EVENT_DATES.items()
            if t in sources.keep and (dates[t] == d or t in PERSON_ROWS)
        ]
    )
    try:
        # The attribution's row counts settle the person checks validation deferred: a table
        # whose rows were all attributed has no event of a missing person. The persons may be
        # cut down to some years (those an incremental run recomputes): then fewer rows can
        # be attributed, never more, and a shortfall runs the checks. Of a table extended
        # from a stored run, only the new rows are read and counted (they fall in the
        # recomputed years).
        attributed = {
            table: sources.attributed_rows(table, date) for table, date in EVENT_DATES.items()
        }
        settle_persons(tables, report, attributed, lenient=lenient)
        extended_stays = sorted(PERSON_ROWS.keys() & reused.keys())
        if extended_stays:
            months = [sources.changed_months(table) for table in extended_stays]
            periods["changed"] = _changed(periods, set().union(*months))
        if state is not None and reused:
            report = report.with_stored(state.report, reused)
        sides, slots = [], []
        recomputed: dict[str, list[str]] = {}
        for done, indicator in enumerate(chosen):
            report_step(indicator.id, done, len(chosen))
            # Admissions can change any month of the years they touch: a stay known on
            # discharge counts in its month of admission.
            sources.periods, chosen_periods = periods[_scope(indicator, reused)]
            recomputed[indicator.id] = [label for _, _, label in chosen_periods]
            sides.append(indicator_sides(indicator, sources))
            slots.append(slot_table(indicator, chosen_periods))
        report_step(SUMMING, len(chosen), len(chosen))
        slot_rows = pa.concat_tables(slots)
        cells = all_cells(chosen, sides, slot_rows, areas, full_years, sources).to_pyarrow()
        kept = None
        if keep_state is not None:
            read = {**raw, **extension.new}
            persons = None
            if not years:  # the persons of every year, built or read back
                built = (sources.all_persons, sources.codes)
                files = stored_persons or built
                persons = KeptPersons(digests["population"], flags, *files)
            kept = keep(
                keep_state, sources, read, digests, report, catalogue, listing, persons
            ).folder
    finally:
        sources.release()
    report_step(SUPPRESSING, len(chosen), len(chosen))
    try:
        raw = cells.cast(RESULT_SCHEMA.remove(8))
        again = None
        if previous is not None:
            # Only the years of indicators with a recomputed period are suppressed again.
            raw = sort_cells(merge(previous, raw, recomputed))
            again = raw["again"].to_numpy(zero_copy_only=False)
            raw = raw.drop_columns(["again"])
        else:
            raw = sort_cells(raw)
        results = suppress_cells(raw, catalogue, within=again)
    except BaseException:
        if kept is not None:  # no state without the results it belongs to
            shutil.rmtree(kept, ignore_errors=True)
        raise
    report.rows_by_period = profile
    return Run(
        run_id=uuid.uuid4().hex[:12],
        results=results,
        report=report,
        fingerprint=cluster_fingerprint or fingerprint(locate(Path(data_dir))),
        catalogue_version=catalogue.version,
        backend=con.name,
        started=started,
        finished=datetime.now(UTC),
        state=kept,
        extended=tuple(sorted(reused)),
    )


def _choose(catalogue: Catalogue, ids: Sequence[str] | None) -> list[Indicator]:
    if ids is None:
        return list(catalogue.computed)
    return [catalogue.get(i) for i in ids]


def _sources(
    con: ibis.BaseBackend,
    tables: dict[str, ir.Table],
    years: Sequence[int] | None,
    previous: pa.Table | None,
    stored_days: Sequence[Any] = (),
    filters: Iterable[tuple[Filter, ...]] = (),
    stays: ir.Table | None = None,
    stored_persons: tuple[Path, Path] | None = None,
) -> tuple[Sources, ir.Table, list[int], dict[str, tuple[ir.Table, list[PeriodRow]]]]:
    """Return the shared sources, the areas per year, the full years and the periods.

    ``stored_days``: the last days of the rows a stored run read of tables of which only the
    rows after are read now (the data runs at least that far). ``filters``: those of the
    counts of persons, which the persons keep as flags besides their cell (see
    ``with_cell``). ``stays``: the admissions read, with the older stays of their persons
    when only new rows are read. ``stored_persons``: the files of persons and cell numbers a
    stored run kept of the same population (``Extension.stored_persons``), read back instead
    of built.

    The periods to compute, as a table and as rows (type, year, label): all of them in a
    full run. In an
    incremental run, ``"new"`` are those the new months affect (see ``incremental``) and
    ``"years"`` every period of the years those fall in (see ``_scope``).
    """
    people = persons(tables["population"])
    if years:
        people = people.filter(people.year.isin(list(years)))
    sources = Sources(persons=people, events=derive(tables), periods=people, codes=people)
    if stored_persons is None:
        sources.codes = sources.cache(cell_codes(people))
        narrow = with_cell(people, sources.codes, filters)
    else:
        persons_file, codes_file = (str(file) for file in stored_persons)
        sources.codes = sources.cache(con.read_parquet(codes_file))
        narrow = con.read_parquet(persons_file)
    # Read back, the persons are held in memory only for the years computed (below).
    held = stored_persons is None
    sources.persons = sources.all_persons = sources.cache(narrow) if held else narrow
    cells = sources.persons.select("year", "cell").distinct()
    present = decode(cells, sources.codes).select("year", "municipality_code").distinct()
    present = present.to_pyarrow()
    by_year: dict[int, set[str]] = {}
    for year, code in zip(*present.to_pydict().values(), strict=True):
        by_year.setdefault(int(year), set()).add(str(code))
    if years and not by_year:
        listed = ", ".join(map(str, years))
        raise EngineError(
            f"no population for year(s) {listed}", f"ingen befolkning för år {listed}"
        )
    all_codes = {m.code for m in municipalities()}
    full_years = sorted(y for y, codes in by_year.items() if all_codes <= codes)
    every = periods_of(sorted(by_year), _last_event_day(tables, stored_days))
    new = every
    if previous is not None:
        # Only the years of the affected periods are attributed and gridded.
        stays = tables["admissions"] if stays is None else stays
        new = affected(every, previous, _changes_from(stays, every, previous))
        kept = sorted(set(new["year"]))
        every = {
            name: [v for v, y in zip(values, every["year"], strict=True) if y in kept]
            for name, values in every.items()
        }
        if set(kept) != set(by_year):
            sources.persons = sources.persons.filter(sources.persons.year.isin(kept))
        present = present.filter(pc.is_in(present["year"], pa.array(kept, present["year"].type)))
        full_years = [year for year in full_years if year in kept]
    if not held:  # the years computed are known now
        every_year = sources.persons is sources.all_persons
        sources.persons = sources.cache(sources.persons)
        if every_year:
            sources.all_persons = sources.persons
    years_table = upload(con, every)
    new_table = years_table if new is every else upload(con, new)
    sources.periods = years_table
    areas = upload(con, present)
    periods = {
        "years": (years_table, _period_rows(every)),
        "new": (new_table, _period_rows(new)),
    }
    return sources, areas, full_years, periods


PeriodRow = tuple[str, int, str]  # period type, year, label
SIDES = ("numerator", "denominator")


def _period_rows(periods: dict[str, list[Any]]) -> list[PeriodRow]:
    return list(zip(periods["period_type"], periods["year"], periods["period"], strict=True))


def read_tables(counts: Iterable[Count]) -> set[str]:
    """Return the tables the ``counts`` read: their own, the population and the units."""
    return {"population", "units"} | {str(c.table) for c in counts if c.table}


def person_filters(counts: Iterable[Count]) -> list[tuple[Filter, ...]]:
    """Return the filters of the counts of persons (each once, in the order given)."""
    return list(dict.fromkeys(c.where for c in counts if c.measure == "persons"))


def _scope(indicator: Indicator, reused: Mapping[str, object]) -> str:
    """Return which periods an incremental run recomputes for ``indicator``.

    ``"new"`` when every count reads the population or a table of which only the rows after
    the stored run are read (their sums grow only in the months of those rows), ``"changed"``
    when such a table is one of ``PERSON_ROWS`` (admissions: ``_changed``). Otherwise
    ``"years"``: admissions may change any month of a year, as a stay known once discharged
    counts in its month of admission, and a new stay can make an older one a readmission's
    index stay.
    """
    spec = indicator.computation
    sides = (spec.numerator, spec.denominator) if spec else ()
    read = {str(c.table) for c in sides if c.measure != "persons"}
    if not read <= reused.keys():
        return "years"
    return "changed" if read & PERSON_ROWS.keys() else "new"


def _changed(
    periods: dict[str, tuple[ir.Table, list[PeriodRow]]], months: set[tuple[int, int]]
) -> tuple[ir.Table, list[PeriodRow]]:
    """Return the new periods and those of ``months``, whose sums the new rows changed.

    Every other month of an admissions indicator keeps its stored cells: its sums and its
    population are as the stored run had them.
    """
    years, rows = periods["years"]
    new = {label for _, _, label in periods["new"][1]}
    changed = {f"{year}-{month:02d}" for year, month in months}
    years_changed = {year for year, _ in months}
    chosen = [
        row
        for row in rows
        if row[2] in new or row[2] in changed or (row[0] == "year" and row[1] in years_changed)
    ]
    labels = [label for _, _, label in chosen]
    return years.filter(years.period.isin(labels)), chosen


def _changes_from(stays: ir.Table, periods: Periods, previous: pa.Table) -> date | None:
    """Return the earliest day on which stays unknown to ``previous`` can change a cell.

    The unknown stays are among those discharged from ``READMISSION_DAYS`` before the first
    new month on (``first_new_day``). Each counts in its month of admission, and can make a
    stay of its person discharged up to ``READMISSION_DAYS`` before that admission an index
    stay, which counts in its own months of admission and discharge.
    """
    first_new = first_new_day(periods, previous)
    if first_new is None:
        return None
    window = timedelta(days=READMISSION_DAYS)
    unknown = stays.filter(stays.discharged_on >= first_new - window)
    earliest: date | None = unknown.admitted_on.min().to_pyarrow().as_py()
    if earliest is None:
        return None
    index_stays = stays.filter(stays.discharged_on >= earliest - window)
    admitted: date = index_stays.admitted_on.min().to_pyarrow().as_py()
    return min(earliest - window, admitted)


def _last_event_day(tables: dict[str, ir.Table], stored_days: Sequence[Any]) -> Any:
    days = [
        tables[name][column].max().to_pyarrow().as_py()
        for name, column in (("contacts", "date"), ("admissions", "discharged_on"))
    ] + list(stored_days)
    known = [day for day in days if day is not None]
    return max(known) if known else None


def indicator_sides(indicator: Indicator, sources: Sources) -> dict[str, ir.Table]:
    """Return the numerator's and denominator's base cells of one indicator, every period type.

    Cells by single year of age, tagged with the indicator: ``all_cells`` bands them. A count
    of persons has one cell per year and no period (``compile.yearly_cells``).
    """
    spec = indicator.computation
    if spec is None:
        raise ValueError(f"indicator {indicator.id!r} is imported, not computed")
    sides = {}
    for side, count in (("numerator", spec.numerator), ("denominator", spec.denominator)):
        if count.measure == "persons":
            sides[side] = yearly_cells(count, sources).mutate(
                indicator_id=ibis.literal(indicator.id)
            )
            continue
        per_type = [base_cells(count, sources, period_type) for period_type in indicator.periods]
        union = ibis.union(*per_type, distinct=False) if len(per_type) > 1 else per_type[0]
        sides[side] = union.mutate(indicator_id=ibis.literal(indicator.id))
    return sides


def all_cells(
    indicators: list[Indicator],
    sides: list[dict[str, ir.Table]],
    slots: pa.Table,
    areas: ir.Table,
    full_years: list[int],
    sources: Sources,
) -> ir.Table:
    """Return every cell of the indicators (raw, before suppression), in one query.

    ``sides``: each indicator's (``indicator_sides``); ``slots``: the cells to fill besides
    area and sex (``cells.slot_table``). Every indicator's base cells are banded by one
    join and summed by one group (one more for the yearly counts of persons), and fill one
    grid: a query a third the size of one per indicator, which Ibis compiles and DuckDB plans
    in about half the time.
    """
    con = areas.get_backend()
    ages = sources.codes.select("age").distinct().to_pyarrow()["age"].to_pylist()
    bands = upload(con, band_table(indicators, ages))
    # Materialised: the roll-up's twelve sums then read a small table, not twelve copies of
    # the whole expression (which also keeps Ibis's compile time down).
    cells = roll_up(sources.cache(_filled(sides, bands, grid(slots, areas))), full_years)
    factor = _factors(indicators, cells.indicator_id)
    value = cells.numerator.cast("float64") / cells.denominator.cast("float64") * factor
    cells = cells.select(
        *CELL_KEYS,
        numerator=cells.numerator.cast("float64"),
        denominator=cells.denominator,
        value=ibis.ifelse(cells.denominator == 0, ibis.null("float64"), value),
    )
    standardised = [(i, s) for i, s in zip(indicators, sides, strict=True) if i.standard_population]
    if not standardised:
        return cells
    values = _standardised_values(standardised, slots, areas, ages, full_years, sources)
    on = ["indicator_id", "period", "area_code", "sex", "age_group"]
    joined = cells.left_join(values, [cells[key] == values[f"std_{key}"] for key in on])
    chosen = [indicator.id for indicator, _ in standardised]
    return joined.select(
        *CELL_KEYS,
        "numerator",
        "denominator",
        value=ibis.ifelse(joined.indicator_id.isin(chosen), joined.std_value, joined.value),
    )


def _factors(indicators: list[Indicator], indicator_id: ir.StringColumn) -> ir.FloatingValue:
    factor: ir.FloatingValue = ibis.cases(
        *[(indicator_id == i.id, ibis.literal(float(i.factor))) for i in indicators]
    )
    return factor


def _filled(sides: list[dict[str, ir.Table]], bands: ir.Table, slotted: ir.Table) -> ir.Table:
    """Return the grid ``slotted`` with each side's base cells banded by ``bands`` and summed.

    Cells without base cells are 0.
    """
    keys = ["indicator_id", "year", "period", "municipality_code", "sex", "age_group"]
    filled = slotted.mutate(**{side: ibis.null().cast(EXACT) for side in SIDES})
    # Counts of persons are banded and summed once per year, then spread over the year's
    # periods by the join with the grid: the rest, per period. A side has its sums in one.
    for periodic, on in ((True, keys), (False, [key for key in keys if key != "period"])):
        parts = [
            (side, cells)
            for each in sides
            for side, cells in each.items()
            if ("period" in cells.columns) == periodic
        ]
        if not parts:
            continue
        found = _banded_sums(parts, bands, on)
        joined = filled.left_join(found, [filled[key] == found[f"found_{key}"] for key in on])
        filled = joined.select(
            *slotted.columns,
            **{side: ibis.coalesce(joined[side], joined[f"found_{side}"]) for side in SIDES},
        )
    return filled.select(
        *slotted.columns,
        numerator=filled.numerator.fill_null(0),
        denominator=filled.denominator.fill_null(0).cast("int64"),
    )


def _standardised_values(
    chosen: list[tuple[Indicator, dict[str, ir.Table]]],
    slots: pa.Table,
    areas: ir.Table,
    ages: list[int],
    full_years: list[int],
    sources: Sources,
) -> ir.Table:
    """Return the age-standardised value of every cell of the ``chosen`` indicators.

    Direct method: the cell's rate in each band of the standard population (numerator and
    denominator summed over its areas and sexes as the crude ones are) weighted by the band's
    weight, over the bands with persons in them (``std_`` + each cell key, ``std_value``).
    A band without persons has no rate; when no band has one the value is null, as a crude
    rate on no persons is.
    """
    con = areas.get_backend()
    indicators = [indicator for indicator, _ in chosen]
    bands = upload(con, band_table(indicators, ages, standard=True))
    slotted = grid(standard_slots(slots, indicators), areas)
    filled = sources.cache(_filled([sides for _, sides in chosen], bands, slotted))
    # Per band only: a sum over the bands is no rate to weight.
    by_band = roll_up(filled, full_years, age_totals=False)
    by_band = by_band.filter(by_band.denominator > 0)
    weights = upload(con, standard_weights(indicators))
    weights = weights.rename(w_indicator_id="indicator_id", group="age_group")
    joined = by_band.join(
        weights,
        [by_band.indicator_id == weights.w_indicator_id, by_band.age_group == weights.band],
    )
    rate = joined.numerator.cast("float64") / joined.denominator.cast("float64")
    keys = {"indicator_id": joined.indicator_id, "period": joined.period}
    keys |= {"area_code": joined.area_code, "sex": joined.sex, "age_group": joined.group}
    # Each weighted rate is summed as an exact decimal: a sum of floats depends on the order
    # of its terms, which differs between threads and backends; this one is the same on both.
    sums = joined.group_by(**keys).agg(
        weighted=(joined.weight * rate).cast(EXACT).sum(), weights=joined.weight.sum()
    )
    weighted = sums.weighted.cast("float64")
    value = weighted / sums.weights * _factors(indicators, sums.indicator_id)
    return sums.select(**{f"std_{key}": sums[key] for key in keys}, std_value=value)


def _banded_sums(parts: list[tuple[str, ir.Table]], bands: ir.Table, keys: list[str]) -> ir.Table:
    """Return the (side, base cells) ``parts`` banded by one join and summed by one group.

    Columns: ``found_`` + each of ``keys`` and of the sides (null for a side without cells).
    """
    absent = ibis.null().cast(EXACT)
    base = [key for key in ("age", *keys) if key not in ("indicator_id", "age_group")]
    union = ibis.union(
        *[
            cells.select(
                "indicator_id",
                *base,
                **{other: cells.x if other == side else absent for other in SIDES},
            )
            for side, cells in parts
        ],
        distinct=False,
    )
    banded = union.join(bands, ["indicator_id", "age"])
    sums = banded.group_by(keys).agg(**{side: banded[side].sum() for side in SIDES})
    return sums.rename({f"found_{column}": column for column in sums.columns})


__all__ = ["Run", "all_cells", "compute", "indicator_sides"]
