"""`translate review`: list, show, edit, approve and reject translations; CAT round trips."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate import bounds
from translate.cli.common import (
    DEFAULT_DB,
    FILE,
    FILE_OR_STDOUT,
    FORMAT,
    LANG,
    NAME,
    TEXT,
    ExistingDbOption,
    N,
    choice,
    print_json,
)
from translate.i18n import _, ngettext
from translate.mt.quality import REASONS

if TYPE_CHECKING:
    from translate.records import ReviewItem
    from translate.review import Review

app = typer.Typer(
    help=_("Review stored translations: list, show, edit, approve, reject, export, import."),
    no_args_is_help=True,
)

# Annotated options: shared by every command, and no calls in argument defaults.
ReviewerOption = Annotated[
    str | None,
    typer.Option(
        "--reviewer",
        metavar=NAME,
        help=_("Who is recorded in the audit (default: $TRANSLATE_REVIEWER, else the OS user)."),
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help=_("Print JSON on stdout."))]


def _checked_id(value: int | None) -> int | None:
    """Ids are SQLite rowids: one out of range is a usage error, never an OverflowError."""
    from translate.errors import UsageError
    from translate.ids import MAX_ROW_ID, shown_id, valid_row_id

    if value is not None and not valid_row_id(value):
        raise UsageError(
            _("translation id {value} is out of range (1 to {maximum})").format(
                value=shown_id(value),
                maximum=MAX_ROW_ID,
            )
        )
    return value


IdArgument = Annotated[
    int,
    typer.Argument(metavar="ID", help=_("Translation id (review list)."), callback=_checked_id),
]
ArticleOption = Annotated[
    str | None,
    typer.Option(
        "--article",
        "-a",
        metavar="ARTICLE",
        help=_("Article doc_id (latest version) or article id."),
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        parser=bounds.LIST_LIMIT.parse,
        metavar=N,
        help=_("At most N (0 to 1000000)."),
    ),
]
LangOption = Annotated[
    str | None, typer.Option("--lang", "-l", metavar=LANG, help=_("Target language, e.g. fr."))
]


@contextmanager
def _reviewing(db: Path) -> Iterator[Review]:
    """A Review that checks human text; what its glossary checks could not do as the
    run did (a glossary file gone) is said on stderr, even when the command fails."""
    from translate.review import Review

    with Review(db) as review:
        try:
            yield review
        finally:
            for warning in review.warnings:
                print(_("translate: warning: {problem}").format(problem=warning), file=sys.stderr)


def _print_item(item: ReviewItem) -> None:
    """The short form after a change: id, status, who, text."""
    reviewer = item.reviewer or "-"  # status and text are data: not translated
    typer.echo(f"{item.id}  {item.status}  ({reviewer})  {item.tagged_target}")


@app.command(
    "list",
    help=_(
        "List translations with their status, glossary violations and text previews.\n\n"
        "ID is the translation id that show/edit/approve/reject take; SEG is the segment id "
        "written into PO/XLIFF/TMX exports; VER is the article's version (the latest only, "
        "unless --all-versions); VIOL counts glossary violations; FLAGS names why the text "
        "that ships is suspect (a person's fix drops the machine text's flags)."
    ),
)
def list_command(
    lang: LangOption = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS[,STATUS...]",
            help=_(
                "machine, needs_review, edited, approved, rejected or failed; comma-separate "
                "several."
            ),
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            "-r",
            metavar="REASON[,REASON...]",
            help=_(
                "Only translations flagged for one of these reasons (comma-separate "
                "several): {reasons}."
            ).format(reasons=", ".join(REASONS)),
        ),
    ] = None,
    article: ArticleOption = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            metavar="WORDS",
            help=_(
                "Only translations whose source or target holds these words (case, accents, "
                "apostrophe variants and Hausa hooked letters ignored: ma'adinai finds "
                "maʼadinai)."
            ),
        ),
    ] = None,
    limit: LimitOption = None,
    all_versions: Annotated[
        bool,
        typer.Option(
            "--all-versions",
            help=_(
                "Every version of each article (default: the latest only; an article id "
                "given with --article names its own version)."
            ),
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "JSON list; keys: id, segment_id, article, article_version, position, kind, "
                "lang, status, source, target, machine_text, violations [{term, expected}], "
                "reviewer, note, updated_at, flags [{reason, detail}], parts, failure, "
                "tagged_source, tagged_target (links and emphasis as numbered tags), tags "
                "(what each tag stands for)."
            ),
        ),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    import shutil

    from translate.review import Review, preview

    with Review(db, readonly=True) as review:
        items = review.list_items(
            lang=lang, status=status, article=article, limit=limit, reason=reason,
            search=search, all_versions=all_versions,
        )  # fmt: skip
    if as_json:
        print_json(items)
        return
    if not items:
        typer.echo(_("No translations match."), err=True)
        return
    width = shutil.get_terminal_size((120, 24)).columns
    # Column titles in the interface language; each column is as wide as its title needs.
    id_h, seg_h, article_h, lang_h = _("ID"), _("SEG"), _("ARTICLE"), _("LANG")
    status_h, viol_h, source_h, target_h = _("STATUS"), _("VIOL"), _("SOURCE"), _("TARGET")
    flags_h, version_h = _("FLAGS"), _("VER")
    id_w, seg_w = max(6, len(id_h)), max(6, len(seg_h))
    version_w = max(len(version_h), *(len(str(i.article_version)) for i in items))
    lang_w, status_w, viol_w = max(4, len(lang_h)), max(12, len(status_h)), max(4, len(viol_h))
    article_w = min(24, max(len(article_h), *(len(i.article) for i in items)))
    reasons = [",".join(dict.fromkeys(f.reason for f in i.flags)) or "-" for i in items]
    flags_w = min(24, max(len(flags_h), *(len(r) for r in reasons)))
    head = (
        f"{id_h:>{id_w}} {seg_h:>{seg_w}} {article_h:<{article_w}} {version_h:>{version_w}} "
        f"{lang_h:<{lang_w}} {status_h:<{status_w}} {viol_h:>{viol_w}} {flags_h:<{flags_w}}"
    )
    # Whatever the fixed columns leave is shared between source and target.
    text_w = max(12, (width - len(head) - 3) // 2)
    typer.echo(f"{head} {source_h:<{text_w}} {target_h}")
    for item, flagged in zip(items, reasons, strict=True):
        typer.echo(
            f"{item.id:>{id_w}} {item.segment_id:>{seg_w}} "
            f"{preview(item.article, article_w):<{article_w}} "
            f"{item.article_version:>{version_w}} {item.lang:<{lang_w}} "
            f"{item.status:<{status_w}} {len(item.violations):>{viol_w}} "
            f"{preview(flagged, flags_w):<{flags_w}} "
            f"{preview(item.source, text_w):<{text_w}} {preview(item.target, text_w)}"
        )


@app.command(
    "show",
    help=_("Show one translation in full: source, target, machine text, terms, audit history."),
)
def show_command(
    translation_id: IdArgument,
    segment: Annotated[
        bool,
        typer.Option(
            "--segment",
            help=_(
                "ID is a segment id (SEG, as run reports and exchange files give it), "
                "not a translation id; with --lang when it has several languages."
            ),
        ),
    ] = False,
    lang: LangOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "JSON object: the list keys plus terms, audit and matches [{similarity, "
                "translation_id, segment_id, source_text, final_text, lang, status, article}]."
            ),
        ),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.review import Review

    with Review(db, readonly=True) as review:
        if segment:
            translation_id = review.translation_of_segment(translation_id, lang)
        item = review.show(translation_id)
    if as_json:
        print_json(item)
        return
    typer.echo(
        _("Translation {id} (segment {segment_id})").format(id=item.id, segment_id=item.segment_id)
    )
    # Labels padded to the longest one, whatever the language ("Article:  ...").
    fields = [
        (
            _("Article:"),
            _("{article} v{version}, position {position} ({kind})").format(
                article=item.article,
                version=item.article_version,
                position=item.position,
                kind=item.kind,
            ),
        ),
        (_("Language:"), item.lang),
        (_("Status:"), item.status),
    ]
    if item.reviewer:
        fields.append((_("Reviewer:"), item.reviewer))
    if item.note:
        fields.append((_("Note:"), item.note))
    if item.parts > 1:
        fields.append((_("Parts:"), str(item.parts)))
    if item.failure:
        fields.append((_("Failed:"), item.failure))
    label_w = max(len(label) for label, _value in fields)
    for label, value in fields:
        typer.echo(f"{label:<{label_w}} {value}")
    # Links and emphasis as numbered tags: the form `review edit --text` takes.
    typer.echo("\n" + _("Source:") + "\n  " + item.tagged_source)
    typer.echo(_("Target:") + "\n  " + item.tagged_target)
    if item.tags:
        typer.echo(_("Tags (keep them to keep the links and emphasis):"))
        for line in item.tags:
            typer.echo(f"  {line}")
    if item.machine_text != item.target:
        typer.echo(_("Machine:") + "\n  " + item.machine_text)
    if item.flags:
        typer.echo("\n" + _("Held for review:"))
        for flag in item.flags:
            typer.echo(f"  {flag.reason}: {flag.detail}")
    if item.terms:
        typer.echo("\n" + _("Glossary terms:"))
        for term in item.terms:
            found = _("found") if term.found else _("VIOLATED")
            how = f", {term.how}" if term.how not in ("", "violated") else ""
            typer.echo(f"  {term.term} → {term.expected}  ({found}{how})")
    if item.matches:
        typer.echo("\n" + _("Memory matches (closest reviewed translations):"))
        for match in item.matches:
            typer.echo(
                f"  {match.similarity:g}%  [{match.translation_id}] {match.status}  "
                f"{match.source_text}\n        → {match.final_text}"
            )
    typer.echo("\n" + _("History:"))
    for event in item.audit:
        before = event.before.status if event.before else None
        after = event.after.status if event.after else None
        change = f"{before} → {after}" if before else str(after)
        note = f"  [{event.note}]" if event.note else ""
        typer.echo(f"  {event.at}  {event.who:<12} {event.action:<11} {change}{note}")


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
            raise TranslateError(
                _("cannot start editor {editor!r}: {reason}").format(
                    editor=editor, reason=exc.strerror
                )
            ) from exc
        if code != 0:
            raise TranslateError(
                _("editor {editor!r} exited with status {code}").format(editor=editor, code=code)
            )
        if os.stat(name).st_mtime_ns == saved:
            return None  # not saved, like click.edit(require_save=True)
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)


def _stdin_text() -> str:
    """Standard input as UTF-8 text; bytes that are not UTF-8 are a usage error (exit 2)."""
    from translate.errors import UsageError
    from translate.files import read_input

    data = read_input("-")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            _("--text -: standard input is not valid UTF-8 at byte {offset} (byte {byte})").format(
                offset=exc.start, byte=f"0x{data[exc.start]:02x}"
            )
        ) from None


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


@app.command(
    "edit",
    help=_("Replace the text that ships; the translation becomes `edited` until approved."),
)
def edit_command(
    translation_id: IdArgument,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            metavar=TEXT,
            help=_("The new text, or - to read it from stdin. Without it, $EDITOR opens."),
        ),
    ] = None,
    reviewer: ReviewerOption = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar=TEXT, help=_("Why it was changed."))
    ] = None,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.errors import UsageError

    if text == "-":  # `-` is stdin here as everywhere: the text piped in, one final newline off
        text = _stdin_text().removesuffix("\n")
    if text is None and not _stdin_is_tty():
        # Scripts must never hang on a prompt or an editor nobody can see.
        raise UsageError(_("edit needs --text when stdin is not a terminal"))
    with _reviewing(db) as review:
        if text is None:
            current = review.current_text(translation_id)
            edited = _open_editor(current + "\n")
            if edited is None or edited.rstrip("\n") == current:
                typer.echo(_("No change."), err=True)
                return
            text = edited.rstrip("\n")
        item = review.edit(translation_id, text, reviewer, note=note)
    _print_item(item)
    _warn_glossary(item)
    _warn_markup(item)


def _warn_markup(item: ReviewItem) -> None:
    """Say at once which tags (links, emphasis) a reviewer's text leaves out."""
    from translate.review import dropped_markup

    for dropped in dropped_markup(item):
        print(
            _(
                "translate: warning: translation {id} leaves out inline tags, so the output "
                "loses them: {dropped}"
            ).format(id=item.id, dropped=dropped),
            file=sys.stderr,
        )


