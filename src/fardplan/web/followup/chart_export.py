"""The series page's chart as a PNG or SVG file, rendered on the server with vl-convert from
the very Vega-Lite spec the page draws (so it carries only published cells), with a title
naming the indicator, the area, the series and the run's date.

The rendering is cached per (spec, title, format): the spec already holds everything the
file shows, so two users get the same file only when they would see the same chart."""

from __future__ import annotations

import copy
import hashlib
import json
from collections import OrderedDict
from threading import Lock
from typing import Any

WIDTH = 760  # the page's chart is as wide as its container; a file needs a fixed width
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
_CACHE_SIZE = 64
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = Lock()


def titled(spec: dict[str, Any], title: str, subtitle: str) -> dict[str, Any]:
    """Return a copy of ``spec`` with a fixed width and the title and subtitle on top."""
    out = copy.deepcopy(spec)
    out["width"] = WIDTH
    out["title"] = {"text": title, "subtitle": subtitle, "anchor": "start", "fontSize": 15}
    return out


def render(spec: dict[str, Any], fmt: str, locale: dict[str, Any] | None = None) -> bytes:
    """Return the spec drawn as ``fmt`` ("png" or "svg"); ``locale`` holds d3's "number" and
    "time" locales (Swedish decimal comma, month names). Raises ValueError for another format.
    No external data is fetched: the spec's data sits in its ``datasets``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt[:10]!r}")
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(
        f"{fmt}\0{json.dumps(locale, sort_keys=True)}\0{text}".encode()
    ).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    content = _convert(spec, fmt, locale)
    with _lock:
        _cache[key] = content
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return content


def _convert(spec: dict[str, Any], fmt: str, locale: dict[str, Any] | None) -> bytes:
    import vl_convert

    options: dict[str, Any] = {"allowed_base_urls": []}
    if locale is not None:
        options.update(format_locale=locale["number"], time_format_locale=locale["time"])
    if fmt == "png":
        png: bytes = vl_convert.vegalite_to_png(spec, scale=2, **options)
        return png
    svg: str = vl_convert.vegalite_to_svg(spec, **options)
    return svg.encode("utf-8")
