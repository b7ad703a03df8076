"""The HTTP API: LibreTranslate's endpoints, request and response shapes and error codes,
with the newsroom glossary enforced on every request (docs/server.md).

Errors are LibreTranslate's: ``{"error": "..."}`` with 400 (a bad request), 403 (a
wrong API key), 404/405, 413 (a body over ``--max-body-bytes``), 500, and 503 with
``Retry-After`` when the queue is full or a request waited past ``--timeout``. Their
wording is LibreTranslate's English where it has one (clients match it), not the
interface language.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from translate import bounds
from translate.errors import NoModelError, TranslateError, UsageError
from translate.glossary.terms import inline_entries
from translate.lang import is_language_code, language_name, normalize_language
from translate.pipeline import TextTranslation, Translator
from translate.records import to_json
from translate.server import logs
from translate.server.batching import Batcher, BatchKey, BatchStats, QueueFull
from translate.server.config import ServerConfig, key_digest
from translate.server.metrics import Metrics

#: LibreTranslate's ``format`` values → the reader's formats.
FORMATS = {"text": "txt", "html": "html"}
#: /translate_file: extensions taken, and the reader's format for each.
FILE_FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
#: Seconds a client is told to wait (Retry-After) when the queue is full.
RETRY_AFTER_S = 2


class ApiError(Exception):
    """An error answered as LibreTranslate does: ``{"error": message}`` and a status."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


# --------------------------------------------------------------------------- parameters


async def _params(request: Request) -> dict[str, Any]:
    """The request's parameters as LibreTranslate reads them: a JSON object body, or
    form fields (urlencoded or multipart) over the query string's (deep-translator
    sends them in the query string)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "Invalid JSON format") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Invalid JSON format")
        return body
    values: dict[str, Any] = {}
    for key in request.query_params:
        found = request.query_params.getlist(key)
        values[key] = found[0] if len(found) == 1 else found
    if request.method == "POST" and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        try:
            form = await request.form(max_files=1, max_fields=bounds.MAX_Q_ITEMS.high + 16)
        except Exception:  # python-multipart's parse errors, too many fields
            raise ApiError(400, "Invalid request: malformed form data") from None
        for key in form:
            fields: list[object] = list(form.getlist(key))
            values[key] = fields[0] if len(fields) == 1 else fields
    return values


def _text_param(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    if value is None or value == "" or value == []:
        raise ApiError(400, f"Invalid request: missing {name} parameter")
    if not isinstance(value, str):
        raise ApiError(400, f"Invalid request: {name} must be a string")
    return value


def _language(value: str, languages: set[str]) -> str:
    """A language code of the request, normalised (``FR``, ``fr-FR`` → fr), if served."""
    try:
        code = normalize_language(value).code if is_language_code(value) else None
    except ValueError:
        code = None
    if code is None or code not in languages:
        shown = value if len(value) <= 35 else value[:32] + "..."
        raise ApiError(400, f"{shown} is not supported")
    return code


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "false", "0", "no", ""):
        return value.lower() in ("true", "1", "yes")
    raise ApiError(400, f"Invalid request: {name} must be true or false")


def _terms(value: object) -> tuple[tuple[str, str], ...]:
    """The ``glossary`` field: ``{"source term": "target term"}``, bounded."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ApiError(400, "Invalid request: glossary must be a JSON object") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ApiError(400, "Invalid request: glossary must map source terms to target terms")
    if len(value) > bounds.REQUEST_TERMS:
        raise ApiError(
            400, f"Invalid request: glossary has {len(value)} terms, limit {bounds.REQUEST_TERMS}"
        )
    longest = bounds.REQUEST_TERM_CHARS
    if any(len(k) > longest or len(v) > longest for k, v in value.items()):
        raise ApiError(400, f"Invalid request: a glossary term is longer than {longest} characters")
    return tuple(value.items())


# --------------------------------------------------------------------------- the service


