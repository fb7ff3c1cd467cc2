"""No function in the engine is longer than a screen: a pipeline a newcomer can read.

Complexity is capped by ruff (``C901``, at most 10, for ``src/fardplan/engine`` in
pyproject.toml); this caps length, which ruff does not measure. A function counts from its
``def`` (decorators excluded) to its last line, signature and docstring included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import fardplan.engine

ENGINE = Path(fardplan.engine.__file__).parent
MAX_LINES = 50


def long_functions(folder: Path, limit: int = MAX_LINES) -> list[str]:
    """Return ``file:line name (lines)`` of every function in ``folder`` over ``limit`` lines."""
    found = []
    for file in sorted(folder.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    where = file.relative_to(folder.parent)
                    found.append(f"{where}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_engine_function_is_over_fifty_lines() -> None:
    assert long_functions(ENGINE) == []


def test_a_long_function_is_found(tmp_path: Path) -> None:
    package = tmp_path / "engine"
    package.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    (package / "long.py").write_text(f"def long():\n{body}", encoding="utf-8")
    (package / "short.py").write_text("def short():\n    return 1\n", encoding="utf-8")
    assert long_functions(package) == [f"engine/long.py:1 long ({MAX_LINES + 1} lines)"]
