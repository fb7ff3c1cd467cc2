"""Protocol import: read the text of a protocol extract (pasted, a text file or a PDF with a
text layer) into a draft decision for a user to check and save. Analytics core: no web code.

``parse_protocol_text(text)`` and ``parse_protocol_file(data, filename=…)`` → ``ProtocolDraft``;
``read_protocol_file(data, filename=…)`` → the text; every refusal is a ``ProtocolError`` with
a stable ``code``. ``docs/decisions.md`` describes what is found and the limits.
"""

from fardplan.protocols.draft import (
    BodyKind,
    DecisionKind,
    ProtocolDraft,
    Statement,
    StatementKind,
)
from fardplan.protocols.errors import ProtocolError
from fardplan.protocols.parse import parse_protocol_file, parse_protocol_text
from fardplan.protocols.reading import read_protocol_file

__all__ = [
    "BodyKind",
    "DecisionKind",
    "ProtocolDraft",
    "ProtocolError",
    "Statement",
    "StatementKind",
    "parse_protocol_file",
    "parse_protocol_text",
    "read_protocol_file",
]