def _warn_glossary(item: ReviewItem) -> None:
    """Say at once, naming the term, when a reviewer's text breaks the glossary."""
    from translate.review.checks import item_warnings

    for warning in item_warnings(item):
        print(_("translate: warning: {message}").format(message=warning.message()), file=sys.stderr)


@app.command(
    "approve",
    help=_(
        "Approve a translation, or every pending one of an article in one language.\n\n"
        "Approved (and edited) translations are reused by the next `translate run`. "
        "--article leaves rejected translations alone: edit them first."
    ),
)
def approve_command(
    translation_id: Annotated[
        int | None,
        typer.Argument(
            metavar="ID",
            help=_("Translation id; or use --article and --lang."),
            callback=_checked_id,
        ),
    ] = None,
    article: ArticleOption = None,
    lang: LangOption = None,
    reviewer: ReviewerOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help=_("Approve even though the text still breaks the glossary.")),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.errors import UsageError

    if translation_id is not None and (article or lang):
        raise UsageError(_("give either ID or --article with --lang, not both"))
    if translation_id is None:
        if not article or not lang:
            raise UsageError(_("give a translation ID, or --article and --lang"))
        with _reviewing(db) as review:
            count = review.approve_article(article, lang, reviewer, force=force)
        typer.echo(
            ngettext(
                "Approved {count} translation of {article} in {lang}.",
                "Approved {count} translations of {article} in {lang}.",
                count,
            ).format(count=count, article=article, lang=lang)
        )
        return
    with _reviewing(db) as review:
        item = review.approve(translation_id, reviewer, force=force)
    _print_item(item)
    _warn_glossary(item)


