"""read_exchange: sniff a reviewed file (PO, XLIFF 1.2, XLIFF 2.0, TMX) and read it."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from translate.errors import InputError, NoUsableInputError
from translate.exchange.model import ImportedSegment
from translate.exchange.po import read_po
from translate.exchange.tmx import read_tmx
from translate.exchange.xliff import NS_11, NS_12, NS_20, read_xliff_12, read_xliff_20
from translate.files import STDIN_NAME, is_stdin, read_input
from translate.i18n import _
from translate.safe_xml import parse_untrusted_xml

#: The version attribute each XLIFF namespace allows (2.1 keeps the 2.0 core namespace).
#: XLIFF 1.1 (translate-toolkit's po2xliff) is read as 1.2: the same elements.
XLIFF_VERSIONS = {NS_11: ("1.1",), NS_12: ("1.2",), NS_20: ("2.0", "2.1")}
#: TMX 1.1 is what OmegaT writes (project_save.tmx, -omegat.tmx, -level1.tmx); 1.2 to
#: 1.4b add elements we do not need, so every version reads alike.
TMX_VERSIONS = ("1.1", "1.2", "1.3", "1.4", "1.4b")
_LABEL = {NS_11: "1.1", NS_12: "1.2", NS_20: "2.0"}
# Elements that only one XLIFF version has: found under the other version's root, they
# are units that reader would skip without a word.
_ONLY_IN = {
    NS_11: {"trans-unit", "bin-unit", "body"},
    NS_12: {"trans-unit", "bin-unit", "body"},
    NS_20: {"unit", "segment", "ignorable"},
}
#: Exchange formats that are XML, by the file names they take.
_XML_BY_SUFFIX = {".xlf": "XLIFF", ".xliff": "XLIFF", ".sdlxliff": "XLIFF", ".tmx": "TMX"}
_STRUCTURE = {"file", "source", "target"} | _ONLY_IN[NS_12] | _ONLY_IN[NS_20]


def read_exchange(path: Path | str) -> list[ImportedSegment]:
    """Read a reviewed exchange file; any problem raises InputError naming the file.

    The format is sniffed from the content, not the extension: an XML document whose
    root is ``xliff`` (1.2 or 2.0 namespace) or ``tmx``, else a gettext PO file; a file
    named like XLIFF or TMX that is neither XML nor PO is refused as what it should be.
    Nothing is returned unless the whole file is valid, so a caller never applies
    half a file; a valid file without a single unit is a NoUsableInputError.
    """
    data = read_input(path)  # `-`: standard input, named <stdin> in messages
    name = STDIN_NAME if is_stdin(path) else str(path)
    shown = Path(name)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise NoUsableInputError(_("{path}: empty file").format(path=name))
    if head.startswith(b"<"):
        root = parse_untrusted_xml(data, shown, _("malformed XML: {error}"))
        segments = _read_xml(root, shown)
    else:
        try:
            segments = read_po(shown, data)
        except NoUsableInputError:
            raise
        except InputError:
            expected = _XML_BY_SUFFIX.get(shown.suffix.lower())
            if expected is None:
                raise
            # Named like an XML format, and no PO either: say what it should have been.
            start = head.split(b"\n", 1)[0][:60].decode("utf-8", "replace")
            raise InputError(
                f"{name}:1: "
                + _(
                    "not {format}: {format} files are XML, and this one starts with {start!r}"
                ).format(format=expected, start=start)
            ) from None
    if not segments:
        raise NoUsableInputError(_("{path}: no translation unit in the file").format(path=name))
    return segments


def _read_xml(root: etree._Element, path: Path) -> list[ImportedSegment]:
    qname = etree.QName(root)
    where = f"{path}:{root.sourceline}: "
    version = root.get("version", "")
    if qname.localname == "xliff":
        namespace = qname.namespace
        if namespace is None:
            expected = NS_20 if version.startswith("2.") else NS_12
            raise InputError(
                where
                + _("XLIFF {version} without the {namespace} namespace").format(
                    version=version or "?", namespace=expected
                )
            )
        if namespace not in XLIFF_VERSIONS:
            raise InputError(
                where + _("unsupported XLIFF namespace {namespace!r}").format(namespace=namespace)
            )
        if version not in XLIFF_VERSIONS[namespace]:
            raise InputError(
                where
                + _("version {version!r} does not match the XLIFF {label} namespace").format(
                    version=version, label=_LABEL[namespace]
                )
            )
        _check_one_version(root, path, namespace)
        if namespace == NS_20:
            return read_xliff_20(root, path)
        return read_xliff_12(root, path, namespace)
    if qname.localname == "tmx":
        if qname.namespace is not None:
            raise InputError(
                where
                + _("TMX takes no namespace, got {namespace!r}").format(namespace=qname.namespace)
            )
        if version not in TMX_VERSIONS:
            raise InputError(
                where
                + _("TMX version {version!r} is not supported (1.1 to 1.4b)").format(
                    version=version
                )
            )
        return read_tmx(root, path)
    raise InputError(
        _("{path}: not a PO, XLIFF or TMX file (root element <{element}>)").format(
            path=path, element=qname.localname
        )
    )


def _check_one_version(root: etree._Element, path: Path, namespace: str) -> None:
    """Refuse a document that mixes XLIFF versions, or whose units lost the namespace:
    the reader of its root would skip those units as foreign markup."""
    label = _LABEL[namespace]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        foreign = qname.namespace in XLIFF_VERSIONS and qname.namespace != namespace
        misplaced = qname.namespace == namespace and qname.localname in _ONLY_IN[_other(namespace)]
        if foreign or misplaced:
            raise InputError(
                f"{path}:{element.sourceline}: "
                + _("<{element}> of XLIFF {other} in an XLIFF {version} document").format(
                    element=qname.localname,
                    other=_LABEL[qname.namespace] if foreign else _LABEL[_other(namespace)],
                    version=label,
                )
            )
        if qname.namespace is None and qname.localname in _STRUCTURE:
            raise InputError(
                f"{path}:{element.sourceline}: "
                + _("<{element}> without the XLIFF {version} namespace").format(
                    element=qname.localname, version=label
                )
            )


def _other(namespace: str) -> str:
    return NS_12 if namespace == NS_20 else NS_20
