"""CAT-tool exchange: PO, XLIFF 1.2/2.0 and TMX export, validated against the
official schemas shipped in tests/schemas/, and import back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import polib
import pytest
import xmlschema
from lxml import etree

from translate.errors import InputError
from translate.exchange import (
    ExchangeSegment,
    ImportedSegment,
    export_po,
    export_tmx,
    export_xliff,
    read_exchange,
)
from translate.ids import text_digest

SCHEMAS = Path(__file__).parent / "schemas"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NOW = datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)

TRICKY_SOURCE = "Tom & Jerry said \"<b>hi</b>\" in 'Niamey' ]]> tab\there"
TRICKY_TARGET = "Tom & Jerry ont dit « <b>salut</b> » à Yamai — ɗ ƙ ƴ Ɓ ]]>"


def _segments() -> list[ExchangeSegment]:
    def seg(i: int, source: str, target: str, status: str, **kw: object) -> ExchangeSegment:
        return ExchangeSegment(
            segment_id=i,
            source=source,
            target=target,
            status=status,
            source_lang="en",
            target_lang="fr",
            article="2024-05-01-niamey",
            source_hash=text_digest(source),
            **kw,  # type: ignore[arg-type]
        )

    return [
        seg(
            1,
            TRICKY_SOURCE,
            TRICKY_TARGET,
            "machine",
            notes=["glossary: Niamey → Yamai (violated)"],
        ),
        seg(2, "The minister arrived.", "Le ministre est arrivé.", "approved"),
        seg(3, "Rain is expected.", "De la pluie est attendue.", "edited"),
        seg(4, "Prices rose.", "Les prix ont monté.", "needs_review"),
        seg(5, "Nonsense.", "N'importe quoi.", "rejected"),
    ]


def _schema(name: str) -> xmlschema.XMLSchema:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.skip(f"{name} not shipped in tests/schemas")
    # The official XSDs import http://www.w3.org/2001/xml.xsd; use the local copy (offline).
    return xmlschema.XMLSchema(str(path), locations=[(XML_NS, str(SCHEMAS / "xml.xsd"))])


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- PO --------------------------------------------------------------------------------


def test_po_export_structure() -> None:
    text = export_po(_segments(), target_lang="ha", article="2024-05-01-niamey", now=NOW)
    po = polib.pofile(text)
    assert po.metadata["Language"] == "ha"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert po.metadata["Project-Id-Version"].startswith("translate-newsroom")
    by_ctx = {entry.msgctxt: entry for entry in po}
    assert set(by_ctx) == {"1", "2", "3", "4", "5"}
    assert by_ctx["1"].msgid == TRICKY_SOURCE
    assert by_ctx["1"].msgstr == TRICKY_TARGET
    assert "glossary: Niamey → Yamai (violated)" in by_ctx["1"].comment
    assert "status: machine" in by_ctx["1"].comment
    assert "fuzzy" not in by_ctx["2"].flags
    for ctx in ("1", "3", "4", "5"):
        assert "fuzzy" in by_ctx[ctx].flags


def test_po_plural_forms_come_from_babel_and_unknown_codes_do_not_crash(tmp_path: Path) -> None:
    french = polib.pofile(export_po(_segments(), target_lang="fr", article="a", now=NOW))
    # French per CLDR: "one" for 0 and 1, then the plural (older data: 2 forms, newer: 3).
    assert french.metadata["Plural-Forms"].startswith(("nplurals=2;", "nplurals=3;"))
    assert (
        "n == 0 || n == 1" in french.metadata["Plural-Forms"]
        or "n > 1" in (french.metadata["Plural-Forms"])
    )
    # Argos codes babel does not know (pb, zt) or hyphenated ones still export.
    for code in ("pb", "zt", "pt-BR"):
        po = polib.pofile(export_po(_segments(), target_lang=code, article="a", now=NOW))
        assert po.metadata["Language"] == code
        assert po.metadata["Plural-Forms"].startswith("nplurals=")


def test_po_passes_msgfmt_check(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.po", export_po(_segments(), target_lang="fr", article="a"))
    reparsed = polib.pofile(str(path))
    assert [e.msgctxt for e in reparsed] == [str(s.segment_id) for s in _segments()]
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) not installed")
    run = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "a.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


def test_po_round_trip_reviewer_edits(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.po", export_po(_segments(), target_lang="fr", article="a"))
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == "1")
    entry.msgstr = "Tom & Jerry ont dit « salut » à Yamai"
    entry.flags.remove("fuzzy")
    po.save(str(path))

    imported = {s.segment_id: s for s in read_exchange(path)}
    assert imported[1] == ImportedSegment(
        segment_id=1,
        source=TRICKY_SOURCE,
        target="Tom & Jerry ont dit « salut » à Yamai",
        approved=True,
        fuzzy=False,
    )
    assert imported[2].approved and not imported[2].fuzzy
    assert imported[3].fuzzy and not imported[3].approved
    assert imported[4].target == "Les prix ont monté."


def test_po_malformed_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.po", 'msgctxt "1"\nmsgid "a"\nmsgstr "b\n')
    with pytest.raises(InputError) as info:
        read_exchange(path)
    message = str(info.value)
    assert "broken.po" in message
    assert "\n" not in message
    assert "line" in message


@pytest.mark.parametrize("ctx", ["abc", "12a", "", "-3"])
def test_po_non_integer_msgctxt_of_our_export_is_input_error(tmp_path: Path, ctx: str) -> None:
    # A unit of our own export (it carries our base line) must keep its segment id.
    base = "#. base: 0123456789ab machine\n"
    path = _write(
        tmp_path,
        "ids.po",
        f'{base}msgctxt "7"\nmsgid "a"\nmsgstr "b"\n\n{base}msgctxt "{ctx}"\nmsgid "c"\n'
        'msgstr "d"\n',
    )
    with pytest.raises(InputError, match=r"ids\.po"):
        read_exchange(path)


@pytest.mark.parametrize("ctx", ["abc", "12a", "-3"])
def test_po_from_another_tool_is_matched_by_source(tmp_path: Path, ctx: str) -> None:
    # Weblate's or a converter's entries: a context that is no id, no context, or the
    # unit id that xliff2po keeps as a `#:` reference. None is refused.
    path = _write(
        tmp_path,
        "theirs.po",
        f'msgctxt "{ctx}"\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n\n'
        '#: 42\nmsgid "e"\nmsgstr "f"\n',
    )
    units = read_exchange(path)
    assert [(u.segment_id, u.source, u.exact) for u in units] == [
        (None, "a", False),
        (None, "c", False),
        (42, "e", False),
    ]
    missing = _write(tmp_path, "noctx.po", 'msgid "a"\nmsgstr "b"\n')
    assert read_exchange(missing)[0].segment_id is None


# -- XLIFF 1.2 -------------------------------------------------------------------------


@pytest.mark.slow
def test_xliff12_validates_against_official_schema() -> None:
    text = export_xliff(_segments(), version="1.2")
    _schema("xliff-core-1.2-strict.xsd").validate(text)


def test_xliff12_states_and_escaping(tmp_path: Path) -> None:
    text = export_xliff(_segments(), version="1.2")
    root = etree.fromstring(text.encode("utf-8"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units = {u.get("id"): u for u in root.iterfind(".//x:trans-unit", ns)}
    assert set(units) == {"1", "2", "3", "4", "5"}
    state = {k: u.find("x:target", ns).get("state") for k, u in units.items()}
    assert state == {
        "1": "needs-review-translation",
        "2": "final",
        "3": "translated",
        "4": "needs-review-translation",
        "5": "needs-translation",
    }
    assert units["2"].get("approved") == "yes"
    assert units["1"].get("approved") is None
    assert units["1"].find("x:source", ns).text == TRICKY_SOURCE
    assert units["1"].find("x:target", ns).text == TRICKY_TARGET

    imported = {s.segment_id: s for s in read_exchange(_write(tmp_path, "a.xlf", text))}
    assert imported[1].source == TRICKY_SOURCE and imported[1].target == TRICKY_TARGET
    assert imported[1].fuzzy and not imported[1].approved
    assert imported[2].approved and not imported[2].fuzzy
    assert not imported[3].fuzzy and not imported[3].approved


def test_xliff12_reviewer_approval_round_trip(tmp_path: Path) -> None:
    text = export_xliff(_segments(), version="1.2")
    root = etree.fromstring(text.encode("utf-8"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit = root.find(".//x:trans-unit[@id='4']", ns)
    unit.set("approved", "yes")
    target = unit.find("x:target", ns)
    target.text = "Les prix ont augmenté & « flambé »."
    target.set("state", "final")
    path = tmp_path / "reviewed.xlf"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    imported = {s.segment_id: s for s in read_exchange(path)}
    assert imported[4] == ImportedSegment(
        4, "Prices rose.", "Les prix ont augmenté & « flambé ».", approved=True, fuzzy=False
    )


# -- XLIFF 2.0 -------------------------------------------------------------------------


def test_xliff20_validates_against_official_schema() -> None:
    text = export_xliff(_segments(), version="2.0")
    _schema("xliff_core_2.0.xsd").validate(text)


def test_xliff20_states_and_round_trip(tmp_path: Path) -> None:
    text = export_xliff(_segments(), version="2.0")
    root = etree.fromstring(text.encode("utf-8"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    states = {
        u.get("id"): u.find("x:segment", ns).get("state") for u in root.iterfind(".//x:unit", ns)
    }
    assert states == {
        "1": "initial",
        "2": "final",
        "3": "translated",
        "4": "initial",
        "5": "initial",
    }
    imported = {s.segment_id: s for s in read_exchange(_write(tmp_path, "a.xlf", text))}
    assert imported[1].source == TRICKY_SOURCE and imported[1].target == TRICKY_TARGET
    assert imported[1].fuzzy
    assert imported[2].approved
    assert not imported[3].fuzzy and not imported[3].approved


def test_xliff20_rejects_two_language_pairs() -> None:
    segments = _segments()
    segments[0].target_lang = "ha"
    with pytest.raises(ValueError, match="language pair"):
        export_xliff(segments, version="2.0")
    export_xliff(segments, version="1.2")  # 1.2 holds one <file> per pair


# -- TMX -------------------------------------------------------------------------------


def test_tmx_validates_against_dtd_and_keeps_reviewed_only() -> None:
    text = export_tmx(_segments(), now=NOW)
    root = etree.fromstring(text.encode("utf-8"))
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    units = root.findall("body/tu")
    assert sorted(u.get("tuid") for u in units) == ["2", "3"]
    for unit in units:
        langs = [v.get(f"{{{XML_NS}}}lang") for v in unit.findall("tuv")]
        assert langs == ["en", "fr"]
    header = root.find("header")
    assert header.get("srclang") == "en" and header.get("segtype") == "sentence"


def test_tmx_special_characters_survive(tmp_path: Path) -> None:
    segments = _segments()
    segments[0].status = "edited"
    text = export_tmx(segments, now=NOW)
    root = etree.fromstring(text.encode("utf-8"))
    tu = root.find("body/tu[@tuid='1']")
    assert [s.text for s in tu.iter("seg")] == [TRICKY_SOURCE, TRICKY_TARGET]
    imported = {s.segment_id: s for s in read_exchange(_write(tmp_path, "m.tmx", text))}
    assert imported[1].target == TRICKY_TARGET
    assert imported[2].approved and not imported[3].approved


def test_tmx_empty_is_still_valid() -> None:
    root = etree.fromstring(export_tmx([], now=NOW).encode("utf-8"))
    assert etree.DTD(str(SCHEMAS / "tmx14.dtd")).validate(root)


# -- malformed input -------------------------------------------------------------------


def test_malformed_xliff_names_file_and_line(tmp_path: Path) -> None:
    text = export_xliff(_segments(), version="1.2")
    path = _write(tmp_path, "cut.xlf", text[: len(text) // 2])
    with pytest.raises(InputError) as info:
        read_exchange(path)
    message = str(info.value)
    assert "cut.xlf" in message and "\n" not in message
    assert "cut.xlf:" in message  # line number given by the XML parser


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_non_integer_id_is_input_error(tmp_path: Path, version: str) -> None:
    text = export_xliff(_segments(), version=version)  # type: ignore[arg-type]
    text = text.replace('id="3"', 'id="three"', 1)
    with pytest.raises(InputError, match=r"ids\.xlf:\d+: unit id"):
        read_exchange(_write(tmp_path, "ids.xlf", text))


def test_unknown_xml_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"other\.xml"):
        read_exchange(_write(tmp_path, "other.xml", "<html><body/></html>"))


def test_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"absent\.po"):
        read_exchange(tmp_path / "absent.po")


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    text = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="en" target-language="fr" datatype="plaintext">'
        '<body><trans-unit id="1"><source>a</source><target>&x;</target></trans-unit>'
        "</body></file></xliff>"
    )
    # Refused outright (never expanded, and never silently dropped from the target).
    with pytest.raises(InputError, match=r"xxe\.xlf:2: the document declares XML entities") as info:
        read_exchange(_write(tmp_path, "xxe.xlf", text))
    assert "TOP SECRET" not in str(info.value)
