"""Schema of the translation database and its idempotent migrations.

The tables are a public interface (docs/schema.md): newsroom tools query them
directly, so columns are only ever added, never renamed.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from translate.errors import StoreError
from translate.i18n import _

SCHEMA_VERSION = 3

# Our tables; a database holding other tables but no `meta` is someone else's.
TABLES = ("meta", "runs", "articles", "segments", "translations", "audit")
_OWN_PREFIXES = ("sqlite_", "segments_fts", "translations_fts")

# Plain DDL rather than Table.create(): sqlite-utils cannot express CHECK
# constraints or composite UNIQUE clauses, and the schema should read as documented.
_V1 = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
    options TEXT NOT NULL DEFAULT '{}',
    counts TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    title TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (source, doc_id, content_hash),
    UNIQUE (source, doc_id, version)
);
CREATE INDEX IF NOT EXISTS articles_doc_id ON articles (doc_id);

CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    block INTEGER NOT NULL,
    source_text TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    UNIQUE (article_id, position)
);
CREATE INDEX IF NOT EXISTS segments_source_hash ON segments (source_hash);

CREATE TABLE IF NOT EXISTS translations (
    id INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    machine_text TEXT NOT NULL,
    final_text TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('machine', 'needs_review', 'edited', 'approved', 'rejected')),
    package TEXT NOT NULL DEFAULT '',
    package_version TEXT NOT NULL DEFAULT '',
    glossary_version TEXT NOT NULL DEFAULT '',
    term_key TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL DEFAULT '[]',
    spans TEXT NOT NULL DEFAULT '[]',
    score REAL,
    pivot TEXT,
    run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    reviewer TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (segment_id, lang)
);
CREATE INDEX IF NOT EXISTS translations_lang_status ON translations (lang, status);

CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('translate', 'retranslate', 'edit', 'approve', 'reject', 'import')),
    translation_id INTEGER REFERENCES translations (id) ON DELETE SET NULL,
    segment_id INTEGER,
    lang TEXT,
    before TEXT,
    after TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS audit_translation ON audit (translation_id);
"""

# unicode61 with diacritics folded: "defense" finds "défense", "Yamai" any casing.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def _migrate_to_1(db: Database) -> None:
    db.executescript(_V1)
    # External-content FTS5 tables kept current by sqlite-utils' triggers; rowid
    # of segments_fts is segments.id, of translations_fts is translations.id.
    db.table("segments").enable_fts(["source_text"], create_triggers=True, tokenize=FTS_TOKENIZE)
    db.table("translations").enable_fts(["final_text"], create_triggers=True, tokenize=FTS_TOKENIZE)


# Version 2: translations can be `failed` (the CHECK constraint, so the table is rebuilt)
# and record their quality flags, parts and failure; runs record their process.
_TRANSLATIONS_V2 = """
CREATE TABLE translations_v2 (
    id INTEGER PRIMARY KEY,
    segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    machine_text TEXT NOT NULL,
    final_text TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('machine', 'needs_review', 'edited', 'approved', 'rejected',
                          'failed')),
    package TEXT NOT NULL DEFAULT '',
    package_version TEXT NOT NULL DEFAULT '',
    glossary_version TEXT NOT NULL DEFAULT '',
    term_key TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL DEFAULT '[]',
    spans TEXT NOT NULL DEFAULT '[]',
    score REAL,
    pivot TEXT,
    run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    reviewer TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    flags TEXT NOT NULL DEFAULT '[]',
    parts INTEGER NOT NULL DEFAULT 1,
    failure TEXT,
    UNIQUE (segment_id, lang)
)
"""
_V1_TRANSLATION_COLUMNS = (
    "id, segment_id, lang, machine_text, final_text, status, package, package_version, "
    "glossary_version, term_key, terms, spans, score, pivot, run_id, reviewer, note, "
    "created_at, updated_at"
)


def _migrate_to_2(db: Database) -> None:
    """Rebuild `translations` with the new CHECK and columns, keeping every id, index
    and trigger (SQLite cannot alter a CHECK constraint), and add the run columns.

    Runs with foreign keys off (see store.db._prepare): with them on, dropping the old
    table would set every audit.translation_id to NULL (ON DELETE SET NULL)."""
    if db.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise StoreError("schema migration 2 needs foreign keys off")
    kept = [
        row[0]
        for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'translations'"
            " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
        )
    ]
    db.execute("DROP TABLE IF EXISTS translations_v2")
    db.execute(_TRANSLATIONS_V2)
    db.execute(
        f"INSERT INTO translations_v2 ({_V1_TRANSLATION_COLUMNS})"
        f" SELECT {_V1_TRANSLATION_COLUMNS} FROM translations"
    )
    db.execute("DROP TABLE translations")
    db.execute("ALTER TABLE translations_v2 RENAME TO translations")
    for sql in kept:  # the index on (lang, status) and the FTS triggers
        db.execute(sql)
    for column in ("pid INTEGER", "host TEXT", "process_start TEXT"):
        db.execute(f"ALTER TABLE runs ADD COLUMN {column}")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise StoreError(f"schema migration 2: foreign key check failed: {problems[:3]}")


