"""Reading input files (txt, md, html, jsonl) into Documents, and naming outputs."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from translate.documents.html import parse_html
from translate.documents.markdown import parse_markdown
from translate.documents.model import Builder, Document, Layout, Segment, TargetSegment
from translate.documents.txt import parse_txt
from translate.errors import InputError, read_input
from translate.i18n import _

FORMATS = ("txt", "md", "html", "jsonl")
BODY_FORMATS = ("txt", "md", "html")
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
DEFAULT_EXTENSION = {"txt": "txt", "md": "md", "html": "html", "jsonl": "jsonl"}
_BOM = b"\xef\xbb\xbf"

Parser = Callable[..., tuple[Layout, "str | None"]]
_PARSERS: dict[str, Parser] = {"txt": parse_txt, "md": parse_markdown, "html": parse_html}


def format_for(path: Path | str, format: str | None = None) -> str:
    """The format named by ``format`` or by the file extension; InputError if neither."""
    if format is not None:
        fmt = format.lower().lstrip(".")
        fmt = {"markdown": "md", "htm": "html", "text": "txt"}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise InputError(
                _("{path}: unknown format {format!r} (use one of {formats})").format(
                    path=path, format=format, formats=", ".join(FORMATS)
                )
            )
        return fmt
    suffix = Path(str(path)).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise InputError(
        _(
            "{path}: cannot tell the format from the extension {suffix!r}; use --format ({formats})"
        ).format(path=path, suffix=suffix or _("(none)"), formats=", ".join(FORMATS))
    )


def sniff_format(text: str) -> str:
    """Guess the format of text read from stdin."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(line.startswith("{") and line.endswith("}") for line in lines):
        return "jsonl"
    head = text.lstrip()[:1000].lower()
    if re.match(r"<(!doctype|html|head|body|article|section|div|p|h[1-6]|ul|ol|table)\b", head):
        return "html"
    if re.search(r"(?m)^(#{1,6} |```|~~~|\s*[-*+] .*\*\*|.*\]\([^)]+\))", text[:5000]):
        return "md"
    return "txt"


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Bytes to text: UTF-8 (BOM dropped) unless ``encoding`` names another codec."""
    offset = 0
    if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        if data.startswith(_BOM):
            data = data[len(_BOM) :]
            offset = len(_BOM)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                _(
                    "{name}: not valid UTF-8 at byte {offset} (byte {byte}); if the file uses "
                    "another encoding, name it with --encoding"
                ).format(name=name, offset=exc.start + offset, byte=f"0x{data[exc.start]:02x}")
            ) from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(
            _("{name}: unknown encoding {encoding!r}").format(name=name, encoding=encoding)
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            _("{name}: cannot decode as {encoding} at byte {offset}; check --encoding").format(
                name=name, encoding=encoding, offset=exc.start
            )
        ) from None
    return text.removeprefix("\ufeff")


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _hash_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def parse_text(
    text: str,
    format: str,
    *,
    id: str,
    source: str,
    extension: str | None = None,
    lang: str = "en",
) -> Document:
    """A Document from decoded text in a text format (txt, md or html)."""
    newline = _newline(text)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    builder = Builder(lang)
    layout, title = _PARSERS[format](text, builder)
    return Document(
        id=id,
        source=source,
        format=format,
        title=title,
        segments=builder.segments,
        layouts=[layout],
        newline=newline,
        extension=extension or DEFAULT_EXTENSION[format],
        _hash_text=_hash_text(text),
    )


def parse_record(record: Any, *, source: str, lang: str = "en") -> Document:
    """A Document from one decoded JSONL object; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError(_("not a JSON object"))
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or str(raw_id) == "":
        raise ValueError(_('missing or invalid "id" (a non-empty string or number)'))
    body = record.get("body")
    if not isinstance(body, str):
        raise ValueError(_('missing or invalid "body" (a string)'))
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError(_('invalid "title" (a string or null)'))
    body_format = record.get("format", "txt") or "txt"
    if not isinstance(body_format, str) or body_format.lower() not in (*BODY_FORMATS, "markdown"):
        raise ValueError(
            _('invalid "format" {format!r} (txt, md or html)').format(format=body_format)
        )
    body_format = "md" if body_format.lower() == "markdown" else body_format.lower()
    doc_id = str(raw_id)
    builder = Builder(lang)
    layouts: list[Layout] = []
    if isinstance(title, str):
        title_layout = Layout(title, escape=lambda s: s)
        stripped = title.strip()
        if stripped:
            start = title.index(stripped)
            builder.add(title_layout, start, start + len(stripped), "headline", stripped)
        layouts.append(title_layout)
    body_text = body.replace("\r\n", "\n")
    body_layout, _unused = _PARSERS[body_format](body_text, builder, headline=False)
    if "\r\n" in body:
        body_layout = _CRLFLayout.wrap(body_layout)
    layouts.append(body_layout)
    canonical = json.dumps(
        {"title": title, "body": body_text, "format": body_format},
        ensure_ascii=False,
        sort_keys=True,
    )
    return Document(
        id=doc_id,
        source=f"{source}#{doc_id}",
        format="jsonl",
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        segments=builder.segments,
        layouts=layouts,
        extension="jsonl",
        body_format=body_format,
        record=record,
        _hash_text=canonical,
    )


