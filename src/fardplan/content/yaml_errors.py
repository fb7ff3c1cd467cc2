"""Read YAML with the position of every node, and turn validation errors into messages that
name the file, the line and column and the field path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from fardplan.content.yaml_bounds import BoundedSafeLoader, YamlLimitError

Location = tuple[int | str, ...]
# A bad value is quoted this long at most, and a file's first problems are listed, not all.
EXCERPT_CHARACTERS = 60
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file. ``line`` and ``column`` count from 1; ``path`` is like
    ``direction_changes[2].title`` (indices count from 0) or empty for the whole document."""

    source: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}, line {self.line}, column {self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class StrategyFileError(ValueError):
    """A strategy file that cannot be read. ``problems`` lists every problem found, in file
    order; the message has one line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def parse_yaml(text: str, source: str) -> tuple[Any, yaml.Node]:
    """Return the data of a one-document YAML text and its node tree (for positions).

    A syntax error, an empty text, a second document, a key given twice in a mapping, an
    anchor or alias, or a text over the bounds of :mod:`~fardplan.content.yaml_bounds` (size,
    nesting, number of values) raises :class:`StrategyFileError`.
    """
    try:
        loader = BoundedSafeLoader(text)
    except YamlLimitError as error:
        raise StrategyFileError([Problem(source, 1, 1, "", error.message)]) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise StrategyFileError([Problem(source, 1, 1, "", "the file is empty")])
        _refuse_duplicate_keys(root, source)
        return loader.construct_document(root), root
    except YamlLimitError as error:
        raise StrategyFileError(
            [Problem(source, error.line, error.column, "", error.message)]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # A value the loader cannot construct (an impossible date) is not a syntax error.
        constructed = isinstance(error, yaml.constructor.ConstructorError)
        message = str(error.problem) if constructed else f"YAML syntax error: {error.problem}"
        raise StrategyFileError([Problem(source, line, column, "", message)]) from None
    finally:
        loader.dispose()


def _refuse_duplicate_keys(node: yaml.Node, source: str, path: Location = ()) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                mark = key.start_mark
                problem = f"key '{key.value}' given twice"
                raise StrategyFileError(
                    [Problem(source, mark.line + 1, mark.column + 1, format_path(path), problem)]
                )
            seen.add(key.value)
            _refuse_duplicate_keys(value, source, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _refuse_duplicate_keys(child, source, (*path, index))


def format_path(location: Location) -> str:
    """Return ``("direction_changes", 2, "title")`` as ``direction_changes[2].title``."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def node_at(root: yaml.Node, location: Location) -> tuple[yaml.Node, bool]:
    """Return the deepest node on ``location`` and whether the whole location was found.

    For a key that is present but not allowed, the key's own node is returned, so that the
    position points at the unknown name rather than at its value.
    """
    node = root
    for part in location:
        child = _child(node, part)
        if child is None:
            return node, False
        node = child
    return node, True


def _child(node: yaml.Node, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        children: list[yaml.Node] = node.value
        return children[part] if 0 <= part < len(children) else None
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        for key, value in pairs:
            if key.value == str(part):
                return value
    return None


def _key_node(root: yaml.Node, location: Location) -> yaml.Node | None:
    parent, found = node_at(root, location[:-1])
    if found and isinstance(parent, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = parent.value
        for key, _value in pairs:
            if key.value == str(location[-1]):
                return key
    return None


def validation_problems(error: ValidationError, root: yaml.Node, source: str) -> list[Problem]:
    """Return one :class:`Problem` per pydantic error, placed at the YAML node it concerns and
    sorted by position in the file."""
    problems = [_problem(detail, root, source) for detail in error.errors(include_url=False)]
    problems.sort(key=lambda problem: (problem.line, problem.column))
    if len(problems) <= MAX_PROBLEMS:
        return problems
    first_left_out = problems[MAX_PROBLEMS]
    more = f"and {len(problems) - MAX_PROBLEMS} more problems, not listed"
    return [*problems[:MAX_PROBLEMS],
            Problem(source, first_left_out.line, first_left_out.column, "", more)]  # fmt: skip


def _problem(detail: Any, root: yaml.Node, source: str) -> Problem:
    location: Location = tuple(detail["loc"])
    node, _found = node_at(root, location)
    if detail["type"] == "extra_forbidden":
        node = _key_node(root, location) or node
    message = _message(detail)
    mark = node.start_mark
    return Problem(source, mark.line + 1, mark.column + 1, format_path(location), message)


def _message(detail: Any) -> str:
    message = str(detail["msg"])
    message = message.removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    value = detail.get("input")
    if detail["type"] not in {"missing", "extra_forbidden", "unquoted"} and isinstance(
        value, str | int | float | bool
    ):
        message += f" (got {_excerpt(value)})"
    return message


def _excerpt(value: object) -> str:
    """Return ``repr(value)`` cut to :data:`EXCERPT_CHARACTERS` with "…": a bad value of a
    million characters is quoted, not copied into the page."""
    text = repr(value)
    return text if len(text) <= EXCERPT_CHARACTERS else text[:EXCERPT_CHARACTERS] + "…"
