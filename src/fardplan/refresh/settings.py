"""The refresh's settings, read from the environment (a bad value names its variable)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fardplan.catalogue import load_catalogue
from fardplan.config import ConfigError, analytics_path, data_dir, env_int, env_list, env_str

YEARS = re.compile(r"(\d{4})(?:-(\d{4}))?")
DEFAULT_YEARS = 6  # this year and the five before: what a plan's follow-up looks back on


@dataclass(frozen=True)
class RefreshSettings:
    """What one refresh fetches and computes, where it stores, and how long it may take."""

    counties: tuple[str, ...]
    kpis: tuple[str, ...]
    years: tuple[int, ...]
    care_data_dir: Path | None
    time_limit_minutes: int = 60
    analytics_path: Path | None = None  # None: the configured store
    kolada_base_url: str | None = None  # None: KOLADA_BASE_URL
    # Kolada's client: its pause between requests and its retries (tests need no pauses).
    kolada_min_interval: float = 0.5
    kolada_retries: int = 4
    kolada_backoff: float = 1.0

    @property
    def store(self) -> Path:
        return self.analytics_path or analytics_path()

    @classmethod
    def from_env(cls) -> RefreshSettings:
        """Read ``FARDPLAN_REFRESH_*`` and ``FARDPLAN_CARE_DATA_DIR`` (by default the data
        folder's ``care-data``, where ``fardplan demo`` writes its care data, when it exists)."""
        care = env_str("FARDPLAN_CARE_DATA_DIR", "").strip() or _default_care_data()
        this_year = datetime.now(UTC).year
        default_years = f"{this_year - DEFAULT_YEARS + 1}-{this_year}"
        kpis = env_list("FARDPLAN_REFRESH_KPIS", [])
        return cls(
            counties=tuple(env_list("FARDPLAN_REFRESH_COUNTIES", [])),
            kpis=tuple(kpi.upper() for kpi in kpis) or catalogue_kpis(),
            years=tuple(
                parse_years(
                    env_str("FARDPLAN_REFRESH_YEARS", default_years), "FARDPLAN_REFRESH_YEARS"
                )
            ),
            care_data_dir=Path(care).resolve() if care else None,
            time_limit_minutes=env_int("FARDPLAN_REFRESH_TIME_LIMIT_MINUTES", 60, minimum=1),
        )


def _default_care_data() -> str:
    folder = data_dir() / "care-data"
    return str(folder) if folder.is_dir() else ""


def catalogue_kpis() -> tuple[str, ...]:
    """Return the Kolada id of every imported indicator of the catalogue."""
    return tuple(i.kolada_id for i in load_catalogue().imported if i.kolada_id)


def parse_years(text: str, name: str) -> list[int]:
    """Return the years of ``2019-2025``, ``2023`` or ``2019,2021-2022`` (setting ``name``)."""
    years: list[int] = []
    for part in text.split(","):
        found = YEARS.fullmatch(part.strip())
        if found is None or int(found[2] or found[1]) < int(found[1]):
            raise ConfigError(f"{name}={text!r}: {part.strip()!r} is no year or span (2019-2025)")
        years.extend(range(int(found[1]), min(int(found[2] or found[1]), int(found[1]) + 100) + 1))
    return years
