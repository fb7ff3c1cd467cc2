"""The generator's entry point: :func:`generate` writes a dataset that follows the contract."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from fardplan.reference.sweden import municipalities, regions
from fardplan.synth import tables as t
from fardplan.synth.calendar import DaySampler
from fardplan.synth.context import UnitArrays
from fardplan.synth.county import generate_county
from fardplan.synth.effects import Effect, check_effects
from fardplan.synth.municipality import Counters, Run
from fardplan.synth.rates import Rates, load_rates
from fardplan.synth.units import UnitCatalogue, build_units
from fardplan.synth.writer import TableWriters, atomic_folder

FORMATS = ("parquet", "fhir")
FIRST_YEAR, LAST_YEAR = 2015, 2035
Progress = Callable[[str, int, int], None]  # (what is being done, steps done, steps in all)


class SynthError(ValueError):
    """Bad arguments to the generator; the message says which and why."""


@dataclass
class Summary:
    """What a run wrote: rows per table (Parquet) or resources per type (FHIR)."""

    out_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _counties(counties: Iterable[str] | None) -> list[str]:
    known = [r.code for r in regions()]
    if counties is None:
        return known
    chosen = sorted({c.strip().zfill(2) for c in counties})
    unknown = [c for c in chosen if c not in known]
    if unknown or not chosen:
        raise SynthError(
            f"unknown county code(s) {', '.join(unknown) or '(none given)'}; "
            f"known: {', '.join(known)}"
        )
    return chosen


def _check(years: Sequence[int], scale: float, fmt: str) -> None:
    if not years or list(years) != list(range(years[0], years[0] + len(years))):
        raise SynthError(f"years must be consecutive, got {list(years)}")
    if years[0] < FIRST_YEAR or years[-1] > LAST_YEAR:
        raise SynthError(
            f"years {years[0]}–{years[-1]} are outside {FIRST_YEAR}–{LAST_YEAR}: the population "
            "is projected from the 2022 and 2024 totals, which says little about other decades"
        )
    if not 0 < scale <= 1:
        raise SynthError(f"scale must be above 0 and at most 1, got {scale}")
    if fmt not in FORMATS:
        raise SynthError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")


def _named_shares(rates: Rates, seed: int) -> dict[str, float]:
    """Return each region's named-physician share: evenly spread over the range of rates.yaml
    (so the lowest and highest region sit at its ends), in an order shuffled by ``seed``."""
    low, high = rates.pair("traits.named_physician_share")
    codes = [r.code for r in regions()]
    order = np.random.default_rng(np.random.SeedSequence([seed, 0, 0, 2])).permutation(len(codes))
    shares = np.linspace(low, high, len(codes))
    return {code: float(shares[rank]) for code, rank in zip(codes, order, strict=True)}


def write_parquet(
    folder: Path, run: Run, codes: list[tuple[str, str]], progress: Progress | None
) -> dict[str, int]:
    """Write the Parquet tables of ``codes`` (municipality, region) into ``folder``."""
    writers = TableWriters(folder)
    try:
        writers.write("units", _units_table(run.catalogue))
        counters = Counters()
        steps, done = len(codes) * len(run.years), 0

        def tick(code: str) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(f"Municipality {code}", done, steps)

        for county in sorted({region for _, region in codes}):
            members = [code for code, region in codes if region == county]
            for name, batch in generate_county(run, county, members, counters, tick):
                writers.write(name, batch)
    except BaseException:
        writers.close(flush=False)
        raise
    writers.close()
    return writers.rows


def _units_table(catalogue: UnitCatalogue) -> pa.Table:
    def plain(values: list[str]) -> pa.DictionaryArray:
        uniques = sorted(set(values))
        index = {v: i for i, v in enumerate(uniques)}
        return t.text(np.asarray([index[v] for v in values], dtype=np.int64), pa.array(uniques))

    return t.table(
        "units",
        {
            "unit_id": plain(catalogue.unit_ids),
            "name": plain(catalogue.names),
            "kind": plain(catalogue.kinds),
            "principal": plain(catalogue.principals),
            "municipality_code": plain(catalogue.municipality_codes),
        },
    )


def generate(
    out_dir: Path | str,
    *,
    counties: Iterable[str] | None = None,
    years: Sequence[int] = (2023, 2024, 2025),
    scale: float = 0.1,
    seed: int = 7,
    effects: Sequence[Effect] = (),
    fmt: str = "parquet",
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Write a synthetic dataset for ``counties`` (None = all 21) to ``out_dir`` and return
    what was written.

    The same arguments give the same bytes. The folder appears only when the run succeeds; a
    non-empty ``out_dir`` is refused unless ``overwrite``. Raises :class:`SynthError` (bad
    counties, years, scale or format) or :class:`~fardplan.synth.effects.EffectError`.
    """
    started = time.perf_counter()
    chosen = _counties(counties)
    years = tuple(int(y) for y in years)
    _check(years, scale, fmt)
    codes = [(m.code, m.region_code) for m in municipalities() if m.region_code in chosen]
    check_effects(effects, [c for c, _ in codes], years)
    rates = load_rates()
    catalogue = build_units(rates, chosen, seed)
    run = Run(
        rates,
        seed,
        years,
        scale,
        catalogue,
        UnitArrays.of(catalogue),
        _named_shares(rates, seed),
        tuple(effects),
        DaySampler(rates),
    )
    out = Path(out_dir)
    with atomic_folder(out, overwrite) as folder:
        if fmt == "parquet":
            rows = write_parquet(folder, run, codes, progress)
        else:
            from fardplan.synth.fhir import write_fhir

            rows = write_fhir(folder, run, codes, progress)
    return Summary(out.resolve(), rows, time.perf_counter() - started)
