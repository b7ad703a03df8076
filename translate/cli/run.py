"""`translate run`: translate articles into one or more languages."""

# typer declares options as call defaults (B008 is a false positive for typer.Option / _()).

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.cli.common import (
    DIR,
    ENCODING,
    FILE,
    FILE_OR_STDOUT,
    FILES,
    FORMAT,
    INPUT_FORMATS,
    LANG,
    LANGS,
    N,
    check_encoding,
    choice,
    print_json,
    refuse_together,
)
from translate.cli.progress import progress_bar
from translate.i18n import _, language_name, ngettext

if TYPE_CHECKING:
    from translate.pipeline import RunReport


def run_command(
    inputs: list[str] = typer.Argument(
        ...,
        metavar=FILES,
        help=_("Article files (txt, md, html, jsonl) or folders, or - for stdin."),
    ),
    to: str = typer.Option(
        ..., "--to", "-t", metavar=LANGS, help=_("Target languages, comma-separated: fr,ha.")
    ),
    source_lang: str = typer.Option("en", "--from", "-f", metavar=LANG, help=_("Source language.")),
    db: Path = typer.Option(
        Path("translations.db"),
        "--db",
        envvar="TRANSLATE_DB",
        metavar=FILE,
        help=_("SQLite database."),
    ),
    out_dir: Path = typer.Option(
        Path("out"), "--out-dir", metavar=DIR, help=_("Where translated files go.")
    ),
    output: str | None = typer.Option(
        None,
        "-o",
        "--output",
        metavar=FILE_OR_STDOUT,
        help=_("Write the one article in the one --to language to FILE, or - for stdout."),
    ),
    input_format: str | None = typer.Option(
        None,
        "--format",
        metavar=FORMAT,
        callback=choice(*INPUT_FORMATS),
        help=_(
            "txt, md, html or jsonl (default: from the extension; a file without one is "
            "sniffed, as stdin is)."
        ),
    ),
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        metavar=ENCODING,
        callback=check_encoding,
        help=_("Input encoding (default UTF-8)."),
    ),
    recursive: bool = typer.Option(
        False,
        "--recursive",
        help=_("Read folders with their subfolders; outputs mirror them under --out-dir."),
    ),
    fail_fast: bool = typer.Option(
        False, "--fail-fast", help=_("Stop at the first malformed JSONL line.")
    ),
    glossary: list[Path] = typer.Option(
        [],
        "--glossary",
        "-g",
        metavar=FILE,
        help=_("Extra glossary (PO/CSV/TBX), added to glossaries/; repeatable."),
    ),
    glossary_only: bool = typer.Option(
        False,
        "--glossary-only",
        help=_("Enforce only the -g glossaries, not the default ones."),
    ),
    no_glossary: bool = typer.Option(
        False, "--no-glossary", help=_("Do not enforce any glossary.")
    ),
    strict: bool = typer.Option(False, "--strict", help=_("Exit 3 if glossary violations remain.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print one JSON report on stdout.")),
    beam_size: int = typer.Option(
        4, "--beam-size", min=1, metavar=N, help=_("Beam size (at least 1).")
    ),
    device: str = typer.Option(
        "auto",
        "--device",
        metavar="DEVICE",
        callback=choice("cpu", "cuda", "auto"),
        help=_("cpu, cuda or auto."),
    ),
    threads: int = typer.Option(
        0, "--threads", min=0, metavar=N, help=_("CPU threads (0: automatic).")
    ),
    no_typography: bool = typer.Option(
        False, "--no-typography", help=_("Leave target punctuation as the model wrote it.")
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help=_("No progress on stderr (warnings are still shown).")
    ),
    furniture: str = typer.Option(
        "drop",
        "--furniture",
        metavar="drop|keep",
        callback=choice("drop", "keep"),
        help=_("Page furniture (Related Post, Share this...): drop it from the output, or keep."),
    ),
) -> None:
    """Translate articles into one or more languages, enforcing the glossary and storing segments.

    (The --help text is given in app.py through _(), so that it is translated.)
    """
    from translate.engine.translator import EngineOptions
    from translate.errors import UsageError
    from translate.files import write_atomic
    from translate.language_codes import normalize_language
    from translate.pipeline import RunOptions, run

    refuse_together(("--no-glossary", no_glossary), ("-g/--glossary", bool(glossary)))
    refuse_together(("--no-glossary", no_glossary), ("--glossary-only", glossary_only))
    if glossary_only and not glossary:
        raise UsageError(_("--glossary-only needs at least one -g FILE"))
    tags = []
    for raw in (t for t in to.split(",") if t.strip()):
        try:
            tags.append(normalize_language(raw))
        except ValueError:
            raise UsageError(
                _("--to: {value!r} is not a language code").format(value=raw)
            ) from None
    try:
        source = normalize_language(source_lang).code
    except ValueError:
        raise UsageError(
            _("--from: {value!r} is not a language code").format(value=source_lang)
        ) from None
    targets = list(dict.fromkeys(tag.code for tag in tags))
    to_file = output not in (None, "-")
    options = RunOptions(
        inputs=inputs,
        targets=targets,
        source_lang=source,
        db_path=db,
        out_dir=None if output is not None else out_dir,
        stdout=output is not None,
        input_format=input_format,
        encoding=encoding,
        fail_fast=fail_fast,
        glossary_paths=glossary,
        use_default_glossaries=not (no_glossary or glossary_only),
        enforce=not no_glossary,
        engine=EngineOptions(device=device, threads=threads, beam_size=beam_size),
        typography=not no_typography,
        furniture=furniture,
        locales={tag.code: tag.locale for tag in tags},
        recursive=recursive,
    )

    def say(message: str) -> None:
        print(message, file=sys.stderr)

    log = (lambda _m: None) if quiet else say
    with progress_bar(enabled=not quiet) as progress:
        report = run(options, log=log, progress=progress, warn=say)
    if report.stdout_text is not None:
        if to_file:
            assert output is not None
            write_atomic(Path(output), report.stdout_text)
            for article in report.articles:
                for target in article.targets.values():
                    target.output = output
        else:
            sys.stdout.write(report.stdout_text)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_report(report, furniture, quiet)
    code = _exit_code(report, strict)
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
                    "{article} → {language}: {where} ({translated} translated, {reused} "
                    "from memory; glossary {satisfied}/{expected} terms, {violated} "
                    "violations)"
                ).format(
                    article=article.id,
                    language=f"{language_name(lang)} ({lang})",
                    where=target.output or _("stdout"),
                    translated=target.translated,
                    reused=target.reused,
                    satisfied=g.satisfied,
                    expected=g.expected,
                    violated=g.violated,
                ),
                file=sys.stderr,
            )
    for lang, summary in report.glossary_by_language().items():
        for violation in summary["violations"]:
            print(
                _(
                    "  {article}, segment {segment}: glossary term {term} → {expected} "
                    "missing; held for review"
                ).format(
                    article=violation["article"],
                    segment=violation["segment_id"],
                    term=violation["term"],
                    expected=violation["expected"],
                ),
                file=sys.stderr,
            )
        if summary["proposed"]:
            print(
                _(
                    "{language}: {count} proposed (fuzzy) glossary terms met, not "
                    "enforced (listed by --json)"
                ).format(
                    language=f"{language_name(lang)} ({lang})",
                    count=len(summary["proposed"]),
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
                article=failed["article"],
                segment=failed["segment_id"],
                lang=failed["lang"],
                reason=failed["reason"],
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
                ).format(language=f"{language_name(lang)} ({lang})", reasons=reasons),
                file=sys.stderr,
            )


def _exit_code(report: RunReport, strict: bool) -> int:
    """5 when segments failed, else 3 for --strict with violations, else 6 when inputs
    or lines were skipped (translate.errors gives the table and this precedence)."""
    from translate.errors import (
        EXIT_GLOSSARY_VIOLATION,
        EXIT_OK,
        EXIT_PARTIAL_FAILURE,
        EXIT_SKIPPED,
    )

    if report.failed:
        return EXIT_PARTIAL_FAILURE
    if strict and report.violations:
        return EXIT_GLOSSARY_VIOLATION
    if report.skipped:
        return EXIT_SKIPPED
    return EXIT_OK


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
