"""Read YAML at a cost that follows the length of the text.

YAML's anchors and aliases let 700 bytes stand for a document of billions of nodes (each level
of ``a: [*b, *b, …]`` multiplies the work), and nesting 500 deep exhausts Python's stack. The
platform's own files (strategies, example organisations and plans) need neither, so:

- an anchor (``&name``) or alias (``*name``) is refused where it stands, as are merge keys;
- nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES` nodes, or a text longer
  than :data:`MAX_CHARACTERS` is refused.

Each refusal is a :class:`YamlLimitError` with the position (line, column, from 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_CHARACTERS = 1_000_000
MAX_DEPTH = 20
MAX_NODES = 50_000


class YamlLimitError(Exception):
    """The text is over a limit or uses an anchor or alias; ``line`` and ``column`` from 1."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message, self.line, self.column = message, line, column


def _refuse(message: str, mark: Any) -> YamlLimitError:
    return YamlLimitError(message, mark.line + 1, mark.column + 1)


class BoundedSafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses anchors and aliases and bounds depth and nodes."""

    def __init__(self, text: str) -> None:
        if len(text) > MAX_CHARACTERS:
            raise YamlLimitError(
                f"the file has {len(text)} characters; at most {MAX_CHARACTERS} are allowed"
            )
        super().__init__(text)
        self.depth, self.nodes = 0, 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _refuse(f"an alias (*{event.anchor}) is not allowed; write the value out",
                          event.start_mark)  # fmt: skip
        if getattr(event, "anchor", None):
            raise _refuse(f"an anchor (&{event.anchor}) is not allowed", event.start_mark)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _refuse(f"the file has more than {MAX_NODES} values", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise _refuse(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_timestamp(self, node: Any) -> Any:
        # PyYAML reads an unquoted 2021-02-30 as a date and raises a bare ValueError with no
        # place in the file: give it the node's line and column like any other YAML error.
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[no-untyped-call]
        except ValueError as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"not a valid date: {error} (got {node.value!r})", node.start_mark
            ) from None


BoundedSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", BoundedSafeLoader.construct_yaml_timestamp
)


def bounded_load(text: str) -> Any:
    """Return the data of a one-document YAML text read by :class:`BoundedSafeLoader`.

    Raises :class:`YamlLimitError` for a refused construct or size, ``yaml.YAMLError`` for a
    syntax error."""
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_bounded_text(path: Path) -> str:
    """Return a UTF-8 file's text; raise :class:`YamlLimitError` before reading a file whose
    size is over :data:`MAX_CHARACTERS` bytes (``OSError`` and ``UnicodeDecodeError`` as
    ``Path.read_text`` raises them)."""
    size = path.stat().st_size
    if size > MAX_CHARACTERS * 4:  # a character is at most four bytes in UTF-8
        raise YamlLimitError(f"the file has {size} bytes; at most {MAX_CHARACTERS} characters")
    return path.read_text(encoding="utf-8")
