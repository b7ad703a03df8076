"""`translate text`: translate a string given on the command line (or on stdin with -)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.common import FILE, LANG, TEXT, choice, print_json
from translate.cli.run import Glossaries, GlossaryOnly, NoGlossary, Strict
from translate.i18n import _

Text = Annotated[
    str, typer.Argument(metavar=TEXT, help=_("The text to translate, or - to read it from stdin."))
]
To = Annotated[str, typer.Option("--to", "-t", metavar=LANG, help=_("Target language."))]
From = Annotated[str, typer.Option("--from", "-f", metavar=LANG, help=_("Source language."))]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="txt|md|html",
        callback=choice("txt", "md", "html"),
        help=_("What the text is: txt, md or html."),
    ),
]
Db = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar=FILE,
        help=_("Store the segments for review in this database (default: nothing is stored)."),
    ),
]
AsJson = Annotated[
    bool,
    typer.Option(
        "--json",
        help=_(
            "One JSON object: text, source, target, package, terms (each glossary term "
            "and what became of it), flags, violations."
        ),
    ),
]


def text_command(
    text: Text,
    to: To,
    source_lang: From = "en",
    text_format: Format = "txt",
    glossary: Glossaries = [],  # noqa: B006  (typer copies it)
    glossary_only: GlossaryOnly = False,
    no_glossary: NoGlossary = False,
    db: Db = None,
    strict: Strict = False,
    as_json: AsJson = False,
) -> None:
    from translate.errors import EXIT_GLOSSARY_VIOLATION, EXIT_PARTIAL_FAILURE, NoUsableInputError
    from translate.files import read_input
    from translate.pipeline import RunOptions, Translator

    # The checks of `translate run`: language codes, contradictory glossary options.
    options = RunOptions.from_cli(
        inputs=["<text>"], to=to, source_lang=source_lang, glossary_paths=glossary,
        glossary_only=glossary_only, no_glossary=no_glossary,
    )  # fmt: skip
    if text == "-":
        data = read_input("-")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            from translate.errors import InputError

            raise InputError(_("<stdin>: not valid UTF-8 text")) from None
    if not text.strip():
        raise NoUsableInputError(_("nothing to translate: the text is empty"))
    target = options.targets[0]
    with Translator(
        source=options.source_lang, db=db or ":memory:", glossary_paths=options.glossary_paths,
        use_default_glossaries=options.use_default_glossaries, enforce=options.enforce,
    ) as translator:  # fmt: skip
        result = translator.translate(text, target, format=text_format, store=db is not None)
    if as_json:
        print_json(
            {
                "text": result.text,
                "source": options.source_lang,
                "target": target,
                "package": result.report.package,
                "terms": result.terms,
                "flags": result.flags,
                "violations": result.violations,
                **({"run_id": result.run_id} if result.run_id is not None else {}),
            }
        )
    else:
        sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")
    if result.report.quality.failed:
        raise typer.Exit(EXIT_PARTIAL_FAILURE)
    if strict and result.violations:
        raise typer.Exit(EXIT_GLOSSARY_VIOLATION)
