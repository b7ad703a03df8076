"""Progress on stderr: a bar only when stderr is a terminal (pipelines get plain logs),
or, with ``--progress json``, one JSON event per line whatever stderr is."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the pipeline is imported when a run starts, not before
    from translate.pipeline.options import Progress, WindowDone


@contextmanager
def progress_reporter(
    style: str = "bar", enabled: bool = True
) -> Iterator[tuple[Progress | None, WindowDone | None]]:
    """(progress callback, window callback) for ``translate.pipeline.run``."""
    if not enabled:
        yield None, None
    elif style == "json":
        yield _json_progress, _json_window
    else:
        with progress_bar() as bar:
            yield bar, None


def event(name: str, **fields: object) -> None:
    """One JSON object on one stderr line (``--log-format json``): ``{"event": name, ...}``."""
    line = {"event": name, **fields}
    print(json.dumps(line, ensure_ascii=False), file=sys.stderr, flush=True)


def without_prefix(message: str) -> str:
    """A warning without its human ``warning: `` prefix (the event says what it is)."""
    from translate.i18n import _

    prefix = _("translate: warning: {message}").format(message="")
    return message[len(prefix) :] if prefix and message.startswith(prefix) else message


def _json_progress(lang: str, done: int, total: int) -> None:
    event("progress", lang=lang, done=done, total=total)


def _json_window(window: int, articles: int) -> None:
    event("window", window=window, articles=articles)


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Progress | None]:
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    # rich comes with typer; imported here so `--help` stays fast.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as bar:

        def update(lang: str, done: int, total: int) -> None:
            # Each window counts from zero again: its own pending segments.
            if lang not in tasks:
                tasks[lang] = bar.add_task(f"→ {lang}", total=total)
            bar.update(tasks[lang], completed=done, total=total)

        yield update
