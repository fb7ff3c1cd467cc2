"""Same seed, same bytes; another seed, other data; a failed run leaves nothing behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fardplan.synth import SynthError, generate
from fardplan.synth.writer import OutputExistsError


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _run(out: Path, seed: int) -> dict[str, str]:
    generate(out, counties=["25"], years=[2024], scale=0.01, seed=seed)
    return _hashes(out)


def test_it_writes_the_same_bytes_for_the_same_seed(tmp_path: Path) -> None:
    assert _run(tmp_path / "a", 7) == _run(tmp_path / "b", 7)


def test_it_writes_other_data_for_another_seed(tmp_path: Path) -> None:
    first, other = _run(tmp_path / "a", 7), _run(tmp_path / "b", 8)
    assert first["contacts.parquet"] != other["contacts.parquet"]
    assert first["population.parquet"] != other["population.parquet"]


def test_it_refuses_a_non_empty_folder_and_leaves_it_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(OutputExistsError, match="not empty"):
        generate(out, counties=["25"], years=[2024], scale=0.01)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_it_leaves_nothing_when_a_run_fails(tmp_path: Path) -> None:
    def fail(code: str, done: int, total: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        generate(tmp_path / "out", counties=["25"], years=[2024], scale=0.01, progress=fail)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"counties": ["99"]}, "unknown county"),
        ({"years": [2023, 2025]}, "consecutive"),
        ({"years": [1999, 2000]}, "outside 2015–2035"),
        ({"scale": 0.0}, "scale"),
        ({"scale": 1.5}, "scale"),
        ({"fmt": "csv"}, "format"),
    ],
)
def test_it_refuses_bad_arguments(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(SynthError, match=message):
        generate(tmp_path / "out", **kwargs)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_it_writes_the_same_fhir_bytes_for_the_same_seed(tmp_path: Path) -> None:
    for name in ("a", "b"):
        generate(tmp_path / name, counties=["23"], years=[2024], scale=0.002, fmt="fhir")
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")
