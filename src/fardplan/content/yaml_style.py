"""Write YAML that is pleasant to edit by hand and reads back to exactly the same data."""

from __future__ import annotations

from typing import Any

import yaml

WIDTH = 88
# A one-line text longer than this is written as a folded block, so it wraps in the file.
LONG_LINE = 60


class _Dumper(yaml.SafeDumper):
    """A safe dumper that indents lists under their key, as most YAML editors do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=_style(text))


def _style(text: str) -> str | None:
    """Return ``|`` for multi-line text, ``>`` for one long line, else None (plain default).

    Multi-line text stays a literal block, line for line, so that a blank line in the file is a
    paragraph break, as an editor expects (a folded block would need two). One long line is
    folded so that it wraps in the file. PyYAML itself falls back to a quoted style where a
    block cannot hold the text exactly (trailing spaces, control characters).
    """
    if "\n" in text.strip("\n"):
        return "|"
    if len(text) > LONG_LINE and "\n" not in text and text == text.strip():
        return ">"
    return None


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Return ``data`` (plain dicts, lists, strings and numbers) as block-style YAML in key
    order, with non-ASCII letters written as they are."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=WIDTH,
        default_flow_style=False,
    )
