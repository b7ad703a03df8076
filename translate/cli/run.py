"""`translate run`: translate articles (placeholder until the pipeline lands)."""

from __future__ import annotations

from pathlib import Path

import typer


def run_command(
    inputs: list[Path] = typer.Argument(..., help="Article files, or - for stdin."),
    to: str = typer.Option(..., "--to", help="Target languages, comma-separated (fr,ha)."),
) -> None:
    """Translate articles into one or more languages."""
    raise NotImplementedError
