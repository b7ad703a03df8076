"""The document layer: formats, kinds, inline spans, identity render, errors, names."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from translate.documents import (
    Document,
    InlineSpan,
    TargetSegment,
    insert_markup,
    is_verbatim,
    output_name,
    read_documents,
    safe_name,
    sniff_format,
)
from translate.documents import model as model_module
from translate.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = Path(__file__).parent / "data" / "documents"


def identity(document: Document) -> list[TargetSegment]:
    return [TargetSegment(s.text, list(s.spans)) for s in document.segments]


def shout(document: Document) -> list[TargetSegment]:
    """Targets that differ from the source (upper case), same spans."""
    return [TargetSegment(s.text.upper(), list(s.spans)) for s in document.segments]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


# --- identity round trips -------------------------------------------------------------

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md", ".html"})


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_round_trip(path: Path) -> None:
    (document,) = read_documents(path)
    assert document.segments
    assert document.render(identity(document)) == path.read_text(encoding="utf-8")


def test_jsonl_samples_round_trip() -> None:
    lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    documents = read_documents(SAMPLES / "articles.jsonl")
    assert [d.id for d in documents] == ["niger-uranium", "ecowas-summit", "sahel-aid"]
    for document, line in zip(documents, lines, strict=True):
        assert document.render(identity(document)) == line


@pytest.mark.parametrize("path", [*SAMPLE_FILES, SAMPLES / "articles.jsonl"], ids=lambda p: p.name)
def test_identity_through_markup_path(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the unchanged-block shortcut off, rendering rebuilds every block from its text
    and spans; the result equals the input up to whitespace inside blocks (line wraps)."""
    monkeypatch.setattr(model_module, "_same", lambda segment, target: False)
    for document in read_documents(path):
        rendered = document.render(identity(document))
        if document.format == "jsonl":
            original = json.loads(document.raw_line or "")
            assert json.loads(rendered) == original
        else:
            expected = path.read_text(encoding="utf-8")
            if document.format == "md":  # a rebuilt quote block is one line: "> " prefixes go
                expected = re.sub(r"(?<=[^\n])\n> ", " ", expected)
            # a rebuilt caption and the photo credit glued to it are separated
            expected = re.sub(r"(?<=\w)(?=Image Credits:)", " ", expected)
            assert re.sub(r"\s+", " ", rendered) == re.sub(r"\s+", " ", expected)


def test_translated_render_keeps_structure() -> None:
    (document,) = read_documents(SAMPLES / "niger-air-defence.txt")
    out = document.render(shout(document))
    source = (SAMPLES / "niger-air-defence.txt").read_text(encoding="utf-8")
    # Same layout: blank lines where the source has them, one line per source line.
    layout = [bool(line.strip()) for line in source.rstrip("\n").split("\n")]
    assert [bool(line.strip()) for line in out.rstrip("\n").split("\n")] == layout
    assert out.split("\n\n")[0] == document.segments[0].text.upper()
    assert out.count("\n• ") == 3
    assert "\n\nNIAMEY, NIGER (SAHEL WIRE SERVICE) —\nBY AMINA MOUSSA\n" in out
    # Sentences of one paragraph are joined by one space.
    assert "STATE TELEVISION SAID ON FRIDAY. THE PLANE LANDED" in out


def test_render_needs_one_target_per_segment() -> None:
    (document,) = read_documents(SAMPLES / "niger-air-defence.txt")
    with pytest.raises(ValueError):
        document.render(identity(document)[:-1])


# --- txt ------------------------------------------------------------------------------


def test_txt_kinds_and_blocks() -> None:
    (document,) = read_documents(SAMPLES / "niger-air-defence.txt")
    assert document.format == "txt"
    assert document.id == "niger-air-defence"
    assert document.title == "Russian military trainers land in Niger to bolster air defences"
    kinds = [s.kind for s in document.segments]
    assert kinds[:7] == ["headline", "dateline", "byline", "dateline", "bullet", "bullet", "bullet"]
    assert set(kinds[7:]) == {"paragraph"}
    assert 22 <= len(document.segments) <= 30
    bullets = [s for s in document.segments if s.kind == "bullet"]
    assert not any(s.text.startswith("•") for s in bullets)
    assert len({s.block for s in bullets}) == 3
    blocks = [s.block for s in document.segments]
    assert blocks == sorted(blocks)


