"""`translate glossary`: check, import, export and list glossary terms."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate.cli.common import (
    FILE,
    FILE_OR_STDOUT,
    FILES,
    FORMAT,
    GLOSSARY_FILE,
    LANG,
    choice,
    print_json,
)
from translate.i18n import _, ngettext

if TYPE_CHECKING:
    from translate.glossary import Glossary

app = typer.Typer(help=_("Check, import, export and list glossaries."), no_args_is_help=True)

#: Languages whose default glossaries `check` looks at without arguments.
DEFAULT_LANGS = ("fr", "ha")
#: What import and export --format take: translate.glossary.formats.TERM_FORMATS (not imported
#: here, so that --help stays fast; tests/test_cli_contract.py checks they agree).
TERM_FORMATS = ("csv", "tsv", "omegat", "tbx")

Lang = Annotated[
    str, typer.Option("--lang", "-l", metavar=LANG, help=_("Target language code, e.g. fr."))
]
# -g means the same as in `translate run`: added to the glossaries in use.
Glossaries = Annotated[
    list[str] | None,
    typer.Option(
        "--glossary",
        "-g",
        metavar=GLOSSARY_FILE,
        help=_(
            "Extra glossary on top of those in use (PO/CSV/TSV/TBX; LANG=PATH when the file "
            "does not say its language); only those for --lang apply; repeatable."
        ),
    ),
]
GlossaryOnly = Annotated[
    bool,
    typer.Option("--glossary-only", help=_("Only the -g glossaries, not those in use.")),
]


def _load(lang: str, extra: list[str] | None, only: bool = False) -> Glossary:
    """The glossaries in use for the language and the -g files for it on top (only the
    -g files with --glossary-only)."""
    from translate.errors import UsageError
    from translate.glossary import load_for

    if only and not extra:
        raise UsageError(_("--glossary-only needs at least one -g FILE"))
    return load_for(lang, extra or (), use_defaults=not only)


@app.command(
    "check",
    help=_(
        "Report syntax errors, empty or duplicate terms, conflicts, shadowed terms, bad plurals."
    ),
)
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=FILES,
            help=_(
                "PO glossaries, or LANG=PATH for one without a Language header "
                "(default: the fr and ha glossaries in use)."
            ),
        ),
    ] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help=_(
                "Rewrite older files as gettext tools keep them (#, no-translate → a "
                "# no-translate comment and msgstr = msgid; #, forbidden → msgctxt "
                '"forbidden"; missing header fields), then check.'
            ),
        ),
    ] = False,
) -> None:
    # Errors exit 1; warnings are printed and exit 0.
    from translate.glossary.check import errors
    from translate.glossary.loader import (
        check_files,
        default_glossary_paths,
        fix_files,
        older_shape,
        parse_spec,
    )

    targets = [parse_spec(p) for p in paths or []]
    if not targets:
        targets = [parse_spec(p) for lang in DEFAULT_LANGS for p in default_glossary_paths(lang)]
    if not targets:
        typer.echo(_("no glossaries found"), err=True)
        raise typer.Exit(1)
    if fix:
        for path, fixes in fix_files(targets):
            typer.echo(
                ngettext("{path}: {count} fix", "{path}: {count} fixes", len(fixes)).format(
                    path=path, count=len(fixes)
                ),
                err=True,
            )
    problems, count = check_files(targets)
    for problem in problems:
        typer.echo(str(problem))  # file:line: message (the message in the interface language)
    for path, fixes in older_shape(targets):
        typer.echo(
            f"{path}: "
            + _("translate: warning: {message}").format(
                message=ngettext(
                    "{count} entry in the older shape ({first}): gettext tools (msgcat, "
                    "msgmerge, msgattrib) lose its meaning; `translate glossary check --fix` "
                    "rewrites it as they keep it",
                    "{count} entries in the older shape ({first}...): gettext tools (msgcat, "
                    "msgmerge, msgattrib) lose their meaning; `translate glossary check "
                    "--fix` rewrites them as they keep them",
                    len(fixes),
                ).format(count=len(fixes), first=f"{fixes[0].msgid}: {fixes[0].change}")
            )
        )
    failed = errors(problems)
    warned = len(problems) - len(failed)
    if failed:
        files = len({p.path for p in problems})
        typer.echo(
            _("{problems} in {files}").format(
                problems=ngettext("{count} problem", "{count} problems", len(problems)).format(
                    count=len(problems)
                ),
                files=ngettext("{count} file", "{count} files", files).format(count=files),
            ),
            err=True,
        )
        raise typer.Exit(1)
    if warned:
        typer.echo(
            _("{entries}, no errors, {warnings}").format(
                entries=ngettext("{count} entry", "{count} entries", count).format(count=count),
                warnings=ngettext("{count} warning", "{count} warnings", warned).format(
                    count=warned
                ),
            ),
            err=True,
        )
        return
    typer.echo(
        ngettext("{count} entry, no problems", "{count} entries, no problems", count).format(
            count=count
        ),
        err=True,
    )


@app.command("import", help=_("Merge terms from a CSV/TSV/OmegaT/TBX file into a PO glossary."))
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar=FILE,
            help=_(
                "CSV, TSV, OmegaT glossary or TBX term list, or - for standard input "
                "(its format sniffed unless --format says)."
            ),
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar=LANG,
            help=_("Target language code, e.g. fr (default: the language the file names)."),
        ),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar=FILE,
            help=_("PO glossary to update (default: <lang>.po in your glossary directory)."),
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar=FORMAT,
            callback=choice(*TERM_FORMATS),
            help=_("csv, tsv, omegat or tbx (default: from the extension)."),
        ),
    ] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help=_("Add new terms as proposed (fuzzy), not enforced."))
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help=_("Let imported terms change existing ones or override house terms.")
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help=_("Show what would be added, changed and unchanged; write nothing.")
        ),
    ] = False,
) -> None:
    from translate.glossary import import_glossary

    result = import_glossary(
        file, lang, into=into, fmt=fmt, fuzzy=fuzzy, update=update, dry_run=dry_run
    )
    if dry_run:
        for label, changes in (
            (_("added"), result.added),
            (_("changed"), result.changed),
            (_("overrides a house term"), result.overrides),
            (_("unchanged"), result.unchanged),
            (_("kept (proposal for an enforced term)"), result.skipped),
        ):
            for change in changes:
                typer.echo(f"{label}: {change}")
    else:
        for change in result.overrides:
            typer.echo(
                _("translate: warning: {message}")
                .format(message=_("{change} overrides the house term"))
                .format(change=change),
                err=True,
            )
        for change in result.skipped:
            typer.echo(
                _("translate: warning: {message}")
                .format(
                    message=_("{change} not applied: a proposal never changes an enforced term")
                )
                .format(change=change),
                err=True,
            )
    for line in result.untranslated:
        typer.echo(_("translate: warning: {message}").format(message=line), err=True)
    summary = ngettext(
        "{path}: {added} added, {updated} updated, {unchanged} unchanged ({count} term read)",
        "{path}: {added} added, {updated} updated, {unchanged} unchanged ({count} terms read)",
        result.read,
    ).format(
        path=result.path,
        added=len(result.added) + len(result.overrides),
        updated=len(result.changed),
        unchanged=len(result.unchanged),
        count=result.read,
    )
    if result.untranslated:
        summary += " " + ngettext(
            "({count} entry without a {lang} term, not imported)",
            "({count} entries without a {lang} term, not imported)",
            len(result.untranslated),
        ).format(count=len(result.untranslated), lang=result.lang)
    if dry_run:
        summary += " " + _("(dry run: nothing written)")
    typer.echo(summary)


@app.command(
    "export",
    help=_(
        "Write the glossary in use: the enforced terms as CSV, TSV, OmegaT or TBX (for "
        "DeepL, Google, Amazon, CAT tools), or the whole merged glossary as PO."
    ),
)
def export(
    lang: Lang,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar=FORMAT,
            callback=choice(*TERM_FORMATS, "po"),
            help=_(
                "csv, tsv, omegat or tbx; po: the merged glossary as one PO file "
                "(proposals and forbidden renderings included), the format reviewers keep."
            ),
        ),
    ] = "csv",
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output", metavar=FILE_OR_STDOUT, help=_("File to write, or - for stdout.")
        ),
    ] = "-",
    glossary: Glossaries = None,
    glossary_only: GlossaryOnly = False,
    no_header: Annotated[
        bool, typer.Option("--no-header", help=_("CSV/TSV without a header row."))
    ] = False,
) -> None:
    from translate.files import write_atomic
    from translate.glossary import export_terms

    loaded = _load(lang, glossary, glossary_only)
    for warning in loaded.warnings:
        typer.echo(_("translate: warning: {message}").format(message=warning), err=True)
    text = export_terms(loaded, fmt, lang, header=not no_header)
    if output == "-":
        sys.stdout.write(text)
        return
    write_atomic(output, text)
    count = sum(1 for e in loaded.entries if not e.fuzzy and not e.forbidden)
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
    glossary_only: GlossaryOnly = False,
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print a JSON list on stdout."))
    ] = False,
) -> None:
    loaded = _load(lang, glossary, glossary_only)
    for warning in loaded.warnings:
        typer.echo(_("translate: warning: {message}").format(message=warning), err=True)
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
                "forbidden": e.forbidden,
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
                (_("forbidden"), e.forbidden),
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