@dataclass
class Service:
    config: ServerConfig
    batcher: Batcher
    metrics: Metrics
    pairs: list[tuple[str, str]]
    downloads: OrderedDict[str, tuple[float, str, bytes]]

    @property
    def sources(self) -> set[str]:
        return {s for s, _t in self.pairs}

    @property
    def targets(self) -> set[str]:
        return {t for _s, t in self.pairs}

    def check_key(self, params: Mapping[str, Any]) -> None:
        """LibreTranslate's answers: no key where one is needed 400, a wrong one 403."""
        if not self.config.api_keys:
            return
        key = params.get("api_key")
        if not key or not isinstance(key, str):
            raise ApiError(400, "Please contact the server operator to get an API key")
        if key_digest(key) not in self.config.api_keys:
            raise ApiError(403, "Invalid API key")

    def key(self, params: Mapping[str, Any], fmt: str) -> tuple[BatchKey, str | None]:
        """The batch key of a request (languages, glossaries, store), and the detected
        source when ``source`` is ``auto``."""
        source_value = _text_param(params, "source")
        target_value = _text_param(params, "target")
        detected = None
        if source_value.lower() == "auto":
            source = self.only_source()
            detected = source
        else:
            source = _language(source_value, self.sources)
        target = _language(target_value, self.targets)
        if (source, target) not in self.pairs:
            raise ApiError(
                400,
                f"{language_name(target)} ({target}) is not available as a target language "
                f"from {language_name(source)} ({source})",
            )
        names = params.get("glossaries") or []
        if isinstance(names, str):
            names = [n.strip() for n in names.split(",") if n.strip()]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ApiError(400, "Invalid request: glossaries must be a list of names")
        unknown = [n for n in names if n not in self.config.glossaries]
        if unknown:
            offered = ", ".join(sorted(self.config.glossaries)) or "none"
            raise ApiError(
                400,
                f"Invalid request: unknown glossary {unknown[0]!r} (this server has: {offered})",
            )
        terms = _terms(params.get("glossary"))
        try:  # checked here: one request's bad term must not fail the batch it joins
            inline_entries(dict(terms), target)
        except TranslateError as exc:
            raise ApiError(400, f"Invalid request: glossary: {exc}") from None
        key = BatchKey(
            source=source,
            target=target,
            format=fmt,
            glossaries=tuple(self.config.glossaries[n] for n in dict.fromkeys(names)),
            terms=terms,
            store=_flag(params.get("store", False), "store"),
        )
        return key, detected

    def only_source(self) -> str:
        """``source: auto``: no detector runs; the one source language the packages
        translate from, else a 400 saying so."""
        sources = sorted(self.sources)
        if len(sources) != 1:
            raise ApiError(
                400,
                "Invalid request: no language detection on this server; give source "
                f"(one of {', '.join(sources)})",
            )
        return sources[0]

    async def translate(self, key: BatchKey, texts: list[str]) -> list[TextTranslation]:
        try:
            return await self.batcher.translate(key, texts, self.config.timeout_s)
        except QueueFull:
            raise ApiError(
                503, "Slowdown: the translation queue is full; retry later",
                {"Retry-After": str(RETRY_AFTER_S)},
            ) from None  # fmt: skip
        except TimeoutError:
            raise ApiError(
                503, f"Slowdown: not translated within {self.config.timeout_s} s; retry later",
                {"Retry-After": str(RETRY_AFTER_S)},
            ) from None  # fmt: skip
        except NoModelError as exc:
            raise ApiError(400, str(exc)) from None
        except UsageError as exc:
            raise ApiError(400, f"Invalid request: {exc}") from None
        except TranslateError as exc:
            raise ApiError(500, f"Cannot translate text: {exc}") from None


def _outcomes(result: TextTranslation) -> dict[str, object]:
    """The extras of one text (LibreTranslate clients ignore them)."""
    terms = to_json(result.terms)
    flags = to_json(result.flags)
    return {"terms": terms, "flags": flags, "violations": result.violations}


# --------------------------------------------------------------------------- endpoints


async def translate_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    params = await _params(request)
    service.check_key(params)
    q = params.get("q")
    if q is None or q == "" or q == []:
        raise ApiError(400, "Invalid request: missing q parameter")
    batch = isinstance(q, list)
    texts = q if batch else [q]
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(400, "Invalid request: q must be a string or a list of strings")
    config = service.config
    if len(texts) > config.max_q_items:
        raise ApiError(
            400,
            f"Invalid request: request ({len(texts)}) exceeds text limit ({config.max_q_items})",
        )
    for text in texts:
        if len(text) > config.char_limit:
            raise ApiError(
                400,
                f"Invalid request: request ({len(text)}) exceeds text limit ({config.char_limit})",
            )
    fmt_value = params.get("format") or "text"
    if fmt_value not in FORMATS:
        raise ApiError(400, f"{fmt_value} format is not supported")
    try:
        alternatives = max(0, int(params.get("alternatives", 0) or 0))
    except (TypeError, ValueError):
        raise ApiError(400, "Invalid request: alternatives parameter is not a number") from None
    key, detected = service.key(params, FORMATS[fmt_value])
    results = await service.translate(key, texts)
    service.metrics.texts.labels(key.source, key.target).inc(len(texts))
    body: dict[str, object] = {}
    extras = [_outcomes(r) for r in results]
    if batch:
        body["translatedText"] = [r.text for r in results]
        for name in ("terms", "flags", "violations"):
            body[name] = [e[name] for e in extras]
    else:
        body["translatedText"] = results[0].text
        body.update(extras[0])
    if detected is not None:
        found = {"confidence": 100.0, "language": detected}
        body["detectedLanguage"] = [found] * len(texts) if batch else found
    if alternatives:  # the enforced translation is the answer; none other is offered
        body["alternatives"] = [[] for _ in texts] if batch else []
    if key.store:
        run_ids = {r.run_id for r in results if r.run_id is not None}
        body["run_id"] = next(iter(run_ids), None)
    return JSONResponse(body)


