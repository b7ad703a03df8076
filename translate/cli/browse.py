"""`translate browse`: the database in Datasette (the `browse` extra)."""

from __future__ import annotations

from typing import Annotated

import typer

from translate.cli.common import DEFAULT_DB, ExistingDbOption
from translate.i18n import _

HostOption = Annotated[
    str,
    typer.Option(
        "--host",
        metavar="ADDRESS",
        help=_("Address to listen on (default 127.0.0.1: this machine only)."),
    ),
]
PortOption = Annotated[
    int,
    typer.Option("--port", metavar="N", min=1, max=65535, help=_("Port to listen on.")),
]
MetadataFlag = Annotated[
    bool,
    typer.Option(
        "--metadata",
        help=_(
            "Print the Datasette metadata (table titles, hidden internals, canned queries) "
            "as JSON and exit, for `datasette DB --metadata FILE`."
        ),
    ),
]


def browse_command(
    db: ExistingDbOption = DEFAULT_DB,
    host: HostOption = "127.0.0.1",
    port: PortOption = 8001,
    metadata: MetadataFlag = False,
) -> None:
    from translate.review.browse import browse_database, browse_metadata

    if metadata:
        typer.echo(browse_metadata(db))
        return
    typer.echo(
        _("Browsing {db} at http://{host}:{port}/ (Ctrl-C stops)").format(
            db=db, host=host, port=port
        ),
        err=True,
    )
    browse_database(db, host=host, port=port)