def test_txt_inline_dateline_and_markers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wire.txt",
        "Junta shuts radio\n\nNIAMEY (SWS) — The junta shut a radio station. It gave no reason.\n\n"
        "- First point.\n* Second point.\n",
    )
    (document,) = read_documents(path)
    assert [(s.kind, s.text) for s in document.segments] == [
        ("headline", "Junta shuts radio"),
        ("dateline", "NIAMEY (SWS) —"),
        ("paragraph", "The junta shut a radio station."),
        ("paragraph", "It gave no reason."),
        ("bullet", "First point."),
        ("bullet", "Second point."),
    ]
    out = document.render(shout(document))
    assert out == (
        "JUNTA SHUTS RADIO\n\nNIAMEY (SWS) — THE JUNTA SHUT A RADIO STATION. IT GAVE NO REASON.\n\n"
        "- FIRST POINT.\n* SECOND POINT.\n"
    )


def test_txt_wrapped_paragraph(tmp_path: Path) -> None:
    path = write(tmp_path, "w.txt", "Title\n\nOne sentence wraps\nover two lines. Next one.\n")
    (document,) = read_documents(path)
    assert [s.text for s in document.segments][1:] == [
        "One sentence wraps over two lines.",
        "Next one.",
    ]
    assert document.render(identity(document)) == path.read_text()


# --- md -------------------------------------------------------------------------------


def test_markdown_kinds_and_spans() -> None:
    (document,) = read_documents(SAMPLES / "ecowas-exit.md")
    kinds = {s.kind for s in document.segments}
    assert {"headline", "header", "paragraph", "heading", "list_item", "quote", "cell"} <= kinds
    assert document.title == "Sahel juntas complete their exit from ECOWAS"
    texts = [s.text for s in document.segments]
    assert not any("code blocks" in t for t in texts)  # fenced code untouched
    assert not any("---" in t or "https://" in t for t in texts)  # URLs never in the text
    link = next(s for s in document.segments if s.text.startswith("The withdrawal"))
    spans = {(link.text[sp.start : sp.end], sp.open, sp.close) for sp in link.spans}
    assert ("Mali, Burkina Faso and Niger", "**", "**") in spans
    assert ("Economic Community of West African States", "[", "](https://www.ecowas.int/)") in spans
    code = next(s for s in document.segments if s.text.startswith("Run "))
    (span,) = code.spans
    assert is_verbatim(span)
    assert code.text[span.start : span.end] == "translate --to fr ecowas-exit.md"


def test_markdown_render_reinserts_markup(tmp_path: Path) -> None:
    source = (
        "# Title\n\nSee the **full** [report](http://x.org/r?a=1). _Next_ one.\n\n1. Item `code`.\n"
    )
    (document,) = read_documents(write(tmp_path, "a.md", source))
    assert [s.text for s in document.segments] == [
        "Title",
        "See the full report.",
        "Next one.",
        "Item code.",
    ]
    out = document.render(shout(document))
    assert out == (
        "# TITLE\n\nSEE THE **FULL** [REPORT](http://x.org/r?a=1). _NEXT_ ONE.\n\n1. ITEM `CODE`.\n"
    )
    assert document.render(identity(document)) == source


def test_markdown_span_across_sentences_is_split(tmp_path: Path) -> None:
    (document,) = read_documents(write(tmp_path, "b.md", "Intro\n\n**One. Two.**\n"), format="md")
    one, two = document.segments[1:]
    assert (one.text, [(s.start, s.end, s.open) for s in one.spans]) == ("One.", [(0, 4, "**")])
    assert (two.text, [(s.start, s.end, s.open) for s in two.spans]) == ("Two.", [(0, 4, "**")])
    assert document.render(shout(document)).endswith("**ONE.** **TWO.**\n")


# --- html -----------------------------------------------------------------------------


