"""Gettext PO export and import (Poedit, Weblate, Lokalize...).

One entry per segment: ``msgctxt`` is the segment id (so identical sources stay
distinct entries), ``msgid`` the source, ``msgstr`` the target. Every segment not
approved carries the ``fuzzy`` flag; reviewers approve by clearing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from translate.errors import InputError
from translate.exchange.model import (
    BASE_PREFIX,
    TOOL_ID,
    ExchangeSegment,
    ImportedSegment,
    base_note,
    checked_segment_id,
    parse_base,
    source_hash,
    tool_version,
)
from translate.i18n import _


def _po_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _plural_forms(lang: str) -> str:
    """babel's plural rule for ``lang``; Argos codes babel does not know (pb, zt, pt-BR
    spelled with a hyphen...) get the common two-form rule rather than a crash."""
    from babel.core import UnknownLocaleError

    try:
        return str(get_plural(lang.replace("-", "_")).plural_forms)
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


def export_po(
    segments: Iterable[ExchangeSegment],
    *,
    target_lang: str,
    article: str,
    now: datetime | None = None,
) -> str:
    """Render segments as a PO catalog (text, UTF-8) for a CAT tool.

    ``now`` fixes the header dates (tests, reproducible output).
    """
    moment = now or datetime.now(timezone.utc)
    stamp = _po_date(moment)
    po = polib.POFile(wrapwidth=0)
    po.header = f"Newsroom translation of article {article or '(none)'}"
    po.metadata = {
        "Project-Id-Version": f"{TOOL_ID} {tool_version()}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": f"{TOOL_ID} (machine translation)",
        "Language-Team": f"{target_lang} newsroom reviewers",
        "Language": target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _plural_forms(target_lang),
        "X-Generator": f"{TOOL_ID} {tool_version()}",
        "X-Article": article,
    }
    for segment in segments:
        comments = [f"status: {segment.status}"]
        if segment.article:
            comments.append(f"article: {segment.article}")
        comments.append(f"source-hash: {segment.source_hash or source_hash(segment.source)}")
        comments.append(f"{BASE_PREFIX} {base_note(segment)}")
        comments.extend(note.replace("\n", " ") for note in segment.notes)
        po.append(
            polib.POEntry(
                msgctxt=str(segment.segment_id),
                msgid=segment.source,
                msgstr=segment.target,
                comment="\n".join(comments),
                flags=[] if segment.status == "approved" else ["fuzzy"],
            )
        )
    return str(po) + "\n"


def read_po(path: Path) -> list[ImportedSegment]:
    """Read a reviewed PO file back; any problem raises InputError naming the file."""
    try:
        encoding = polib.detect_encoding(str(path))
        text = path.read_bytes().decode(encoding)
    except (OSError, LookupError) as exc:
        raise InputError(
            _("{path}: cannot read PO file: {error}").format(path=path, error=exc)
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            _("{path}: not valid {encoding}: {reason}").format(
                path=path, encoding=encoding, reason=exc.reason
            )
        ) from exc
    _lint(text, path)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        # polib reports syntax errors as OSError("Syntax error in po file (line N)").
        message = str(exc).replace(str(path), "").replace("  ", " ").strip()
        raise InputError(
            _("{path}: malformed PO file: {message}").format(path=path, message=message)
        ) from exc
    result: list[ImportedSegment] = []
    seen: set[int] = set()
    target_lang = (po.metadata.get("Language") or "").strip()
    for entry in po:
        if entry.obsolete:
            continue
        # polib numbers entries from their first keyword line, except the very first (0).
        # The location (file:line) stays as it is; the message after it is translated.
        where = f"{path}:{entry.linenum}" if entry.linenum else f"{path}: " + _("first entry")
        if entry.msgid_plural:
            raise InputError(f"{where}: " + _("plural entries are not segments of ours"))
        segment_id = _segment_id(entry.msgctxt, where)
        if segment_id in seen:
            raise InputError(
                f"{where}: "
                + _("segment id {segment_id} appears twice").format(segment_id=segment_id)
            )
        seen.add(segment_id)
        fuzzy = "fuzzy" in entry.flags
        base = ("", "")
        for line in (entry.comment or "").splitlines():
            if line.startswith(BASE_PREFIX):
                base = parse_base(line[len(BASE_PREFIX) :])
        result.append(
            ImportedSegment(
                segment_id=segment_id,
                source=entry.msgid,
                target=entry.msgstr,
                approved=not fuzzy and entry.msgstr != "",
                fuzzy=fuzzy,
                target_lang=target_lang,
                base_digest=base[0],
                base_status=base[1],
            )
        )
    return result


def _segment_id(value: str | None, where: str) -> int:
    return checked_segment_id(
        value, where, _("msgctxt must be a segment id (an integer), got {value}")
    )


_QUOTED = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*" + _QUOTED)
_CONTINUATION = re.compile(_QUOTED)


def _lint(text: str, path: Path) -> None:
    """Reject what polib silently accepts: unterminated or unquoted strings, stray text.

    polib would, for instance, read ``msgstr "b`` as an empty string; a reviewer's
    work must not be lost that way. Comment lines (obsolete entries included) are skipped.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _KEYWORD_LINE.fullmatch(stripped) or _CONTINUATION.fullmatch(stripped):
            continue
        shown = stripped if len(stripped) <= 40 else stripped[:37] + "..."
        raise InputError(f"{path}:{number}: " + _("malformed PO line {line!r}").format(line=shown))
