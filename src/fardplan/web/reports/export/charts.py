"""The report's charts as PNG images, drawn on the server from each indicator's Vega-Lite spec
(published cells only): the follow-up pages' renderer (``followup.chart_export``) draws the SVG,
vl-convert rasterises it.

PNG for both files: WeasyPrint lays out an embedded Vega SVG some four times slower than it
places a PNG, and Word needs a bitmap anyway. The PNG is opaque RGB at 1.5 times the CSS size
(about 170 dpi over 17 cm): WeasyPrint decodes and re-encodes every PNG it embeds, and an alpha
channel doubles that work for nothing, since a chart's background is white.

Charts are keyed by the digest of their spec: an indicator that serves two strategy items in
the same area is drawn once, and a report rendered again (the other format, a scheduled run,
a second download) takes its charts from the cache.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fardplan.web.followup import chart_export
from fardplan.web.reports.content import IndicatorBlock, ReportContent

# The chart's width in CSS pixels, as the series page's file has it. The height stays the
# spec's own: a suppressed month's ``..`` is placed at a fixed pixel height.
WIDTH = chart_export.WIDTH
SCALE = 1.5
# vl-convert draws one chart at a time; a second worker rasterises and encodes the previous
# one meanwhile (the benchmark measures it against one worker).
WORKERS = 2
_CACHE_SIZE = 128  # PNGs of some 60 KiB: the charts of a few counties' reports
_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_lock = threading.Lock()


def printable_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``spec`` at the report's fixed width, with room on the right for the
    ``..`` of a suppressed last month."""
    out = copy.deepcopy(dict(spec))
    out.update(width=WIDTH, padding={"left": 5, "top": 5, "right": 14, "bottom": 5})
    return out


def chart_key(block: IndicatorBlock) -> str | None:
    """Return the digest that names the block's chart, or None when it has none."""
    if block.chart_spec is None:
        return None
    text = json.dumps(block.chart_spec, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def blocks(content: ReportContent) -> Iterable[IndicatorBlock]:
    for section in content.sections:
        yield from section.indicators


def render_charts(content: ReportContent, workers: int = WORKERS) -> dict[str, bytes]:
    """Return each distinct chart of the report as PNG bytes, keyed by :func:`chart_key`.
    Numbers and months follow the report's language (decimal comma and Swedish month names
    for "sv"). ``workers`` 1 draws them one after the other (the benchmark's baseline)."""
    specs: dict[str, dict[str, Any]] = {}
    for block in blocks(content):
        key = chart_key(block)
        if key is not None and block.chart_spec is not None and key not in specs:
            specs[key] = printable_spec(block.chart_spec)
    locale = _locale(content.language)

    def draw(key: str) -> tuple[str, bytes]:
        return key, _png(key, specs[key], content.language, locale)

    if workers <= 1 or len(specs) <= 1:
        return dict(map(draw, specs))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report-chart") as pool:
        return dict(pool.map(draw, specs))


def forget_cache() -> None:
    """Drop the drawn charts (the benchmark's cold runs)."""
    with _lock:
        _cache.clear()


def _png(key: str, spec: dict[str, Any], language: str, locale: dict[str, Any] | None) -> bytes:
    with _lock:
        if (key, language) in _cache:
            _cache.move_to_end((key, language))
            return _cache[(key, language)]
    import vl_convert
    from PIL import Image

    svg = chart_export.render(spec, "svg", locale).decode("utf-8")
    drawn = Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=SCALE)))
    out = io.BytesIO()
    drawn.convert("RGB").save(out, format="PNG")  # opaque already: the SVG paints white first
    png = out.getvalue()
    with _lock:
        _cache[(key, language)] = png
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def warm_up() -> threading.Thread:
    """Start vl-convert's JavaScript engine in the background (some 3 s the first time in a
    process), so that a command can assemble the report meanwhile; return the thread."""

    def start() -> None:
        import vl_convert

        vl_convert.vegalite_to_svg({"mark": "point"}, allowed_base_urls=[])

    thread = threading.Thread(target=start, name="report-chart-warm-up", daemon=True)
    thread.start()
    return thread


def _locale(language: str) -> dict[str, Any] | None:
    # The locale lives with the series page, which draws the same charts in the browser.
    from fardplan.web.followup.series_views import SWEDISH_LOCALE

    return SWEDISH_LOCALE if language == "sv" else None