def test_html_kinds_spans_and_untouched_parts() -> None:
    path = SAMPLES / "sahel-briefing.html"
    (document,) = read_documents(path)
    assert document.title == "Sahel briefing: Russian trainers in Niamey"
    kinds = [s.kind for s in document.segments]
    assert {"headline", "byline", "paragraph", "list_item", "quote", "cell"} <= set(kinds)
    texts = " ".join(s.text for s in document.segments)
    assert "Not translated" not in texts  # script and pre untouched
    assert "margin" not in texts
    assert "March & asked" in texts  # entity decoded
    link = next(s for s in document.segments if s.text.startswith("They will train"))
    (span,) = link.spans
    assert span.open == '<a href="https://example.org/air-defence" title="Air defence">'
    assert span.close == "</a>"
    assert link.text[span.start : span.end] == "air-defence system"
    out = document.render(shout(document))
    assert (
        '<a href="https://example.org/air-defence" title="Air defence">AIR-DEFENCE SYSTEM</a>'
        in out
    )
    assert "MARCH &amp; ASKED" in out
    assert "<pre>Preformatted text. Not translated.</pre>" in out
    assert '<script>var x = "Not translated.";</script>' in out


def test_html_nested_inline_and_entities(tmp_path: Path) -> None:
    source = (
        "<p>Caf&eacute; <b><i>owners</i></b> met<br>at dawn &lt;local&gt;. "
        '<!-- note --><span class="x">Second</span> one.</p>'
    )
    (document,) = read_documents(write(tmp_path, "n.html", source))
    first, second = document.segments
    assert first.text == "Café owners metat dawn <local>."  # <br> is a zero-width span
    assert [(sp.start, sp.end, sp.open) for sp in first.spans] == [
        (5, 11, "<b>"),
        (5, 11, "<i>"),
        (15, 15, "<br>"),
    ]
    assert document.render(identity(document)) == source
    out = document.render(shout(document))
    assert out.startswith("<p>CAFÉ <b><i>OWNERS</i></b> MET<br>AT DAWN &lt;LOCAL&gt;.")
    assert '<!-- note --><span class="x">SECOND</span> ONE.</p>' in out
    assert second.text == "Second one."


def test_html_fragment_without_blocks(tmp_path: Path) -> None:
    source = "Loose text in a fragment. <em>Still</em> translated.\n"
    (document,) = read_documents(write(tmp_path, "f.htm", source))
    assert [s.text for s in document.segments] == ["Loose text in a fragment.", "Still translated."]
    assert document.render(identity(document)) == source


# --- jsonl ----------------------------------------------------------------------------


def test_jsonl_fields_and_render() -> None:
    documents = read_documents(SAMPLES / "articles.jsonl")
    summit = documents[1]
    assert summit.format == "jsonl"
    assert summit.body_format == "md"
    assert summit.source.endswith("articles.jsonl#ecowas-summit")
    assert summit.segments[0].kind == "headline"
    assert summit.title == "ECOWAS leaders meet in Abuja"
    out = json.loads(summit.render(shout(summit)))
    assert out["title"] == "ECOWAS LEADERS MEET IN ABUJA"
    assert out["section"] == "world" and out["format"] == "md"
    assert "[BLOC](https://www.ecowas.int/)" in out["body"]
    assert output_name(summit, "fr") == "ecowas-summit.fr.jsonl"


def test_malformed_jsonl_lines_reported_and_skipped() -> None:
    errors: list[str] = []
    path = DATA / "malformed.jsonl"
    documents = read_documents(path, on_error=lambda skip: errors.append(str(skip)))
    assert [d.id for d in documents] == ["first", "last"]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "id" in errors[1] and "body" in errors[2] and "format" in errors[4]
    with pytest.raises(InputError, match=rf"{re.escape(str(path))}:2: invalid JSON"):
        read_documents(path, fail_fast=True)


def test_unsafe_ids_sanitised() -> None:
    documents = read_documents(DATA / "unsafe-ids.jsonl")
    names = [output_name(d, "ha") for d in documents]
    for name in names:
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert not name.startswith(".")
        assert Path(name).name == name and ".." not in name
        assert name.endswith(".ha.jsonl")
    assert len(set(names)) == len(names)
    assert names[3] == "42.ha.jsonl"
    for raw in ["", ".", "..", "../../x", "/etc/passwd", "a\x00b", "C:\\win", "...", "é"]:
        safe = safe_name(raw)
        assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
        assert safe not in {".", ".."}
    assert safe_name("niger-2025_01.v2") == "niger-2025_01.v2"
    assert safe_name("a/b") != safe_name("a_b")


