"""What the command does with an error that is not a refusal: a bug, shown as one.

The commands turn the refusals they know (a dataset that breaks the contract, a stored run
that cannot be extended, a bad setting) into messages and exit 1 or 2. Anything else that
escapes a command is a bug in Färdplan: the user gets a short message saying so and where the
traceback went, the traceback goes to the error log (``FARDPLAN_LOG_FILE``), and the command
exits ``INTERNAL``. No local variables are logged: they may hold rows of care data.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from fardplan import config

INTERNAL = 70  # EX_SOFTWARE of sysexits.h: an internal software error
# What Typer raises on purpose: an exit with a code, a usage error (TyperException), an abort.
_DELIBERATE = (typer.Exit, typer.Abort, typer.TyperException)

F = TypeVar("F", bound=Callable[..., Any])
console = Console(stderr=True)


def guarded(command: F) -> F:
    """Return ``command`` with any error it does not mean to raise reported as a bug."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except _DELIBERATE:
            raise
        except Exception as error:
            report_bug(error)
            raise typer.Exit(INTERNAL) from None

    return run  # type: ignore[return-value]


def guard_every_command(app: typer.Typer) -> None:
    """Wrap every command of ``app`` and of its sub-commands' apps in ``guarded``."""
    for info in app.registered_commands:
        if info.callback is not None:
            info.callback = guarded(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            guard_every_command(group.typer_instance)


def report_bug(error: BaseException) -> None:
    """Write ``error``'s traceback to the error log and tell the user where it went."""
    kind = type(error).__name__
    try:
        where = write_traceback(error)
    except OSError as failed:
        console.print(
            f"[bold red]Internt fel ({kind}):[/] ett fel i Färdplan, inte i indata. "
            f"Felloggen kunde inte skrivas ({failed.strerror or failed}); felspåret följer.",
            highlight=False,
            soft_wrap=True,
        )
        traceback.print_exception(error, file=sys.stderr)
        return
    console.print(
        f"[bold red]Internt fel ({kind}):[/] ett fel i Färdplan, inte i indata. "
        f"Felspåret finns i {where}; bifoga det när du rapporterar felet.",
        highlight=False,
        soft_wrap=True,
    )


def write_traceback(error: BaseException) -> Path:
    """Append the time, the command line and ``error``'s traceback to the error log (owner
    only) and return its path."""
    log = config.error_log()
    log.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    entry = "".join(
        [
            f"--- {datetime.now(UTC).isoformat(timespec='seconds')} "
            f"fardplan {' '.join(sys.argv[1:])}\n",
            *traceback.format_exception(error),
        ]
    )
    descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(entry)
    return log
