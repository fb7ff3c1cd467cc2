"""Typed settings read from the environment. A bad value fails loudly, naming the variable.

Defaults give the embedded demo: everything under ``./var`` in the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting in the environment has a value that cannot be used."""


def env_str(name: str, default: str) -> str:
    """Return the variable's value, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean from ``1/0, true/false, yes/no, on/off``; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Return an integer not below ``minimum``; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list with blanks removed."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Return ``FARDPLAN_DATA_DIR`` (default ``./var``), the home of the embedded databases."""
    return Path(env_str("FARDPLAN_DATA_DIR", "var")).resolve()


def database_url() -> str:
    """Return ``DATABASE_URL``; the default is a SQLite file in the data directory."""
    return env_str("DATABASE_URL", f"sqlite:///{data_dir() / 'fardplan.sqlite3'}")


def analytics_path() -> Path:
    """Return the DuckDB file that stores indicator runs (``FARDPLAN_ANALYTICS_DB``)."""
    default = data_dir() / "analytics.duckdb"
    return Path(env_str("FARDPLAN_ANALYTICS_DB", str(default))).resolve()


def duckdb_threads() -> int:
    """Return ``DUCKDB_THREADS``; 0 lets DuckDB use every core."""
    return env_int("DUCKDB_THREADS", 0)
