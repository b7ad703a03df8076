"""What `translate serve` is asked: addresses, limits, keys, glossaries (checked once, at
start-up, before the server listens)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from translate import bounds
from translate.errors import UsageError
from translate.i18n import _

#: Extensions of the glossary files a server offers by name (``--glossary-dir``).
GLOSSARY_EXTENSIONS = (".po", ".csv", ".tsv", ".tbx")


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 5000
    db: Path = Path("translations.db")
    source: str = "en"
    # Hashes (sha256, hex) of the accepted API keys; empty: no key needed.
    api_keys: frozenset[str] = frozenset()
    # Glossary files a request may name in its ``glossaries`` field: name → path.
    glossaries: dict[str, Path] = field(default_factory=dict)
    # Extra glossaries enforced on every request (``-g``), on top of the defaults.
    glossary_paths: tuple[Path, ...] = ()
    use_default_glossaries: bool = True
    max_body_bytes: int = 2 * 1024**2
    max_q_items: int = 128
    char_limit: int = 20_000
    queue_texts: int = 512
    timeout_s: int = 60
    batch_wait_ms: int = 10
    max_batch_texts: int = 256
    threads: int = 0
    beam_size: int = 4
    # "json": every log line one JSON object (access lines always are).
    log_format: str = "text"

    def check(self) -> None:
        """A UsageError (exit 2) for a value outside its bound (translate.bounds)."""
        bounds.PORT.check(self.port)
        bounds.MAX_BODY_BYTES.check(self.max_body_bytes)
        bounds.MAX_Q_ITEMS.check(self.max_q_items)
        bounds.CHAR_LIMIT.check(self.char_limit)
        bounds.QUEUE_TEXTS.check(self.queue_texts)
        bounds.REQUEST_TIMEOUT.check(self.timeout_s)
        bounds.BATCH_WAIT_MS.check(self.batch_wait_ms)
        bounds.BATCH_TEXTS.check(self.max_batch_texts)
        bounds.BEAM_SIZE.check(self.beam_size)
        bounds.THREADS.check(self.threads)


def key_digest(key: str) -> str:
    """How an API key is kept and compared: its SHA-256, never the key itself."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def read_api_keys(path: Path) -> frozenset[str]:
    """``--api-keys FILE``: one key per line (blank lines and ``#`` comments ignored).
    A file that cannot be read, or holds no key, is a UsageError: a server meant to
    need keys never starts open."""
    from translate.files import read_input

    try:
        text = read_input(path).decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(_("{path}: not valid UTF-8").format(path=path)) from None
    keys = [line.strip() for line in text.splitlines()]
    keys = [k for k in keys if k and not k.startswith("#")]
    if not keys:
        raise UsageError(_("{path}: no API key in the file").format(path=path))
    return frozenset(key_digest(k) for k in keys)


def glossary_names(folder: Path) -> dict[str, Path]:
    """``--glossary-dir DIR``: its glossary files by name (``desk.po`` → ``desk``). A
    request names them; it never gives a path."""
    if not folder.is_dir():
        raise UsageError(_("{path}: not a folder").format(path=folder))
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in GLOSSARY_EXTENSIONS:
            if path.stem in found:
                raise UsageError(
                    _("{path}: two glossaries named {name!r} in the folder").format(
                        path=folder, name=path.stem
                    )
                )
            found[path.stem] = path.resolve()
    return found
