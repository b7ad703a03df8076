"""XLIFF 1.2 (OmegaT, Okapi, Trados, memoQ) and XLIFF 2.0 export and import.

Segments are grouped into one ``<file>`` per (source language, target language,
article). Text is escaped by lxml; whitespace is preserved (``xml:space``). A segment's
links and emphasis are inline elements numbered as ``translate.tags`` numbers them:
``<g>``/``<x>`` in 1.2, ``<pc>``/``<ph>`` with their native markup in ``<originalData>``
in 2.0; they are read back as tagged text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from lxml import etree

from translate import tags
from translate.documents.model import InlineSpan
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

NS_11 = "urn:oasis:names:tc:xliff:document:1.1"
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"

# Our status -> XLIFF 1.2 <target state>.
STATE_12 = {
    "machine": "needs-review-translation",
    "needs_review": "needs-review-translation",
    "edited": "translated",
    "approved": "final",
    "rejected": "needs-translation",
    "failed": "needs-translation",
}
# Our status -> XLIFF 2.0 <segment state>.
STATE_20 = {
    "machine": "initial",
    "needs_review": "initial",
    "edited": "translated",
    "approved": "final",
    "rejected": "initial",
    "failed": "initial",
}
# Every <target state> XLIFF 1.2 defines (custom values start with "x-").
STATES_12 = frozenset(
    {
        "new",
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
        "translated",
        "signed-off",
        "final",
    }
)
# 1.2 states meaning "a translation is there and nobody asked to redo it".
_DONE_12 = {"translated", "final", "signed-off"}
_APPROVED_12 = {"final", "signed-off"}
_APPROVED_20 = {"reviewed", "final"}
# Inline elements whose content is native code, not text (1.2 and 2.0).
_CODE_ELEMENTS = {"ph", "bpt", "ept", "it", "sub", "x", "bx", "ex", "sc", "ec", "sm", "em"}


def _files(
    segments: Iterable[ExchangeSegment],
) -> dict[tuple[str, str, str], list[ExchangeSegment]]:
    groups: dict[tuple[str, str, str], list[ExchangeSegment]] = {}
    for segment in segments:
        key = (segment.source_lang, segment.target_lang, segment.article)
        groups.setdefault(key, []).append(segment)
    return groups


def _serialize(root: etree._Element) -> str:
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def export_xliff(
    segments: Iterable[ExchangeSegment], *, version: Literal["1.2", "2.0"] = "1.2"
) -> str:
    """Render segments as an XLIFF 1.2 or 2.0 document (text, to be written UTF-8)."""
    groups = _files(segments)
    if not groups:
        raise ValueError("nothing to export: XLIFF needs at least one segment")
    if version == "1.2":
        return _serialize(_build_12(groups))
    if version == "2.0":
        return _serialize(_build_20(groups))
    raise ValueError(f"unsupported XLIFF version {version!r} (use '1.2' or '2.0')")


def _build_12(groups: dict[tuple[str, str, str], list[ExchangeSegment]]) -> etree._Element:
    root = etree.Element(f"{{{NS_12}}}xliff", nsmap={None: NS_12})
    root.set("version", "1.2")
    for (source_lang, target_lang, article), items in groups.items():
        file_el = etree.SubElement(root, f"{{{NS_12}}}file")
        file_el.set("original", article or "segments")
        file_el.set("source-language", source_lang)
        file_el.set("target-language", target_lang)
        file_el.set("datatype", "plaintext")
        header = etree.SubElement(file_el, f"{{{NS_12}}}header")
        tool = etree.SubElement(header, f"{{{NS_12}}}tool")
        tool.set("tool-id", TOOL_ID)
        tool.set("tool-name", TOOL_ID)
        tool.set("tool-version", tool_version())
        body = etree.SubElement(file_el, f"{{{NS_12}}}body")
        for segment in items:
            unit = etree.SubElement(body, f"{{{NS_12}}}trans-unit")
            unit.set("id", str(segment.segment_id))
            unit.set(XML_SPACE, "preserve")
            if segment.status == "approved":
                unit.set("approved", "yes")
            source = etree.SubElement(unit, f"{{{NS_12}}}source")
            source.set(XML_LANG, source_lang)
            _inline_12(source, segment.source, segment.markup)
            target = etree.SubElement(unit, f"{{{NS_12}}}target")
            target.set(XML_LANG, target_lang)
            target.set("state", STATE_12.get(segment.status, "needs-review-translation"))
            if segment.status == "machine":
                target.set("state-qualifier", "mt-suggestion")
            _inline_12(target, segment.target, segment.markup)
            base = f"{BASE_PREFIX} {base_note(segment)}"
            legend = [f"tag {line}" for line in tags.legend(segment.markup)]
            for text in (f"status: {segment.status}", base, *legend, *segment.notes):
                note = etree.SubElement(unit, f"{{{NS_12}}}note")
                note.set("from", TOOL_ID)
                note.text = text
            for match in segment.matches:  # the memory's fuzzy matches, as CAT tools show them
                alt = etree.SubElement(unit, f"{{{NS_12}}}alt-trans")
                alt.set("match-quality", f"{match.similarity:g}%")
                alt.set("origin", "translation memory")
                etree.SubElement(alt, f"{{{NS_12}}}source").text = match.source_text
                alt_target = etree.SubElement(alt, f"{{{NS_12}}}target")
                alt_target.set(XML_LANG, target_lang)
                alt_target.text = match.final_text
    return root


def _build_20(groups: dict[tuple[str, str, str], list[ExchangeSegment]]) -> etree._Element:
    pairs = {(source_lang, target_lang) for source_lang, target_lang, _article in groups}
    if len(pairs) > 1:
        raise ValueError(
            "XLIFF 2.0 holds a single language pair per document; got "
            + ", ".join(sorted(f"{s}-{t}" for s, t in pairs))
        )
    ((source_lang, target_lang),) = pairs
    root = etree.Element(f"{{{NS_20}}}xliff", nsmap={None: NS_20})
    root.set("version", "2.0")
    root.set("srcLang", source_lang)
    root.set("trgLang", target_lang)
    for number, ((_source, _target, article), items) in enumerate(groups.items(), start=1):
        file_el = etree.SubElement(root, f"{{{NS_20}}}file")
        file_el.set("id", f"f{number}")
        file_el.set("original", article or "segments")
        file_el.set("canResegment", "no")
        for segment in items:
            unit = etree.SubElement(file_el, f"{{{NS_20}}}unit")
            unit.set("id", str(segment.segment_id))
            notes = etree.SubElement(unit, f"{{{NS_20}}}notes")
            status_note = etree.SubElement(notes, f"{{{NS_20}}}note")
            status_note.set("category", "status")
            status_note.text = segment.status
            base_el = etree.SubElement(notes, f"{{{NS_20}}}note")
            base_el.set("category", "base")
            base_el.set("appliesTo", "target")
            base_el.text = base_note(segment)
            for text in segment.notes:
                etree.SubElement(notes, f"{{{NS_20}}}note").text = text
            _original_data_20(unit, segment.markup)
            seg = etree.SubElement(unit, f"{{{NS_20}}}segment")
            seg.set("state", STATE_20.get(segment.status, "initial"))
            seg.set("subState", f"tn:{segment.status}")
            source = etree.SubElement(seg, f"{{{NS_20}}}source")
            source.set(XML_SPACE, "preserve")
            _inline_20(source, segment.source, segment.markup)
            target = etree.SubElement(seg, f"{{{NS_20}}}target")
            target.set(XML_SPACE, "preserve")
            _inline_20(target, segment.target, segment.markup)
    return root


# -- inline markup ---------------------------------------------------------------------

# What a span is (translate.tags.kind) as XLIFF 1.2 ctype, on <g> and on <x>.
_CTYPE_G = {"link": "link", "bold": "bold", "italic": "italic"}
_CTYPE_X = {"break": "lb", "image": "image"}
# ... and as XLIFF 2.0 type/subType.
_TYPE_20 = {
    "link": ("link", None),
    "bold": ("fmt", "xlf:b"),
    "italic": ("fmt", "xlf:i"),
    "code": ("fmt", None),
    "break": ("fmt", "xlf:lb"),
    "image": ("image", None),
}


def _build_inline(
    element: etree._Element,
    tagged: str,
    markup: list[InlineSpan],
    make: Callable[[etree._Element, str, int, InlineSpan], etree._Element],
) -> None:
    """Fill ``element`` from tagged text: text, and for each tag the element ``make``
    builds ("pair" or "lone"); pairs nest. Without markup the text is set as it is."""
    if not markup:
        element.text = tagged
        return
    stack = [element]

    def add_text(text: str) -> None:
        parent = stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    for kind, value in tags.tokens(tagged):
        if kind == "text":
            add_text(str(value))
            continue
        number = int(value)
        if not 1 <= number <= len(markup):
            continue  # tag() never writes one; nothing to name it by
        if kind == "close":
            if len(stack) > 1:
                stack.pop()
            continue
        child = make(stack[-1], "lone" if kind == "lone" else "pair", number, markup[number - 1])
        if kind == "open":
            stack.append(child)


def _inline_12(element: etree._Element, tagged: str, markup: list[InlineSpan]) -> None:
    """XLIFF 1.2: a pair is ``<g id="k">``, a lone element ``<x id="k"/>``."""

    def make(parent: etree._Element, shape: str, number: int, span: InlineSpan) -> etree._Element:
        what = tags.kind(span)
        if shape == "pair":
            child = etree.SubElement(parent, f"{{{NS_12}}}g", id=str(number))
            child.set("ctype", _CTYPE_G.get(what, f"x-{what}"))
        else:
            child = etree.SubElement(parent, f"{{{NS_12}}}x", id=str(number))
            child.set("ctype", _CTYPE_X.get(what, f"x-{what}"))
        return child

    _build_inline(element, tagged, markup, make)


def _original_data_20(unit: etree._Element, markup: list[InlineSpan]) -> None:
    """XLIFF 2.0 keeps each tag's native markup in ``<originalData>``: ``d{k}`` opens
    (or is the lone element), ``d{k}e`` closes."""
    if not markup:
        return
    data = etree.SubElement(unit, f"{{{NS_20}}}originalData")
    for number, span in enumerate(markup, start=1):
        etree.SubElement(data, f"{{{NS_20}}}data", id=f"d{number}").text = span.open
        if span.close:
            etree.SubElement(data, f"{{{NS_20}}}data", id=f"d{number}e").text = span.close


def _inline_20(element: etree._Element, tagged: str, markup: list[InlineSpan]) -> None:
    """XLIFF 2.0: a pair is ``<pc id="k">``, a lone element ``<ph id="k"/>``, each
    pointing at its native markup."""

    def make(parent: etree._Element, shape: str, number: int, span: InlineSpan) -> etree._Element:
        kind, sub_type = _TYPE_20.get(tags.kind(span), (None, None))
        if shape == "pair" and span.start != span.end:
            child = etree.SubElement(parent, f"{{{NS_20}}}pc", id=str(number))
            child.set("dataRefStart", f"d{number}")
            if span.close:
                child.set("dataRefEnd", f"d{number}e")
        else:
            child = etree.SubElement(parent, f"{{{NS_20}}}ph", id=str(number))
            child.set("dataRef", f"d{number}")
        if kind is not None:
            child.set("type", kind)
            if sub_type is not None and not (sub_type == "xlf:lb" and child.tag.endswith("pc")):
                child.set("subType", sub_type)
        return child

    _build_inline(element, tagged, markup, make)


# -- import ----------------------------------------------------------------------------


def _text(element: etree._Element | None) -> str:
    """Text content of <source>/<target>, skipping native code inside inline elements."""
    if element is None:
        return ""
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # comment or processing instruction
            parts.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if name == "cp":  # XLIFF 2.0 code point for characters XML cannot carry
            with contextlib.suppress(ValueError, OverflowError):
                parts.append(chr(int(child.get("hex", ""), 16)))
        elif name not in _CODE_ELEMENTS:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# Inline elements that are our tags: pairs, lone elements, and pairs split in two.
_PAIRS = {"g", "pc"}
_LONE = {"x", "ph"}
_STARTS = {"bx", "sc"}
_ENDS = {"ex", "ec"}


def _has_inline_tags(*elements: etree._Element | None) -> bool:
    names = _PAIRS | _LONE | _STARTS | _ENDS
    return any(
        isinstance(child.tag, str) and etree.QName(child).localname in names
        for element in elements
        if element is not None
        for child in element.iter()
        if child is not element
    )


def _tagged(element: etree._Element | None, version: str, problems: list[str]) -> str:
    """<source>/<target> as tagged text (``translate.tags``): ``<g id="1">``/``<pc
    id="1">`` become ``<1>…</1>``, ``<x id="2"/>``/``<ph id="2"/>`` ``<2/>``, split pairs
    (``bx``/``ex``, ``sc``/``ec``) their halves; text is escaped. An id that is not a
    tag number is noted in ``problems``."""
    if element is None:
        return ""
    lone = _LONE if version == "2.0" else {"x"}  # a 1.2 <ph> is native code, not ours
    parts: list[str] = [tags.escape(element.text or "")]
    for child in element:
        if not isinstance(child.tag, str):
            parts.append(tags.escape(child.tail or ""))
            continue
        name = etree.QName(child).localname
        ref = child.get("id")
        if name in _ENDS:
            ref = child.get("startRef") or child.get("rid") or ref
        if name in _PAIRS | lone | _STARTS | _ENDS:
            number = (ref or "").strip()
            if not (number.isascii() and number.isdigit()):
                problems.append(
                    _("inline element <{element} id={id!r}> is not one of our tags").format(
                        element=name, id=ref or ""
                    )
                )
                number = "0"
            number = str(int(number))
            if name in _PAIRS:
                parts.append(f"<{number}>{_tagged(child, version, problems)}</{number}>")
            elif name in _STARTS:
                parts.append(f"<{number}>")
            elif name in _ENDS:
                parts.append(f"</{number}>")
            else:
                parts.append(f"<{number}/>")
        elif name == "cp":
            with contextlib.suppress(ValueError, OverflowError):
                parts.append(tags.escape(chr(int(child.get("hex", ""), 16))))
        elif name not in _CODE_ELEMENTS:
            parts.append(_tagged(child, version, problems))  # <mrk>: its content
        parts.append(tags.escape(child.tail or ""))
    return "".join(parts)


def _texts(
    source: etree._Element | None, target: etree._Element | None, version: str
) -> tuple[str, str, str]:
    """(source, target, problem) of a unit: tagged text when it has inline elements,
    else the text as it is."""
    if not _has_inline_tags(source, target):
        return _text(source), _text(target), ""
    problems: list[str] = []
    tagged = _tagged(source, version, problems), _tagged(target, version, problems)
    return tagged[0], tagged[1], problems[0] if problems else ""


def _unit_id(element: etree._Element, path: Path) -> int:
    return checked_segment_id(
        element.get("id"),
        f"{path}:{element.sourceline}",
        _("unit id must be a segment id (an integer), got {value}"),
    )


def _state_12(target_el: etree._Element | None, path: Path) -> str | None:
    """The ``state`` of a 1.2 ``<target>``: one of the spec's values, or a custom
    ``x-`` value; anything else is refused, not read as "needs review"."""
    state = target_el.get("state") if target_el is not None else None
    if state is None or state in STATES_12 or state.startswith("x-"):
        return state
    raise InputError(
        f"{path}:{target_el.sourceline}: "  # type: ignore[union-attr]
        + _("unknown XLIFF 1.2 target state {state!r}").format(state=state)
    )


def _unit_who(
    unit: etree._Element, target_el: etree._Element | None, phases: dict[str, str]
) -> str:
    """Who a 1.2 unit names: a ``changeid``/``creationid`` attribute (Okapi, OmegaT's
    TMX habit carried into XLIFF by some tools), else the ``contact-name`` of the
    ``<phase>`` its target or unit refers to; "" when it says nobody."""
    for element in (target_el, unit):
        if element is None:
            continue
        for name in ("changeid", "creationid"):
            for key, value in element.attrib.items():
                if etree.QName(key).localname == name and reviewer_named(value):
                    return reviewer_named(value)
        phase = element.get("phase-name")
        if phase and reviewer_named(phases.get(phase)):
            return reviewer_named(phases.get(phase))
    return ""


def read_xliff_12(
    root: etree._Element, path: Path, namespace: str = NS_12
) -> list[ImportedSegment]:
    """Imported segments of a parsed XLIFF 1.2 (or 1.1) document.

    A unit with our base note is bound to its id; any other unit's id is only a hint
    (:class:`ImportedSegment`), and po2xliff's header unit is not a segment."""
    prefix = f"{{{namespace}}}"
    result: list[ImportedSegment] = []
    seen: set[int] = set()
    phases = {
        phase.get("phase-name", ""): phase.get("contact-name", "")
        for phase in root.iter(f"{prefix}phase")
    }
    for unit in root.iter(f"{prefix}trans-unit"):
        if unit.get("restype") == "x-gettext-domain-header":
            continue  # po2xliff's copy of the PO header
        base = ("", "")
        for note in unit.findall(f"{prefix}note"):
            text = note.text or ""
            if note.get("from") == TOOL_ID and text.startswith(BASE_PREFIX):
                base = parse_base(text[len(BASE_PREFIX) :])
        exact = bool(base[0])
        segment_id = _unit_id(unit, path) if exact else _hinted_id(unit, path)
        file_el = next(unit.iterancestors(f"{prefix}file"), None)
        file_lang = (file_el.get("target-language") or "") if file_el is not None else ""
        if segment_id is not None:
            _check_unique(segment_id, seen, unit, path)
        source_el = unit.find(f"{prefix}source")
        target_el = unit.find(f"{prefix}target")
        if source_el is None:
            raise InputError(
                f"{path}:{unit.sourceline}: "
                + _("trans-unit {segment_id} has no <source>").format(segment_id=unit.get("id", ""))
            )
        source, target, problem = _texts(source_el, target_el, "1.2")
        state = _state_12(target_el, path)
        flag = unit.get("approved")
        if flag not in (None, "yes", "no"):
            raise InputError(
                f"{path}:{unit.sourceline}: "
                + _("approved must be yes or no, got {value!r}").format(value=flag)
            )
        approved = flag == "yes" or state in _APPROVED_12
        if approved:
            fuzzy = False
        elif state is None:
            fuzzy = not target.strip()
        else:
            fuzzy = state not in _DONE_12
        result.append(
            ImportedSegment(
                segment_id=segment_id,
                source=source,
                target=target,
                approved=approved,
                fuzzy=fuzzy,
                target_lang=file_lang.strip(),
                base_digest=base[0],
                base_status=base[1],
                problem=problem,
                exact=exact,
                who=_unit_who(unit, target_el, phases),
            )
        )
    return result


