"""What a run is asked to do: :class:`RunOptions`, and the progress callback's shape."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from translate.documents.frontmatter import TEXT_KEYS
from translate.engine.translator import EngineOptions
from translate.files import DEFAULT_DB

if TYPE_CHECKING:
    from translate.lang import Target

Progress = Callable[[str, int, int], None]  # (language, done, total)
#: A path as the library takes it: ``str`` or any ``os.PathLike`` (``pathlib.Path``).
PathArg = Union[str, "os.PathLike[str]"]
WindowDone = Callable[[int, int], None]  # (window number from 1, articles written so far)

#: Articles per window (``--window``): read, translated, stored and written together.
DEFAULT_WINDOW = 200


def as_path(value: object, name: str) -> Path:
    """``value`` (``str`` or ``os.PathLike``) as a Path; anything else is a TypeError
    naming the field, raised where the options are built, not deep inside a run."""
    if isinstance(value, Path):
        return value
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str):
            return Path(path)
    raise TypeError(f"RunOptions.{name}: a path (str or os.PathLike), not {type(value).__name__}")


@dataclass
class RunOptions:
    """What a run is asked to do. Every path field takes ``str`` or ``os.PathLike`` and
    holds a :class:`~pathlib.Path` once built (``inputs`` hold ``str``: ``-`` is stdin);
    a value of another type is a TypeError here."""

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
    # A PO glossary `glossary check` rejects: "refuse" the run (exit 2), or "warn".
    glossary_errors: str = "refuse"
    engine: EngineOptions = field(default_factory=EngineOptions)
    num_hypotheses: int = 4
    typography: bool = True
    # Unique segments translated and stored per transaction: a killed run loses at most one.
    chunk_size: int = 256
    # Page furniture ("Related Post", "Share this"): "drop" from the output, or "keep" as is.
    furniture: str = "drop"
    # Article id of a text read from stdin ("-"); None: "stdin".
    stdin_id: str | None = None
    # Target name → locale for dates, typography and the Hausa house spelling (``fr`` →
    # ``fr_NE``); default: the name. A name is a language code (``fr``), or a locale when
    # one language is asked for in several (``ha_NE`` and ``ha_NG``: two outputs).
    locales: Mapping[str, str] = field(default_factory=dict)
    # What choosing the outputs said (a region babel does not know, fallen back): warned
    # once when the run starts.
    notices: Sequence[str] = ()
    # Directory inputs: their subfolders too, mirrored under out_dir.
    recursive: bool = False
    # `-o FILE`: what `-o -` would print goes there, atomically (``stdout`` is set too).
    output_file: Path | None = None
    # Chunks translated on Dask (translate.pipeline.cluster): a local cluster of this many
    # worker processes, or the scheduler at this address (tcp://HOST:PORT); not both.
    workers: int = 0
    cluster: str | None = None
    # Articles read, translated and written at a time (memory follows it, not the feed).
    window: int = DEFAULT_WINDOW
    # Markdown front matter keys whose values are translated (dotted paths reach tables).
    front_matter_keys: Sequence[str] = TEXT_KEYS

    def __post_init__(self) -> None:
        if isinstance(self.inputs, (str, os.PathLike)) or isinstance(self.targets, str):
            field_name = "targets" if isinstance(self.targets, str) else "inputs"
            raise TypeError(f"RunOptions.{field_name}: a list, not a single string")
        self.inputs = [os.fspath(as_path(i, "inputs")) for i in self.inputs]
        self.targets = list(self.targets)
        self.db_path = as_path(self.db_path, "db_path")
        if self.out_dir is not None:
            self.out_dir = as_path(self.out_dir, "out_dir")
        if self.output_file is not None:
            self.output_file = as_path(self.output_file, "output_file")
        self.glossary_paths = tuple(as_path(g, "glossary_paths") for g in self.glossary_paths)

    def locale(self, lang: str) -> str:
        return self.locales.get(lang, lang)

    def outputs(self) -> list[Target]:
        """Each output of the run: its name, its package language, its locale."""
        from translate.lang import Target, primary

        return [Target(name, primary(name), self.locale(name)) for name in self.targets]

    def check_bounds(self) -> None:
        """UsageError (exit 2) for a number outside its bound (translate.bounds), before
        anything is read or stored; $TRANSLATE_THREADS is read here too."""
        from translate import bounds

        bounds.BEAM_SIZE.check(self.engine.beam_size)
        bounds.THREADS.check(self.engine.threads)
        bounds.THREADS_ENV.from_env(0)
        bounds.MAX_DECODING_LENGTH.check(self.engine.max_decoding_length)
        bounds.WINDOW.check(self.window)
        bounds.CHUNK_SIZE.check(self.chunk_size)
        if self.workers:
            bounds.WORKERS.check(self.workers)

    @classmethod
    def from_cli(
        cls,
        *,
        inputs: Sequence[str],
        to: str,
        source_lang: str = "en",
        output: str | None = None,
        out_dir: Path | None = Path("out"),
        glossary_paths: Sequence[Path] = (),
        glossary_only: bool = False,
        no_glossary: bool = False,
        device: str = "auto",
        threads: int = 0,
        beam_size: int = 4,
        furniture: str = "drop",
        front_matter_keys: str | None = None,
        **rest: Any,
    ) -> RunOptions:
        """Options as `translate run` spells them, checked: ``to`` is comma-separated
        language codes, normalised once (``FR`` → fr; ``fr_NE`` → package fr, locale
        fr_NE; ``ha_NE,ha_NG`` → two outputs of one package, see
        :func:`translate.lang.output_targets`); ``output`` is a file or "-" (stdout);
        contradictory glossary options and bad values are a UsageError (exit 2)."""
        from translate.errors import UsageError
        from translate.i18n import _
        from translate.lang import normalize_language, output_targets

        together = _("{first} and {second} cannot be used together")
        if no_glossary and glossary_paths:
            raise UsageError(together.format(first="--no-glossary", second="-g/--glossary"))
        if no_glossary and glossary_only:
            raise UsageError(together.format(first="--no-glossary", second="--glossary-only"))
        if glossary_only and not glossary_paths:
            raise UsageError(_("--glossary-only needs at least one -g FILE"))
        if device not in ("cpu", "cuda", "auto"):
            raise UsageError(
                _("--device must be cpu, cuda or auto, not {device!r}").format(device=device)
            )
        if rest.get("glossary_errors", "refuse") not in ("refuse", "warn"):
            raise UsageError(
                _("--glossary-errors must be refuse or warn, not {value!r}").format(
                    value=rest["glossary_errors"]
                )
            )
        if furniture not in ("drop", "keep"):
            raise UsageError(
                _("--furniture must be drop or keep, not {value!r}").format(value=furniture)
            )
        tags = []
        for option, raw in [*(("--to", t) for t in to.split(",") if t.strip()),
                            ("--from", source_lang)]:  # fmt: skip
            try:
                tags.append(normalize_language(raw))
            except ValueError:
                raise UsageError(
                    _("{option}: {value!r} is not a language code").format(
                        option=option, value=raw.strip()
                    )
                ) from None
        *tags_to, source = tags
        targets, notices = output_targets(tags_to)
        keys = TEXT_KEYS
        if front_matter_keys is not None:
            keys = tuple(k.strip() for k in front_matter_keys.split(",") if k.strip())
            if any(not all(part for part in k.split(".")) for k in keys):
                raise UsageError(
                    _("--front-matter-keys: {value!r} is not a comma-separated list of keys")
                    .format(value=front_matter_keys)
                )  # fmt: skip
        options = cls(
            inputs=inputs,
            targets=[t.name for t in targets],
            source_lang=source.code,
            out_dir=None if output is not None else out_dir,
            stdout=output is not None,
            output_file=Path(output) if output not in (None, "-") else None,
            glossary_paths=glossary_paths,
            use_default_glossaries=not (no_glossary or glossary_only),
            enforce=not no_glossary,
            engine=EngineOptions(device=device, threads=threads, beam_size=beam_size),
            furniture=furniture,
            locales={t.name: t.locale for t in targets},
            notices=notices,
            front_matter_keys=keys,
            **rest,
        )
        options.check_bounds()
        check_scale_out(options)
        return options


def check_scale_out(options: RunOptions) -> None:
    """``--workers`` and ``--cluster``: one or the other, and at least one worker."""
    from translate.errors import UsageError
    from translate.i18n import _

    if options.workers and options.cluster:
        raise UsageError(
            _("{first} and {second} cannot be used together").format(
                first="--workers", second="--cluster"
            )
        )
    if options.workers < 0:
        raise UsageError(_("--workers must be at least 1"))
    if options.cluster is not None:
        check_scheduler_address(options.cluster)


#: Schemes of a Dask scheduler address; a bare HOST:PORT is tcp.
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def check_scheduler_address(address: str) -> None:
    """A usage error (exit 2, before a connection is tried or a database created) unless
    ``address`` is SCHEME://HOST:PORT (or HOST:PORT) with a port from 1 to 65535."""
    from urllib.parse import urlsplit

    from translate.errors import UsageError
    from translate.i18n import _

    text = address.strip()
    try:
        parts = urlsplit(text if "://" in text else f"tcp://{text}")
        valid = (
            parts.scheme in SCHEDULER_SCHEMES
            and bool(parts.hostname)
            and parts.port is not None
            and parts.port > 0
            and parts.path in ("", "/")
            and not (parts.query or parts.fragment or parts.username or parts.password)
            and text.isprintable()
            and " " not in text
        )
    except ValueError:  # a port that is not a number, or beyond 65535
        valid = False
    if not valid:
        raise UsageError(
            _("--cluster {address!r} is not a scheduler address (tcp://HOST:PORT)").format(
                address=address
            )
        )
