"""A progress bar on stderr, only when stderr is a terminal (pipelines get plain logs)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    # rich comes with typer; imported here so `--help` stays fast.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    tasks: dict[str, int] = {}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:

        def update(lang: str, done: int, total: int) -> None:
            if lang not in tasks:
                tasks[lang] = bar.add_task(f"→ {lang}", total=total)
            bar.update(tasks[lang], completed=done)

        yield update
