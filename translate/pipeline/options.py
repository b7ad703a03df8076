"""What a run is asked to do: :class:`RunOptions`, and the progress callback's shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.engine.translator import EngineOptions

#: Where runs store their segments unless told otherwise (``--db``).
DEFAULT_DB = Path("translations.db")

Progress = Callable[[str, int, int], None]  # (language, done, total)


@dataclass
class RunOptions:
    inputs: Sequence[str]
    targets: Sequence[str]
    source_lang: str = "en"
    db_path: Path = DEFAULT_DB
    out_dir: Path | None = Path("out")
    stdout: bool = False
    input_format: str | None = None
    encoding: str | None = None
    fail_fast: bool = False
    glossary_paths: Sequence[Path] = ()
    use_default_glossaries: bool = True
    enforce: bool = True
    engine: EngineOptions = field(default_factory=EngineOptions)
    num_hypotheses: int = 4
    typography: bool = True
    # Unique segments translated and stored per transaction: a killed run loses at most one.
    chunk_size: int = 256
    # Page furniture ("Related Post", "Share this"): "drop" from the output, or "keep" as is.
    furniture: str = "drop"
