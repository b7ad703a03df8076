"""The root typer application; each command group lives in its own module."""

from __future__ import annotations

import typer

from translate import __version__, i18n
from translate.cli import framework, glossary, models, review, run, stats, tm
from translate.i18n import _

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
app.add_typer(review.app, name="review")
app.add_typer(tm.app, name="tm")
app.command(
    "stats", help=_("Counts by language and status, glossary compliance and memory reuse rate.")
)(stats.stats_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(_("translate {version}").format(version=__version__))
        raise typer.Exit()


def _ui_lang(value: str | None) -> str | None:
    # main() normally consumes --ui-lang before typer runs (it must choose the language
    # before the help strings exist); this covers in-process callers such as CliRunner.
    if value is not None:
        if i18n.normalize(value) not in i18n.SUPPORTED:
            raise typer.BadParameter(
                _("unknown interface language {value!r}; choose one of: {choices}").format(
                    value=value, choices=", ".join(i18n.SUPPORTED)
                )
            )
        i18n.setup(value)
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
