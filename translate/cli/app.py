"""The root typer application; each command group lives in its own module."""

from __future__ import annotations

import typer

from translate import __version__
from translate.cli import models, run

app = typer.Typer(
    name="translate",
    help="Offline newsroom translation with Argos packages, enforced glossaries and a SQLite memory.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(models.app, name="models")
app.command("run")(run.run_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"translate {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Offline newsroom translation with Argos packages, enforced glossaries and a SQLite memory."""
