"""Hostile text never breaks a reader: control characters, lone surrogates, deep nesting,
huge runs of markup, huge paragraphs and files with nothing to translate.

Property-based tests (hypothesis) run every reader and the sentence splitter on
generated input, hostile classes included. Linearity is shown by ``make bench``
(``python -m tools.bench --readers``), never by a timing here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import invoke, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate.documents import (
    Document,
    TargetSegment,
    parse_text,
    read_documents,
    read_inputs,
    sentence_spans,
)
from translate.documents.clean import clean_text
from translate.documents.reader import MAX_JSON_DEPTH, read_jsonl
from translate.errors import EXIT_NO_INPUT, InputError, NoUsableInputError

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- generated input -----------------------------------------------------------------

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                             *range(0x80, 0xA0)]]  # fmt: skip
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
WORDS = ["Niger", "junta", "said", "the", "CNSP", "Gen.", "U.S.", "1.", "2,000", "a.m.",
         "Niamey", "«", "»", '"', "—", "·", "|", "http://x.org/a", "@handle", "#tag",
         "Related Post", "Share this", "Image Credits: AFP", "January 29, 2025 10:05 AM",
         "Web DeskApril 13, 2024 01:43 PMworld"]  # fmt: skip
MARKUP = ["*", "_", "**", "`", "[", "]", "(", ")", "![", "<", ">", "<a ", "</a>", "<b>", "<p>",
          "</p>", "<div>", "<!--", "-->", "&amp;", "&#x1f;", "# ", "- ", "> ", "1. ", "|", "\\",
          "~~", "<script>", "<nav>", "<body>"]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(MARKUP),
    st.sampled_from(CONTROLS),
    st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\r\n", ". "]),
    st.text(max_size=8),
)
# Runs that were quadratic or recursive before: sized to stay quick under a linear reader.
HOSTILE_RUNS = st.one_of(
    st.integers(1, 4000).map(lambda n: "[" * n),
    st.integers(1, 2000).map(lambda n: "<a " * n),
    st.integers(1, 2000).map(lambda n: "*a _b " * n),
    st.integers(1, 2000).map(lambda n: "[" * n + "x" + "](u)" * n),
    st.integers(1, 2000).map(lambda n: "<div>" * n + "x"),
    st.integers(1, 2000).map(lambda n: "`a``" * n),
    st.integers(1, 3000).map(lambda n: "word " * n),
    st.integers(1, 500).map(lambda n: "Items:\x1f1. first " * n),
)
TEXTS = st.one_of(
    st.lists(PIECES, max_size=60).map("".join),
    HOSTILE_RUNS,
    st.tuples(st.lists(PIECES, max_size=20).map("".join), HOSTILE_RUNS).map("".join),
)


def identity(document: Document) -> list[TargetSegment]:
    return [TargetSegment(s.text, list(s.spans)) for s in document.segments]


def as_read(text: str) -> str:
    """The text a reader renders back unchanged: BOM dropped, cleaned, line endings kept."""
    cleaned, _ = clean_text(text.removeprefix("\ufeff").replace("\r\n", "\n"))
    return cleaned.replace("\n", "\r\n") if "\r\n" in text else cleaned


def check_document(document: Document) -> None:
    """What every reader promises of every document it returns."""
    hostile = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
    for segment in document.segments:
        assert segment.text and segment.text == segment.text.strip()
        assert not hostile.search(segment.text)
        segment.text.encode("utf-8")  # storable and writable
        previous = 0
        for start, end in segment.verbatim:
            assert previous <= start < end <= len(segment.text)
            previous = end
        for span in segment.spans:
            assert 0 <= span.start <= span.end <= len(segment.text)


# --- properties -----------------------------------------------------------------------


@pytest.mark.slow
@PROPERTIES
@given(text=TEXTS)
def test_sentence_spans_are_exact_slices_covering_the_text(text: str) -> None:
    text, _ = clean_text(text)
    spans = sentence_spans(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous = end
    # every non-space character is in exactly one sentence
    inside = "".join(text[a:b] for a, b in spans)
    assert "".join(inside.split()) == "".join(text.split())


@pytest.mark.slow
@PROPERTIES
@given(text=TEXTS, format=st.sampled_from(["txt", "md", "html"]))
def test_text_readers_never_fail_and_render_their_input(text: str, format: str) -> None:
    try:
        document = parse_text(text, format, id="x", source="x." + format)
    except InputError:
        return
    check_document(document)
    assert document.render(identity(document)) == as_read(text)
    cleaned = clean_text(text.removeprefix("\ufeff").replace("\r\n", "\n"))[0]
    if format == "txt":  # plain text: every segment is the source text, wraps collapsed
        flat = " ".join(cleaned.split())
        for segment in document.segments:
            assert " ".join(segment.text.split()) in flat
    document.render([TargetSegment(s.text.upper(), s.spans) for s in document.segments])


@pytest.mark.slow
@PROPERTIES
@given(
    title=TEXTS,
    body=TEXTS,
    extra=st.sampled_from(SURROGATES + CONTROLS[:3] + [""]),
    format=st.sampled_from(["txt", "md", "html"]),
)
def test_jsonl_reader_never_fails(title: str, body: str, extra: str, format: str) -> None:
    line = json.dumps({"id": "a" + extra, "title": title + extra, "body": body,
                       "format": format, "section": extra})  # fmt: skip
    errors: list[str] = []
    try:
        documents = read_jsonl(line + "\n", "feed.jsonl",
                               on_error=lambda skip: errors.append(str(skip)),
                               on_warning=lambda _m: None)  # fmt: skip
    except NoUsableInputError:
        assert len(errors) == 1 and errors[0].startswith("feed.jsonl:1: ")
        return
    (document,) = documents
    check_document(document)
    rendered = document.render(identity(document))
    rendered.encode("utf-8")
    assert json.loads(rendered)["format"] == format


@pytest.mark.slow
@PROPERTIES
@given(
    chrome=st.sampled_from(
        ["<nav>Home World</nav>", "<footer>© 2025</footer>", '<div class="cookie">cookies</div>']
    ),
    body=st.lists(st.one_of(TEXTS, st.sampled_from(WORDS)), max_size=6),
)
def test_web_page_reader_never_fails(chrome: str, body: list[str]) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    page = (
        f"<html><head><title>T</title></head><body>{chrome}"
        f"<article>{paragraphs}</article></body></html>"
    )
    try:
        document = parse_text(page, "html", id="p", source="p.html")
    except InputError:
        return
    check_document(document)
    assert document.render(identity(document)) == as_read(page)


# --- hostile classes, one by one ------------------------------------------------------


def test_control_characters_are_removed_with_a_warning_naming_the_position(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Title\n\nThe plan has three parts:\x1f1. roads, 2. schools.\n")
    warnings: list[str] = []
    (document,) = read_documents(path, on_warning=warnings.append)
    assert warnings == [f"{path}:3:26: 1 control character (U+001F) removed"]
    assert document.segments[1].text.startswith("The plan has three parts:1.")


def test_lone_surrogates_in_jsonl_are_replaced_and_the_run_succeeds(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "s1", "title": "Niger vote \\ud800 delayed", "body": "The junta said so.", '
        '"section": "\\udfff"}\n'
    )
    out = tmp_path / "out"
    result = run_cli("run", str(feed), "--to", "fr", "--db", str(tmp_path / "t.db"),
                     "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f'{feed}:1: "title" character 12: 2 lone surrogates replaced by U+FFFD' in (
        result.stderr
    )
    (line,) = (out / "feed.fr.jsonl").read_text().splitlines()  # one line per article
    record = json.loads(line)
    assert record["section"] == "\ufffd"


@pytest.mark.slow
def test_deep_markdown_nesting_is_bounded_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    path.write_text("# Title\n\n" + "[" * 20000 + "x" + "](u)" * 20000 + "\n")
    warnings: list[str] = []
    (document,) = read_documents(path, on_warning=warnings.append)
    assert warnings == [
        f"{path}: line 3: links or emphasis nested deeper than 32 levels; the deeper "
        "markup is kept as text"
    ]
    assert document.render(identity(document)) == path.read_text()


def test_deep_html_nesting_is_bounded_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 5000 + "<p>Deep text.</p>")
    warnings: list[str] = []
    (document,) = read_documents(path, on_warning=warnings.append)
    assert [s.text for s in document.segments] == ["Deep text."]
    assert warnings and "nested deeper than 256 levels" in warnings[0]


def test_deep_jsonl_nesting_is_a_skipped_line_not_a_traceback(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    good = json.dumps({"id": "ok", "body": "The bloc met in Abuja."})
    feed.write_text(f'{{"id": "x", "body": "a", "extra": {deep}}}\n{good}\n')
    errors: list[str] = []
    documents = read_documents(feed, on_error=lambda skip: errors.append(str(skip)))
    assert [d.id for d in documents] == ["ok"]
    assert errors == [f"{feed}:1: arrays or objects nested deeper than {MAX_JSON_DEPTH} levels"]


@pytest.mark.slow
def test_a_one_megabyte_single_line_article_finishes() -> None:
    sentence = "The junta said on Tuesday that the vote would take place in March. "
    text = "Headline\n\n" + sentence * (1_000_000 // len(sentence)) + "\n"
    document = parse_text(text, "txt", id="big", source="big.txt")
    assert len(document.segments) == 1 + 1_000_000 // len(sentence)


@pytest.mark.slow
def test_a_paragraph_of_twenty_thousand_words_without_a_full_stop() -> None:
    text = "Headline\n\n" + " ".join(["the junta said that"] * 5000) + "\n"
    document = parse_text(text, "txt", id="long", source="long.txt")
    (_headline, paragraph) = document.segments
    assert len(paragraph.text.split()) == 20_000  # one sentence, nothing dropped


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", ""),
        ("blank.md", "\n\n   \n"),
        ("code-only.md", "```\nnot translated\n```\n"),
        ("script.html", "<script>var x = 1;</script>"),
        ("empty.jsonl", ""),
        ("bad.jsonl", '{not json\n[1, 2]\n{"id": 1}\n'),
    ],
)
def test_nothing_usable_is_no_usable_input(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(NoUsableInputError, match=re.escape(str(path))):
        read_documents(path, on_error=lambda _m: None)


def test_a_batch_skips_the_empty_input_and_keeps_the_others(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "story.txt").write_text("Title\n\nThe bloc met.\n")
    batch = read_inputs([str(tmp_path / "empty.txt"), str(tmp_path / "story.txt")])
    assert [d.id for d in batch.documents] == ["story"]
    assert [str(s) for s in batch.skipped] == [
        f"{tmp_path / 'empty.txt'}: nothing to translate (no text found)"
    ]
    with pytest.raises(NoUsableInputError, match="any of the 2 inputs"):
        read_inputs([str(tmp_path / "empty.txt"), str(tmp_path / "empty.txt")])


def test_cli_exits_7_when_every_jsonl_line_is_malformed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{not json\n{"id": 2}\n')
    result = run_cli("run", str(feed), "--to", "fr", "--db", str(tmp_path / "t.db"))
    assert result.returncode == 7, result.stderr
    assert f"{feed}: no usable article (2 lines skipped)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "t.db").exists()  # nothing written


# --- issue 28 -------------------------------------------------------------------------


def test_one_line_of_a_feed_that_is_not_utf8_is_skipped_with_its_number(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        b'{"id": "a", "body": "The CNSP met in Niamey."}\n'
        b'{"id": "b", "body": "Caf\xe9 owners in Niamey."}\n'
        b'{"id": "c", "body": "The junta said so."}\n'
    )
    out = tmp_path / "out"
    for source in (str(feed), "-"):
        result = invoke("run", source, "--to", "fr", "--db", str(tmp_path / "t.db"),
                        "--out-dir", str(out), "-q", "--format", "jsonl",
                        input=feed.read_bytes() if source == "-" else None)  # fmt: skip
        assert result.returncode == 6, result.stderr
        name = "<stdin>" if source == "-" else str(feed)
        assert f"warning: {name}:2: not valid UTF-8 at byte 24 of the line (byte 0xe9)\n" in (
            result.stderr
        )
        written = out / ("stdin.fr.jsonl" if source == "-" else "feed.fr.jsonl")
        lines = [json.loads(line) for line in written.read_text().splitlines()]
        # the skipped record keeps its place, as an error line
        assert [(line["id"], "error" in line) for line in lines] == [
            ("a", False),
            ("b", True),
            ("c", False),
        ]


def test_a_text_file_that_is_not_utf8_is_still_refused_whole(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(b"Caf\xe9 owners in Niamey.\n")
    with pytest.raises(InputError, match=r"not valid UTF-8 at byte 3 \(byte 0xe9\)"):
        read_documents(story)


@pytest.mark.parametrize(
    "invisible",
    ["\u200b\u200e\u200f", "\u202e\u2066\u2069 \u200d", "\ufeff\u2060\u00ad", "\u200b\n\n\u200c"],
)
def test_input_of_only_invisible_characters_is_nothing_to_translate(
    invisible: str, tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(invisible, encoding="utf-8")
    db = tmp_path / "t.db"
    result = invoke("run", str(story), "--to", "fr,ha", "--db", str(db), "-o", "-")
    assert result.returncode == EXIT_NO_INPUT, result.stderr
    assert f"{story}: nothing to translate (no text found)" in result.stderr
    assert result.stdout == "" and not db.exists()
    # Invisible characters around real text are kept, and never become a sentence.
    document = parse_text(f"{invisible} The CNSP met. {invisible}", "txt", id="x", source="x")
    assert [s.text for s in document.segments] == ["The CNSP met."]


@pytest.mark.parametrize("key", ["id", "body", "title"])
def test_a_jsonl_line_with_a_repeated_key_is_skipped_like_a_malformed_one(
    key: str, tmp_path: Path
) -> None:
    fields = {"id": '"a"', "body": '"The CNSP met."', "title": '"Niger"'}
    pairs = [f'"{name}": {value}' for name, value in fields.items()]
    pairs.append(f'"{key}": "{"b" if key == "id" else "Niamey is calm."}"')
    feed = tmp_path / "feed.jsonl"
    feed.write_text("{" + ", ".join(pairs) + '}\n{"id": "c", "body": "The junta said so."}\n')
    errors: list[str] = []
    documents = read_documents(feed, on_error=lambda skip: errors.append(str(skip)))
    assert [d.id for d in documents] == ["c"]
    assert errors == [f"{feed}:1: the key '{key}' appears twice"]


def test_file_names_with_escapes_or_newlines_are_shown_escaped(tmp_path: Path) -> None:
    name = "evil\x1b[31mred\u202e\nfake"
    story = tmp_path / f"{name}.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    (tmp_path / f"{name}.xyz").write_text("x", encoding="utf-8")
    shown = "evil\\x1b[31mred\\u202e\\nfake"
    db = tmp_path / "t.db"
    missing = invoke("run", str(tmp_path / f"no-{name}.txt"), "--to", "fr", "--db", str(db))
    assert missing.stderr == f"translate: error: {tmp_path}/no-{shown}.txt: no such file\n"
    result = invoke("run", str(tmp_path), "--to", "fr", "--db", str(db), "--out-dir",
                    str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 6, result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    lines = result.stderr.splitlines()
    assert (
        f"translate: warning: {tmp_path}/{shown}.xyz: skipped, unknown format '.xyz' (use --format)"
        in (lines)
    )
    assert any(line.startswith(f"{shown} → French (fr): ") for line in lines), lines
