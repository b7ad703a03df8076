"""The root typer application; each command group lives in its own module."""

from __future__ import annotations

from typing import Annotated

import typer

from translate import __version__, i18n
from translate.cli import browse, framework, glossary, models, review, run, serve, stats, text, tm
from translate.cli.common import choice
from translate.i18n import _

framework.clean_help()  # value placeholders, not typer's internal type names

app = typer.Typer(
    name="translate",
    help=_(
        "Offline newsroom translation with Argos packages, enforced glossaries and a SQLite memory."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(models.app, name="models")
app.add_typer(glossary.app, name="glossary")
app.command(
    "run",
    help=_(
        "Translate articles into one or more languages, enforcing the glossary and storing "
        "segments."
    ),
)(run.run_command)
app.command(
    "text",
    help=_(
        "Translate a text given on the command line (or - for stdin) and print it, with "
        "the glossary enforced."
    ),
)(text.text_command)
app.command(
    "serve",
    help=_(
        "Serve the LibreTranslate HTTP API on this machine, with the glossary enforced on "
        "every request (needs the server extra)."
    ),
)(serve.serve_command)
app.add_typer(review.app, name="review")
app.add_typer(tm.app, name="tm")
app.command(
    "stats", help=_("Counts by language and status, glossary compliance and memory reuse rate.")
)(stats.stats_command)
app.command(
    "browse",
    help=_(
        "Browse the database in Datasette, read-only, with the tables labelled and the "
        "internals hidden (needs the browse extra)."
    ),
)(browse.browse_command)

SHELLS = ("bash", "zsh", "fish")


@app.command(
    "completion",
    help=_(
        "Print the shell completion script for bash, zsh or fish.\n\n"
        'bash: eval "$(translate completion bash)" in ~/.bashrc; zsh: the same in '
        "~/.zshrc; fish: translate completion fish > ~/.config/fish/completions/translate.fish"
    ),
)
def completion_command(
    shell: Annotated[
        str, typer.Argument(metavar="SHELL", callback=choice(*SHELLS), help=_("bash, zsh or fish."))
    ],
) -> None:
    from typer._completion_shared import get_completion_script

    typer.echo(
        get_completion_script(
            prog_name="translate", complete_var="_TRANSLATE_COMPLETE", shell=shell
        )
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(_("translate {version}").format(version=__version__))
        raise typer.Exit()


def _ui_lang(value: str | None) -> str | None:
    # main() normally consumes --ui-lang before typer runs (it must choose the language
    # before the help strings exist); this covers in-process callers such as CliRunner.
    if value is not None:
        chosen = framework.interface_language(value)
        if chosen is None:
            raise typer.BadParameter(
                _("unknown interface language {value!r}; choose one of: {choices}").format(
                    value=value, choices=", ".join(i18n.SUPPORTED)
                )
            )
        i18n.setup(chosen)
        framework.install()
    return value


@app.callback(
    help=_(
        "Offline newsroom translation with Argos packages, enforced glossaries and a SQLite memory."
    )
)
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=_("Show the version and exit.")
    ),
    ui_lang: str | None = typer.Option(
        None,
        "--ui-lang",
        metavar="fr|ha|en",
        callback=_ui_lang,
        is_eager=True,
        help=_(
            "Interface language: fr, ha or en (default: from LANGUAGE, LC_ALL, LC_MESSAGES, "
            "LANG). Accepted anywhere on the command line."
        ),
    ),
) -> None:
    """Offline newsroom translation with Argos packages, enforced glossaries and a SQLite memory."""
