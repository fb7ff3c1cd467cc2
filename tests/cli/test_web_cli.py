"""`fardplan demo` hands plain values to the server once the demo is built."""

from __future__ import annotations

import pytest
from rich.console import Console
from typer.testing import CliRunner

from fardplan.cli import web
from fardplan.cli.main import app
from fardplan.web.site import demo
from fardplan.web.site.demo_users import Login


def test_it_serves_the_demo_on_the_given_address(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, int, int]] = []

    def built(console: Console) -> tuple[demo.Credentials, list[Login]]:
        editor = Login("redaktor-lulea", "hemligt-2", "Redaktör för organisation", "Luleå")
        return demo.Credentials("demo", "secret"), [editor]

    monkeypatch.setattr(demo, "build_demo", built)
    monkeypatch.setattr(web, "_run_server", lambda h, p, threads: served.append((h, p, threads)))
    result = CliRunner().invoke(app, ["demo", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert served == [("127.0.0.1", 8123, 8)]
    assert "secret" in result.output
    assert "redaktor-lulea" in result.output and "hemligt-2" in result.output
