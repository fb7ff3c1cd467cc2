"""The decision app's codes are those of the file format, the adoption core and the protocol
parser: a record read from any of them fits the model's choices."""

from __future__ import annotations

from fardplan import adoption
from fardplan.content import decisions as content
from fardplan.web.decisions.choices import Body, Concerns, DecisionKind, StatementKind


def test_the_codes_are_the_file_formats_and_the_cores() -> None:
    assert {b.value for b in Body} == {b.value for b in content.Body}
    assert {k.value for k in DecisionKind} == {k.value for k in adoption.DecisionKind}
    assert {c.value for c in Concerns} == {c.value for c in content.Concerns}
    assert {s.value for s in StatementKind} == {s.value for s in content.StatementKind}
