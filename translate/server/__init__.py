"""`translate serve`: a LibreTranslate-compatible HTTP API over the same library as the
CLI (:class:`translate.pipeline.Translator`), with the newsroom glossary enforced.

The HTTP front end only: Starlette on uvicorn (the ``server`` extra). ``app.py`` holds
the endpoints and the request guard, ``batching.py`` the queue and the engine thread
that gathers concurrent requests into one run, ``metrics.py`` the Prometheus text,
``logs.py`` the JSON lines on stderr, ``config.py`` what the server is asked. Nothing
here touches the store or SQL: stored segments go through the Translator.
"""

from __future__ import annotations

from translate.server.config import ServerConfig

__all__ = ["ServerConfig", "serve"]


def serve(config: ServerConfig) -> None:
    """Serve until SIGTERM or Ctrl-C: then stop accepting, finish the requests in
    flight (and what is queued), close the store, return. A package or glossary
    problem found at start-up is raised as its TranslateError."""
    import signal

    import uvicorn

    from translate.server import logs
    from translate.server.app import create_app

    log_config = logs.configure(config.log_format)
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            log_config=log_config,
            access_log=False,  # ours: one JSON line per request (logs.py)
            server_header=False,
            lifespan="on",
            # In-flight requests are finished on SIGTERM: they may take --timeout.
            timeout_graceful_shutdown=config.timeout_s + 5,
            # A last resort far above the queue: the queue answers 503 first.
            limit_concurrency=config.queue_texts + 256,
        )
    )
    # uvicorn stops gracefully on SIGTERM, then raises the signal again with the handler
    # it found: this one, so that a graceful stop ends the process with status 0.
    previous = signal.signal(signal.SIGTERM, lambda _signal, _frame: None)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    error = app.state.startup.get("startup_error")
    if error is not None:
        raise error
