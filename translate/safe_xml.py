"""XML from outside (XLIFF, TMX, TBX): the one parser every reader uses.

No DTD is loaded, no entity is expanded and nothing is fetched (XXE, billion laughs,
parameter entities and XInclude stay inert), trees stay within libxml2's normal
limits, comments and processing instructions are dropped. On top of that, a document
that declares entities, or references one, is refused: lxml keeps an unexpanded
reference as a node of its own, and a reader taking the text around it would drop a
word without a sound (``Par Amina &x;`` read as ``Par Amina``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from translate.errors import InputError, NoUsableInputError
from translate.i18n import _

if TYPE_CHECKING:
    from lxml import etree


def parse_untrusted_xml(data: bytes, path: Path, malformed: str) -> etree._Element:
    """The root element of an XML document read from ``path``.

    ``malformed`` is the (translated) message for a syntax error, with ``{error}``.
    Every refusal is an InputError ``path:line: problem``; an empty file is a
    NoUsableInputError.
    """
    from lxml import etree

    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise NoUsableInputError(_("{path}: empty file").format(path=path))
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        detail = " ".join(str(exc.msg).split())  # libxml2's messages end in a newline
        raise InputError(f"{path}:{exc.lineno or 1}: " + malformed.format(error=detail)) from None
    dtd = root.getroottree().docinfo.internalDTD
    declared = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if declared:
        offset = data.find(b"<!ENTITY")
        line = data[:offset].count(b"\n") + 1 if offset >= 0 else 1
        raise InputError(
            f"{path}:{line}: "
            + _(
                "the document declares XML entities ({name} ...), which are never expanded; refused"
            ).format(name=f"<!ENTITY {declared[0]}")
        )
    for entity in root.iter(etree.Entity):
        raise InputError(
            f"{path}:{entity.sourceline or 1}: "
            + _(
                "undefined entity {entity}: write the character itself or a character "
                "reference such as &#233;"
            ).format(entity=entity.text)
        )
    return root
