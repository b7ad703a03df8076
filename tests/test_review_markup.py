"""Links and emphasis survive review (issue 13, item 2): numbered tags in `review show`
and `review edit`, PO, XLIFF 1.2 (<g>/<x>) and XLIFF 2.0 (<pc>/<ph>); broken tags are
refused (edit) or skipped (import), dropped tags are flagged. The real CLI on the toy
packages; the tag codec by property."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import polib
import pytest
import xmlschema
from conftest import invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from translate import tags
from translate.documents.model import InlineSpan
from translate.exchange import ExchangeSegment, export_xliff, read_exchange
from translate.mt.markup import non_overlapping
from translate.store import ArticleInput, SegmentInput, open_store

SCHEMAS = Path(__file__).parent / "schemas"
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

MARKDOWN = """# Trainers arrive in the capital

Officials said [the trainers](https://example.org/trainers) arrived on **Tuesday** with new \
equipment.

The ministry did not comment.
"""
HTML = """<!doctype html>
<html><head><title>Statement</title></head><body><article>
<h1>A statement from the ministry</h1>
<p>Officials said <a href="https://example.org/statement">the statement</a> was \
<em>final</em>.</p>
<p>The ministry did not comment.</p>
</article></body></html>
"""


def _ok(*args: str, input: str | None = None) -> str:
    result = invoke(*args, input=input)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _json(*args: str) -> Any:
    return json.loads(_ok(*args, "--json"))


def _run(article: Path, db: Path, out: Path) -> str:
    _ok("run", str(article), "--to", "fr", "--db", str(db), "--out-dir", str(out), "-q")
    return next(out.glob(f"{article.stem}.fr.*")).read_text(encoding="utf-8")


def _article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tagged_item(db: Path) -> dict[str, Any]:
    """The review item of the one segment with links or emphasis."""
    (item,) = [i for i in _json("review", "list", "--db", str(db)) if i["tags"]]
    return item


def _translated(tmp_path: Path, name: str, text: str) -> tuple[Path, Path, Path]:
    """(article, database, output folder) after one run of a new article."""
    article = _article(tmp_path, name, text)
    db, out = tmp_path / "t.db", tmp_path / "out"
    _run(article, db, out)
    return article, db, out


def _po_export(db: Path, path: Path) -> tuple[Path, polib.POFile]:
    _ok("review", "export", "-a", "trainers", "--lang", "fr", "--format", "po",
        "--db", str(db), "-o", str(path))  # fmt: skip
    return path, polib.pofile(str(path))


def _audit_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0])


# -- the tag codec ------------------------------------------------------------------------

_TEXT = st.text(alphabet="ab <>/\\12·", max_size=30)


@st.composite
def _segments(draw: st.DrawFn) -> tuple[str, list[InlineSpan]]:
    text = draw(_TEXT)
    raw = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from([("**", "**"), ("[", "](https://x.org)"), ("<br>", "")]))
        if kind[1] == "":
            end = start  # a lone element has no width
        raw.append(InlineSpan(start, end, *kind))
    return text, non_overlapping(raw)


@settings(max_examples=80, deadline=None)
@given(_segments())
def test_tagged_text_reads_back_as_the_same_text_and_markup(
    segment: tuple[str, list[InlineSpan]],
) -> None:
    text, markup = segment
    tagged = tags.tag(text, markup, markup)
    if not markup:  # a segment without markup is exchanged as it is, never read as tags
        assert tagged == text
        return
    untagged = tags.untag(tagged, markup)
    assert untagged.text == text
    assert sorted(untagged.spans, key=repr) == sorted(markup, key=repr)
    assert tags.tag(untagged.text, untagged.spans, markup) == tagged
    assert tags.plain(tagged) == text
    assert tags.missing(untagged.spans, markup) == []


@settings(max_examples=80, deadline=None)
@given(_TEXT, _segments())
def test_any_typed_text_is_read_or_refused_with_a_reason(
    typed: str, segment: tuple[str, list[InlineSpan]]
) -> None:
    _text, markup = segment
    try:
        untagged = tags.untag(typed, markup)
    except tags.TagError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert all(0 <= s.start <= s.end <= len(untagged.text) for s in untagged.spans)


MARKUP = [
    InlineSpan(0, 4, "[", "](https://x.org)"),
    InlineSpan(5, 9, "**", "**"),
    InlineSpan(9, 9, "<br>", ""),
]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("<1>Lisez</1> <2>ceci", "<2> is never closed"),
        ("<1>Lisez</1> <2>ceci</2><2>x</2><3/>", "tag <2> appears twice"),
        ("<1>Lisez</1> <4>ceci</4>", "unknown tag <4>: this segment has tags 1 to 3"),
        ("<1>Lisez <2>ceci</1></2>", "</1> closes before </2>: tags must nest"),
        ("Lisez</1>", "</1> closes a tag that is not open"),
        ("<1/> ceci", "<1/> stands for a pair here: write <1>…</1>"),
        ("<3>ceci</3>", "<3> stands alone here: write <3/>"),
    ],
)
def test_broken_tags_are_refused_with_the_tag_named(typed: str, reason: str) -> None:
    with pytest.raises(tags.TagError) as caught:
        tags.untag(typed, MARKUP)
    assert str(caught.value) == reason


def test_text_that_looks_like_a_tag_is_escaped_not_read_as_markup() -> None:
    text = "Rank <1> and <\\2/> stay text"
    markup = [InlineSpan(0, 4, "**", "**")]
    tagged = tags.tag(text, markup, markup)
    assert tagged == "<1>Rank</1> <\\1> and <\\\\2/> stay text"
    assert tags.untag(tagged, markup).text == text
    assert tags.tag(text, [], []) == text  # no markup: nothing tagged, nothing escaped


# -- review show and review edit -------------------------------------------------------


@pytest.mark.slow
def test_review_edit_keeps_links_refuses_broken_tags_and_flags_dropped_ones(
    tmp_path: Path,
) -> None:
    article = _article(tmp_path, "trainers.md", MARKDOWN)
    db, out = tmp_path / "t.db", tmp_path / "out"
    _run(article, db, out)
    item = _tagged_item(db)
    assert item["tagged_source"] == (
        "Officials said <1>the trainers</1> arrived on <2>Tuesday</2> with new equipment."
    )
    assert item["tags"] == ["<1>…</1> = […](https://example.org/trainers)", "<2>…</2> = **…**"]
    shown = _ok("review", "show", str(item["id"]), "--db", str(db))
    assert item["tagged_source"] in shown and item["tagged_target"] in shown
    assert "<1>…</1> = […](https://example.org/trainers)" in shown

    audit = _audit_count(db)
    broken = invoke(
        "review", "edit", str(item["id"]), "--db", str(db),
        "--text", "Des responsables ont dit que <1>les formateurs</2> sont arrivés.",
    )  # fmt: skip
    assert broken.returncode == 2
    assert broken.stderr == (
        f"translate: error: translation {item['id']}: </2> closes a tag that is not open; "
        "nothing changed\n"
    )
    assert _audit_count(db) == audit
    assert _json("review", "show", str(item["id"]), "--db", str(db))["target"] == item["target"]

    edited = (
        "Des responsables ont dit que <1>les formateurs</1> sont arrivés <2>mardi</2> avec "
        "du matériel neuf."
    )
    _ok("review", "edit", str(item["id"]), "--text", edited, "--db", str(db))
    shown = _json("review", "show", str(item["id"]), "--db", str(db))
    assert shown["tagged_target"] == edited
    assert shown["target"] == tags.plain(edited)  # stored as plain text plus its spans
    _ok("review", "approve", str(item["id"]), "--force", "--db", str(db))
    output = _run(article, db, out)
    assert (
        "Des responsables ont dit que [les formateurs](https://example.org/trainers) sont "
        "arrivés **mardi** avec du matériel neuf."
    ) in output

    dropped = invoke(
        "review", "edit", str(item["id"]), "--db", str(db),
        "--text", "Des responsables ont dit que les formateurs sont arrivés <2>mardi</2>.",
    )  # fmt: skip
    assert dropped.returncode == 0, dropped.stderr
    assert "leaves out inline tags" in dropped.stderr
    assert "https://example.org/trainers" in dropped.stderr
    flagged = _json("review", "list", "--reason", "markup", "--db", str(db))
    assert [i["id"] for i in flagged] == [item["id"]]
    _ok("review", "approve", str(item["id"]), "--force", "--db", str(db))
    output = _run(article, db, out)
    assert "Des responsables ont dit que les formateurs sont arrivés **mardi**." in output
    assert "example.org/trainers" not in output

    _ok("review", "edit", str(item["id"]), "--text", edited, "--db", str(db))
    assert _json("review", "list", "--reason", "markup", "--db", str(db)) == []


# -- PO and XLIFF round trips ------------------------------------------------------------


@pytest.mark.slow
def test_a_markdown_link_and_bold_survive_a_po_round_trip_with_edits(tmp_path: Path) -> None:
    article, db, out = _translated(tmp_path, "trainers.md", MARKDOWN)
    po_path, po = _po_export(db, tmp_path / "review.po")
    (entry,) = [e for e in po if "<1>" in e.msgid]
    assert entry.msgid == (
        "Officials said <1>the trainers</1> arrived on <2>Tuesday</2> with new equipment."
    )
    assert "tag <1>…</1> = […](https://example.org/trainers)" in entry.comment
    # The reviewer reorders the sentence; the tags move with the words.
    entry.msgstr = "<2>Mardi</2>, <1>les formateurs</1> sont arrivés avec du matériel neuf."
    entry.flags.remove("fuzzy")
    po.save(str(po_path))
    report = _json("review", "import", str(po_path), "--db", str(db))
    assert (report["applied"], report["skipped"], report["markup_warnings"]) == (1, [], [])
    output = _run(article, db, out)
    assert (
        "**Mardi**, [les formateurs](https://example.org/trainers) sont arrivés avec du "
        "matériel neuf."
    ) in output
    # The same file again changes nothing; in a fresh export, moving only a tag is a change.
    again = _json("review", "import", str(po_path), "--db", str(db))
    assert (again["applied"], again["conflict"]) == (0, 0)
    po_path, po = _po_export(db, po_path)
    (entry,) = [e for e in po if "<1>" in e.msgid]
    assert entry.msgstr == "<2>Mardi</2>, <1>les formateurs</1> sont arrivés avec du matériel neuf."
    entry.msgstr = "<2>Mardi</2>, les formateurs sont <1>arrivés</1> avec du matériel neuf."
    po.save(str(po_path))
    moved = _json("review", "import", str(po_path), "--db", str(db))
    assert moved["applied_ids"] == [int(entry.msgctxt)]
    assert "[arrivés](https://example.org/trainers)" in _run(article, db, out)


def _cat_tool_edit(path: Path, ns: str, text: list[str | tuple[str, str]]) -> None:
    """Do what a CAT tool does: copy the source's inline elements into the target,
    around the translator's words; mark the unit final."""
    tree = etree.parse(str(path))
    for source in tree.iter(f"{{{ns}}}source"):
        inline = {el.get("id"): el for el in source if isinstance(el.tag, str)}
        if not inline:
            continue
        target = source.getnext()
        for child in list(target):
            target.remove(child)
        target.text = ""
        for piece in text:
            if isinstance(piece, str):
                if len(target):
                    target[-1].tail = (target[-1].tail or "") + piece
                else:
                    target.text += piece
                continue
            tag_id, words = piece
            copy = etree.SubElement(target, inline[tag_id].tag, dict(inline[tag_id].attrib))
            copy.text = words
        if ns == NS_12:
            target.set("state", "final")
        else:
            target.getparent().set("state", "final")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "ns", "schema"),
    [
        ("xliff", NS_12, "xliff-core-1.2-strict.xsd"),
        ("xliff2", NS_20, "xliff_core_2.0.xsd"),
    ],
)
def test_an_html_link_and_emphasis_survive_an_xliff_round_trip_with_edits(
    tmp_path: Path, fmt: str, ns: str, schema: str
) -> None:
    article = _article(tmp_path, "statement.html", HTML)
    db, out = tmp_path / "t.db", tmp_path / "out"
    _run(article, db, out)
    path = tmp_path / "review.xlf"
    _ok("review", "export", "-a", "statement", "--lang", "fr", "--format", fmt,
        "--db", str(db), "-o", str(path))  # fmt: skip
    xsd = xmlschema.XMLSchema(
        str(SCHEMAS / schema), locations=[(XML_NS, str(SCHEMAS / "xml.xsd"))]
    )  # the official XSD, with its xml.xsd import served locally (offline)
    xsd.validate(str(path))
    tree = etree.parse(str(path))
    pair = "g" if ns == NS_12 else "pc"
    inline = [el for el in tree.iter(f"{{{ns}}}{pair}") if el.getparent().tag.endswith("source")]
    assert [(el.get("id"), el.text) for el in inline] == [("1", "the statement"), ("2", "final")]
    if ns == NS_20:
        data = {d.get("id"): d.text for d in tree.iter(f"{{{ns}}}data")}
        assert data["d1"] == '<a href="https://example.org/statement">' and data["d2"] == "<em>"

    _cat_tool_edit(
        path,
        ns,
        ["Selon les responsables, ", ("1", "la déclaration"), " est ", ("2", "définitive"), "."],
    )
    xsd.validate(str(path))
    report = _json("review", "import", str(path), "--db", str(db))
    assert (report["applied"], report["skipped"]) == (1, [])
    output = _run(article, db, out)
    assert (
        'Selon les responsables, <a href="https://example.org/statement">la déclaration</a> '
        "est <em>définitive</em>."
    ) in output
    assert _json("review", "import", str(path), "--db", str(db))["applied"] == 0


