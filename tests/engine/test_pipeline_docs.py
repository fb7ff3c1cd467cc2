"""The picture of the pipeline in docs/engine.md names modules that exist (it matches the code)."""

from __future__ import annotations

import re
from pathlib import Path

import fardplan.engine

ENGINE = Path(fardplan.engine.__file__).parent
DOCS = Path(__file__).resolve().parents[2] / "docs" / "engine.md"


def pipeline_section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## The pipeline")
    return text[start : text.index("\n## ", start + 1)]


def named_modules(section: str) -> set[str]:
    """Return the engine modules the section names: ``x.py`` (or ``measures/x.py``), ``x/``
    and `` `x.name` `` (a module's attribute), as paths under the engine's package."""
    text = section.replace("engine/", "").replace("fardplan.engine.", "")
    files = set(re.findall(r"\b([a-z_]+(?:/[a-z_]+)?)\.py", text))
    folders = set(re.findall(r"\b([a-z_]+)/", text))
    ticked = {name.split(".")[0] for name in re.findall(r"`([a-z_]+\.[A-Za-z_.]+)`", text)}
    return files | folders | ticked


def _exists(name: str) -> bool:
    """Whether the engine has the module or folder (``sums``: ``measures/sums.py``)."""
    return (ENGINE / name).is_dir() or any(ENGINE.rglob(f"{name}.py"))


def test_every_module_in_the_picture_exists() -> None:
    named = named_modules(pipeline_section())
    assert {"inputs", "scope", "measures", "assembly", "extension", "extender", "run"} <= named
    missing = sorted(name for name in named if not _exists(name))
    assert missing == []


def test_a_module_that_does_not_exist_is_found() -> None:
    assert "nowhere" in named_modules("the `nowhere.py` stage")
    assert "measures/sums" in named_modules("one scan (`measures/sums.py`)")
    assert not _exists("nowhere") and _exists("measures/sums")
