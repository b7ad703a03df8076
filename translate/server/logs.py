"""The server's stderr: one JSON access line per request, and (``--log-format json``)
every other line as one JSON object too, uvicorn's included."""

from __future__ import annotations

import json
import logging
import sys
import time

ACCESS = logging.getLogger("translate.server.access")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, and the fields
    given with ``extra={"fields": {...}}``. A traceback, if any, is left out: the
    message says what failed (``translate.errors`` wording)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line["error"] = f"{type(error).__name__}: {error}"
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Human lines (``--log-format text``); access lines stay JSON, one per request."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name == ACCESS.name:
            return JsonFormatter().format(record)
        text = f"translate serve: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f" ({type(error).__name__}: {error})"
        return text


def configure(log_format: str) -> dict[str, object]:
    """Logging for the server process, and the ``log_config`` uvicorn is given (its
    loggers propagate to ours, so they are formatted the same way)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger("translate")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {
            "stderr": {
                "()": lambda: handler,
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def access(fields: dict[str, object]) -> None:
    ACCESS.info("request", extra={"fields": fields})
