"""A client of Kolada's API, version 2 (github.com/Hypergene/kolada): KPI metadata and values.

Kolada answers every route with ``{"values": [...], "count": n, "next_page": url}``, at most
5000 items a page; the client follows ``next_page`` to the last page. It is polite (one request
at a time, at least ``min_interval`` seconds apart), retries a 429 or a 5xx with backoff
(honouring ``Retry-After``), times out, bounds every response's size and page count, and
refuses anything it does not expect with a ``KoladaError`` naming the URL and what was wrong.
It only reads: storing what it fetched is ``sources.kolada_import``'s job.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from fardplan.config import kolada_base_url

Language = Literal["en", "sv"]
GENDERS = ("K", "M", "T")
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is an error rather than a stall
AREAS_PER_REQUEST = 40  # keeps the URL well below the length Kolada refuses (HTTP 400)


class KoladaError(RuntimeError):
    """Kolada could not be asked or answered something unexpected; in English and Swedish."""

    def __init__(self, message: str, swedish: str) -> None:
        super().__init__(message)
        self.swedish = swedish

    def describe(self, language: Language = "en") -> str:
        return self.swedish if language == "sv" else str(self)


@dataclass(frozen=True)
class Kpi:
    """A KPI's metadata as Kolada describes it."""

    id: str
    title: str
    description: str
    municipality_type: str  # K municipalities, L regions, A all
    divided_by_gender: bool
    publication_date: date | None


@dataclass(frozen=True)
class Entry:
    """One value of a KPI, area and year: ``value`` None when Kolada has none (``status`` says
    why: ``..`` suppressed, ``Missing``, …)."""

    kpi: str
    area_code: str
    year: int
    gender: str
    value: float | None
    count: int | None
    status: str


