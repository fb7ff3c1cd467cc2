"""``fardplan protocol parse FILE``: the draft decision of a protocol extract, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

USAGE = 2  # exit code of a refused input, as typer's for a bad option

protocol_app = typer.Typer(
    help="Protocol extracts (protokollsutdrag): read a decision from its text or PDF.",
    no_args_is_help=True,
)


@protocol_app.command("parse")
def parse_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="The extract: a text file (UTF-8 or Windows-1252) or a PDF with a text layer.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
) -> None:
    """Print the draft decision of a protocol extract (text or PDF) as JSON; a refused file's
    reason goes to stderr with exit code 2. The keys: docs/decisions.md."""
    from fardplan.protocols import ProtocolError, parse_protocol_file
    from fardplan.protocols.bounds import MAX_PDF_BYTES

    with file.open("rb") as stream:
        data = stream.read(MAX_PDF_BYTES + 1)  # one byte past the larger limit is enough to refuse
    try:
        draft = parse_protocol_file(data, filename=file.name)
    except ProtocolError as error:
        print(f"Protokollet avvisades ({file}): {error.describe('sv')}", file=sys.stderr)
        raise typer.Exit(USAGE) from None
    print(json.dumps(draft.to_json_dict(), ensure_ascii=False, indent=2 if pretty else None))
    if draft.missing:
        print(f"Hittades inte: {', '.join(draft.missing)}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.add_typer(protocol_app, name="protocol")
