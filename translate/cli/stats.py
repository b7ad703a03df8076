"""`translate stats`: what the database holds, glossary compliance, memory reuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def stats_command(
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="JSON object; keys: articles, article_versions, segments, translations, runs, "
            "by_lang {lang: {status: n}}, glossary {total, by_lang}, "
            "memory {reused, translated, reuse_rate}.",
        ),
    ] = False,
    db: Annotated[
        Path, typer.Option("--db", envvar="TRANSLATE_DB", help="SQLite database (must exist).")
    ] = Path("translations.db"),
) -> None:
    """Counts by language and status, glossary compliance and memory reuse rate."""
    from translate.review import open_existing

    with open_existing(db) as store:
        data: dict[str, Any] = store.stats()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"{data['articles']} articles ({data['article_versions']} versions), "
        f"{data['segments']} segments, {data['translations']} translations, {data['runs']} runs"
    )
    for lang, counts in data["by_lang"].items():
        parts = ", ".join(f"{n} {status}" for status, n in counts.items())
        typer.echo(f"  {lang}: {sum(counts.values())} ({parts})")
    glossary = data["glossary"]["total"]
    typer.echo(
        f"Glossary: {glossary['satisfied']}/{glossary['expected']} terms satisfied "
        f"({_percent(glossary['satisfied'], glossary['expected'])}); "
        f"{glossary['compliant']}/{glossary['with_terms']} translations with terms compliant"
    )
    for lang, entry in data["glossary"]["by_lang"].items():
        typer.echo(
            f"  {lang}: {entry['satisfied']}/{entry['expected']} terms, "
            f"{entry['violated']} violations"
        )
    memory = data["memory"]
    done = memory["reused"] + memory["translated"]
    typer.echo(
        f"Memory: {memory['reused']} of {done} segments reused ({_percent(memory['reused'], done)})"
    )
