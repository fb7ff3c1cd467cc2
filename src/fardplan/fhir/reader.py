"""Read a folder of FHIR bulk-data NDJSON files line by line, within bounds.

A line too long, not JSON, nested too deeply or not a JSON object is handed back as a problem
(reported with its file and line), never as an exception: one bad line does not stop a county's
import. A file over the size bound, or a folder with no NDJSON, stops it before anything is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

CHUNK = 1 << 20


class FhirImportError(ValueError):
    """The import as a whole is refused; the message names the file and the bound."""


@dataclass(frozen=True)
class Limits:
    """Bounds on the input. A FHIR resource of the care-data profile is under 2 kB and five
    levels deep; the defaults leave room for a source's extra elements."""

    max_line_bytes: int = 1 << 20
    max_depth: int = 32
    max_file_bytes: int = 64 << 30
    max_files: int = 10_000


@dataclass(frozen=True)
class Line:
    """One line of a file: its resource, or the problem that keeps it from being read."""

    number: int
    resource: dict[str, Any] | None
    problem: str = ""
    detail: str = ""


def ndjson_files(folder: Path, limits: Limits) -> list[Path]:
    """Return the folder's ``*.ndjson`` files, sorted; refuse a folder without any, too many
    files or a file over the size bound."""
    if not folder.is_dir():
        raise FhirImportError(f"{folder} is not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(".ndjson"))
    if not files:
        raise FhirImportError(f"{folder} holds no .ndjson files")
    if len(files) > limits.max_files:
        raise FhirImportError(
            f"{folder} holds {len(files)} .ndjson files; at most {limits.max_files}"
        )
    for path in files:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise FhirImportError(
                f"{path.name} is {size:,} bytes; at most {limits.max_file_bytes:,} are read"
            )
    return files


def read_lines(path: Path, limits: Limits) -> Iterator[tuple[Line, int]]:
    """Yield each non-blank line of ``path`` as a :class:`Line`, with the bytes read so far."""
    done = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(_raw_lines(handle, limits.max_line_bytes), start=1):
            if raw is None:
                done = handle.tell()
                too_long = f"over {limits.max_line_bytes:,} bytes"
                yield Line(number, None, "line too long", too_long), done
                continue
            done += len(raw)
            if raw.strip():
                yield _parse(number, raw, limits.max_depth), done


def _raw_lines(handle: Any, limit: int) -> Iterator[bytes | None]:
    """Yield each line (None for one over ``limit`` bytes, whose rest is skipped unread)."""
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # skip the rest of the line in bounded chunks
                rest = handle.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield raw


def _parse(number: int, raw: bytes, max_depth: int) -> Line:
    try:
        value = orjson.loads(raw)  # 2-3 times json's speed; its own depth limit is 1024
    except orjson.JSONDecodeError as error:
        return Line(number, None, "not JSON", str(error)[:200])
    if not isinstance(value, dict):
        return Line(number, None, "not a JSON object")
    # Depth is at most the number of brackets: walk only lines that could be too deep.
    if raw.count(b"{") + raw.count(b"[") > max_depth and _depth(value) > max_depth:
        return Line(number, None, "nested too deeply", f"over {max_depth} levels")
    return Line(number, value)


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest
