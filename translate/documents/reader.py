"""Reading input files (txt, md, html, jsonl) into Documents, and naming outputs.

Hostile input is handled here, once for every format: control characters and lone
surrogates are cleaned with a warning (:mod:`translate.documents.clean`), JSONL lines
nesting deeper than :data:`MAX_JSON_DEPTH` are reported and skipped, and an input with
nothing to translate raises :class:`~translate.errors.NoUsableInputError` (exit 7).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from translate.bounds import MAX_LINE_CHARS
from translate.documents.clean import Cleaned, clean_text, line_column
from translate.documents.frontmatter import TEXT_KEYS, FrontMatter, split_front_matter
from translate.documents.html import parse_html
from translate.documents.markdown import parse_markdown
from translate.documents.model import Builder, Document, Layout, Segment, TargetSegment
from translate.documents.txt import parse_txt
from translate.errors import (
    InputError,
    NoUsableInputError,
    SkippedInputError,
    describe_json_error,
)
from translate.files import read_input
from translate.i18n import _, ngettext
from translate.records import Skipped

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
#: A JSONL line nesting arrays/objects deeper than this is refused (an article is flat).
MAX_JSON_DEPTH = 64

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


def _is_utf8(encoding: str | None) -> bool:
    return encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def decode(data: bytes, name: str, encoding: str | None = None, errors: str = "strict") -> str:
    """Bytes to text: UTF-8 (BOM dropped) unless ``encoding`` names another codec.
    ``errors="surrogateescape"``: UTF-8 with each invalid byte kept as a lone surrogate
    (a feed's lines are checked one by one, see :func:`iter_jsonl`)."""
    offset = 0
    if _is_utf8(encoding):
        if data.startswith(_BOM):
            data = data[len(_BOM) :]
            offset = len(_BOM)
        try:
            return data.decode("utf-8", errors)
        except UnicodeDecodeError as exc:
            raise InputError(
                _(
                    "{name}: not valid UTF-8 at byte {offset} (byte {byte}); if the file uses "
                    "another encoding, name it with --encoding"
                ).format(name=name, offset=exc.start + offset, byte=f"0x{data[exc.start]:02x}")
            ) from None
    assert encoding is not None  # None is UTF-8, handled above
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


def _decode_input(data: bytes, name: str, encoding: str | None, fmt: str | None) -> tuple[str, str]:
    """The text of an input and its format (``fmt``, else sniffed). A UTF-8 feed with
    bytes that are not UTF-8 is not refused whole: each line holding one is skipped
    with its number (:func:`iter_jsonl`), the others are translated."""
    try:
        text = decode(data, name, encoding)
    except InputError:
        if fmt not in (None, "jsonl") or not _is_utf8(encoding):
            raise
        lenient = decode(data, name, encoding, errors="surrogateescape")
        if (fmt or sniff_format(lenient)) != "jsonl":
            raise
        return lenient, "jsonl"
    return text, fmt or sniff_format(text)


# Bytes that are not UTF-8, as decoding with "surrogateescape" keeps them.
_UNDECODED = re.compile("[\udc80-\udcff]")


def _undecoded_byte(line: str) -> str | None:
    """What is wrong with a feed line holding bytes that are not UTF-8, or None."""
    found = _UNDECODED.search(line)
    if found is None:
        return None
    offset = len(line[: found.start()].encode("utf-8", "surrogateescape"))
    return _("not valid UTF-8 at byte {offset} of the line (byte {byte})").format(
        offset=offset, byte=f"0x{ord(found.group()) - 0xDC00:02x}"
    )


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
    front_matter_keys: Sequence[str] = TEXT_KEYS,
) -> Document:
    """A Document from decoded text in a text format (txt, md or html).

    Control characters and lone surrogates are cleaned first; what was cleaned or worked
    around is in ``Document.warnings``. A Markdown article's front matter is read with
    its ``front_matter_keys`` translated (SkippedInputError when it does not parse)."""
    newline = _newline(text)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    original = text
    text, cleaned = clean_text(text)
    warnings = [
        f"{source}:{message}"
        for message in _cleaned_messages(
            cleaned,
            _text_position(original, cleaned.first_control),
            _text_position(original, cleaned.first_surrogate),
        )
    ]
    builder = Builder(lang)
    front = split_front_matter(text, source, front_matter_keys) if format == "md" else None
    field_layouts = _front_layouts(front, builder)
    layout, title = _PARSERS[format](text[front.body :] if front else text, builder)
    if front is not None and front.texts and front.texts[0].path == ("title",):
        title = front.texts[0].value.strip() or title
    warnings += [f"{source}: {message}" for message in builder.warnings.values()]
    return Document(
        id=id,
        source=source,
        format=format,
        title=title,
        segments=builder.segments,
        layouts=[layout, *field_layouts],
        front_matter=front,
        newline=newline,
        extension=extension or DEFAULT_EXTENSION[format],
        _hash_text=_hash_text(text),
        metadata=builder.metadata,
        warnings=warnings,
    )


