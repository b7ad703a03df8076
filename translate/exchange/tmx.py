"""TMX 1.4b export of reviewed segments (approved and edited) and optional import."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from translate import tags
from translate.errors import InputError
from translate.exchange.model import (
    TOOL_ID,
    ExchangeSegment,
    ImportedSegment,
    base_note,
    checked_segment_id,
    parse_base,
    reviewer_named,
    tool_version,
)
from translate.exchange.xliff import XML_LANG, _check_unique, _text
from translate.i18n import _
from translate.ids import STATUSES
from translate.lang import same_language

#: Only human-reviewed translations go into a translation memory.
TMX_STATUSES = ("approved", "edited")


def _tmx_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _stored_date(value: str) -> str:
    """A stored ISO-8601 UTC time (``2026-12-01T10:30:00.123Z``) as TMX writes dates."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return _tmx_date(moment)


def export_tmx(
    segments: Iterable[ExchangeSegment],
    *,
    source_lang: str = "en",
    now: datetime | None = None,
    statuses: Collection[str] = TMX_STATUSES,
) -> str:
    """Render the approved and edited segments (or those of ``statuses``) as a TMX
    1.4b document, one ``<tu>`` per segment: a memory OmegaT reads from its ``tm/``.

    ``source_lang`` is only used for the header when no segment qualifies.
    """
    # A memory for matching: plain text, without the numbered tags of a review file.
    kept = [
        replace(s, source=tags.plain(s.source), target=tags.plain(s.target), markup=[])
        if s.markup
        else s
        for s in segments
        if s.status in statuses and s.target.strip()
    ]
    if kept:
        source_lang = kept[0].source_lang
    stamp = _tmx_date(now or datetime.now(timezone.utc))
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": TOOL_ID,
            "creationtoolversion": tool_version(),
            "segtype": "sentence",
            "o-tmf": TOOL_ID,
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
            "creationdate": stamp,
        },
    )
    body = etree.SubElement(root, "body")
    for segment in kept:
        unit = etree.SubElement(body, "tu", tuid=str(segment.segment_id))
        unit.set("srclang", segment.source_lang)
        # Who made the text and who changed it last, from the audit (OmegaT shows them).
        unit.set("creationdate", _stored_date(segment.created_at) or stamp)
        unit.set("creationid", segment.created_by or TOOL_ID)
        unit.set("changedate", _stored_date(segment.changed_at) or stamp)
        unit.set("changeid", segment.changed_by or segment.created_by or TOOL_ID)
        props = (
            ("x-status", segment.status),
            ("x-article", segment.article),
            ("x-base", base_note(segment)),
        )
        for kind, value in props:
            if value:
                prop = etree.SubElement(unit, "prop", type=kind)
                prop.text = value
        pairs = ((segment.source_lang, segment.source), (segment.target_lang, segment.target))
        for lang, text in pairs:
            variant = etree.SubElement(unit, "tuv")
            variant.set(XML_LANG, lang)
            etree.SubElement(variant, "seg").text = text
    body_text = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body_text


def read_tmx(root: etree._Element, path: Path) -> list[ImportedSegment]:
    """Imported segments of a parsed TMX document (1.1 to 1.4b: OmegaT, translate-
    toolkit's po2tmx, Okapi, Trados).

    A unit of our own export (its ``x-base`` property) is bound to its ``tuid``; any
    other unit is matched by source text, a numeric ``tuid`` only a hint. A unit is
    approved when its ``x-status`` property says so (our own exports); TMX has no fuzzy
    notion, so ``fuzzy`` is always False. Who made it: the target's ``changeid``, else
    its ``creationid``, else the unit's.
    """
    header = root.find("header")
    srclang = (header.get("srclang") if header is not None else None) or "en"
    result: list[ImportedSegment] = []
    seen: set[int] = set()
    for unit in root.iter("tu"):
        props = {p.get("type"): p.text for p in unit.findall("prop")}
        base = parse_base(props.get("x-base"))
        exact = bool(base[0])
        where = f"{path}:{unit.sourceline}"
        tuid = unit.get("tuid")
        if exact or (tuid or "").strip().isdigit():
            segment_id: int | None = checked_segment_id(
                tuid, where, _("tuid must be a segment id (an integer), got {value}")
            )
        else:
            segment_id = None
        if segment_id is not None:
            _check_unique(segment_id, seen, unit, path)
        unit_src = (unit.get("srclang") or srclang).lower()
        if unit_src == "*all*":
            unit_src = "en"
        source = target = None
        target_lang = ""
        who = ""
        for variant in unit.findall("tuv"):
            lang = (variant.get(XML_LANG) or variant.get("lang") or "").lower()
            seg_text = _text(variant.find("seg"))
            if lang == unit_src or same_language(lang, unit_src):
                source = seg_text if source is None else source
            elif target is None:
                target = seg_text
                target_lang = variant.get(XML_LANG) or variant.get("lang") or ""
                who = _named(variant) or _named(unit)
        if source is None or target is None:
            raise InputError(
                f"{where}: "
                + _("tu {segment_id} lacks a source or target").format(
                    segment_id=tuid if tuid is not None else ""
                )
            )
        status = props.get("x-status")
        if status is not None and status not in STATUSES:
            raise InputError(
                f"{where}: "
                + _("unknown x-status {status!r} (one of {statuses})").format(
                    status=status, statuses=", ".join(STATUSES)
                )
            )
        result.append(
            ImportedSegment(
                segment_id=segment_id,
                source=source,
                target=target,
                approved=status == "approved",
                fuzzy=False,
                target_lang=target_lang,
                base_digest=base[0],
                base_status=base[1],
                exact=exact,
                who=who,
            )
        )
    return result


def _named(element: etree._Element) -> str:
    return reviewer_named(element.get("changeid")) or reviewer_named(element.get("creationid"))