def _migrate_to_3(db: Database) -> None:
    """Inline markup for review (``translate.tags``): ``segments.spans`` is the source's
    markup, NULL where a segment was stored before (filled when its article is run
    again); ``translations.final_spans`` is the markup of a reviewer's ``final_text``,
    NULL where nobody placed it (machine text uses ``spans``)."""
    db.execute("ALTER TABLE segments ADD COLUMN spans TEXT")
    db.execute("ALTER TABLE translations ADD COLUMN final_spans TEXT")


# MIGRATIONS[n] takes a database from version n to n + 1.
MIGRATIONS: list[Callable[[Database], None]] = [_migrate_to_1, _migrate_to_2, _migrate_to_3]


def current_version(db: Database, label: str = "") -> int:
    """The recorded schema version (0: none); StoreError when it is not a whole number."""
    if not db["meta"].exists():
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if not row:
        return 0
    text = str(row[0]).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise StoreError(
            _("{path}: its schema version {value!r} is not a number; not a usable database").format(
                path=label or _("the database"), value=str(row[0])[:30]
            )
        )
    return int(text)


def migrate(db: Database, label: str) -> None:
    """Bring the schema up to SCHEMA_VERSION; call inside a write transaction.

    The caller holds the write lock (BEGIN IMMEDIATE), so two processes opening a
    fresh file at once cannot both create the schema.
    """
    version = _usable_version(db, label)
    if version == SCHEMA_VERSION:
        return
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for step in MIGRATIONS[version:]:
        step(db)
    db.table("meta").upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")


def _usable_version(db: Database, label: str) -> int:
    """The schema version, refusing someone else's database and a newer schema."""
    version = current_version(db, label)
    if version == 0:
        foreign = [
            name
            for name in db.table_names()
            if name not in TABLES and not name.startswith(_OWN_PREFIXES)
        ]
        if foreign:
            raise StoreError(
                _("{path}: not a translate database (no meta table)").format(path=label)
            )
    if version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "{path}: database schema version {version} is newer than this program "
                "supports ({supported}); upgrade translate"
            ).format(path=label, version=version, supported=SCHEMA_VERSION)
        )
    return version


# Columns that plain ``ADD COLUMN`` migrations added, by the version that added them, as
# an older row reads them: a read-only connection to an older file (read-only media
# cannot be migrated) sees them through temporary views of the same name.
ADDED_COLUMNS: dict[int, dict[str, tuple[str, ...]]] = {
    3: {"segments": ("NULL AS spans",), "translations": ("NULL AS final_spans",)},
}
#: The oldest schema read-only commands read as it is (version 2 rebuilt a table).
READABLE_FROM = 2


def check_schema(db: Database, label: str) -> None:
    """For read-only access, where nothing is migrated: a current schema, or one old
    enough only to lack added columns, which then read as NULL (see ADDED_COLUMNS)."""
    version = _usable_version(db, label)
    if version == 0 and not db.table_names():
        raise StoreError(
            _("{path}: holds no translations yet (translate run creates the tables)").format(
                path=label
            )
        )
    steps = range(version + 1, SCHEMA_VERSION + 1)
    if READABLE_FROM <= version < SCHEMA_VERSION and all(n in ADDED_COLUMNS for n in steps):
        _present_as_current(db, version)
        return
    if version < SCHEMA_VERSION:
        raise StoreError(
            _(
                "{path}: database schema version {version} needs migrating to {supported}; "
                "run a command that writes to it (translate run) first"
            ).format(path=label, version=version, supported=SCHEMA_VERSION)
        )


def _present_as_current(db: Database, version: int) -> None:
    """Temporary views that add the columns of later versions to an older file's tables
    (unqualified names find the TEMP schema first); the file itself is not touched."""
    added: dict[str, list[str]] = {}
    for step in range(version + 1, SCHEMA_VERSION + 1):
        for table, columns in ADDED_COLUMNS.get(step, {}).items():
            added.setdefault(table, []).extend(columns)
    for table, shown in added.items():
        db.execute(f"CREATE TEMP VIEW {table} AS SELECT *, {', '.join(shown)} FROM main.{table}")
