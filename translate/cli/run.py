"""`translate run`: translate articles into one or more languages."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from translate import bounds
from translate.cli.common import (
    DEFAULT_DB,
    DIR,
    ENCODING,
    FILE,
    FILE_OR_STDOUT,
    FILES,
    FORMAT,
    GLOSSARY_FILE,
    INPUT_FORMATS,
    LANG,
    LANGS,
    N,
    check_encoding,
    choice,
    print_json,
    ui_language_name,
)
from translate.cli.progress import event, progress_reporter, without_prefix
from translate.i18n import _, ngettext

if TYPE_CHECKING:
    from translate.pipeline import RunReport


Inputs = Annotated[
    list[str],
    typer.Argument(
        metavar=FILES, help=_("Article files (txt, md, html, jsonl) or folders, or - for stdin.")
    ),
]
To = Annotated[
    str,
    typer.Option("--to", "-t", metavar=LANGS, help=_("Target languages, comma-separated: fr,ha.")),
]
From = Annotated[str, typer.Option("--from", "-f", metavar=LANG, help=_("Source language."))]
Db = Annotated[
    Path, typer.Option("--db", envvar="TRANSLATE_DB", metavar=FILE, help=_("SQLite database."))
]
OutDir = Annotated[
    Path, typer.Option("--out-dir", metavar=DIR, help=_("Where translated files go."))
]
Output = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--output",
        metavar=FILE_OR_STDOUT,
        help=_("Write the one article in the one --to language to FILE, or - for stdout."),
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar=FORMAT,
        callback=choice(*INPUT_FORMATS),
        help=_(
            "txt, md, html or jsonl (default: from the extension; a file without one is "
            "sniffed, as stdin is)."
        ),
    ),
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar=ENCODING,
        callback=check_encoding,
        help=_("Input encoding (default UTF-8)."),
    ),
]
Recursive = Annotated[
    bool,
    typer.Option(
        "--recursive",
        help=_("Read folders with their subfolders; outputs mirror them under --out-dir."),
    ),
]
FailFast = Annotated[
    bool, typer.Option("--fail-fast", help=_("Stop at the first malformed JSONL line."))
]
Glossaries = Annotated[
    list[Path],
    typer.Option(
        "--glossary",
        "-g",
        metavar=GLOSSARY_FILE,
        help=_(
            "Extra glossary (PO/CSV/TSV/TBX) on top of those in use, for the language the "
            "file names, or LANG=PATH (fr=extra.csv); repeatable."
        ),
    ),
]
GlossaryOnly = Annotated[
    bool,
    typer.Option(
        "--glossary-only", help=_("Enforce only the -g glossaries, not the default ones.")
    ),
]
NoGlossary = Annotated[bool, typer.Option("--no-glossary", help=_("Do not enforce any glossary."))]
GlossaryErrors = Annotated[
    str,
    typer.Option(
        "--glossary-errors",
        metavar="refuse|warn",
        callback=choice("refuse", "warn"),
        help=_(
            "A PO glossary that `translate glossary check` rejects: refuse the run (exit 2, "
            "its first errors listed), or warn and use it."
        ),
    ),
]
Strict = Annotated[bool, typer.Option("--strict", help=_("Exit 3 if glossary violations remain."))]
AsJson = Annotated[
    bool,
    typer.Option(
        "--json",
        help=_(
            "Print one JSON report on stdout (on stderr with -o -, where stdout has the articles)."
        ),
    ),
]
BeamSize = Annotated[
    int,
    typer.Option(
        "--beam-size", parser=bounds.BEAM_SIZE.parse, metavar=N, help=_("Beam size (1 to 16).")
    ),
]
Device = Annotated[
    str,
    typer.Option(
        "--device",
        metavar="cpu|cuda|auto",
        callback=choice("cpu", "cuda", "auto"),
        help=_("cpu, cuda or auto."),
    ),
]
Threads = Annotated[
    int,
    typer.Option(
        "--threads",
        parser=bounds.THREADS.parse,
        metavar=N,
        help=_("CPU threads, 0 to 256 (0: $TRANSLATE_THREADS, else automatic)."),
    ),
]
NoTypography = Annotated[
    bool,
    typer.Option("--no-typography", help=_("Leave target punctuation as the model wrote it.")),
]
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help=_("No progress and no glossary warnings on stderr (other warnings are still shown)."),
    ),
]
StdinId = Annotated[
    str | None,
    typer.Option(
        "--id",
        metavar="ID",
        help=_(
            "Article id of the text read from stdin (-): each id is an article of its own; "
            "without it every stdin input is a version of the article 'stdin'."
        ),
    ),
]
Furniture = Annotated[
    str,
    typer.Option(
        "--furniture",
        metavar="drop|keep",
        callback=choice("drop", "keep"),
        help=_("Page furniture (Related Post, Share this...): drop it from the output, or keep."),
    ),
]
FrontMatterKeys = Annotated[
    str | None,
    typer.Option(
        "--front-matter-keys",
        metavar="KEYS",
        help=_(
            "Markdown front matter keys whose values are translated, comma-separated; "
            "dotted paths reach into tables (default: title,description,summary,subtitle,"
            "excerpt)."
        ),
    ),
]

Workers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        parser=bounds.WORKERS.parse,
        metavar=N,
        help=_(
            "Translate on a local Dask cluster of N worker processes, 1 to 64 (needs the "
            "cluster extra); the CPU threads are shared out among them."
        ),
    ),
]
Cluster = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        metavar="URL",
        help=_(
            "Translate on the Dask scheduler at URL (tcp://HOST:PORT), whose workers have "
            "the same packages installed; not with --workers."
        ),
    ),
]

Window = Annotated[
    int | None,
    typer.Option(
        "--window",
        parser=bounds.WINDOW.parse,
        metavar=N,
        help=_(
            "Articles read, translated, stored and written at a time, 1 to 100000 (default "
            "200): memory follows the window, not the feed, and a killed run keeps every "
            "finished window."
        ),
    ),
]
ProgressStyle = Annotated[
    str,
    typer.Option(
        "--progress",
        metavar="bar|json",
        callback=choice("bar", "json"),
        help=_(
            "bar: a progress bar when stderr is a terminal; json: one JSON event per line "
            "on stderr (progress per language, each window written), terminal or not."
        ),
    ),
]


LogFormat = Annotated[
    str,
    typer.Option(
        "--log-format",
        metavar="text|json",
        callback=choice("text", "json"),
        help=_(
            "json: every stderr line one JSON object (events, warnings, errors, the final "
            "report); implied by --progress json."
        ),
    ),
]


def run_command(
    inputs: Inputs,
    to: To,
    source_lang: From = "en",
    db: Db = DEFAULT_DB,
    out_dir: OutDir = Path("out"),
    output: Output = None,
    input_format: Format = None,
    encoding: Encoding = None,
    recursive: Recursive = False,
    fail_fast: FailFast = False,
    glossary: Glossaries = [],  # noqa: B006  (typer copies it)
    glossary_only: GlossaryOnly = False,
    no_glossary: NoGlossary = False,
    glossary_errors: GlossaryErrors = "refuse",
    strict: Strict = False,
    as_json: AsJson = False,
    beam_size: BeamSize = 4,
    device: Device = "auto",
    threads: Threads = 0,
    no_typography: NoTypography = False,
    quiet: Quiet = False,
    furniture: Furniture = "drop",
    front_matter_keys: FrontMatterKeys = None,
    stdin_id: StdinId = None,
    workers: Workers = None,
    cluster: Cluster = None,
    window: Window = None,
    progress_style: ProgressStyle = "bar",
    log_format: LogFormat = "text",
) -> None:
    from translate.pipeline import RunOptions, run

    options = RunOptions.from_cli(
        inputs=inputs, to=to, source_lang=source_lang, db_path=db, out_dir=out_dir,
        output=output, input_format=input_format, encoding=encoding, fail_fast=fail_fast,
        glossary_paths=glossary, glossary_only=glossary_only, no_glossary=no_glossary,
        beam_size=beam_size, device=device, threads=threads, typography=not no_typography,
        furniture=furniture, recursive=recursive, stdin_id=stdin_id, workers=workers or 0,
        glossary_errors=glossary_errors, front_matter_keys=front_matter_keys,
        cluster=cluster, **({"window": window} if window else {}),
    )  # fmt: skip

    machine = log_format == "json" or progress_style == "json"

    def say(message: str) -> None:
        if machine:
            event("log", message=message)
        else:
            print(message, file=sys.stderr)

    def warn(message: str) -> None:
        if machine:
            event("warning", message=without_prefix(message))
        else:
            print(message, file=sys.stderr)

    def stream(text: str) -> None:  # `-o -`: each line as soon as its window is done
        sys.stdout.write(text)
        sys.stdout.flush()

    # -q hides human lines (progress, glossary warnings) only: never requested events,
    # and never other warnings. No bar where stderr carries JSON lines.
    style = "json" if machine else progress_style
    enabled = style == "json" or not quiet
    with progress_reporter(style, enabled=enabled) as (progress, on_window):
        report = run(
            options, log=(lambda _m: None) if quiet else say, progress=progress, warn=warn,
            stream=stream, on_window=on_window,
        )  # fmt: skip
    if report.stdout_text is not None:
        sys.stdout.write(report.stdout_text)
    on_stderr = options.stdout and options.output_file is None
    if as_json and not (machine and on_stderr):
        print_json(report.as_dict(), err=on_stderr)
    if machine:  # the final report: one line, whatever --json says
        event("report", exit=report.exit_code(strict=strict), **report.as_dict())
    elif not as_json:
        _print_report(report, furniture, quiet)
    code = report.exit_code(strict=strict)
    if code:
        raise typer.Exit(code)


def _print_report(report: RunReport, furniture: str, quiet: bool) -> None:
    """The run on stderr: per article and language (unless quiet), then what needs a
    reader's attention (always: furniture, violations, failed and flagged segments)."""
    for article in report.articles:
        if article.furniture:
            _print_furniture(article.id, article.furniture, furniture)
        if quiet:
            continue
        for lang, target in article.targets.items():
            g = target.glossary
            # The language by name in the interface language ("français (fr)").
            print(
                _(
                    "{article} → {language}: {where} ({translated}, {reused}; glossary "
                    "{satisfied}/{expected}, {violations})"
                ).format(
                    article=article.id,
                    language=f"{ui_language_name(lang)} ({lang})",
                    where=target.output or _("stdout"),
                    translated=ngettext(
                        "{count} translated", "{count} translated", target.translated
                    ).format(count=target.translated),
                    reused=ngettext(
                        "{count} from memory", "{count} from memory", target.reused
                    ).format(count=target.reused),
                    satisfied=g.satisfied,
                    expected=ngettext("{count} term", "{count} terms", g.expected).format(
                        count=g.expected
                    ),
                    violations=ngettext(
                        "{count} violation", "{count} violations", g.violated
                    ).format(count=g.violated),
                ),
                file=sys.stderr,
            )
    for lang, summary in report.glossary_by_language().items():
        for violation in summary.violations:
            held = violation.status in (None, "machine", "needs_review")
            message = (
                _(
                    "  {article}, segment {segment}: glossary term {term} → {expected} "
                    "missing; held for review"
                )
                if held
                else _(
                    "  {article}, segment {segment}: glossary term {term} → {expected} "
                    "missing; stored as {status}"
                )
            )
            print(
                message.format(
                    article=violation.article,
                    segment=violation.segment_id,
                    term=violation.term,
                    expected=violation.expected,
                    status=violation.status,
                ),
                file=sys.stderr,
            )
        if summary.proposed:
            print(
                ngettext(
                    "{language}: {count} proposed (fuzzy) glossary term met, not "
                    "enforced (listed by --json)",
                    "{language}: {count} proposed (fuzzy) glossary terms met, not "
                    "enforced (listed by --json)",
                    len(summary.proposed),
                ).format(
                    language=f"{ui_language_name(lang)} ({lang})",
                    count=len(summary.proposed),
                ),
                file=sys.stderr,
            )
    _print_quality(report)
    if not quiet:
        counts = report.counts()
        print(
            ngettext(
                "Total: {translated} segment translated, {reused} from memory, {rendered} "
                "rendered (datelines), {failed} failed, {flagged} flagged.",
                "Total: {translated} segments translated, {reused} from memory, {rendered} "
                "rendered (datelines), {failed} failed, {flagged} flagged.",
                counts["translated"],
            ).format(**counts),
            file=sys.stderr,
        )
        print(
            _("Segments stored in {db} (run {run_id}).").format(db=report.db, run_id=report.run_id),
            file=sys.stderr,
        )


