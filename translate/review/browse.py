"""``translate browse``: the database in Datasette (the ``browse`` extra), read-only.

The metadata and its canned queries live with the rest of the SQL in
:mod:`translate.store.browse`; this is the service the CLI calls."""

from __future__ import annotations

from pathlib import Path

from translate.review.service import open_existing
from translate.store import browse


def browse_metadata(db: Path) -> str:
    """The Datasette metadata for ``db``, as the JSON ``translate browse --metadata``
    prints."""
    open_existing(db, readonly=True).close()  # one line when there is no such database
    return browse.metadata_json(db)


def browse_database(db: Path, *, host: str, port: int) -> None:
    """Serve ``db`` in Datasette on ``host:port`` until interrupted."""
    open_existing(db, readonly=True).close()
    browse.serve(db, host=host, port=port)
