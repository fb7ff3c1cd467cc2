"""Typed settings read from the environment. A bad value fails loudly, naming the variable.

Defaults give the embedded demo: everything under ``./var`` in the working directory.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
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


def error_log() -> Path:
    """Return ``FARDPLAN_LOG_FILE``, where the command writes the traceback of an internal
    error (default ``fardplan-errors.log`` in the data directory)."""
    default = data_dir() / "fardplan-errors.log"
    return Path(env_str("FARDPLAN_LOG_FILE", str(default))).resolve()


def duckdb_threads() -> int:
    """Return ``DUCKDB_THREADS``; 0 lets DuckDB use every core."""
    return env_int("DUCKDB_THREADS", 0)


# Names that only ever reach this machine; a site served under them is a local demo.
LOOPBACK_NAMES = frozenset({"localhost", "testserver"})


def is_loopback(host: str) -> bool:
    """Return whether ``host`` (a name or address, ``[::1]`` allowed) is this machine only."""
    host = host.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http() -> bool:
    """Return ``FARDPLAN_PLAIN_HTTP``: the explicit opt-out of the HTTPS-only settings, which
    the local demo sets when it serves on loopback. Off by default: production is HTTPS."""
    return env_bool("FARDPLAN_PLAIN_HTTP", False)


@dataclass(frozen=True)
class Https:
    """The HTTPS-only settings; each defaults to on unless the site opted out (plain HTTP)."""

    ssl_redirect: bool
    secure_cookies: bool
    hsts_seconds: int
    hsts_include_subdomains: bool
    hsts_preload: bool


def https() -> Https:
    """Return the HTTPS settings from the environment. HSTS defaults to one year with
    subdomains; preloading stays off unless asked for (it commits the domain in browsers)."""
    on = not plain_http()
    return Https(
        ssl_redirect=env_bool("DJANGO_SECURE_SSL_REDIRECT", on),
        secure_cookies=env_bool("DJANGO_SECURE_COOKIES", on),
        hsts_seconds=env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if on else 0),
        hsts_include_subdomains=env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", on),
        hsts_preload=env_bool("DJANGO_SECURE_HSTS_PRELOAD", False),
    )


def session_age() -> int:
    """Return ``DJANGO_SESSION_COOKIE_AGE`` in seconds: 8 hours (a working day) by default,
    rather than Django's two weeks, at least one minute."""
    return env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 3600, minimum=60)


def kolada_base_url() -> str:
    """Return ``KOLADA_BASE_URL``, Kolada's API version 2 (a mirror or a recorded server can
    stand in); an http(s) URL without query, its trailing slash dropped."""
    raw = env_str("KOLADA_BASE_URL", "https://api.kolada.se/v2").strip()
    if not raw.startswith(("https://", "http://")) or "?" in raw or "#" in raw:
        raise ConfigError(f"KOLADA_BASE_URL={raw!r} is not an http(s) URL without query")
    return raw.rstrip("/")