async def languages_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    listed = []
    for source in sorted(service.sources):
        targets = sorted(t for s, t in service.pairs if s == source)
        listed.append({"code": source, "name": language_name(source), "targets": targets})
    return JSONResponse(listed)


async def detect_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    params = await _params(request)
    service.check_key(params)
    if not params.get("q"):
        raise ApiError(400, "Invalid request: missing q parameter")
    source = service.only_source()
    return JSONResponse(
        [
            {
                "confidence": 100.0,
                "language": source,
                "detail": "no detection: the only source language of the installed packages",
            }
        ]
    )


async def translate_file_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    params = await _params(request)
    service.check_key(params)
    upload = params.get("file")
    if not isinstance(upload, UploadFile):
        raise ApiError(400, "Invalid request: missing file parameter")
    # Only the name's extension is used, and only to pick the format: no path from
    # the client ever reaches the file system.
    name = PurePosixPath((upload.filename or "").replace("\\", "/")).name
    if not name:
        raise ApiError(400, "Invalid request: empty file")
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in FILE_FORMATS:
        raise ApiError(400, "Invalid request: file format not supported")
    data = await upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "Invalid request: the file is not UTF-8 text") from None
    if not text.strip():
        raise ApiError(400, "Invalid request: empty file")
    key, _detected = service.key(params, FILE_FORMATS[suffix])
    (result,) = await service.translate(key, [text])
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in PurePosixPath(name).stem)
    download = f"{uuid.uuid4().hex}.{stem[:80] or 'file'}.{key.target}{suffix}"
    _keep(service, download, result.text.encode("utf-8"))
    url = str(request.url_for("download_file", filename=download))
    return JSONResponse({"translatedFileUrl": url, **_outcomes(result)})


def _keep(service: Service, name: str, data: bytes) -> None:
    """A translated file, in memory (never on disk), for DOWNLOAD_TTL_S seconds; the
    oldest goes when DOWNLOADS_KEPT are held."""
    now = time.monotonic()
    kept = service.downloads
    for old in [n for n, (at, _t, _d) in kept.items() if now - at > bounds.DOWNLOAD_TTL_S]:
        del kept[old]
    while len(kept) >= bounds.DOWNLOADS_KEPT:
        kept.popitem(last=False)
    kept[name] = (now, name, data)


async def download_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    name = request.path_params["filename"]
    found = service.downloads.get(name)
    if found is None or time.monotonic() - found[0] > bounds.DOWNLOAD_TTL_S:
        raise ApiError(404, "Invalid filename")
    _at, _name, data = found
    shown = name.split(".", 1)[1] if "." in name else name
    suffix = PurePosixPath(shown).suffix
    media = {".html": "text/html", ".htm": "text/html", ".md": "text/markdown"}.get(
        suffix, "text/plain"
    )
    return Response(
        data,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{shown}"'},
    )


async def frontend_settings_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    config = service.config
    source = sorted(service.sources)[0] if service.sources else config.source
    target = next((t for s, t in service.pairs if s == source), source)
    return JSONResponse(
        {
            "charLimit": config.char_limit,
            "frontendTimeout": config.timeout_s * 1000,
            "apiKeys": bool(config.api_keys),
            "keyRequired": bool(config.api_keys),
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": sorted(FILE_FORMATS),
            "language": {
                "source": {"code": source, "name": language_name(source)},
                "target": {"code": target, "name": language_name(target)},
            },
        }
    )


async def health_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    return JSONResponse(
        {"status": "ok", "queued": service.batcher.queued, "batches": service.batcher.batches}
    )


async def metrics_endpoint(request: Request) -> Response:
    service: Service = request.app.state.service
    return Response(service.metrics.text(), media_type="text/plain; version=0.0.4; charset=utf-8")


# --------------------------------------------------------------------------- the stack


