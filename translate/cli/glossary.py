"""`translate glossary`: check, import, export and list glossary terms."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Check, import, export and list glossaries.", no_args_is_help=True)

#: Languages whose default glossaries `check` looks at without arguments.
DEFAULT_LANGS = ("fr", "ha")

Lang = Annotated[str, typer.Option("--lang", "-l", help="Target language code, e.g. fr.")]
Glossaries = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", help="Glossary files (default: those in use); repeatable."),
]


def _paths_for(lang: str, extra: list[Path] | None) -> list[Path]:
    from translate.glossary import default_glossary_paths

    return extra or default_glossary_paths(lang)


@app.command("check")
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="PO glossaries (default: the fr and ha glossaries in use)."),
    ] = None,
) -> None:
    """Report syntax errors, empty or duplicate terms, conflicts, shadowed terms, bad plurals."""
    from translate.glossary import check_glossary, default_glossary_paths
    from translate.glossary.po import parse_po

    targets = list(paths or [])
    if not targets:
        targets = [p for lang in DEFAULT_LANGS for p in default_glossary_paths(lang)]
    if not targets:
        typer.echo("no glossaries found", err=True)
        raise typer.Exit(1)
    problems = check_glossary(targets)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        files = len({p.path for p in problems})
        typer.echo(f"{len(problems)} problem(s) in {files} file(s)", err=True)
        raise typer.Exit(1)
    count = 0
    for path in targets:
        count += len(parse_po(path).entries)
    typer.echo(f"{count} entries, no problems", err=True)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or TBX term list.")],
    lang: Lang,
    into: Annotated[
        Path | None,
        typer.Option("--into", help="PO glossary to update (default: glossaries/<lang>.po)."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, tsv or tbx (default: from the extension).")
    ] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help="Add new terms as proposed (fuzzy), not enforced.")
    ] = False,
) -> None:
    """Merge terms from a CSV/TSV/TBX file into a PO glossary."""
    from translate.glossary import import_terms, merge_into_po
    from translate.glossary.matching import glossary_dir

    target = into or _default_into(glossary_dir(), lang)
    entries = import_terms(file, lang, fmt)
    added, updated = merge_into_po(entries, target, lang, fuzzy=fuzzy)
    typer.echo(f"{target}: {added} added, {updated} updated ({len(entries)} terms read)")


def _default_into(base: Path, lang: str) -> Path:
    return base / f"{lang}.po"


@app.command("export")
def export(
    lang: Lang,
    fmt: Annotated[str, typer.Option("--format", help="csv, tsv or tbx.")] = "csv",
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write, or - for stdout.")
    ] = "-",
    glossary: Glossaries = None,
    no_header: Annotated[
        bool, typer.Option("--no-header", help="CSV/TSV without a header row.")
    ] = False,
) -> None:
    """Write the enforced terms as CSV, TSV or TBX (for DeepL, Google, Amazon, CAT tools)."""
    from translate.glossary import export_terms, load_glossary

    loaded = load_glossary(_paths_for(lang, glossary), lang)
    for warning in loaded.warnings:
        typer.echo(f"warning: {warning}", err=True)
    text = export_terms(loaded, fmt, lang, header=not no_header)
    if output == "-":
        sys.stdout.write(text)
        return
    Path(output).write_text(text, encoding="utf-8")
    count = sum(1 for e in loaded.entries if not e.fuzzy)
    typer.echo(f"Wrote {count} terms to {output}", err=True)


@app.command("list")
def list_terms(
    lang: Lang,
    glossary: Glossaries = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list on stdout.")] = False,
) -> None:
    """List the terms of the glossaries in use for a language."""
    from translate.glossary import load_glossary

    loaded = load_glossary(_paths_for(lang, glossary), lang)
    for warning in loaded.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        rows = [
            {
                "source": e.source,
                "target": e.target,
                "source_plural": e.source_plural,
                "target_plural": e.target_plural,
                "context": e.context,
                "no_translate": e.no_translate,
                "case_sensitive": e.case_sensitive,
                "fuzzy": e.fuzzy,
                "notes": e.notes,
                "origin": e.origin,
            }
            for e in loaded.entries
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for e in loaded.entries:
        marks = ", ".join(
            m for m, on in (("keep", e.no_translate), ("proposed", e.fuzzy),
                            ("case", e.case_sensitive)) if on
        )
        plural = f" / {e.source_plural} → {e.target_plural}" if e.source_plural else ""
        typer.echo(f"{e.source} → {e.target}{plural}" + (f"  [{marks}]" if marks else ""))
    typer.echo(f"{len(loaded)} entries, version {loaded.version or '-'}", err=True)