def _print_quality(report: RunReport) -> None:
    """Failed segments one per line; flagged ones counted by language and reason."""
    for failed in report.failed_segments():
        print(
            _(
                "  {article}, segment {segment} ({lang}): not translated ({reason}); the output "
                "shows it as [untranslated: …]"
            ).format(
                article=failed.article,
                segment=failed.segment_id,
                lang=failed.lang,
                reason=failed.reason,
            ),
            file=sys.stderr,
        )
    for lang, counts in report.flag_counts().items():
        if counts:
            reasons = ", ".join(f"{reason} {count}" for reason, count in counts.items())
            print(
                _(
                    "{language}: segments held for review as suspect: {reasons} "
                    "(translate review list --reason REASON)"
                ).format(language=f"{ui_language_name(lang)} ({lang})", reasons=reasons),
                file=sys.stderr,
            )


def _print_furniture(article: str, lines: list[str], mode: str) -> None:
    """One line per article: its page furniture, never translated, dropped or kept."""
    shown = ", ".join(lines[:3]) + (", …" if len(lines) > 3 else "")
    template = (
        ngettext(
            "{article}: {count} page furniture line not translated, dropped: {lines}",
            "{article}: {count} page furniture lines not translated, dropped: {lines}",
            len(lines),
        )
        if mode == "drop"
        else ngettext(
            "{article}: {count} page furniture line not translated, kept: {lines}",
            "{article}: {count} page furniture lines not translated, kept: {lines}",
            len(lines),
        )
    )
    print(template.format(article=article, count=len(lines), lines=shown), file=sys.stderr)