def _hinted_id(unit: etree._Element, path: Path) -> int | None:
    """Another tool's unit id: a segment id only when it is a number (a hint, checked
    against the source); a number out of range is still refused."""
    value = (unit.get("id") or "").strip()
    if value.isascii() and value.isdigit():
        return _unit_id(unit, path) if value.strip("0") else None
    return unit_id(value)


_STATE_ORDER_20 = ("initial", "translated", "reviewed", "final")


def read_xliff_20(root: etree._Element, path: Path) -> list[ImportedSegment]:
    """Imported segments of a parsed XLIFF 2.x document.

    A unit a CAT tool split into several segments is joined back; its state is the
    least advanced state among them.
    """
    p = f"{{{NS_20}}}"
    target_lang = (root.get("trgLang") or "").strip()
    result: list[ImportedSegment] = []
    seen: set[int] = set()
    for unit in root.iter(f"{p}unit"):
        base = ("", "")
        for note in unit.iterfind(f"{p}notes/{p}note"):
            if note.get("category") == "base":
                base = parse_base(note.text)
        exact = bool(base[0])
        segment_id = _unit_id(unit, path) if exact else _hinted_id(unit, path)
        if segment_id is not None:
            _check_unique(segment_id, seen, unit, path)
        sources: list[str] = []
        targets: list[str] = []
        states: list[str] = []
        problems: list[str] = []
        tagged = _has_inline_tags(unit)
        for part in unit:
            if not isinstance(part.tag, str):
                continue
            name = etree.QName(part).localname
            if name not in ("segment", "ignorable"):
                continue
            source_el = part.find(f"{p}source")
            if source_el is None:
                raise InputError(
                    f"{path}:{part.sourceline}: "
                    + _("<{element}> of unit {segment_id} has no <source>").format(
                        element=name, segment_id=unit.get("id", "")
                    )
                )
            target_el = part.find(f"{p}target")
            if tagged:
                sources.append(_tagged(source_el, "2.0", problems))
                targets.append(_tagged(target_el, "2.0", problems))
            else:
                sources.append(_text(source_el))
                targets.append(_text(target_el))
            if name == "segment":
                state = part.get("state", "initial")
                if state not in _STATE_ORDER_20:
                    raise InputError(
                        f"{path}:{part.sourceline}: "
                        + _("unknown XLIFF 2.0 segment state {state!r}").format(state=state)
                    )
                states.append(state)
        if not states:
            raise InputError(
                f"{path}:{unit.sourceline}: "
                + _("unit {segment_id} has no <segment>").format(segment_id=unit.get("id", ""))
            )
        state = min(states, key=_STATE_ORDER_20.index)
        result.append(
            ImportedSegment(
                segment_id=segment_id,
                source="".join(sources),
                target="".join(targets),
                approved=state in _APPROVED_20,
                fuzzy=state == "initial",
                target_lang=target_lang,
                base_digest=base[0],
                base_status=base[1],
                problem=problems[0] if problems else "",
                exact=exact,
            )
        )
    return result


def _check_unique(segment_id: int, seen: set[int], element: etree._Element, path: Path) -> None:
    if segment_id in seen:
        raise InputError(
            f"{path}:{element.sourceline}: "
            + _("segment id {segment_id} appears twice").format(segment_id=segment_id)
        )
    seen.add(segment_id)
