"""The database in a browser: Datasette with the tables labelled and the internals hidden.

``pip install 'translate-newsroom[browse]'`` installs Datasette; ``translate browse``
serves the database on 127.0.0.1 with :func:`metadata`: each public table titled and
described (the schema is a public interface, ``docs/schema.md``), the full-text
indexes' shadow tables and ``meta`` hidden, and a few canned queries a desk asks every
day. ``translate browse --metadata`` prints the same metadata for running Datasette
another way (``datasette translations.db --metadata FILE``, ``datasette publish``).

Datasette opens the file read-only (``mode=ro``), so browsing never takes the write
lock from a run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from translate.errors import UsageError
from translate.i18n import _

#: What ``--browse`` needs when Datasette is not installed.
INSTALL_COMMAND = "pip install 'translate-newsroom[browse]'"

_TABLES = {
    "articles": (
        "Articles",
        "One row per article version: where it came from, its language, its headline.",
    ),
    "segments": (
        "Segments",
        "The sentences of each article version, in order, with their kind and inline markup.",
    ),
    "translations": (
        "Translations",
        "One row per segment and target language: the machine text, the reviewer's text, the "
        "status, the glossary terms checked and the quality flags.",
    ),
    "runs": ("Runs", "One row per translate run: its options, counts and outcome."),
    "audit": ("Audit trail", "Every change to a translation: who, when, before and after."),
}
#: Internals a reader never needs: the schema version, the full-text indexes the
#: CLI's search uses and their shadow tables.
_HIDDEN_SUFFIXES = ("_fts", "_fts_config", "_fts_data", "_fts_docsize", "_fts_idx")

_QUERIES = {
    "waiting_for_review": (
        "Waiting for review",
        "Machine translations held for review, oldest first.",
        "select t.id, t.lang, a.doc_id, s.source_text, t.machine_text, t.flags, t.terms "
        "from translations t join segments s on s.id = t.segment_id "
        "join articles a on a.id = s.article_id "
        "where t.status = 'needs_review' order by t.id",
    ),
    "glossary_violations": (
        "Glossary violations",
        "Terms a translation breaks, one row per term.",
        "select t.id, t.lang, t.status, s.source_text, "
        "coalesce(t.final_text, t.machine_text) as text, "
        "term.value ->> 'term' as term, term.value ->> 'expected' as expected "
        "from translations t join segments s on s.id = t.segment_id, json_each(t.terms) term "
        "where term.value ->> 'found' = 0 order by t.id",
    ),
    "status_by_language": (
        "Status by language",
        "How many translations each language has in each review status.",
        "select lang, status, count(*) as translations from translations "
        "group by lang, status order by lang, status",
    ),
}


def metadata_json(db: Path) -> str:
    """Datasette metadata for the database at ``db``, as JSON text."""
    return json.dumps(_metadata(db), indent=2, ensure_ascii=False)


def _metadata(db: Path) -> dict[str, Any]:
    hidden = {name: {"hidden": True} for name in ("meta", *_shadow_tables())}
    tables: dict[str, Any] = {
        name: {"title": title, "description": description}
        for name, (title, description) in _TABLES.items()
    }
    return {
        "title": "translate-newsroom",
        "description": "Articles, their segments, translations, review and audit; the "
        "schema is documented in docs/schema.md of translate-newsroom.",
        "databases": {
            db.stem: {
                "tables": {**tables, **hidden},
                "queries": {
                    name: {"title": title, "description": description, "sql": sql}
                    for name, (title, description, sql) in _QUERIES.items()
                },
            }
        },
    }


def _shadow_tables() -> list[str]:
    return [f"{table}{suffix}" for table in ("segments", "translations") for suffix in
            _HIDDEN_SUFFIXES]  # fmt: skip


def serve(db: Path, *, host: str, port: int) -> None:
    """Serve ``db`` with Datasette until interrupted (Ctrl-C, SIGTERM)."""
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        raise UsageError(
            _("{option} needs Datasette: {command}").format(
                option="browse", command=INSTALL_COMMAND
            )
        ) from None
    datasette = Datasette([str(db)], metadata=_metadata(db), settings={"num_sql_threads": 2})
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
