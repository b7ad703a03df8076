"""Gettext PO export and import (Poedit, Weblate, Lokalize...).

One entry per segment: ``msgctxt`` is the segment id (so identical sources stay
distinct entries), ``msgid`` the source, ``msgstr`` the target. Every segment not
approved carries the ``fuzzy`` flag; reviewers approve by clearing it. A segment with
links or emphasis has them as numbered tags (``translate.tags``) in both texts, with a
``tag <1>…</1> = [ … ](url)`` comment per tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import polib

from translate import tags
from translate.errors import InputError
from translate.exchange.model import (
    BASE_PREFIX,
    TOOL_ID,
    ExchangeSegment,
    ImportedSegment,
    base_note,
    checked_segment_id,
    parse_base,
    reviewer_named,
    tool_version,
    unit_id,
)
from translate.i18n import _
from translate.ids import text_digest
from translate.lang import plural_forms_header
from translate.po_syntax import malformed_lines, shown


def _po_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")


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
        "Plural-Forms": plural_forms_header(target_lang),
        "X-Generator": f"{TOOL_ID} {tool_version()}",
        "X-Article": article,
    }
    for segment in segments:
        comments = [f"status: {segment.status}"]
        if segment.article:
            comments.append(f"article: {segment.article}")
        comments.append(f"source-hash: {segment.source_hash or text_digest(segment.source)}")
        comments.append(f"{BASE_PREFIX} {base_note(segment)}")
        # What each numbered tag stands for; keep the tags to keep the links.
        comments.extend(f"tag {line}" for line in tags.legend(segment.markup))
        comments.extend(note.replace("\n", " ") for note in segment.notes)
        # The memory's fuzzy matches, for the translator to start from (never the msgstr).
        comments.extend(
            f"memory {m.similarity:g}%: {m.source_text} → {m.final_text}".replace("\n", " ")
            for m in segment.matches
        )
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


def read_po(path: Path, data: bytes | None = None) -> list[ImportedSegment]:
    """Read a reviewed PO file back (``data``: its bytes, already read, e.g. from
    standard input); any problem raises InputError naming the file."""
    try:
        if data is None:
            data = path.read_bytes()
        # polib takes a text without a file of that name as the PO content itself.
        encoding = polib.detect_encoding(data.decode("ascii", "replace"))
        text = data.decode(encoding)
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
    # Poedit, Lokalize and Weblate write who saved the file here; our exports do not.
    who = reviewer_named(po.metadata.get("Last-Translator"))
    for entry in po:
        if entry.obsolete:
            continue
        # polib numbers entries from their first keyword line, except the very first (0).
        # The location (file:line) stays as it is; the message after it is translated.
        where = f"{path}:{entry.linenum}" if entry.linenum else f"{path}: " + _("first entry")
        if entry.msgid_plural:
            raise InputError(f"{where}: " + _("plural entries are not segments of ours"))
        base = ("", "")
        for line in (entry.comment or "").splitlines():
            if line.startswith(BASE_PREFIX):
                base = parse_base(line[len(BASE_PREFIX) :])
        exact = bool(base[0])
        segment_id = _entry_id(entry, where, exact)
        if segment_id is not None:
            if segment_id in seen:
                raise InputError(
                    f"{where}: "
                    + _("segment id {segment_id} appears twice").format(segment_id=segment_id)
                )
            seen.add(segment_id)
        fuzzy = "fuzzy" in entry.flags
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
                exact=exact and segment_id is not None,
                who=who,
            )
        )
    return result


def _entry_id(entry: polib.POEntry, where: str, exact: bool) -> int | None:
    """The segment id of an entry: its ``msgctxt`` (our exports), else a ``#:``
    reference that is a number (what xliff2po keeps of an XLIFF unit id); None when
    it has neither. A unit of our own export must carry a valid id; an id out of
    range is refused wherever it is."""
    if entry.msgctxt is not None and (exact or entry.msgctxt.strip().isdigit()):
        return _segment_id(entry.msgctxt, where)
    for file_part, line_part in entry.occurrences:
        for text in (line_part, file_part.rpartition("#")[2], file_part):
            found = unit_id(text)
            if found is not None:
                return found
    if exact:
        return _segment_id(entry.msgctxt, where)  # refused: our unit lost its id
    return None


def _segment_id(value: str | None, where: str) -> int:
    return checked_segment_id(
        value, where, _("msgctxt must be a segment id (an integer), got {value}")
    )


def _lint(text: str, path: Path) -> None:
    """Reject what polib silently accepts (``translate.po_syntax``): unterminated or
    unquoted strings, stray text; a reviewer's work must not be lost that way."""
    for number, line in malformed_lines(text):
        raise InputError(
            f"{path}:{number}: " + _("malformed PO line {line!r}").format(line=shown(line))
        )
