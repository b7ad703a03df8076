"""`translate review`: list, show, edit, approve and reject translations; CAT round trips."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    help="Review stored translations: list, show, edit, approve, reject, export, import.",
    no_args_is_help=True,
)

# Annotated options: shared by every command, and no calls in argument defaults.
DbOption = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="TRANSLATE_DB",
        help="SQLite database (must exist: `translate run` creates it).",
    ),
]
ReviewerOption = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        help="Who is recorded in the audit (default: $TRANSLATE_REVIEWER, else the OS user).",
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Translation id (review list).")]
ArticleOption = Annotated[
    str | None,
    typer.Option("--article", "-a", help="Article doc_id (latest version) or article id."),
]
LangOption = Annotated[str | None, typer.Option("--lang", "-l", help="Target language, e.g. fr.")]

DEFAULT_DB = Path("translations.db")


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _print_item(item: dict[str, Any]) -> None:
    """The short form after a change: id, status, who, text."""
    reviewer = item["reviewer"] or "-"
    typer.echo(f"{item['id']}  {item['status']}  ({reviewer})  {item['final_text']}")


@app.command("list")
def list_command(
    lang: LangOption = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="machine, needs_review, edited, approved or rejected; comma-separate several.",
        ),
    ] = None,
    article: ArticleOption = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="At most N.")] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="JSON list; keys: id, segment_id, article, article_version, position, kind, "
            "lang, status, source, target, machine_text, violations [{term, expected}], "
            "reviewer, note, updated_at.",
        ),
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List translations with their status, glossary violations and text previews.

    ID is the translation id that show/edit/approve/reject take; SEG is the segment id
    written into PO/XLIFF/TMX exports; VIOL counts glossary violations.
    """
    import shutil

    from translate.review import list_items, open_existing, preview

    with open_existing(db) as store:
        items = list_items(store, lang=lang, status=status, article=article, limit=limit)
    if as_json:
        _print_json(items)
        return
    if not items:
        typer.echo("No translations match.", err=True)
        return
    width = shutil.get_terminal_size((120, 24)).columns
    article_w = min(24, max(len("ARTICLE"), *(len(i["article"]) for i in items)))
    head = f"{'ID':>6} {'SEG':>6} {'ARTICLE':<{article_w}} {'LANG':<4} {'STATUS':<12} {'VIOL':>4}"
    # Whatever the fixed columns leave is shared between source and target.
    text_w = max(12, (width - len(head) - 3) // 2)
    typer.echo(f"{head} {'SOURCE':<{text_w}} TARGET")
    for item in items:
        typer.echo(
            f"{item['id']:>6} {item['segment_id']:>6} "
            f"{preview(item['article'], article_w):<{article_w}} {item['lang']:<4} "
            f"{item['status']:<12} {len(item['violations']):>4} "
            f"{preview(item['source'], text_w):<{text_w}} {preview(item['target'], text_w)}"
        )


@app.command("show")
def show_command(
    translation_id: IdArgument,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON object: the list keys plus terms and audit.")
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show one translation in full: source, target, machine text, terms, audit history."""
    from translate.review import open_existing, show_item

    with open_existing(db) as store:
        item = show_item(store, translation_id)
    if as_json:
        _print_json(item)
        return
    typer.echo(f"Translation {item['id']} (segment {item['segment_id']})")
    typer.echo(
        f"Article:  {item['article']} v{item['article_version']}, "
        f"position {item['position']} ({item['kind']})"
    )
    typer.echo(f"Language: {item['lang']}")
    typer.echo(f"Status:   {item['status']}")
    if item["reviewer"]:
        typer.echo(f"Reviewer: {item['reviewer']}")
    if item["note"]:
        typer.echo(f"Note:     {item['note']}")
    typer.echo(f"\nSource:\n  {item['source']}")
    typer.echo(f"Target:\n  {item['target']}")
    if item["machine_text"] != item["target"]:
        typer.echo(f"Machine:\n  {item['machine_text']}")
    if item["terms"]:
        typer.echo("\nGlossary terms:")
        for term in item["terms"]:
            found = "found" if term.get("found") else "VIOLATED"
            how = f", {term['how']}" if term.get("how") not in (None, "", "violated") else ""
            typer.echo(f"  {term.get('term')} → {term.get('expected')}  ({found}{how})")
    typer.echo("\nHistory:")
    for event in item["audit"]:
        before = (event["before"] or {}).get("status")
        after = (event["after"] or {}).get("status")
        change = f"{before} → {after}" if before else str(after)
        note = f"  [{event['note']}]" if event["note"] else ""
        typer.echo(f"  {event['at']}  {event['who']:<12} {event['action']:<11} {change}{note}")


def _open_editor(text: str) -> str | None:
    """$EDITOR on a temporary file (click.edit); None when the file was not saved."""
    try:
        from click import edit
    except ImportError:  # newer typer vendors a click without edit(); do the same by hand
        return _run_editor(text)
    result: str | None = edit(text, extension=".txt", require_save=True)
    return result


def _run_editor(text: str) -> str | None:
    import os
    import shlex
    import subprocess
    import tempfile

    from translate.errors import TranslateError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(suffix=".txt", prefix="translate-edit-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        saved = os.stat(name).st_mtime_ns
        try:
            code = subprocess.call([*shlex.split(editor), name])
        except OSError as exc:
            raise TranslateError(f"cannot start editor {editor!r}: {exc.strerror}") from exc
        if code != 0:
            raise TranslateError(f"editor {editor!r} exited with status {code}")
        if os.stat(name).st_mtime_ns == saved:
            return None  # not saved, like click.edit(require_save=True)
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


@app.command("edit")
def edit_command(
    translation_id: IdArgument,
    text: Annotated[
        str | None,
        typer.Option("--text", help="The new text. Without it, $EDITOR opens (terminal only)."),
    ] = None,
    reviewer: ReviewerOption = None,
    note: Annotated[str | None, typer.Option("--note", help="Why it was changed.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Replace the text that ships; the translation becomes `edited` until approved."""
    from translate.errors import UsageError
    from translate.review import open_existing

    if text is None and not _stdin_is_tty():
        # Scripts must never hang on a prompt or an editor nobody can see.
        raise UsageError("edit needs --text when stdin is not a terminal")
    with open_existing(db) as store:
        if text is None:
            current = store.get_translation(translation_id)["final_text"]
            edited = _open_editor(current + "\n")
            if edited is None or edited.rstrip("\n") == current:
                typer.echo("No change.", err=True)
                return
            text = edited.rstrip("\n")
        item = store.edit(translation_id, text, reviewer, note=note)
    _print_item(item)


@app.command("approve")
def approve_command(
    translation_id: Annotated[
        int | None,
        typer.Argument(metavar="[ID]", help="Translation id; or use --article and --lang."),
    ] = None,
    article: ArticleOption = None,
    lang: LangOption = None,
    reviewer: ReviewerOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Approve a translation, or every pending one of an article in one language.

    Approved (and edited) translations are reused by the next `translate run`.
    --article leaves rejected translations alone: edit them first.
    """
    from translate.errors import UsageError
    from translate.review import open_existing

    if translation_id is not None and (article or lang):
        raise UsageError("give either ID or --article with --lang, not both")
    if translation_id is None:
        if not article or not lang:
            raise UsageError("give a translation ID, or --article and --lang")
        with open_existing(db) as store:
            count = store.approve_article(article, lang, reviewer)
        typer.echo(f"Approved {count} translation(s) of {article} in {lang}.")
        return
    with open_existing(db) as store:
        item = store.approve(translation_id, reviewer)
    _print_item(item)


@app.command("reject")
def reject_command(
    translation_id: IdArgument,
    note: Annotated[str | None, typer.Option("--note", help="Why (kept in the audit).")] = None,
    reviewer: ReviewerOption = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Reject a translation: never reused, retranslated by the next run."""
    from translate.review import open_existing

    with open_existing(db) as store:
        item = store.reject(translation_id, reviewer, note=note)
    _print_item(item)


@app.command("export")
def export_command(
    article: Annotated[
        str, typer.Option("--article", "-a", help="Article doc_id (latest version) or id.")
    ],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Target language, e.g. fr.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="po (Poedit, Weblate, Lokalize); xliff = XLIFF 1.2 (OmegaT, Okapi, Trados, "
            "memoQ); xliff2 = XLIFF 2.0 (Okapi; OmegaT does not read 2.0, use xliff); "
            "tmx = TMX 1.4 of approved and edited segments only.",
        ),
    ] = "po",
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write, or - for stdout.")
    ] = "-",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export an article's translations for a CAT tool.

    PO: msgctxt is the segment id and everything not approved is fuzzy (clear the
    flag to approve). XLIFF carries segment states. Bring the reviewed file back
    with `translate review import`.
    """
    from translate.review import export_article, open_existing, write_output

    with open_existing(db) as store:
        text = export_article(store, article, lang, fmt.lower())
    write_output(text, output)
    if output != "-":
        typer.echo(f"Wrote {output}", err=True)


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Reviewed PO, XLIFF (1.2/2.0) or TMX file.")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Target language, when the file does not name it."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; change nothing.")
    ] = False,
    reviewer: ReviewerOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="JSON summary; keys: file, edited, approved, unchanged, "
            "skipped [{segment_id, reason}], dry_run.",
        ),
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Bring a reviewed file back.

    A changed target becomes edited; an un-fuzzied (PO) or final/approved (XLIFF)
    unit becomes approved. Units whose source changed since export, and unknown ids,
    are reported on stderr and skipped. A malformed file changes nothing.
    """
    from translate.review import import_file, open_existing

    with open_existing(db) as store:
        report = import_file(store, file, lang=lang, who=reviewer, dry_run=dry_run)
    for segment_id, reason in report.skipped:
        print(f"translate: skipped segment {segment_id}: {reason}", file=sys.stderr)
    if as_json:
        _print_json(report.as_dict())
        return
    suffix = " (dry run: nothing changed)" if dry_run else ""
    typer.echo(report.summary() + suffix)
