"""What a run is asked to do: :class:`RunOptions`, and the progress callback's shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translate.engine.translator import EngineOptions
from translate.files import DEFAULT_DB

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
    # Article id of a text read from stdin ("-"); None: "stdin".
    stdin_id: str | None = None

    @classmethod
    def from_cli(
        cls,
        *,
        inputs: Sequence[str],
        to: str,
        output: str | None = None,
        out_dir: Path | None = Path("out"),
        no_glossary: bool = False,
        device: str = "auto",
        threads: int = 0,
        beam_size: int = 4,
        furniture: str = "drop",
        **rest: Any,
    ) -> RunOptions:
        """Options as `translate run` spells them, checked: ``to`` is comma-separated,
        ``output`` only takes "-" (stdout); a bad value is a UsageError (exit 2)."""
        from translate.errors import UsageError
        from translate.i18n import _

        if output not in (None, "-"):
            raise UsageError(_("-o only takes '-' (stdout); use --out-dir for files"))
        if device not in ("cpu", "cuda", "auto"):
            raise UsageError(
                _("--device must be cpu, cuda or auto, not {device!r}").format(device=device)
            )
        if furniture not in ("drop", "keep"):
            raise UsageError(
                _("--furniture must be drop or keep, not {value!r}").format(value=furniture)
            )
        return cls(
            inputs=inputs,
            targets=[t.strip() for t in to.split(",") if t.strip()],
            out_dir=None if output == "-" else out_dir,
            stdout=output == "-",
            use_default_glossaries=not no_glossary,
            enforce=not no_glossary,
            engine=EngineOptions(device=device, threads=threads, beam_size=beam_size),
            furniture=furniture,
            **rest,
        )