# --- encodings, line endings, errors --------------------------------------------------


def test_bom_and_crlf(tmp_path: Path) -> None:
    text = "Headline here\r\n\r\nFirst sentence. Second sentence.\r\n\r\n• A bullet.\r\n"
    path = write(tmp_path, "crlf.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    (document,) = read_documents(path)
    assert document.newline == "\r\n"
    assert document.segments[0].text == "Headline here"
    assert all("\r" not in s.text and "\ufeff" not in s.text for s in document.segments)
    assert document.render(identity(document)) == text  # BOM dropped, CRLF kept
    out = document.render(shout(document))
    assert out == "HEADLINE HERE\r\n\r\nFIRST SENTENCE. SECOND SENTENCE.\r\n\r\n• A BULLET.\r\n"
    lf = write(tmp_path, "lf.txt", text.replace("\r\n", "\n"))
    assert read_documents(lf)[0].content_hash() == document.content_hash()


def test_content_hash_changes_with_content(tmp_path: Path) -> None:
    a = read_documents(write(tmp_path, "a.txt", "Title\n\nBody one.\n"))[0]
    b = read_documents(write(tmp_path, "b.txt", "Title\n\nBody two.\n"))[0]
    assert a.content_hash() != b.content_hash()
    assert re.fullmatch(r"[0-9a-f]{64}", a.content_hash())


def test_undecodable_input_names_file_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", b"Title\n\nCaf" + b"\xe9 au lait.\n")
    with pytest.raises(InputError) as excinfo:
        read_documents(path)
    message = str(excinfo.value)
    assert str(path) in message and "byte 10" in message and "--encoding" in message
    assert "\n" not in message
    (document,) = read_documents(path, encoding="latin-1")
    assert document.segments[1].text == "Café au lait."


def test_undecodable_offset_counts_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfAB\xff")
    with pytest.raises(InputError, match="byte 5"):
        read_documents(path)


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_documents(tmp_path / "absent.txt")
    odd = write(tmp_path, "story.docx", "x")
    with pytest.raises(InputError, match=r"story\.docx.*--format"):
        read_documents(odd)
    (document,) = read_documents(odd, format="txt")
    assert document.format == "txt"
    assert output_name(document, "fr") == "story.fr.txt"
    with pytest.raises(InputError, match="unknown format"):
        read_documents(odd, format="pdf")


def test_output_names_keep_extension() -> None:
    (md,) = read_documents(SAMPLES / "ecowas-exit.md")
    (html,) = read_documents(SAMPLES / "sahel-briefing.html")
    assert output_name(md, "fr") == "ecowas-exit.fr.md"
    assert output_name(html, "ha") == "sahel-briefing.ha.html"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"<p>From standard input. Two sentences.</p>\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (document,) = read_documents("-")
    assert (document.format, document.source, document.id) == ("html", "<stdin>", "stdin")
    assert len(document.segments) == 2
    assert output_name(document, "fr") == "stdin.fr.html"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Plain title\n\nBody.\n")))
    (document,) = read_documents("-", format="txt")
    assert document.segments[0].kind == "headline"


def test_sniff_format() -> None:
    assert sniff_format('{"id": 1, "body": "x"}\n{"id": 2, "body": "y"}\n') == "jsonl"
    assert sniff_format("<!DOCTYPE html><html></html>") == "html"
    assert sniff_format("# Heading\n\nText.") == "md"
    assert sniff_format("Headline\n\nText.") == "txt"


def test_directory_reads_known_files(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "A title\n\nBody.\n")
    write(tmp_path, "b.md", "# B\n")
    write(tmp_path, "notes.bin", "ignored")
    assert [d.id for d in read_documents(tmp_path)] == ["a", "b"]


def test_insert_markup_nesting_and_zero_width() -> None:
    spans = [
        InlineSpan(0, 5, "<b>", "</b>"),
        InlineSpan(0, 5, "<i>", "</i>"),
        InlineSpan(5, 5, "<br>", ""),
        InlineSpan(6, 99, "<a>", "</a>"),
    ]
    assert insert_markup("Hello world", spans) == "<b><i>Hello</i></b><br> <a>world</a>"
    assert insert_markup("a<b", [], lambda s: s.replace("<", "&lt;")) == "a&lt;b"
