"""Time the look-alike search of the county-wide view (all pairs of activity titles).

Prints, for a baseline of 100 activities and then bigger counties, the time and the peak
memory of the search. Run: ``.venv/bin/python benchmarks/plans_similarity.py``.
"""

from __future__ import annotations

import random
import time
import tracemalloc

from fardplan.web.plans.similarity import similar_groups

WORDS = [
    "mobilt", "team", "sköra", "äldre", "gemensam", "ingång", "hälsocentral", "hemsjukvård",
    "SIP", "rutin", "digital", "första", "linje", "skolhälsa", "barn", "unga", "psykisk",
    "ohälsa", "läkemedelsgenomgång", "trygg", "hemgång", "utskrivning", "fast", "läkarkontakt",
    "kronisk", "sjukdom", "rehabilitering", "samordning", "anhöriga", "palliativ", "vård",
]  # fmt: skip
SIZES = (100, 300, 1000)


def titles(count: int, seed: int = 7) -> tuple[list[str], list[int]]:
    """Return ``count`` titles of 3–7 words and a plan number for each (20 per plan)."""
    rng = random.Random(seed)
    made = [" ".join(rng.sample(WORDS, rng.randint(3, 7))).capitalize() for _ in range(count)]
    return made, [index // 20 for index in range(count)]


def measure(count: int) -> tuple[float, float, int]:
    """Return seconds, peak MiB and the number of groups for ``count`` titles."""
    names, places = titles(count)
    started = time.perf_counter()
    groups = similar_groups(names, places)
    elapsed = time.perf_counter() - started
    # A second run under tracemalloc for the peak, so that tracing does not slow the timing.
    tracemalloc.start()
    similar_groups(names, places)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak, len(groups)


def main() -> None:
    baseline = None
    header = ("activities", "pairs", "time s", "peak MiB", "groups", "vs base")
    print(" ".join(f"{title:>10}" for title in header))
    for count in SIZES:
        elapsed, peak, groups = measure(count)
        baseline = baseline or elapsed
        pairs = count * (count - 1) // 2
        cells = (count, pairs, f"{elapsed:.3f}", f"{peak:.2f}", groups, f"{elapsed / baseline:.1f}")
        print(" ".join(f"{cell:>10}" for cell in cells))


if __name__ == "__main__":
    main()
