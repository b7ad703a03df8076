"""`translate run`: translate articles into one or more languages."""

# typer declares options as call defaults (B008 is a false positive for typer.Option / _()).

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from translate.cli.common import print_json
from translate.cli.progress import progress_bar
from translate.i18n import _, language_name, ngettext

if TYPE_CHECKING:
    from translate.pipeline import RunReport


def run_command(
    inputs: list[str] = typer.Argument(
        ..., help=_("Article files (txt, md, html, jsonl), or - for stdin.")
    ),
    to: str = typer.Option(..., "--to", "-t", help=_("Target languages, comma-separated: fr,ha.")),
    source_lang: str = typer.Option("en", "--from", "-f", help=_("Source language.")),
    db: Path = typer.Option(
        Path("translations.db"), "--db", envvar="TRANSLATE_DB", help=_("SQLite database.")
    ),
    out_dir: Path = typer.Option(Path("out"), "--out-dir", help=_("Where translated files go.")),
    output: str | None = typer.Option(
        None, "-o", "--output", help=_("'-' writes the one article/language to stdout.")
    ),
    input_format: str | None = typer.Option(
        None, "--format", help=_("txt, md, html or jsonl (default: from the extension).")
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help=_("Input encoding (default UTF-8).")
    ),
    fail_fast: bool = typer.Option(
        False, "--fail-fast", help=_("Stop at the first malformed JSONL line.")
    ),
    glossary: list[Path] = typer.Option(
        [],
        "--glossary",
        "-g",
        help=_("Extra glossary (PO/CSV/TBX), stacked on glossaries/; repeatable."),
    ),
    no_glossary: bool = typer.Option(
        False, "--no-glossary", help=_("Do not enforce any glossary.")
    ),
    strict: bool = typer.Option(False, "--strict", help=_("Exit 3 if glossary violations remain.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print one JSON report on stdout.")),
    beam_size: int = typer.Option(4, "--beam-size", min=1, help=_("Beam size.")),
    device: str = typer.Option("auto", "--device", help=_("cpu, cuda or auto.")),
    threads: int = typer.Option(0, "--threads", min=0, help=_("CPU threads (0: automatic).")),
    no_typography: bool = typer.Option(
        False, "--no-typography", help=_("Leave target punctuation as the model wrote it.")
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=_("No progress on stderr.")),
    furniture: str = typer.Option(
        "drop",
        "--furniture",
        help=_("Page furniture (Related Post, Share this...): drop it from the output, or keep."),
    ),
) -> None:
    """Translate articles into one or more languages, enforcing the glossary and storing segments.

    (The --help text is given in app.py through _(), so that it is translated.)
    """
    from translate.engine.translator import EngineOptions
    from translate.errors import UsageError
    from translate.pipeline import RunOptions, run

    if output not in (None, "-"):
        raise UsageError(_("-o only takes '-' (stdout); use --out-dir for files"))
    if device not in ("cpu", "cuda", "auto"):
        raise UsageError(
            _("--device must be cpu, cuda or auto, not {device!r}").format(device=device)
        )
    if furniture not in ("drop", "keep"):
        raise UsageError(
            _("--furniture must be drop or keep, not {value!r}").format(value=furniture)
        )
    targets = [t.strip() for t in to.split(",") if t.strip()]
    options = RunOptions(
        inputs=inputs,
        targets=targets,
        source_lang=source_lang,
        db_path=db,
        out_dir=None if output == "-" else out_dir,
        stdout=output == "-",
        input_format=input_format,
        encoding=encoding,
        fail_fast=fail_fast,
        glossary_paths=glossary,
        use_default_glossaries=not no_glossary,
        enforce=not no_glossary,
        engine=EngineOptions(device=device, threads=threads, beam_size=beam_size),
        typography=not no_typography,
        furniture=furniture,
    )
    log = (lambda _m: None) if quiet else (lambda m: print(m, file=sys.stderr))
    with progress_bar(enabled=not quiet) as progress:
        report = run(options, log=log, progress=progress)
    if report.stdout_text is not None:
        sys.stdout.write(report.stdout_text)
    if as_json:
        print_json(report.as_dict())
    elif not quiet:
        for article in report.articles:
            if article.furniture:
                _print_furniture(article.id, article.furniture, furniture)
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
        print(
            _("Segments stored in {db} (run {run_id}).").format(db=report.db, run_id=report.run_id),
            file=sys.stderr,
        )
    code = _exit_code(report, strict)
    if code:
        raise typer.Exit(code)


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
    """5 when segments failed, else 3 for --strict with violations (translate.errors
    gives the table and the precedence: 5, then 3, then 6)."""
    from translate.errors import EXIT_GLOSSARY_VIOLATION, EXIT_OK, EXIT_PARTIAL_FAILURE

    if report.failed:
        return EXIT_PARTIAL_FAILURE
    if strict and report.violations:
        return EXIT_GLOSSARY_VIOLATION
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