@pytest.mark.parametrize(
    ("version", "schema"), [("1.2", "xliff-core-1.2-strict.xsd"), ("2.0", "xliff_core_2.0.xsd")]
)
def test_pairs_nested_pairs_and_lone_elements_read_back_from_valid_xliff(
    tmp_path: Path, version: str, schema: str
) -> None:
    source = "Read the full report now"
    markup = [
        InlineSpan(5, 20, '<a href="https://x.org/r">', "</a>"),  # the full report
        InlineSpan(9, 13, "<b>", "</b>"),  # full, inside the link
        InlineSpan(24, 24, "<br>", ""),
    ]
    tagged_source = tags.tag(source, markup, markup)
    assert tagged_source == "Read <1>the <2>full</2> report</1> now<3/>"
    target = "Lisez <1>le rapport <2>complet</2></1> <\\1> maintenant<3/>"
    segment = ExchangeSegment(7, tagged_source, target, "edited", "en", "fr", "story",
                              markup=markup)  # fmt: skip
    path = tmp_path / "unit.xlf"
    path.write_text(export_xliff([segment], version=version), encoding="utf-8")  # type: ignore[arg-type]
    xmlschema.XMLSchema(
        str(SCHEMAS / schema), locations=[(XML_NS, str(SCHEMAS / "xml.xsd"))]
    ).validate(str(path))
    (read,) = read_exchange(path)
    assert (read.source, read.target, read.problem) == (tagged_source, target, "")
    assert tags.untag(read.target, markup).text == "Lisez le rapport complet <1> maintenant"


