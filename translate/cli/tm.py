"""`translate tm`: concordance search in the translation memory."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from translate import bounds
from translate.cli.common import DEFAULT_DB, LANG, ExistingDbOption, N, print_json
from translate.i18n import _

app = typer.Typer(help=_("Search the translation memory."), no_args_is_help=True)


def _highlight(text: str, query: str) -> str:
    """Bold the query where it occurs verbatim (case-insensitive).

    FTS also matches across accents and punctuation; those hits stay unmarked, which
    is fine for a visual aid. typer.echo drops the styling when stdout is not a TTY.
    """
    words = [re.escape(w) for w in query.split() if w]
    if not words:
        return text
    pattern = re.compile(r"\W+".join(words), re.IGNORECASE)
    return pattern.sub(lambda m: typer.style(m.group(0), bold=True, fg="yellow"), text)


@app.command(
    "search",
    help=_(
        "Concordance: translations whose source or target contains QUERY as a phrase.\n\n"
        "Case and accents are ignored (defense finds défense); repeats are folded."
    ),
)
def search_command(
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help=_("Words or a phrase, e.g. CNSP or 'air defence'.")),
    ],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", metavar=LANG, help=_("Only this target language."))
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            parser=bounds.SEARCH_LIMIT.parse,
            metavar=N,
            help=_("At most N results (1 to 1000000)."),
        ),
    ] = 50,
    fuzzy: Annotated[
        bool,
        typer.Option(
            "--fuzzy",
            help=_(
                "QUERY is a sentence: list the closest reviewed translations of similar "
                "sources (similarity of at least 75 percent, most similar first; needs --lang)."
            ),
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "JSON list; keys: translation_id, segment_id, article, version, lang, status, "
                "source_text, final_text (with --fuzzy: similarity, and no version)."
            ),
        ),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.review import Review

    if fuzzy:
        if not lang:
            from translate.errors import UsageError

            raise UsageError(_("--fuzzy needs --lang"))
        with Review(db, readonly=True) as review:
            matches = review.fuzzy(query, lang=lang, limit=limit)
        if as_json:
            print_json(matches)
            return
        if not matches:
            typer.echo(_("No memory entries for {query!r}.").format(query=query), err=True)
            return
        for match in matches:
            typer.echo(
                f"{match.similarity:g}%  [{match.translation_id}] {match.lang} {match.status}  "
                f"({match.article}, {match.segment_id})"
            )
            typer.echo(f"  {match.source_text}")
            typer.echo(f"  {match.final_text}")
        return
    with Review(db, readonly=True) as review:
        hits = review.tm_search(query, lang=lang, limit=limit)
    if as_json:
        print_json(hits)
        return
    if not hits:
        typer.echo(_("No memory entries for {query!r}.").format(query=query), err=True)
        return
    for hit in hits:
        where = _("{article} v{version}, segment {segment_id}").format(
            article=hit.article, version=hit.version, segment_id=hit.segment_id
        )
        typer.echo(f"[{hit.translation_id}] {hit.lang} {hit.status}  ({where})")
        typer.echo(f"  {_highlight(hit.source_text, query)}")
        typer.echo(f"  {_highlight(hit.final_text, query)}")
