"""Output files of a run: their names (refused when two inputs would clash), the
rendered articles, written atomically through ``translate.files``, and JSONL feeds,
one output per feed and language, appended a window at a time."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from translate.documents import Document, output_name, safe_name
from translate.errors import UsageError
from translate.files import StreamOutput, is_stdin, write_atomic
from translate.i18n import _
from translate.pipeline.report import LineSummary


def check_output_names(
    documents: list[Document], targets: list[str] | tuple[str, ...], out_dir: Path | None
) -> None:
    """Two inputs that would write the same output file (a/x.txt and b/x.txt, or two
    feeds of the same name) are refused before anything is translated or stored."""
    OutputNames(tuple(targets), out_dir).check(documents)


@dataclass
class InputFiles:
    """Every file a run's arguments name, each file of a named folder included (read or
    not): no output of the run may be one of them, however its path is spelled."""

    identities: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def of(cls, sources: Sequence[str | Path], recursive: bool = False) -> InputFiles:
        found = cls()
        for source in sources:
            if is_stdin(source):
                continue
            path = Path(source)
            if path.is_dir():
                for folder, subfolders, names in os.walk(path):
                    found.add(*(Path(folder, name) for name in names))
                    if not recursive:
                        subfolders.clear()
            else:
                found.add(path)
        return found

    def add(self, *paths: Path) -> None:
        for path in paths:
            with contextlib.suppress(OSError):
                info = path.stat()
                self.identities.add((info.st_dev, info.st_ino))

    def check(self, output: Path, option: str) -> None:
        """UsageError when ``output`` is one of the inputs (exit 2, nothing written)."""
        try:
            info = output.stat()
        except OSError:
            return  # not there yet: it cannot be an input
        if (info.st_dev, info.st_ino) in self.identities:
            raise UsageError(
                _("{path}: is one of the inputs of this run; choose another {option}").format(
                    path=output, option=option
                )
            )


@dataclass
class OutputNames:
    """:func:`check_output_names` a window at a time: what earlier windows claimed is
    remembered, so a clash across windows is refused too (before that window runs), as
    is an output that would replace one of ``inputs``."""

    targets: tuple[str, ...]
    out_dir: Path | None
    seen: dict[tuple[str, str], str] = field(default_factory=dict)
    inputs: InputFiles = field(default_factory=InputFiles)

    def check(self, documents: list[Document]) -> None:
        if self.out_dir is None:
            return
        for lang in self.targets:
            for document in documents:
                name = str(output_path(document, lang))
                self.inputs.check(self.out_dir / name, "--out-dir")
                first = self.seen.get((lang, name))
                if first is None:
                    self.seen[(lang, name)] = feed_of(document)
                elif document.record is None or first != feed_of(document):
                    raise UsageError(
                        _("{first} and {second} would both be written to {name}").format(
                            first=first, second=document.source, name=name
                        )
                    )  # (the next article of the same feed goes to the same output)


def write_output(document: Document, lang: str, rendered: str, out_dir: Path) -> Path:
    """Write one rendered article into ``out_dir``; nothing half-written on failure."""
    path = out_dir / output_path(document, lang)
    write_atomic(path, rendered, within=out_dir)
    return path


def output_path(document: Document, lang: str) -> Path:
    """The output's path under --out-dir: its name, in the input's folder when a
    directory was read with --recursive (``world/story.fr.txt``). Every article of a
    JSONL feed goes to the feed's output, ``<feed>.<lang>.jsonl``."""
    if document.record is not None:
        feed = feed_of(document)
        stem = "stdin" if feed == "<stdin>" else Path(feed).stem
        name = f"{safe_name(stem)}.{safe_name(lang)}.jsonl"
    else:
        name = output_name(document, lang)
    return Path(document.subdir, name) if document.subdir else Path(name)


def feed_of(document: Document) -> str:
    """The input a document was read from: the feed of a JSONL article, else its source."""
    if document.record is None:
        return document.source
    return document.source.removesuffix(f"#{document.id}")


def feed_line(document: Document, lang: str, rendered: str, summary: LineSummary) -> str:
    """One article in one language as a JSON line (with its newline): the input record
    with the translated fields (a file article: id, source and ``text``), ``lang`` and
    the article's ``summary`` (counts, glossary terms, failed and flagged segments)."""
    if document.record is not None:
        record: dict[str, Any] = json.loads(rendered)
    else:
        record = {"id": document.id, "source": document.source, "text": rendered}
    record["lang"] = lang
    record["summary"] = asdict(summary)
    return json.dumps(record, ensure_ascii=False) + "\n"


@dataclass
class FeedFiles:
    """JSONL feed outputs: started fresh the first time a run writes one (in place once
    its first window is complete), then whole lines appended once per window (a killed
    run keeps finished windows); :meth:`close` when the run ends."""

    out_dir: Path
    started: dict[Path, StreamOutput] = field(default_factory=dict)

    def append(self, relative: Path, lines: list[str]) -> Path:
        path = self.out_dir / relative
        if path not in self.started:
            self.started[path] = StreamOutput(path, within=self.out_dir)
        self.started[path].write("".join(lines))
        return path

    def close(self) -> None:
        for output in self.started.values():
            output.close()
