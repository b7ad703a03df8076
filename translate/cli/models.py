"""`translate models`: list, install, remove and build Argos packages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate import bounds
from translate.cli.common import FILE, LANG, URL, N, print_json, ui_language_name
from translate.i18n import _

app = typer.Typer(help=_("Manage Argos Translate model packages."), no_args_is_help=True)


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


@app.command("list", help=_("List installed packages and the bundled toy packages."))
def list_models(
    as_json: Annotated[
        bool, typer.Option("--json", help=_("Print a JSON list on stdout."))
    ] = False,
) -> None:
    from translate.engine import packages

    scan = packages.scan_packages()
    found = scan.packages + packages.bundled_toy_packages()
    if as_json:
        print_json([p.as_dict() for p in found] + [b.as_dict() for b in scan.broken])
        return
    for broken in scan.broken:
        # On stdout with the others: `models list` is where a user looks for them.
        typer.echo(_("BROKEN  {path}  {reason}").format(path=broken.path, reason=broken.reason))
    if not found and not scan.broken:
        typer.echo(
            _("No packages installed in {directory}.").format(directory=packages.packages_dir())
        )
        return
    rows = [
        (
            f"{p.from_code}→{p.to_code}",
            f"v{p.version}",
            _human_size(p.size_bytes),
            # The names in the interface language, after the codes (stable for grep).
            f"{ui_language_name(p.from_code)} → {ui_language_name(p.to_code)}",
            _origin(p.bundled, p.toy),
            str(p.path),
        )
        for p in found
    ]
    header = (_("PAIR"), _("VERSION"), _("SIZE"), _("LANGUAGES"), _("ORIGIN"), _("PATH"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [
            cell.rjust(width) if i == 2 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=False))
        ]
        typer.echo("  ".join([*cells, row[-1]]))


def _origin(bundled: bool, toy: bool) -> str:
    """Where a package comes from: shipped with translate, or installed by the user
    (from a file or the index), a toy one said so either way."""
    if bundled:
        return _("bundled toy (proves the pipeline, not quality)")
    if toy:
        return _("installed (toy: proves the pipeline, not quality)")
    return _("installed")


@app.command(
    "install", help=_("Install a package from a file (offline) or from the Argos package index.")
)
def install(
    source: Annotated[
        str,
        typer.Argument(
            metavar="FILE|LANG", help=_("A FILE.argosmodel, or the source language code.")
        ),
    ],
    target: Annotated[
        str | None, typer.Argument(metavar=LANG, help=_("Target language code (index install)."))
    ] = None,
    index_url: Annotated[
        str | None,
        typer.Option(
            "--index-url", envvar="ARGOS_PACKAGE_INDEX", metavar=URL, help=_("Package index URL.")
        ),
    ] = None,
) -> None:
    from translate.engine import packages
    from translate.errors import UsageError

    if target is None:
        if not source.endswith(".argosmodel") and not Path(source).exists():
            raise UsageError(
                _("give a FILE.argosmodel, or a language pair: translate models install en fr")
            )
        info = packages.install_archive(Path(source))
    else:
        info = packages.install_from_index(source, target, index_url)
    typer.echo(
        _("Installed {pair} v{version} in {path}").format(
            pair=info.pair, version=info.version, path=info.path
        )
    )


@app.command("remove", help=_("Remove the installed packages for a language pair."))
def remove(
    source: Annotated[str, typer.Argument(metavar="FROM", help=_("Source language code."))],
    target: Annotated[str, typer.Argument(metavar="TO", help=_("Target language code."))],
) -> None:
    from translate.engine import packages

    for path in packages.remove_package(source, target):
        typer.echo(_("Removed {path}").format(path=path))


@app.command(
    "build", help=_("Make an .argosmodel from a CTranslate2 model and SentencePiece model(s).")
)
def build(
    model_dir: Annotated[
        Path,
        typer.Argument(metavar="MODEL_DIR", help=_("CTranslate2 model directory (has model.bin).")),
    ],
    *,
    from_code: Annotated[
        str, typer.Option("--from", metavar=LANG, help=_("Source language code, e.g. en."))
    ],
    to_code: Annotated[
        str, typer.Option("--to", metavar=LANG, help=_("Target language code, e.g. ha."))
    ],
    source_spm: Annotated[
        Path,
        typer.Option(
            "--spm",
            "--source-spm",
            metavar=FILE,
            help=_("SentencePiece model for the source (or shared)."),
        ),
    ],
    target_spm: Annotated[
        Path | None,
        typer.Option(
            "--target-spm",
            metavar=FILE,
            help=_("Separate target SentencePiece model (OPUS-MT target.spm)."),
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar=FILE, help=_("Where to write FILE.argosmodel.")),
    ],
    version: Annotated[
        str, typer.Option("--version", metavar="VERSION", help=_("Package version."))
    ] = "1.0",
    source_prefix: Annotated[
        str,
        typer.Option(
            "--source-prefix",
            metavar="TOKEN",
            help=_("Token before the source, e.g. eng_Latn for NLLB."),
        ),
    ] = "",
    source_suffix: Annotated[
        str,
        typer.Option(
            "--source-suffix",
            metavar="TOKEN",
            help=_("Token after the source, e.g. </s> for OPUS-MT and NLLB."),
        ),
    ] = "",
    target_prefix: Annotated[
        str,
        typer.Option(
            "--target-prefix",
            metavar="TOKEN",
            help=_("Token that starts the target, e.g. hau_Latn for NLLB."),
        ),
    ] = "",
    max_source_positions: Annotated[
        int | None,
        typer.Option(
            "--max-source-positions",
            parser=bounds.MAX_SOURCE_POSITIONS.parse,
            metavar=N,
            help=_(
                "Longest source in tokens, 1 to 65536 (default: the model's position table, if "
                "it has one)."
            ),
        ),
    ] = None,
    max_target_positions: Annotated[
        int | None,
        typer.Option(
            "--max-target-positions",
            parser=bounds.MAX_TARGET_POSITIONS.parse,
            metavar=N,
            help=_(
                "Longest target in tokens, 1 to 65536 (default: the model's position table, if "
                "it has one)."
            ),
        ),
    ] = None,
) -> None:
    from translate.engine import packages

    path = packages.build_package(
        model_dir=model_dir,
        source_spm=source_spm,
        target_spm=target_spm,
        from_code=from_code,
        to_code=to_code,
        output=output,
        version=version,
        source_prefix=source_prefix,
        source_suffix=source_suffix,
        target_prefix=target_prefix,
        max_source_positions=max_source_positions,
        max_target_positions=max_target_positions,
    )
    typer.echo(
        _("Built {path} ({source}→{target} v{version})").format(
            path=path, source=from_code, target=to_code, version=version
        )
    )
