"""A recorded Kolada on loopback: answers API version 2's KPI and data routes from a recording.

A recording is a JSON file ``{"kpi": [KPI items], "data": [data items]}`` in Kolada's own
shapes. The server answers ``/v2/kpi/{ids}`` and ``/v2/data/kpi/{ids}/municipality/{ids}/year/
{years}`` as Kolada does, ``per_page`` and ``next_page`` included, so the real client (and
``fardplan kolada fetch`` with ``KOLADA_BASE_URL``) runs against it unchanged: the demo fills
its imported indicators this way, and the tests serve their recordings with it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_PER_PAGE = 5000
DEMO_RECORDING = resources.files("fardplan.sources") / "recordings" / "kolada-demo.json"
# Who fetched the demo's values (their provenance): the pages name them as illustrative.
DEMO_FETCHER = "fardplan demo"


def load_recording(path: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Return a recording (the shipped demo recording by default)."""
    text = path.read_text(encoding="utf-8") if path else DEMO_RECORDING.read_text(encoding="utf-8")
    recording: dict[str, list[dict[str, Any]]] = json.loads(text)
    return recording


def answer(recording: dict[str, list[dict[str, Any]]], target: str, base: str) -> tuple[int, Any]:
    """Return (HTTP status, JSON body) for the request ``target`` (path and query)."""
    parts = urlsplit(target)
    query = parse_qs(parts.query)
    steps = parts.path.strip("/").split("/")
    if steps[:1] != ["v2"]:
        return 404, {"error": "not found"}
    steps = steps[1:]
    if len(steps) == 2 and steps[0] == "kpi":
        wanted = set(steps[1].split(","))
        items = [kpi for kpi in recording["kpi"] if kpi["id"] in wanted]
    elif (
        len(steps) == 7
        and steps[:2] == ["data", "kpi"]
        and steps[3:6:2] == ["municipality", "year"]
    ):
        kpis, areas = set(steps[2].split(",")), set(steps[4].split(","))
        years = set(steps[6].split(","))
        items = [
            item
            for item in recording["data"]
            if item["kpi"] in kpis
            and item["municipality"] in areas
            and str(item["period"]) in years
        ]
    else:
        return 404, {"error": "not found"}
    try:
        per_page = min(int(query.get("per_page", [MAX_PER_PAGE])[0]), MAX_PER_PAGE)
        page = int(query.get("page", ["1"])[0])
    except ValueError:
        return 400, {"error": "bad per_page or page"}
    if per_page < 1 or page < 1:
        return 400, {"error": "bad per_page or page"}
    shown = items[(page - 1) * per_page : page * per_page]
    body: dict[str, Any] = {"count": len(shown), "values": shown}
    if page * per_page < len(items):
        body["next_page"] = f"{base}{parts.path}?page={page + 1}&per_page={per_page}"
    if page > 1:
        body["previous_page"] = f"{base}{parts.path}?page={page - 1}&per_page={per_page}"
    return 200, body


@contextmanager
def serve_recording(
    recording: dict[str, list[dict[str, Any]]] | None = None,
) -> Iterator[str]:
    """Serve ``recording`` (default: the demo's) on a free loopback port; yield its base URL
    (``http://127.0.0.1:PORT/v2``) and stop the server on exit."""
    data = recording if recording is not None else load_recording()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answer(data, self.path, f"http://127.0.0.1:{port}")
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the client reports what it asked

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


__all__ = ["answer", "load_recording", "serve_recording"]