@pytest.mark.slow
def test_an_import_with_broken_tags_skips_that_unit_and_applies_the_rest(
    tmp_path: Path,
) -> None:
    _article_path, db, _out = _translated(tmp_path, "trainers.md", MARKDOWN)
    po_path, po = _po_export(db, tmp_path / "review.po")
    tagged = next(e for e in po if "<1>" in e.msgid)
    plain = next(e for e in po if e.msgid == "The ministry did not comment.")
    tagged.msgstr = "Des responsables ont dit que <1>les formateurs sont arrivés."
    plain.msgstr = "Le ministère n'a pas commenté."
    po.save(str(po_path))
    audit = _audit_count(db)
    before = _tagged_item(db)["status"]  # machine, or needs_review if its markup was lost
    result = invoke("review", "import", str(po_path), "--db", str(db))
    assert result.returncode == 6, result.stderr
    assert (
        f"translate: skipped segment {tagged.msgctxt}: broken inline tags: <1> is never closed"
    ) in result.stderr
    assert f"edited segments: {plain.msgctxt}" in result.stdout
    assert _audit_count(db) == audit + 1  # only the good unit changed anything
    assert _tagged_item(db)["status"] == before in ("machine", "needs_review")


# -- one truth across articles ------------------------------------------------------------


@pytest.mark.slow
def test_an_approved_correction_keeps_each_articles_own_link_and_gets_typography(
    tmp_path: Path,
) -> None:
    """The same sentence links to different pages in two articles: the reviewer's tags
    reach the other article on its own link, and French typography moves them along."""
    sentence = "Officials said [the report](https://{site}.example/report) was late."
    a = _article(tmp_path, "story-a.md", sentence.format(site="a") + "\n")
    b = _article(tmp_path, "story-b.md", sentence.format(site="b") + "\n")
    db, out = tmp_path / "t.db", tmp_path / "out"
    _run(a, db, out)
    _run(b, db, out)
    rows = _json("review", "list", "--db", str(db))
    first = next(r for r in rows if r["article"] == "story-a")
    typed = "Selon eux : <1>le rapport</1> n'était pas prêt."
    _ok("review", "edit", str(first["id"]), "--text", typed, "--db", str(db))
    _ok("review", "approve", str(first["id"]), "--force", "--db", str(db))
    other = next(r for r in _json("review", "list", "--db", str(db)) if r["article"] == "story-b")
    assert (other["status"], other["tagged_target"]) == ("approved", typed)
    assert other["tags"] == ["<1>…</1> = […](https://b.example/report)"]
    output = _run(b, db, out)
    assert "Selon eux\u202f: [le rapport](https://b.example/report) n’était pas prêt." in output


