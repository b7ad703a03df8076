"""`translate stats`: what the database holds, glossary compliance, memory reuse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli.common import DEFAULT_DB, ExistingDbOption, print_json
from translate.i18n import _, ngettext

if TYPE_CHECKING:
    from translate.records import StoreStats

JsonFlag = Annotated[
    bool,
    typer.Option(
        "--json",
        help=_(
            "JSON object; keys: articles, article_versions, segments, translations, runs, "
            "by_lang {lang: {status: n}}, glossary {total, by_lang}, "
            "memory {reused, translated, reuse_rate}."
        ),
    ),
]


def stats_command(as_json: JsonFlag = False, db: ExistingDbOption = DEFAULT_DB) -> None:
    from translate.review import Review

    with Review(db, readonly=True) as review:
        data = review.stats()
    if as_json:
        print_json(data)
    else:
        _print_stats(data)


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else _("n/a")


def _print_stats(data: StoreStats) -> None:
    typer.echo(
        _("{articles} ({versions}), {segments}, {translations}, {runs}").format(
            articles=ngettext("{count} article", "{count} articles", data.articles).format(
                count=data.articles
            ),
            versions=ngettext("{count} version", "{count} versions", data.article_versions).format(
                count=data.article_versions
            ),
            segments=ngettext("{count} segment", "{count} segments", data.segments).format(
                count=data.segments
            ),
            translations=ngettext(
                "{count} translation", "{count} translations", data.translations
            ).format(count=data.translations),
            runs=ngettext("{count} run", "{count} runs", data.runs).format(count=data.runs),
        )
    )
    for lang, counts in data.by_lang.items():
        parts = ", ".join(f"{n} {status}" for status, n in counts.items())
        typer.echo(
            "  "
            + _("{lang}: {count} ({statuses})").format(
                lang=lang, count=sum(counts.values()), statuses=parts
            )
        )
    glossary = data.glossary.total
    typer.echo(
        ngettext(
            "Glossary: {satisfied}/{expected} term satisfied ({percent}); "
            "{compliant}/{with_terms} translations with terms compliant",
            "Glossary: {satisfied}/{expected} terms satisfied ({percent}); "
            "{compliant}/{with_terms} translations with terms compliant",
            glossary.expected,
        ).format(
            satisfied=glossary.satisfied,
            expected=glossary.expected,
            percent=_percent(glossary.satisfied, glossary.expected),
            compliant=glossary.compliant,
            with_terms=glossary.with_terms,
        )
    )
    for lang, entry in data.glossary.by_lang.items():
        typer.echo(
            "  "
            + _("{lang}: {terms}, {violations}").format(
                lang=lang,
                terms=ngettext(
                    "{satisfied}/{count} term", "{satisfied}/{count} terms", entry.expected
                ).format(satisfied=entry.satisfied, count=entry.expected),
                violations=ngettext(
                    "{count} violation", "{count} violations", entry.violated
                ).format(count=entry.violated),
            )
        )
    memory = data.memory
    done = memory.reused + memory.translated
    typer.echo(
        ngettext(
            "Memory: {reused} of {done} segment reused ({percent})",
            "Memory: {reused} of {done} segments reused ({percent})",
            done,
        ).format(reused=memory.reused, done=done, percent=_percent(memory.reused, done))
    )