@app.command(
    "history",
    help=_(
        "The audit trail across translations, oldest first: who changed what, when "
        "(edits, approvals, imports, runs)."
    ),
)
def history_command(
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help=_("Only changes since DATE (YYYY-MM-DD or ISO, UTC).")
        ),
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option("--reviewer", metavar=NAME, help=_("Only changes by this reviewer.")),
    ] = None,
    article: ArticleOption = None,
    lang: LangOption = None,
    limit: LimitOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "JSON list; keys: at, who, action, before, after (status, final_text...), "
                "note, translation_id, segment_id, lang, article."
            ),
        ),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.review import Review

    with Review(db, readonly=True) as review:
        events = review.history(since=since, who=reviewer, article=article, lang=lang, limit=limit)
    if as_json:
        print_json(events)
        return
    if not events:
        typer.echo(_("No changes match."), err=True)
        return
    for event in events:
        before = event.before.status if event.before else None
        after = event.after.status if event.after else None
        change = f"{before} → {after}" if before else str(after)
        note = f"  [{event.note}]" if event.note else ""
        where = f"{event.article or '-'} #{event.translation_id} {event.lang or ''}".strip()
        typer.echo(f"{event.at}  {event.who:<12} {event.action:<11} {where}  {change}{note}")


@app.command("reject", help=_("Reject a translation: never reused, retranslated by the next run."))
def reject_command(
    translation_id: IdArgument,
    note: Annotated[
        str | None, typer.Option("--note", metavar=TEXT, help=_("Why (kept in the audit)."))
    ] = None,
    reviewer: ReviewerOption = None,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.review import Review

    with Review(db) as review:
        item = review.reject(translation_id, reviewer, note=note)
    _print_item(item)


@app.command(
    "export",
    help=_(
        "Export an article's translations for a CAT tool.\n\n"
        "PO: msgctxt is the segment id and everything not approved is fuzzy (clear the "
        "flag to approve). XLIFF carries segment states. Bring the reviewed file back "
        "with `translate review import`."
    ),
)
def export_command(
    lang: Annotated[
        str, typer.Option("--lang", "-l", metavar=LANG, help=_("Target language, e.g. fr."))
    ],
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            "-a",
            metavar="ARTICLE",
            help=_(
                "Article doc_id (latest version) or id; without it, every article: the "
                "whole memory of the language."
            ),
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS[,STATUS...]",
            help=_("Only these statuses (approved, needs_review...; comma-separate several)."),
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help=_("Only translations updated since DATE (YYYY-MM-DD)."),
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar=FORMAT,
            callback=choice("po", "xliff", "xliff2", "tmx"),
            help=_(
                "po (Poedit, Weblate, Lokalize); xliff = XLIFF 1.2 (OmegaT, Okapi, Trados, "
                "memoQ); xliff2 = XLIFF 2.0 (Okapi; OmegaT does not read 2.0, use xliff); "
                "tmx = TMX 1.4 of approved and edited segments only."
            ),
        ),
    ] = "po",
    for_tool: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="TOOL",
            callback=choice("omegat"),
            help=_(
                "omegat: an OmegaT 3.6 project folder (-o DIR, new or empty): the English "
                "to translate, approved and edited translations inserted from tm/auto/, "
                "machine ones as matches in tm/. Bring the work back with `review import "
                "DIR/omegat/project_save.tmx`."
            ),
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output", metavar=FILE_OR_STDOUT, help=_("File to write, or - for stdout.")
        ),
    ] = "-",
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.review import Review, write_export, write_project

    if for_tool:
        from translate.errors import UsageError

        if output == "-":
            raise UsageError(_("--for omegat writes a project folder: give -o DIR"))
        with Review(db, readonly=True) as review:
            files = review.export_omegat(article, lang, status=status, since=since)
        write_project(files, output)
        typer.echo(_("Wrote {path}").format(path=output), err=True)
        return
    with Review(db, readonly=True) as review:
        text = review.export(article, lang, fmt.lower(), status=status, since=since)
    write_export(text, output)
    if output != "-":
        typer.echo(_("Wrote {path}").format(path=output), err=True)


