"""`translate serve`: the LibreTranslate-compatible HTTP API (translate.server)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translate import bounds
from translate.cli.common import DIR, FILE, LANG, N, choice
from translate.cli.run import Glossaries, GlossaryOnly
from translate.i18n import _

Host = Annotated[
    str,
    typer.Option(
        "--host",
        metavar="ADDRESS",
        help=_("Address to listen on (default 127.0.0.1: this machine only)."),
    ),
]
Port = Annotated[
    int, typer.Option("--port", parser=bounds.PORT.parse, metavar=N, help=_("Port, 1 to 65535."))
]
ServeDb = Annotated[
    Path,
    typer.Option(
        "--db",
        envvar="TRANSLATE_DB",
        metavar=FILE,
        help=_("SQLite database for the requests that ask store: true."),
    ),
]
From = Annotated[
    str, typer.Option("--from", "-f", metavar=LANG, help=_("Source language of source: auto."))
]
ApiKeys = Annotated[
    Path | None,
    typer.Option(
        "--api-keys",
        metavar=FILE,
        help=_("Require an API key: the file holds one key per line (# comments)."),
    ),
]
GlossaryDir = Annotated[
    Path | None,
    typer.Option(
        "--glossary-dir",
        metavar=DIR,
        help=_(
            "Glossaries a request may name in its glossaries field: the PO, CSV, TSV and "
            "TBX files of DIR, by name without extension."
        ),
    ),
]


def _bounded(bound: bounds.Bound, help_text: str) -> object:
    return typer.Option(bound.name, parser=bound.parse, metavar=N, help=help_text)


MaxBody = Annotated[
    int,
    _bounded(
        bounds.MAX_BODY_BYTES, _("Largest request body in bytes, files included (413 past it).")
    ),
]
MaxQ = Annotated[int, _bounded(bounds.MAX_Q_ITEMS, _("Most texts in one request's q list."))]
CharLimit = Annotated[int, _bounded(bounds.CHAR_LIMIT, _("Most characters of one text."))]
QueueSize = Annotated[
    int,
    _bounded(
        bounds.QUEUE_TEXTS, _("Most texts waiting for the engine; past it, 503 and Retry-After.")
    ),
]
Timeout = Annotated[
    int, _bounded(bounds.REQUEST_TIMEOUT, _("Seconds a request may wait and run (503 past it)."))
]
BatchWait = Annotated[
    int,
    _bounded(
        bounds.BATCH_WAIT_MS,
        _("Milliseconds an idle engine waits for more requests to translate together."),
    ),
]
BatchTexts = Annotated[
    int, _bounded(bounds.BATCH_TEXTS, _("Most texts translated together in one run."))
]
Threads = Annotated[
    int,
    _bounded(bounds.THREADS, _("CPU threads, 0 to 256 (0: $TRANSLATE_THREADS, else automatic).")),
]
BeamSize = Annotated[int, _bounded(bounds.BEAM_SIZE, _("Beam size (1 to 16)."))]
LogFormat = Annotated[
    str,
    typer.Option(
        "--log-format",
        metavar="text|json",
        callback=choice("text", "json"),
        help=_("json: every stderr line one JSON object (access lines always are)."),
    ),
]


def serve_command(
    host: Host = "127.0.0.1",
    port: Port = 5000,
    db: ServeDb = Path("translations.db"),
    source_lang: From = "en",
    glossary: Glossaries = [],  # noqa: B006  (typer copies it)
    glossary_only: GlossaryOnly = False,
    glossary_dir: GlossaryDir = None,
    api_keys: ApiKeys = None,
    max_body_bytes: MaxBody = 2 * 1024**2,
    max_q_items: MaxQ = 128,
    char_limit: CharLimit = 20_000,
    queue_size: QueueSize = 512,
    timeout: Timeout = 60,
    batch_wait_ms: BatchWait = 10,
    max_batch_texts: BatchTexts = 256,
    threads: Threads = 0,
    beam_size: BeamSize = 4,
    log_format: LogFormat = "text",
) -> None:
    from translate.errors import UsageError
    from translate.lang import normalize_language
    from translate.pipeline import Translator
    from translate.server import ServerConfig, serve
    from translate.server.config import glossary_names, read_api_keys

    if glossary_only and not glossary:
        raise UsageError(_("--glossary-only needs at least one -g FILE"))
    try:
        source = normalize_language(source_lang).code
    except ValueError:
        raise UsageError(
            _("{option}: {value!r} is not a language code").format(
                option="--from", value=source_lang
            )
        ) from None
    config = ServerConfig(
        host=host, port=port, db=db, source=source,
        api_keys=read_api_keys(api_keys) if api_keys is not None else frozenset(),
        glossaries=glossary_names(glossary_dir) if glossary_dir is not None else {},
        glossary_paths=tuple(glossary), use_default_glossaries=not glossary_only,
        max_body_bytes=max_body_bytes, max_q_items=max_q_items, char_limit=char_limit,
        queue_texts=queue_size, timeout_s=timeout, batch_wait_ms=batch_wait_ms,
        max_batch_texts=max_batch_texts, threads=threads, beam_size=beam_size,
        log_format=log_format,
    )  # fmt: skip
    config.check()
    # Before listening: every pair's package and glossary, so that a missing package
    # or a glossary `glossary check` rejects is one line and an exit code, not a log.
    with Translator(source=source, glossary_paths=config.glossary_paths,
                    use_default_glossaries=config.use_default_glossaries) as check:  # fmt: skip
        pairs = check.pairs()
        if not pairs:
            from translate.errors import NoModelError

            raise NoModelError(_("no model installed (translate models install en fr)"))
        for pair_source, target in pairs:
            check.prepare(target, source=pair_source)
            for path in config.glossaries.values():
                check.prepare(target, source=pair_source, glossaries=[path])
    serve(config)