#: Front matter keys and the kind of segment their text makes.
_FRONT_KINDS = {"title": "headline", "subtitle": "heading"}


def _front_layouts(front: FrontMatter | None, builder: Builder) -> list[Layout]:
    """One layout per text value of the front matter, each value segments of its own
    (before the article's: the CMS shows them first)."""
    if front is None:
        return []
    layouts = []
    for text_field in front.texts:
        layout = Layout(text_field.value, escape=lambda s: s)
        stripped = text_field.value.strip()
        if stripped:
            start = text_field.value.index(stripped)
            kind = _FRONT_KINDS.get(str(text_field.path[-1]), "paragraph")
            builder.add(layout, start, start + len(stripped), kind, stripped)
        layouts.append(layout)
    return layouts


def _cleaned_messages(cleaned: Cleaned, control_at: str = "", surrogate_at: str = "") -> list[str]:
    """Warnings for what :func:`clean_text` changed, each starting with the position of
    the first character concerned (``3:14``, ``"body" character 17``)."""
    messages = []
    if cleaned.controls:
        messages.append(
            ngettext(
                "{position}: {count} control character (U+{code:04X}) removed",
                "{position}: {count} control characters (the first U+{code:04X}) removed",
                cleaned.controls,
            ).format(
                position=control_at,
                count=cleaned.controls,
                code=ord(cleaned.first_control_char),
            )
        )
    if cleaned.surrogates:
        messages.append(
            ngettext(
                "{position}: {count} lone surrogate replaced by U+FFFD",
                "{position}: {count} lone surrogates replaced by U+FFFD",
                cleaned.surrogates,
            ).format(position=surrogate_at, count=cleaned.surrogates)
        )
    return messages


def _text_position(text: str, offset: int) -> str:
    return "{}:{}".format(*line_column(text, offset)) if offset >= 0 else ""


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
    warnings = [f"{source}#{doc_id}: {message}" for message in builder.warnings.values()]
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
        metadata=builder.metadata,
        warnings=warnings,
    )


class _CRLFLayout(Layout):
    """A JSONL body that used CRLF line endings inside the string."""

    @classmethod
    def wrap(cls, layout: Layout) -> _CRLFLayout:
        return cls(layout.source, layout.escape, layout.blocks)

    def render(
        self,
        segments: Sequence[Segment],
        targets: Sequence[TargetSegment],
        drop: Collection[str] = (),
    ) -> str:
        return super().render(segments, targets, drop).replace("\n", "\r\n")


def read_jsonl(
    text: str,
    name: str,
    *,
    fail_fast: bool = False,
    on_error: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    lang: str = "en",
) -> list[Document]:
    """One Document per usable line. A malformed line, or one with nothing to translate,
    is reported through ``on_error`` and skipped (``fail_fast``: InputError); a file with
    no usable line raises NoUsableInputError."""
    return list(iter_jsonl(text, name, fail_fast=fail_fast, on_error=on_error,
                           on_warning=on_warning, lang=lang))  # fmt: skip


