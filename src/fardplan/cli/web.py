"""Commands that drive the web application: demo, serve, and Django's management commands."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from fardplan import config

console = Console()


def _setup_django() -> None:
    # The embedded SQLite file and DuckDB store live here; SQLite cannot create the folder.
    # Owner only: the store holds pseudonymised health data.
    config.data_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
    config.data_dir().chmod(0o700)
    # STATIC_ROOT: whitenoise warns at start-up when it is missing (assets come from the apps).
    (config.data_dir() / "static").mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fardplan.web.settings")
    import django

    try:
        django.setup()
    except config.ConfigError as error:
        console.print(f"[bold red]Färdplan cannot start:[/] {error}", highlight=False)
        raise typer.Exit(2) from None


def _plain_http_on_loopback(host: str) -> None:
    """Opt out of the HTTPS-only settings for a local demo on loopback, and say so; a
    setting already in the environment wins. Any other address keeps them on."""
    if not config.is_loopback(host) or "FARDPLAN_PLAIN_HTTP" in os.environ:
        return
    os.environ["FARDPLAN_PLAIN_HTTP"] = "1"
    console.print(
        f"[yellow]Local demo on {host}:[/] plain HTTP, so the HTTPS-only settings (SSL "
        "redirect, secure cookies, HSTS) are off (FARDPLAN_PLAIN_HTTP=1). Serve it to "
        "others only behind HTTPS, without FARDPLAN_PLAIN_HTTP.",
        highlight=False,
    )


def demo(
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, help="Port to serve on."),
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Serve when built."),
) -> None:
    """Build the embedded demo (database, reference data, examples, demo user) and serve it."""
    _plain_http_on_loopback(host)
    _setup_django()
    from fardplan.web.site.demo import build_demo

    credentials, logins = build_demo(console)
    console.print(
        f"\n[bold green]Färdplan demo ready.[/] Log in at http://{host}:{port}/konto/login/ "
        f"as [bold]{credentials.username}[/] with password [bold]{credentials.password}[/]"
    )
    _print_logins(logins)
    if serve_after:
        _run_server(host, port, threads=8)


def _print_logins(logins: list[Any]) -> None:
    """Print the personas' logins as a table: on screen only, never to a log."""
    from rich.table import Table

    table = Table(title="Demo users with a role (passwords are new on every build)")
    table.add_column("username", no_wrap=True)
    table.add_column("password", no_wrap=True)
    table.add_column("role")
    table.add_column("organisation")
    for login in logins:
        table.add_row(login.username, login.password, login.role, login.organisation)
    console.print(table)


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, help="Port to serve on."),
    threads: int = typer.Option(8, help="Worker threads."),
    tasks: bool = typer.Option(
        True, "--tasks/--no-tasks", help="Also run the task worker (the data refresh's queue)."
    ),
) -> None:
    """Serve the web application with waitress (static files served by the app itself)."""
    _plain_http_on_loopback(host)
    _run_server(host, port, threads, tasks=tasks)


def _run_server(host: str, port: int, threads: int, *, tasks: bool = True) -> None:
    # A plain function: called from `demo` too, where Typer's option defaults do not apply.
    _setup_django()
    from waitress import serve as waitress_serve

    from fardplan.web.wsgi import application

    console.print(f"Serving Färdplan at [bold]http://{host}:{port}/[/] (Ctrl+C stops)")
    with _task_worker(tasks):
        waitress_serve(application, host=host, port=port, threads=threads)


@contextmanager
def _task_worker(wanted: bool) -> Iterator[None]:
    """Run django-tasks' database worker beside the server, so that a queued refresh ("Run
    now") runs; stopped with the server. A deployment may run it on its own instead
    (``fardplan manage db_worker``) and serve with ``--no-tasks``."""
    if not wanted:
        yield
        return
    command = [sys.executable, "-m", "fardplan.cli.main", "manage", "db_worker", "--no-reload"]
    worker = subprocess.Popen(command)  # this interpreter, fixed arguments
    console.print("The task worker runs beside it (fardplan manage db_worker).")
    try:
        yield
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. ``fardplan manage migrate``."""
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fardplan manage", *ctx.args])


def register(app: typer.Typer) -> None:
    app.command()(demo)
    app.command()(serve)
    app.command(
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)