class KoladaClient:
    """One session with Kolada. Use as a context manager, or call ``close``."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float = 30.0,
        min_interval: float = 0.5,
        retries: int = 4,
        backoff: float = 1.0,
        max_bytes: int = 20_000_000,
        max_pages: int = 200,
        per_page: int = 5000,
    ) -> None:
        self.base_url = (base_url or kolada_base_url()).rstrip("/")
        self.timeout = timeout
        self.min_interval = min_interval
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.max_pages = max_pages
        self.per_page = per_page
        self.requests = 0
        self._last = -math.inf
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"Accept": "application/json", "User-Agent": "fardplan-kolada-client"},
            follow_redirects=False,
        )

    def __enter__(self) -> KoladaClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- routes ---------------------------------------------------------------------------

    def kpis(self, ids: Sequence[str]) -> list[Kpi]:
        """Return the metadata of the KPIs ``ids``; a KPI Kolada does not know is an error."""
        url = f"{self.base_url}/kpi/{','.join(ids)}"
        found = [_kpi(item, url, index) for index, item in self._items(url)]
        missing = sorted(set(ids) - {kpi.id for kpi in found})
        if missing:
            raise KoladaError(
                f"{url}: Kolada knows no KPI {', '.join(missing)}",
                f"{url}: Kolada har inget nyckeltal {', '.join(missing)}",
            )
        return found

    def data(
        self,
        kpis: Sequence[str],
        areas: Sequence[str],
        years: Sequence[int],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Entry]:
        """Return every value of ``kpis`` in ``areas`` (municipalities, regions ``00LL``,
        Sweden ``0000``) for ``years``, one ``Entry`` per gender Kolada gives; ``progress``
        is called with (requests done, requests in all) as each set of areas is read."""
        chunks = [areas[i : i + AREAS_PER_REQUEST] for i in range(0, len(areas), AREAS_PER_REQUEST)]
        entries: list[Entry] = []
        for done, chunk in enumerate(chunks, start=1):
            url = (
                f"{self.base_url}/data/kpi/{','.join(kpis)}/municipality/{','.join(chunk)}"
                f"/year/{','.join(str(year) for year in years)}"
            )
            for index, item in self._items(url):
                entries.extend(_entries(item, url, index))
            if progress is not None:
                progress(done, len(chunks))
        return entries

    # --- paging, retries, bounds ----------------------------------------------------------

    def _items(self, url: str) -> Iterator[tuple[int, Any]]:
        """Yield (position, item) of every page's ``values``, following ``next_page``."""
        seen: set[str] = set()
        position = 0
        page_url: str | None = f"{url}?per_page={self.per_page}"
        while page_url is not None:
            if page_url in seen or len(seen) >= self.max_pages:
                raise KoladaError(
                    f"{url}: more than {self.max_pages} pages, or a page that repeats",
                    f"{url}: mer än {self.max_pages} sidor, eller en sida som upprepas",
                )
            seen.add(page_url)
            body = self._get(page_url)
            values = body.get("values")
            if not isinstance(values, list):
                raise _unexpected(page_url, "no list 'values'", "ingen lista 'values'")
            for item in values:
                position += 1
                yield position, item
            page_url = self._next(body.get("next_page"), page_url)

    def _next(self, link: object, current: str) -> str | None:
        """Return the next page's URL on our base (a mirror's links may name Kolada itself)."""
        if link in (None, ""):
            return None
        if not isinstance(link, str):
            raise _unexpected(current, f"next_page {link!r}", f"next_page {link!r}")
        parts, base = urlsplit(link), urlsplit(self.base_url)
        base_path = base.path.rstrip("/")
        if not parts.path.startswith(f"{base_path}/"):
            raise _unexpected(
                current,
                f"next_page {link!r} is outside {self.base_url}",
                f"next_page {link!r} ligger utanför {self.base_url}",
            )
        query = f"?{parts.query}" if parts.query else ""
        return f"{base.scheme}://{base.netloc}{parts.path}{query}"

    def _get(self, url: str) -> dict[str, Any]:
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            self._wait_turn()
            try:
                with self._http.stream("GET", url) as response:
                    if response.status_code == 429 or response.status_code >= 500:
                        if last:
                            raise _refused(url, response.status_code, attempt + 1)
                        self._pause(attempt, response.headers.get("Retry-After"), url)
                        continue
                    if response.status_code != 200:
                        raise _refused(url, response.status_code, attempt + 1)
                    raw = self._read(response, url)
            except httpx.TimeoutException:
                if last:
                    raise KoladaError(
                        f"{url}: Kolada did not answer within {self.timeout:g} s "
                        f"({attempt + 1} attempts)",
                        f"{url}: Kolada svarade inte inom {self.timeout:g} s "
                        f"({attempt + 1} försök)",
                    ) from None
                self._pause(attempt, None, url)
                continue
            except httpx.TransportError as error:
                # Refused or no such host: a setting or an outage, not worth waiting for.
                if last or isinstance(error, httpx.ConnectError):
                    raise KoladaError(
                        f"{url}: Kolada cannot be reached ({type(error).__name__}: {error})",
                        f"{url}: Kolada går inte att nå ({type(error).__name__}: {error})",
                    ) from None
                self._pause(attempt, None, url)
                continue
            return _json(raw, url)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_turn(self) -> None:
        wait = self._last + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()
        self.requests += 1

    def _pause(self, attempt: int, retry_after: str | None, url: str) -> None:
        delay = self.backoff * 2**attempt
        if retry_after is not None and retry_after.strip().isdigit():
            delay = float(retry_after.strip())
            if delay > MAX_RETRY_AFTER:
                raise KoladaError(
                    f"{url}: Kolada asks to wait {delay:g} s (Retry-After); try again later",
                    f"{url}: Kolada ber oss vänta {delay:g} s (Retry-After); försök senare",
                )
        time.sleep(delay)

    def _read(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _too_big(url, self.max_bytes)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise _too_big(url, self.max_bytes)
            chunks.append(chunk)
        return b"".join(chunks)


# --- parsing ---------------------------------------------------------------------------------


def _json(raw: bytes, url: str) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _unexpected(url, f"not JSON ({error})", f"inte JSON ({error})") from None
    if not isinstance(body, dict):
        raise _unexpected(url, "not a JSON object", "inget JSON-objekt")
    return body


def _kpi(item: Any, url: str, index: int) -> Kpi:
    where = f"item {index}"
    if not isinstance(item, dict):
        raise _unexpected(url, f"{where} is not an object", f"post {index} är inget objekt")
    published = item.get("publication_date")
    try:
        publication = date.fromisoformat(published[:10]) if published else None
    except (TypeError, ValueError):
        raise _unexpected(
            url,
            f"{where}: publication_date {published!r} is not a date",
            f"post {index}: publication_date {published!r} är inget datum",
        ) from None
    return Kpi(
        id=_text(item, "id", url, index),
        title=_text(item, "title", url, index),
        description=str(item.get("description") or ""),
        municipality_type=str(item.get("municipality_type") or ""),
        divided_by_gender=bool(item.get("is_divided_by_gender")),
        publication_date=publication,
    )


def _entries(item: Any, url: str, index: int) -> list[Entry]:
    if not isinstance(item, dict):
        raise _unexpected(url, f"item {index} is not an object", f"post {index} är inget objekt")
    kpi = _text(item, "kpi", url, index)
    area = _text(item, "municipality", url, index)
    period = item.get("period")
    if isinstance(period, bool) or not str(period).isdigit() or len(str(period)) != 4:
        raise _unexpected(
            url,
            f"item {index}: period {period!r} is not a year",
            f"post {index}: period {period!r} är inget år",
        )
    values = item.get("values")
    if not isinstance(values, list) or len(values) > len(GENDERS):
        raise _unexpected(
            url,
            f"item {index}: 'values' is not a list of at most three genders",
            f"post {index}: 'values' är ingen lista med högst tre kön",
        )
    return [_entry(kpi, area, int(str(period)), one, url, index) for one in values]


def _entry(kpi: str, area: str, year: int, one: Any, url: str, index: int) -> Entry:
    where_en, where_sv = (
        f"item {index} ({kpi} {area} {year})",
        f"post {index} ({kpi} {area} {year})",
    )
    if not isinstance(one, dict):
        raise _unexpected(
            url, f"{where_en}: a value is not an object", f"{where_sv}: ett värde är inget objekt"
        )
    gender, value, count = one.get("gender"), one.get("value"), one.get("count")
    if gender not in GENDERS:
        raise _unexpected(
            url,
            f"{where_en}: gender {gender!r} is not K, M or T",
            f"{where_sv}: kön {gender!r} är inte K, M eller T",
        )
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if value is not None and not (numeric and math.isfinite(value)):
        raise _unexpected(
            url,
            f"{where_en}: value {value!r} is not a number",
            f"{where_sv}: värdet {value!r} är inget tal",
        )
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        raise _unexpected(
            url,
            f"{where_en}: count {count!r} is not a whole number",
            f"{where_sv}: count {count!r} är inget heltal",
        )
    status = one.get("status")
    return Entry(
        kpi=kpi,
        area_code=area,
        year=year,
        gender=str(gender),
        value=None if value is None else float(value),
        count=count,
        status="" if status is None else str(status),
    )


def _text(item: dict[str, Any], name: str, url: str, index: int) -> str:
    found = item.get(name)
    if not isinstance(found, str) or not found:
        raise _unexpected(
            url,
            f"item {index}: {name} {found!r} is not a text",
            f"post {index}: {name} {found!r} är ingen text",
        )
    return found


def _unexpected(url: str, what: str, what_sv: str) -> KoladaError:
    return KoladaError(
        f"{url}: Kolada answered something unexpected: {what}",
        f"{url}: Kolada svarade något oväntat: {what_sv}",
    )


def _refused(url: str, status: int, attempts: int) -> KoladaError:
    return KoladaError(
        f"{url}: Kolada answered HTTP {status} ({attempts} attempts)",
        f"{url}: Kolada svarade HTTP {status} ({attempts} försök)",
    )


def _too_big(url: str, limit: int) -> KoladaError:
    return KoladaError(
        f"{url}: the answer is larger than {limit} bytes",
        f"{url}: svaret är större än {limit} byte",
    )


__all__ = ["Entry", "KoladaClient", "KoladaError", "Kpi"]