# -- the store --------------------------------------------------------------------------


def test_segments_stored_before_markup_was_recorded_get_it_when_seen_again(
    tmp_path: Path,
) -> None:
    spans = (InlineSpan(0, 4, "**", "**"),)
    article = ArticleInput("feed", "story", "h1", "en", None, [SegmentInput("p", 0, "Bold", spans)])
    with open_store(tmp_path / "t.db") as store:
        record = store.add_article(article)
        store.db.execute("UPDATE segments SET spans = NULL")  # as migration 3 leaves them
        assert store.segment_markup(record.segment_ids) == {record.segment_ids[0]: []}
        again = store.add_article(article)
        assert not again.created
        assert store.segment_markup(record.segment_ids) == {record.segment_ids[0]: list(spans)}


# -- machine output -------------------------------------------------------------------


@pytest.mark.slow
def test_line_breaks_reach_the_translation_and_html_halves_stay_paired(tmp_path: Path) -> None:
    """A <br> (a lone element) is carried after the word it follows; the halves of raw
    inline HTML that a Markdown reader keeps apart are carried both or neither."""
    page = (
        "<html><body><article><p>The army closed the border on Monday.<br>\n"
        "Officials said the trainers arrived.<br></p></article></body></html>\n"
    )
    article = _article(tmp_path, "notice.html", page)
    output = _run(article, tmp_path / "t.db", tmp_path / "out")
    assert output.count("<br>") == 2
    assert output.rstrip().endswith("<br></p></article></body></html>")
    note = _article(tmp_path, "note.md", "The CNSP said it would <b>not</b> return.\n")
    rendered = _run(note, tmp_path / "t.db", tmp_path / "out")
    assert rendered.count("<b>") == rendered.count("</b>")
