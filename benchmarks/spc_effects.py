"""Check the SPC signals on synthetic data with one injected effect (docs/followup.md).

    python benchmarks/spc_effects.py RUN.duckdb INDICATOR MUNICIPALITY START [--months-before N]

Prints, for the whole series and for a baseline frozen before the effect's start, with and
without seasonal adjustment: the affected municipality's assessment and how many unchanged
municipalities are assessed improvement or deterioration (or special cause), and how many
could not be assessed (no_data).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from fardplan.catalogue import load_catalogue
from fardplan.engine.store import latest_results
from fardplan.spc.series import series_signals

FLAGGED = {"improvement", "deterioration", "special_cause"}


def main(store: Path, indicator: str, municipality: str, start: str) -> None:
    table = latest_results(published=True, path=store)
    months_before = (int(start[:4]) - 2023) * 12 + int(start[5:7]) - 1  # runs start in 2023-01
    for freeze in (None, months_before):
        for seasonal in (False, True):
            found = series_signals(
                table, load_catalogue(), indicator=indicator, seasonal=seasonal, freeze=freeze
            )
            municipalities = [s for s in found if not s.area_code.startswith("00")]
            target = next(s for s in municipalities if s.area_code == municipality)
            others = Counter(s.assessment for s in municipalities if s.area_code != municipality)
            flagged = sum(n for kind, n in others.items() if kind in FLAGGED)
            print(
                f"{indicator} freeze={freeze} seasonal={seasonal}: {municipality} "
                f"{target.assessment} (runs {target.runs_signal}, longest {target.longest_run}, "
                f"crossings {target.crossings}, outside {len(target.sigma_signal_periods)}); "
                f"unchanged flagged {flagged} of {sum(others.values())}, "
                f"no_data {others['no_data']}"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])
