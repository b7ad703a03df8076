"""read_exchange: sniff a reviewed file (PO, XLIFF 1.2, XLIFF 2.0, TMX) and read it."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from translate.errors import InputError
from translate.exchange.model import ImportedSegment
from translate.exchange.po import read_po
from translate.exchange.tmx import read_tmx
from translate.exchange.xliff import NS_12, NS_20, read_xliff_12, read_xliff_20
from translate.i18n import _


def _xml_parser() -> etree.XMLParser:
    # Untrusted input: no DTD loading, no entity expansion, no network (XXE, billion laughs).
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def read_exchange(path: Path) -> list[ImportedSegment]:
    """Read a reviewed exchange file; any problem raises InputError naming the file.

    The format is sniffed from the content, not the extension: an XML document whose
    root is ``xliff`` (1.2 or 2.0 namespace) or ``tmx``, else a gettext PO file.
    Nothing is returned unless the whole file is valid, so a caller never applies
    half a file.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read exchange file: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return read_po(path)
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        raise InputError(
            f"{path}{line}: " + _("malformed XML: {error}").format(error=exc.msg)
        ) from exc
    qname = etree.QName(root)
    if qname.localname == "xliff":
        version = root.get("version", "")
        if qname.namespace == NS_20 or version.startswith("2."):
            if qname.namespace != NS_20:
                raise InputError(
                    _("{path}: XLIFF {version} without the {namespace} namespace").format(
                        path=path, version=version, namespace=NS_20
                    )
                )
            return read_xliff_20(root, path)
        if qname.namespace in (NS_12, None) or version.startswith("1."):
            return read_xliff_12(root, path)
        raise InputError(
            _("{path}: unsupported XLIFF namespace {namespace!r}").format(
                path=path, namespace=qname.namespace
            )
        )
    if qname.localname == "tmx" and qname.namespace is None:
        return read_tmx(root, path)
    raise InputError(
        _("{path}: not a PO, XLIFF or TMX file (root element <{element}>)").format(
            path=path, element=qname.localname
        )
    )
