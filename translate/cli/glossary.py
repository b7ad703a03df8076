"""`translate glossary`: check, import, export and list glossary terms."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli.common import print_json
from translate.i18n import _, ngettext

if TYPE_CHECKING:
    from translate.glossary import Glossary

app = typer.Typer(help=_("Check, import, export and list glossaries."), no_args_is_help=True)

#: Languages whose default glossaries `check` looks at without arguments.
DEFAULT_LANGS = ("fr", "ha")

Lang = Annotated[str, typer.Option("--lang", "-l", help=_("Target language code, e.g. fr."))]
Glossaries = Annotated[
    list[Path] | None,
    typer.Option("--glossary", "-g", help=_("Glossary files (default: those in use); repeatable.")),
]


def _load(lang: str, extra: list[Path] | None) -> Glossary:
    """The glossaries given with --glossary, else those in use for the language."""
    from translate.glossary import load_for

    return load_for(lang, extra or (), use_defaults=not extra)


@app.command(
    "check",
    help=_(
        "Report syntax errors, empty or duplicate terms, conflicts, shadowed terms, bad plurals."
    ),
)
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help=_("PO glossaries (default: the fr and ha glossaries in use).")),
    ] = None,
) -> None:
    from translate.glossary import check_glossary, default_glossary_paths
    from translate.glossary.po import parse_po

    targets = list(paths or [])
    if not targets:
        targets = [p for lang in DEFAULT_LANGS for p in default_glossary_paths(lang)]
    if not targets:
        typer.echo(_("no glossaries found"), err=True)
        raise typer.Exit(1)
    problems = check_glossary(targets)
    for problem in problems:
        typer.echo(str(problem))  # file:line: message (the message in the interface language)
    if problems:
        files = len({p.path for p in problems})
        typer.echo(
            _("{count} problem(s) in {files} file(s)").format(count=len(problems), files=files),
            err=True,
        )
        raise typer.Exit(1)
    count = 0
    for path in targets:
        count += len(parse_po(path).entries)
    typer.echo(
        ngettext("{count} entry, no problems", "{count} entries, no problems", count).format(
            count=count
        ),
        err=True,
    )


@app.command("import", help=_("Merge terms from a CSV/TSV/TBX file into a PO glossary."))
def import_command(
    file: Annotated[Path, typer.Argument(help=_("CSV, TSV or TBX term list."))],
    lang: Lang,
    into: Annotated[
        Path | None,
        typer.Option("--into", help=_("PO glossary to update (default: glossaries/<lang>.po).")),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help=_("csv, tsv or tbx (default: from the extension).")),
    ] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help=_("Add new terms as proposed (fuzzy), not enforced."))
    ] = False,
) -> None:
    from translate.glossary import import_terms, merge_into_po
    from translate.glossary.matching import glossary_dir

    target = into or _default_into(glossary_dir(), lang)
    entries = import_terms(file, lang, fmt)
    added, updated = merge_into_po(entries, target, lang, fuzzy=fuzzy)
    typer.echo(
        ngettext(
            "{path}: {added} added, {updated} updated ({count} term read)",
            "{path}: {added} added, {updated} updated ({count} terms read)",
            len(entries),
        ).format(path=target, added=added, updated=updated, count=len(entries))
    )


def _default_into(base: Path, lang: str) -> Path:
    return base / f"{lang}.po"


@app.command(
    "export",
    help=_("Write the enforced terms as CSV, TSV or TBX (for DeepL, Google, Amazon, CAT tools)."),
)
def export(
    lang: Lang,
    fmt: Annotated[str, typer.Option("--format", help=_("csv, tsv or tbx."))] = "csv",
    output: Annotated[
        str, typer.Option("-o", "--output", help=_("File to write, or - for stdout."))
    ] = "-",
    glossary: Glossaries = None,
    no_header: Annotated[
        bool, typer.Option("--no-header", help=_("CSV/TSV without a header row."))
    ] = False,
) -> None:
    from translate.files import write_atomic
    from translate.glossary import export_terms

    loaded = _load(lang, glossary)
    for warning in loaded.warnings:
        typer.echo(_("warning: {message}").format(message=warning), err=True)
    text = export_terms(loaded, fmt, lang, header=not no_header)
    if output == "-":
        sys.stdout.write(text)
        return
    write_atomic(output, text)
    count = sum(1 for e in loaded.entries if not e.fuzzy)
    typer.echo(
        ngettext("Wrote {count} term to {path}", "Wrote {count} terms to {path}", count).format(
            count=count, path=output
        ),
        err=True,
    )


@app.command("list", help=_("List the terms of the glossaries in use for a language."))
def list_terms(
    lang: Lang,
    glossary: Glossaries = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print a JSON list on stdout."))
    ] = False,
) -> None:
    loaded = _load(lang, glossary)
    for warning in loaded.warnings:
        typer.echo(_("warning: {message}").format(message=warning), err=True)
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
        print_json(rows)
        return
    for e in loaded.entries:
        marks = ", ".join(
            m
            for m, on in (
                (_("keep"), e.no_translate),
                (_("proposed"), e.fuzzy),
                (_("case"), e.case_sensitive),
            )
            if on
        )
        plural = f" / {e.source_plural} → {e.target_plural}" if e.source_plural else ""
        typer.echo(f"{e.source} → {e.target}{plural}" + (f"  [{marks}]" if marks else ""))
    typer.echo(
        ngettext(
            "{count} entry, version {version}", "{count} entries, version {version}", len(loaded)
        ).format(count=len(loaded), version=loaded.version or "-"),
        err=True,
    )