@app.command(
    "import",
    help=_(
        "Bring a reviewed file back: PO (Poedit, Weblate, xliff2po), XLIFF 1.1/1.2/2.0, TMX "
        "1.1-1.4 (OmegaT, po2tmx, Okapi, Trados).\n\n"
        "A changed target becomes edited; an un-fuzzied (PO) or final/approved (XLIFF) "
        "unit becomes approved, unless its text breaks the glossary (then it is held as "
        "edited; --force approves it). Units of our own exports are matched by segment "
        "id; any other unit by its source text. Units whose source changed since export, "
        "unknown ids and units matching no segment are reported on stderr and skipped "
        "(exit 6); conflicts are held back (exit 8). A malformed file changes nothing."
    ),
)
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar=FILE,
            help=_("Reviewed PO, XLIFF (1.1/1.2/2.0) or TMX file, or - for standard input."),
        ),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", "-l", metavar=LANG, help=_("Target language, when the file does not name it.")
        ),
    ] = None,
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            "-a",
            metavar="ARTICLE",
            help=_(
                "Only segments of this article (doc_id, latest version, or id): where units "
                "without an id of ours are matched by source."
            ),
        ),
    ] = None,
    as_memory: Annotated[
        bool,
        typer.Option(
            "--as-memory",
            help=_(
                "Keep units that match no segment as translation memory for later runs "
                "(a memory article named after the file)."
            ),
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Report what would change; change nothing."))
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=_(
                "Apply conflicting units too (edited in the file while the database changed "
                "since the export), and approve final units that break the glossary."
            ),
        ),
    ] = False,
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer",
            metavar=NAME,
            help=_(
                "Who is recorded where the file names nobody (PO Last-Translator, TMX and "
                "XLIFF changeid/creationid win; default: $TRANSLATE_REVIEWER, else the OS "
                "user)."
            ),
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_(
                "JSON summary (ids are segment ids); keys: file, applied, applied_ids, "
                "edited, edited_ids, approved, approved_ids, unchanged, unchanged_ids, "
                "conflict, conflict_ids, conflicts [{segment_id, stored_status, stored, "
                "imported}], held, held_ids, memory, memory_ids, skipped [{segment_id, "
                "reason, source}], skipped_ids, dry_run, force, glossary_warnings, "
                "markup_warnings."
            ),
        ),
    ] = False,
    db: ExistingDbOption = DEFAULT_DB,
) -> None:
    from translate.review import preview, skip_reason

    with _reviewing(db) as review:
        report = review.import_file(
            file,
            lang=lang,
            who=reviewer,
            dry_run=dry_run,
            force=force,
            article=article,
            as_memory=as_memory,
        )
    for segment_id in report.conflict_ids:
        print(
            _(
                "translate: conflict on segment {segment_id}: changed in the database since "
                "this file was exported; not applied (--force applies it)"
            ).format(segment_id=segment_id),
            file=sys.stderr,
        )
    for segment_id in report.held_ids:
        print(
            _(
                "translate: warning: segment {segment_id} is final in the file but breaks the "
                "glossary: stored as edited, not approved (--force approves it)"
            ).format(segment_id=segment_id),
            file=sys.stderr,
        )
    warnings = [w.message() for w in report.glossary_warnings]
    for message in warnings + [w.message() for w in report.markup_warnings]:
        print(_("translate: warning: {problem}").format(problem=message), file=sys.stderr)
    for unit in report.skipped:
        if unit.segment_id is None:
            print(
                _("translate: skipped unit {source!r}: {reason}").format(
                    source=preview(unit.source, 60), reason=skip_reason(None, unit.reason)
                ),
                file=sys.stderr,
            )
            continue
        print(
            _("translate: skipped segment {segment_id}: {reason}").format(
                segment_id=unit.segment_id, reason=skip_reason(unit.segment_id, unit.reason)
            ),
            file=sys.stderr,
        )
    if as_json:
        print_json(report)
    elif dry_run:
        typer.echo(_("{summary} (dry run: nothing changed)").format(summary=report.summary()))
    else:
        typer.echo(report.summary())
    if not as_json:
        buckets = (
            (_("approved"), report.approved_ids),
            (_("edited"), report.edited_ids),
            (_("unchanged"), report.unchanged_ids),
            (_("conflict"), report.conflict_ids),
            (_("held"), report.held_ids),
            (_("memory"), report.memory_ids),
            (_("skipped"), report.skipped_ids),
        )
        for label, ids in buckets:
            if ids:  # segment ids, as the file's units carry them
                typer.echo(
                    _("  {label} segments: {ids}").format(
                        label=label, ids=" ".join(str(i) for i in ids)
                    )
                )
    if report.conflict:
        from translate.errors import EXIT_CONFLICT

        raise typer.Exit(EXIT_CONFLICT)  # a reviewer's edit was held back: a script must see it
    if report.skipped:
        from translate.errors import EXIT_SKIPPED

        raise typer.Exit(EXIT_SKIPPED)  # finished, but some units were skipped
