"""`translate stats`: what the database holds, glossary compliance, memory reuse."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from translate.cli.common import DEFAULT_DB, ExistingDbOption, print_json
from translate.i18n import _


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else _("n/a")


def stats_command(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "JSON object; keys: articles, article_versions, segments, translations, runs, "
                "by_lang {lang: {status: n}}, glossary {total, by_lang}, "
                "memory {reused, translated, reuse_rate}."
            ),
        ),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    """Counts by language and status, glossary compliance and memory reuse rate.

    (The --help text is given in app.py through _(), so that it is translated.)
    """
    from translate.review import Review

    with Review(db, readonly=True) as review:
        data: dict[str, Any] = review.stats()
    if as_json:
        print_json(data)
        return
    typer.echo(
        _(
            "{articles} articles ({versions} versions), {segments} segments, "
            "{translations} translations, {runs} runs"
        ).format(
            articles=data["articles"],
            versions=data["article_versions"],
            segments=data["segments"],
            translations=data["translations"],
            runs=data["runs"],
        )
    )
    for lang, counts in data["by_lang"].items():
        parts = ", ".join(f"{n} {status}" for status, n in counts.items())
        typer.echo(
            "  "
            + _("{lang}: {count} ({statuses})").format(
                lang=lang, count=sum(counts.values()), statuses=parts
            )
        )
    glossary = data["glossary"]["total"]
    typer.echo(
        _(
            "Glossary: {satisfied}/{expected} terms satisfied ({percent}); "
            "{compliant}/{with_terms} translations with terms compliant"
        ).format(
            satisfied=glossary["satisfied"],
            expected=glossary["expected"],
            percent=_percent(glossary["satisfied"], glossary["expected"]),
            compliant=glossary["compliant"],
            with_terms=glossary["with_terms"],
        )
    )
    for lang, entry in data["glossary"]["by_lang"].items():
        typer.echo(
            "  "
            + _("{lang}: {satisfied}/{expected} terms, {violated} violations").format(
                lang=lang,
                satisfied=entry["satisfied"],
                expected=entry["expected"],
                violated=entry["violated"],
            )
        )
    memory = data["memory"]
    done = memory["reused"] + memory["translated"]
    typer.echo(
        _("Memory: {reused} of {done} segments reused ({percent})").format(
            reused=memory["reused"], done=done, percent=_percent(memory["reused"], done)
        )
    )
