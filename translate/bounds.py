"""Every numeric bound of the tool, in one table (``docs/limits.md`` lists them all).

A value outside its bound is a usage error (exit 2) in one line, in the tool's own
words, before anything is read, created or stored: ``--threads 100000`` never reaches
CTranslate2, ``--window 99999999999999999999999`` never reaches ``islice``. Options
are parsed here too (``parser=BEAM_SIZE.parse``), so ``--beam-size 1e21`` or ``--beam-size
٣`` get the same one line as an out-of-range number.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from translate.errors import UsageError
from translate.i18n import _

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_SHOWN = 30  # characters of a value quoted in a message (a thousand digits are cut)


@dataclass(frozen=True)
class Bound:
    """A whole number from ``low`` to ``high``, both included, for ``name`` (an option,
    an environment variable or a library field)."""

    name: str
    low: int
    high: int

    def check(self, value: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._error(value)
        if not self.low <= value <= self.high:
            raise self._error(value)
        return value

    def parse(self, value: object) -> int:
        """``value`` as typed (or a default) to a number in the bound, else UsageError."""
        if isinstance(value, int) and not isinstance(value, bool):
            return self.check(value)
        text = str(value).strip()
        # Digits only (no "1e21", "1_000" or other scripts' digits), and never more
        # than a bounded number of them converted.
        if not text.isascii() or not _WHOLE_NUMBER.fullmatch(text) or len(text) > _SHOWN:
            raise self._error(value)
        return self.check(int(text))

    def from_env(self, default: int) -> int:
        """The environment variable ``name``, else ``default``."""
        configured = os.environ.get(self.name, "").strip()
        return self.parse(configured) if configured else default

    def _error(self, value: object) -> UsageError:
        shown = str(value) if isinstance(value, int) and abs(value) < 10**_SHOWN else value
        text = str(shown)
        if len(text) > _SHOWN:
            text = text[: _SHOWN - 3] + "..."
        return UsageError(
            _("{name} must be a whole number from {low} to {high}, not {value!r}").format(
                name=self.name, low=self.low, high=self.high, value=text
            )
        )


# `translate run`
BEAM_SIZE = Bound("--beam-size", 1, 16)  # beyond 16, minutes per article for no gain
THREADS = Bound("--threads", 0, 256)  # 0: CTranslate2's own choice
THREADS_ENV = Bound("TRANSLATE_THREADS", 0, 256)  # --threads 0 takes it
WORKERS = Bound("--workers", 1, 64)  # Dask worker processes, each loads the models
WINDOW = Bound("--window", 1, 100_000)  # articles held in memory at a time
# Library only (RunOptions, EngineOptions): unique segments per transaction, and the cap
# on every decoding bound.
CHUNK_SIZE = Bound("chunk_size", 1, 100_000)
MAX_DECODING_LENGTH = Bound("max_decoding_length", 1, 65_536)

# `translate review list`, `translate tm search`
LIST_LIMIT = Bound("--limit", 0, 1_000_000)
SEARCH_LIMIT = Bound("--limit", 1, 1_000_000)

# `translate models build`
MAX_SOURCE_POSITIONS = Bound("--max-source-positions", 1, 65_536)
MAX_TARGET_POSITIONS = Bound("--max-target-positions", 1, 65_536)

# `translate serve`: what one request may ask, and how much the server holds at once.
PORT = Bound("--port", 1, 65_535)
MAX_BODY_BYTES = Bound("--max-body-bytes", 1_024, 64 * 1024**2)  # a request body, files too
MAX_Q_ITEMS = Bound("--max-q-items", 1, 10_000)  # texts in one request's q list
CHAR_LIMIT = Bound("--char-limit", 1, 1_000_000)  # characters of one text
QUEUE_TEXTS = Bound("--queue-size", 1, 100_000)  # texts waiting; beyond: 503
REQUEST_TIMEOUT = Bound("--timeout", 1, 3_600)  # seconds a request may wait and run
BATCH_WAIT_MS = Bound("--batch-wait-ms", 0, 1_000)  # gathering concurrent requests
BATCH_TEXTS = Bound("--max-batch-texts", 1, 10_000)  # texts translated together
#: Terms of a request's inline ``glossary`` field, and characters of each side.
REQUEST_TERMS = 256
REQUEST_TERM_CHARS = 200
#: Translated files kept for /download_file, and for how long (seconds).
DOWNLOADS_KEPT = 64
DOWNLOAD_TTL_S = 1_800

# Inputs: an article file, a feed, a glossary, an exchanged file, standard input.
MAX_INPUT_BYTES_ENV = "TRANSLATE_MAX_INPUT_BYTES"
DEFAULT_MAX_INPUT_BYTES = 256 * 1024**2
INPUT_BYTES = Bound(MAX_INPUT_BYTES_ENV, 1, 2**40)
#: A JSONL line longer than this (characters) is skipped like a malformed one.
MAX_LINE_CHARS = 16 * 1024**2


def max_input_bytes() -> int:
    """The largest input read: $TRANSLATE_MAX_INPUT_BYTES, else 256 MiB."""
    return INPUT_BYTES.from_env(DEFAULT_MAX_INPUT_BYTES)


#: Every bound above, for the documentation test.
ALL = (BEAM_SIZE, THREADS, THREADS_ENV, WORKERS, WINDOW, CHUNK_SIZE, MAX_DECODING_LENGTH,
       LIST_LIMIT, SEARCH_LIMIT, MAX_SOURCE_POSITIONS, MAX_TARGET_POSITIONS,
       PORT, MAX_BODY_BYTES, MAX_Q_ITEMS, CHAR_LIMIT, QUEUE_TEXTS, REQUEST_TIMEOUT,
       BATCH_WAIT_MS, BATCH_TEXTS, INPUT_BYTES)  # fmt: skip
