"""Output files of a run: their names (refused when two inputs would clash) and the
rendered articles, written atomically through ``translate.files``."""

from __future__ import annotations

from pathlib import Path

from translate.documents import Document, output_name
from translate.errors import UsageError
from translate.files import write_atomic
from translate.i18n import _


def check_output_names(
    documents: list[Document], targets: list[str] | tuple[str, ...], out_dir: Path | None
) -> None:
    """Two inputs that would write the same output file (a/x.txt and b/x.txt, or a
    repeated JSONL id) are refused before anything is translated or stored."""
    if out_dir is None:
        return
    for lang in targets:
        seen: dict[str, str] = {}
        for document in documents:
            name = output_name(document, lang)
            if name in seen:
                raise UsageError(
                    _("{first} and {second} would both be written to {name}").format(
                        first=seen[name], second=document.source, name=name
                    )
                )
            seen[name] = document.source


def write_output(document: Document, lang: str, rendered: str, out_dir: Path) -> Path:
    """Write one rendered article into ``out_dir``; nothing half-written on failure."""
    path = out_dir / output_name(document, lang)
    write_atomic(path, rendered, within=out_dir)
    return path