class Guard:
    """ASGI middleware: the body read up to ``--max-body-bytes`` (413 past it, before the
    endpoint sees a byte), LibreTranslate's CORS headers, JSON errors (no traceback
    reaches a client or the log), one JSON access line and the metrics per request."""

    def __init__(self, app: ASGIApp, config: ServerConfig, metrics: Callable[[], Metrics]):
        self.app = app
        self.config = config
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500, "bytes": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers += [
                    (b"access-control-allow-origin", b"*"),
                    (b"access-control-allow-headers", b"Authorization, Content-Type"),
                    (b"access-control-allow-methods", b"GET, POST"),
                ]
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                status["bytes"] += len(message.get("body", b""))
            await send(message)

        error = None
        try:
            body = await self._body(scope, receive)
            if body is None:
                limit = self.config.max_body_bytes
                response = _error(413, f"Invalid request: body larger than {limit} bytes")
                await response(scope, receive, sending)
            else:
                await self.app(scope, _replay(body), sending)
        except Exception as exc:  # never a traceback to the client or the log
            error = f"{type(exc).__name__}: {exc}"
            await _error(500, "Internal server error")(scope, receive, sending)
        elapsed = time.perf_counter() - started
        path = scope.get("path", "")
        endpoint = path if path in ENDPOINTS else "other"
        self.metrics().on_request(endpoint, status["code"], elapsed)
        client = scope.get("client") or ("", 0)
        logs.access(
            {
                "method": scope.get("method"),
                "path": path[:200],
                "status": status["code"],
                "bytes": status["bytes"],
                "duration_ms": round(elapsed * 1000, 1),
                "client": client[0],
                **({"error": error} if error else {}),
            }
        )

    async def _body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None past the limit (Content-Length says so at once)."""
        limit = self.config.max_body_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > limit:
                        return None
                except ValueError:
                    return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _error(exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, str(exc.detail), exc.headers)


ROUTES = [
    Route("/translate", translate_endpoint, methods=["POST"]),
    Route("/languages", languages_endpoint, methods=["GET"]),
    Route("/detect", detect_endpoint, methods=["POST"]),
    Route("/translate_file", translate_file_endpoint, methods=["POST"]),
    Route(
        "/download_file/{filename:str}", download_endpoint, methods=["GET"], name="download_file"
    ),
    Route("/frontend/settings", frontend_settings_endpoint, methods=["GET"]),
    Route("/health", health_endpoint, methods=["GET"]),
    Route("/metrics", metrics_endpoint, methods=["GET"]),
]
ENDPOINTS = {r.path for r in ROUTES if "{" not in r.path}


def create_app(
    config: ServerConfig, translator: Callable[[], Translator] | None = None
) -> Starlette:
    """The ASGI application. ``translator`` builds the Translator (in the engine
    thread); by default one on ``config.db`` with the configured glossaries."""

    def build() -> Translator:
        from translate.engine.translator import EngineOptions

        engine_log = logging.getLogger("translate.server.engine")
        return Translator(
            log=engine_log.debug,  # each batch's progress line: not for stderr
            source=config.source,
            db=config.db,
            glossary_paths=config.glossary_paths,
            use_default_glossaries=config.use_default_glossaries,
            engine=EngineOptions(threads=config.threads, beam_size=config.beam_size),
        )

    def warm(instance: Translator) -> None:
        """Routes, glossaries and packages loaded before the server listens: a bad
        glossary or a missing package stops it at start-up, not at a request."""
        for source, target in instance.pairs():
            instance.prepare(target, source=source)
            for path in config.glossaries.values():
                instance.prepare(target, source=source, glossaries=[path])
        for source, target in instance.pairs():
            if source == config.source:
                instance.translate("Niamey.", target, source=source, store=False)

    holder: dict[str, Metrics] = {}
    app_state: dict[str, BaseException] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stats = BatchStats()
        batcher = Batcher(
            translator or build,
            queue_texts=config.queue_texts,
            max_batch_texts=config.max_batch_texts,
            batch_wait_s=config.batch_wait_ms / 1000,
            warm=warm,
            stats=stats,
        )
        metrics = holder["metrics"] = Metrics(lambda: batcher.queued)
        stats.on_batch = metrics.on_batch
        try:
            await batcher.start()
        except TranslateError as exc:  # a package or glossary problem: said, not a traceback
            app_state["startup_error"] = exc
            raise
        pairs = await batcher.call(lambda t: t.pairs())
        assert isinstance(pairs, list)
        app.state.service = Service(config, batcher, metrics, pairs, OrderedDict())
        try:
            yield
        finally:
            await batcher.close()  # what is queued is translated, the store closed

    def current_metrics() -> Metrics:
        return holder["metrics"]

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: _api_error,
        HTTPException: _http_error,
    }
    app = Starlette(routes=ROUTES, lifespan=lifespan, exception_handlers=handlers)
    app.add_middleware(Guard, config=config, metrics=current_metrics)
    app.state.startup = app_state
    return app


__all__ = ["ApiError", "create_app"]