def iter_jsonl(
    text: str,
    name: str,
    *,
    fail_fast: bool = False,
    on_error: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    lang: str = "en",
) -> Iterator[Document]:
    """:func:`read_jsonl`, one Document at a time (a feed is never held whole)."""
    found = 0
    newline = _newline(text)
    skipped = 0
    first_line: dict[str, int] = {}  # article id → the line it was first seen on
    for lineno, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            if len(line) > MAX_LINE_CHARS:
                raise ValueError(
                    _("line longer than {limit} characters").format(limit=MAX_LINE_CHARS)
                )
            undecoded = _undecoded_byte(line)
            if undecoded is not None:
                raise ValueError(undecoded)
            record, cleaned = _decode_line(line)
            document = parse_record(record, source=name, lang=lang)
            if not document.segments:
                raise ValueError(_("no text to translate"))
            if document.id in first_line:
                # Reported and skipped like a malformed line: the first one is kept.
                raise ValueError(
                    _("duplicate id {id!r} (first on line {line})").format(
                        id=document.id, line=first_line[document.id]
                    )
                )
            first_line[document.id] = lineno
        except ValueError as exc:
            message = f"{name}:{lineno}: {exc}"
            skipped += 1
            if fail_fast:
                raise InputError(message) from None
            line_id = _line_id(line)
            skip = Skipped(name, str(exc), lineno, line_id, message)
            _report(on_error, _("translate: warning: {message}; line skipped"), skip)
            continue
        document.warnings[:0] = [f"{name}:{lineno}: {warning}" for warning in cleaned]
        document.raw_line = None if cleaned else line
        document.newline = newline
        for warning in document.warnings:
            _report(on_warning, _("translate: warning: {message}"), warning)
        found += 1
        yield document
    if not found:
        raise NoUsableInputError(
            ngettext(
                "{name}: no usable article ({count} line skipped)",
                "{name}: no usable article ({count} lines skipped)",
                skipped,
            ).format(name=name, count=skipped)
            if skipped
            else _("{name}: no article in the file").format(name=name)
        )


def _report(callback: Callable[[Any], None] | None, template: str, message: str | Skipped) -> None:
    """``callback(message)``, or the message on stderr when there is no callback."""
    if callback is None:
        print(template.format(message=message), file=sys.stderr)
    else:
        callback(message)