class _CRLFLayout(Layout):
    """A JSONL body that used CRLF line endings inside the string."""

    @classmethod
    def wrap(cls, layout: Layout) -> _CRLFLayout:
        return cls(layout.source, layout.escape, layout.blocks)

    def render(self, segments: Sequence[Segment], targets: Sequence[TargetSegment]) -> str:
        return super().render(segments, targets).replace("\n", "\r\n")


def read_jsonl(
    text: str,
    name: str,
    *,
    fail_fast: bool = False,
    on_error: Callable[[str], None] | None = None,
    lang: str = "en",
) -> list[Document]:
    documents: list[Document] = []
    newline = _newline(text)
    for lineno, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    _("invalid JSON: {error} (column {column})").format(
                        error=exc.msg, column=exc.colno
                    )
                ) from None
            document = parse_record(record, source=name, lang=lang)
        except ValueError as exc:
            message = f"{name}:{lineno}: {exc}"
            if fail_fast or on_error is None:
                if fail_fast:
                    raise InputError(message) from None
                print(
                    _("warning: {message}; line skipped").format(message=message), file=sys.stderr
                )
                continue
            on_error(message)
            continue
        document.raw_line = line
        document.newline = newline
        documents.append(document)
    return documents


def read_documents(
    path: Path | str,
    *,
    format: str | None = None,
    encoding: str | None = None,
    fail_fast: bool = False,
    on_error: Callable[[str], None] | None = None,
    lang: str = "en",
) -> list[Document]:
    """Read one input into Documents (one per file; one per article for JSONL).

    ``path`` may be ``"-"`` (stdin: ``format`` given or sniffed) or a directory (every
    file with a known extension in it, sorted, not recursive). ``lang`` is the source
    language, used for sentence splitting. Raises InputError with a one-line message
    naming the file. A malformed JSONL line is reported as ``f"{path}:{lineno}: ..."``
    through ``on_error`` (or stderr when None) and skipped; with ``fail_fast`` it raises.
    """
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        text = decode(data, "<stdin>", encoding)
        fmt = format_for("<stdin>", format) if format else sniff_format(text)
        if fmt == "jsonl":
            return read_jsonl(text, "<stdin>", fail_fast=fail_fast, on_error=on_error, lang=lang)
        return [parse_text(text, fmt, id="stdin", source="<stdin>", lang=lang)]

    path = Path(path)
    if path.is_dir():
        documents: list[Document] = []
        for child in sorted(path.iterdir()):
            if child.is_file() and (format or child.suffix.lower() in EXTENSIONS):
                documents.extend(
                    read_documents(
                        child,
                        format=format,
                        encoding=encoding,
                        fail_fast=fail_fast,
                        on_error=on_error,
                        lang=lang,
                    )
                )
        return documents
    fmt = format_for(path, format)
    data = read_input(path)
    text = decode(data, str(path), encoding)
    if fmt == "jsonl":
        return read_jsonl(text, str(path), fail_fast=fail_fast, on_error=on_error, lang=lang)
    extension = path.suffix.lstrip(".") if format is None else DEFAULT_EXTENSION[fmt]
    return [parse_text(text, fmt, id=path.stem, source=str(path), extension=extension, lang=lang)]


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(raw: str) -> str:
    """A file-name-safe version of ``raw``: one path component, no traversal, never empty.

    Characters outside ``[A-Za-z0-9._-]`` become ``_``; leading dots and dashes are
    removed; when anything had to change, an 8-hex-digit hash of the original is appended
    so that two different ids never share an output name.
    """
    cleaned = _UNSAFE.sub("_", raw)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).lstrip(".-_").rstrip(".")[:100]
    if cleaned == raw and cleaned:
        return cleaned
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{cleaned}-{digest}" if cleaned else f"doc-{digest}"


def output_name(document: Document, lang: str) -> str:
    """``<name>.<lang>.<ext>`` for a file; ``<safe-id>.<lang>.jsonl`` for a JSONL article.

    The result is always a single safe path component.
    """
    lang_part = safe_name(lang)
    extension = document.extension or DEFAULT_EXTENSION.get(document.format, "txt")
    return f"{safe_name(document.id)}.{lang_part}.{safe_name(extension)}"