def _line_id(line: str) -> str | None:
    """The ``id`` of a skipped JSONL line, when it has one that reads (so its error line
    can say which record it was)."""
    if len(line) > MAX_LINE_CHARS:
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # malformed, or nested too deep to read
        return None
    value = record.get("id") if isinstance(record, dict) else None
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused (ValueError: the line is skipped) when a key is repeated:
    which ``id`` or ``body`` would be meant?"""
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            raise ValueError(_("the key {key!r} appears twice").format(key=key))
        seen.add(key)
    return dict(pairs)


def _decode_line(line: str) -> tuple[Any, list[str]]:
    """The JSON value of one line with its strings cleaned (see clean.py), and warnings
    for what was cleaned (``"body" character 17: ...``); ValueError says what is wrong."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub('""', line)):
        depth += 1 if bracket.group(0) in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            raise ValueError(
                _("arrays or objects nested deeper than {depth} levels").format(
                    depth=MAX_JSON_DEPTH
                )
            )
    try:
        record = json.loads(line, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise ValueError(
            _("invalid JSON: {error}").format(error=describe_json_error(exc))
        ) from None
    except RecursionError:  # unreachable below MAX_JSON_DEPTH; never a traceback
        raise ValueError(_("arrays or objects nested too deeply")) from None
    found: list[tuple[str, Cleaned]] = []

    def clean(value: Any, path: str) -> Any:
        if isinstance(value, str):
            text, cleaned = clean_text(value)
            if cleaned:
                found.append((path, cleaned))
            return text
        if isinstance(value, list):
            return [clean(item, path) for item in value]
        if isinstance(value, dict):
            return {
                clean(key, path): clean(item, f"{path}.{key}" if path else str(key))
                for key, item in value.items()
            }
        return value

    record = clean(record, "")
    if not found:
        return record, []

    def where(path: str, offset: int) -> str:
        return _('"{field}" character {offset}').format(field=path or "-", offset=offset + 1)

    controls = [(p, c) for p, c in found if c.controls]
    surrogates = [(p, c) for p, c in found if c.surrogates]
    total = Cleaned(
        controls=sum(c.controls for _p, c in controls),
        first_control=controls[0][1].first_control if controls else -1,
        first_control_char=controls[0][1].first_control_char if controls else "",
        surrogates=sum(c.surrogates for _p, c in surrogates),
        first_surrogate=surrogates[0][1].first_surrogate if surrogates else -1,
    )
    return record, _cleaned_messages(
        total,
        where(controls[0][0], total.first_control) if controls else "",
        where(surrogates[0][0], total.first_surrogate) if surrogates else "",
    )


def read_documents(
    path: Path | str,
    *,
    format: str | None = None,
    encoding: str | None = None,
    fail_fast: bool = False,
    on_error: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    lang: str = "en",
    recursive: bool = False,
    stdin_id: str | None = None,
    front_matter_keys: Sequence[str] = TEXT_KEYS,
) -> list[Document]:
    """Every Document of one input, as a list; see :func:`iter_documents`."""
    return list(
        iter_documents(
            path,
            format=format,
            encoding=encoding,
            fail_fast=fail_fast,
            on_error=on_error,
            on_warning=on_warning,
            lang=lang,
            recursive=recursive,
            stdin_id=stdin_id,
            front_matter_keys=front_matter_keys,
        )
    )


def iter_documents(
    path: Path | str,
    *,
    format: str | None = None,
    encoding: str | None = None,
    fail_fast: bool = False,
    on_error: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    lang: str = "en",
    recursive: bool = False,
    _subdir: str = "",
    stdin_id: str | None = None,
    output_langs: Collection[str] = (),
    front_matter_keys: Sequence[str] = TEXT_KEYS,
) -> Iterator[Document]:
    """Read one input into Documents (one per file; one per article for JSONL).

    ``path`` may be ``"-"`` (stdin: ``format`` given or sniffed), a file without an
    extension (sniffed like stdin), or a directory: every file with a known extension
    in it, sorted; with ``recursive`` its subfolders too (each Document's ``subdir``
    says where it was, for the output to mirror it). Files of a directory that are not
    read (unknown extension, a subfolder without ``recursive``) are reported through
    ``on_error`` with the reason; hidden files are ignored. ``lang`` is the source
    language, used for sentence splitting. Raises InputError with a one-line message
    naming the file, and NoUsableInputError (exit 7) when the input holds nothing to
    translate. A malformed JSONL line (or a file of a directory with nothing to
    translate) is reported as ``f"{path}:{lineno}: ..."`` through ``on_error`` (or
    stderr when None) and skipped; with ``fail_fast`` it raises. What was cleaned or
    worked around (control characters, nesting too deep) goes to ``on_warning`` (or
    stderr), one line each, naming the file and the position. A file's article is
    keyed by its canonical absolute path, however it was spelled; ``stdin_id`` names
    the article read from stdin (else "stdin"). Files of a directory named like this
    run's outputs (``NAME.LANG.EXT`` for a LANG of ``output_langs``) are not read, with
    one warning per directory.
    """
    if str(path) == "-":
        data = read_input("-")
        given = format_for("<stdin>", format) if format else None
        text, fmt = _decode_input(data, "<stdin>", encoding, given)
        if fmt == "jsonl":
            yield from iter_jsonl(text, "<stdin>", fail_fast=fail_fast, on_error=on_error,
                                  on_warning=on_warning, lang=lang)  # fmt: skip
            return
        document = parse_text(text, fmt, id=stdin_id or "stdin", source="<stdin>", lang=lang,
                              front_matter_keys=front_matter_keys)  # fmt: skip
        yield from _usable(document, on_warning)
        return

    path = Path(path)
    if path.is_dir():
        found = 0
        outputs: list[str] = []
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue  # .DS_Store, .git: never articles
            if child.is_file() and is_output_name(child.name, output_langs):
                outputs.append(child.name)
                continue
            subdir = f"{_subdir}/{child.name}" if _subdir else child.name
            if child.is_dir():
                if not recursive:
                    message = _("{path}: a folder, skipped (use --recursive)").format(path=child)
                    _report(on_error, _("translate: warning: {message}"),
                            Skipped(str(child), message, message=message))  # fmt: skip
                    continue
            elif not child.is_file():
                continue
            elif not (format or child.suffix == "" or child.suffix.lower() in EXTENSIONS):
                message = _("{path}: skipped, unknown format {suffix!r} (use --format)").format(
                    path=child, suffix=child.suffix
                )
                _report(on_error, _("translate: warning: {message}"),
                        Skipped(str(child), message, message=message))  # fmt: skip
                continue
            children = iter_documents(
                child, format=format, encoding=encoding, fail_fast=fail_fast,
                on_error=on_error, on_warning=on_warning, lang=lang,
                recursive=recursive, _subdir=subdir if child.is_dir() else _subdir,
                output_langs=output_langs, front_matter_keys=front_matter_keys,
            )  # fmt: skip
            try:
                for document in children:
                    if child.is_file() and _subdir and not document.subdir:
                        document.subdir = _subdir
                        if document.record is None:
                            document.id = f"{_subdir}/{document.id}"  # one article per path
                    found += 1
                    yield document
            except NoUsableInputError as exc:
                if fail_fast:
                    raise
                _report(on_error, _("translate: warning: {message}; skipped"),
                        Skipped(str(child), str(exc), message=str(exc)))  # fmt: skip
                continue
            except SkippedInputError as exc:
                if fail_fast:
                    raise
                _report(on_error, _("translate: warning: {message}"),
                        Skipped(str(child), str(exc), message=str(exc)))  # fmt: skip
                continue
        if outputs:
            names = ", ".join(outputs[:3]) + (", …" if len(outputs) > 3 else "")
            message = ngettext(
                "{path}: {count} file named like an output of this run not read: {names}",
                "{path}: {count} files named like outputs of this run not read: {names}",
                len(outputs),
            ).format(path=path, count=len(outputs), names=names)
            _report(on_warning, _("translate: warning: {message}"), message)
        if not found and not _subdir:
            raise NoUsableInputError(_("{path}: no usable article in the folder").format(path=path))
        return
    sniff = format is None and path.suffix == ""
    fmt = "txt" if sniff else format_for(path, format)
    data = read_input(path)
    text, fmt = _decode_input(data, str(path), encoding, None if sniff else fmt)
    if fmt == "jsonl":
        yield from iter_jsonl(text, str(path), fail_fast=fail_fast, on_error=on_error,
                              on_warning=on_warning, lang=lang)  # fmt: skip
        return
    extension = path.suffix.lstrip(".") if format is None and not sniff else DEFAULT_EXTENSION[fmt]
    document = parse_text(text, fmt, id=path.stem, source=str(path.resolve()),
                          extension=extension, lang=lang,
                          front_matter_keys=front_matter_keys)  # fmt: skip
    yield from _usable(document, on_warning)


def _usable(document: Document, on_warning: Callable[[str], None] | None) -> list[Document]:
    for warning in document.warnings:
        _report(on_warning, _("translate: warning: {message}"), warning)
    if not document.segments:
        raise NoUsableInputError(
            _("{path}: nothing to translate (no text found)").format(path=document.source)
        )
    return [document]


@dataclass
class InputBatch:
    """What :func:`read_inputs` read: the documents, the inputs or lines it skipped (each
    a one-line message naming the file) and what it cleaned or worked around."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_inputs(
    sources: Sequence[str | Path],
    *,
    format: str | None = None,
    encoding: str | None = None,
    fail_fast: bool = False,
    lang: str = "en",
    recursive: bool = False,
    stdin_id: str | None = None,
) -> InputBatch:
    """Read every input of a run. An input with nothing to translate is skipped (listed
    in ``skipped``) unless ``fail_fast``; NoUsableInputError when no input has anything
    to translate. Other InputErrors (unreadable file, bad encoding) propagate."""
    batch = InputBatch()
    batch.documents = list(
        iter_inputs(
            sources,
            batch,
            format=format,
            encoding=encoding,
            fail_fast=fail_fast,
            lang=lang,
            recursive=recursive,
            stdin_id=stdin_id,
        )
    )
    return batch


def iter_inputs(
    sources: Sequence[str | Path],
    batch: InputBatch,
    *,
    format: str | None = None,
    encoding: str | None = None,
    fail_fast: bool = False,
    lang: str = "en",
    recursive: bool = False,
    stdin_id: str | None = None,
    output_langs: Collection[str] = (),
    front_matter_keys: Sequence[str] = TEXT_KEYS,
) -> Iterator[Document]:
    """:func:`read_inputs` lazily: the Documents one at a time, in input order, while
    what is skipped or cleaned goes to ``batch.skipped`` and ``batch.warnings`` as it
    is met (``batch.documents`` is left alone). The errors are those of read_inputs,
    NoUsableInputError at the end when nothing was usable."""
    last_empty: NoUsableInputError | None = None
    last_skipped: SkippedInputError | None = None
    found = 0

    def skip(what: Skipped) -> None:  # where it was met: after `found` articles
        batch.skipped.append(replace(what, after=found))

    for source in sources:
        try:
            for document in iter_documents(
                source,
                format=format,
                encoding=encoding,
                fail_fast=fail_fast,
                on_error=skip,
                on_warning=batch.warnings.append,
                lang=lang,
                recursive=recursive,
                stdin_id=stdin_id,
                output_langs=output_langs,
                front_matter_keys=front_matter_keys,
            ):
                found += 1
                yield document
        except NoUsableInputError as exc:
            if fail_fast:
                raise
            last_empty = exc
            skip(Skipped(str(source), str(exc), message=str(exc)))
        except SkippedInputError as exc:
            # an article that is not what it claims (malformed front matter): skipped
            if fail_fast:
                raise
            last_skipped = exc
            skip(Skipped(str(source), str(exc), message=str(exc)))
    if not found:
        if last_skipped is not None:
            # every input empty or skipped, one at least for what it is: exit 6, as said
            if len(batch.skipped) == 1:
                raise last_skipped
            raise SkippedInputError(
                ngettext(
                    "no article translated: {count} input skipped ({first})",
                    "no article translated: {count} inputs skipped (the first: {first})",
                    len(batch.skipped),
                ).format(count=len(batch.skipped), first=batch.skipped[0])
            )
        if last_empty is not None and len(sources) == 1:
            raise last_empty
        raise NoUsableInputError(
            ngettext(
                "no usable article in the input",
                "no usable article in any of the {count} inputs",
                len(sources),
            ).format(count=len(sources))
        )


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


def is_output_name(name: str, langs: Collection[str]) -> bool:
    """Whether a file name has the shape of an output in one of ``langs``:
    ``story.fr.txt``, ``feed.ha.jsonl`` (see :func:`output_name`)."""
    parts = name.split(".")
    return len(parts) >= 3 and parts[-2] in {safe_name(lang) for lang in langs}


def output_name(document: Document, lang: str) -> str:
    """``<name>.<lang>.<ext>`` for a file; ``<safe-id>.<lang>.jsonl`` for a JSONL article.

    The result is always a single safe path component.
    """
    lang_part = safe_name(lang)
    extension = document.extension or DEFAULT_EXTENSION.get(document.format, "txt")
    name = document.id
    if document.subdir and document.record is None:
        name = name.rsplit("/", 1)[-1]  # the folder is in the path (output_path)
    return f"{safe_name(name)}.{lang_part}.{safe_name(extension)}"
