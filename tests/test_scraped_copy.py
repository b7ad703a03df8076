"""Real copy as newsrooms receive it: scraped stories, hard-wrapped wire copy, Markdown
bylines and saved web pages — read, segmented and rendered as a reader would expect.

The articles are written for these tests (tests/data/documents/, samples/sahel-scraped.txt).
End-to-end tests run the real CLI on the toy packages.
"""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from translate.documents import (
    FURNITURE_KINDS,
    Document,
    TargetSegment,
    read_documents,
)

DATA = ROOT / "tests" / "data" / "documents"
WEB = DATA / "web"
SCRAPED = ROOT / "samples" / "sahel-scraped.txt"


def identity(document: Document) -> list[TargetSegment]:
    return [TargetSegment(s.text, list(s.spans)) for s in document.segments]


def shout(document: Document) -> list[TargetSegment]:
    return [TargetSegment(s.text.upper(), list(s.spans)) for s in document.segments]


def kinds_and_texts(document: Document) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in document.segments]


# --- scraped copy ---------------------------------------------------------------------


def test_scraped_story_reads_as_a_newsroom_would() -> None:
    (document,) = read_documents(SCRAPED)
    segments = kinds_and_texts(document)
    assert segments[0] == (
        "headline",
        "Russian instructors arrive in Niamey as Niger turns away from Washington",
    )
    assert segments[1] == ("header", "Web DeskApril 13, 2025 01:43 PMworld")
    assert [k for k, _ in segments[2:5]] == ["bullet"] * 3
    # the repeated headline and the credit glued to it are two segments
    assert segments[5] == ("caption", segments[0][1])
    assert segments[6] == ("credit", "Image Credits: Sahel Wire / AFP")
    # the first body paragraph, on the very next line, is not glued to the credit
    assert segments[7][0] == "paragraph"
    assert segments[7][1].startswith("Russian military instructors landed in Niger's capital")
    # the trailer: "Share this", "Related Post" and the related headlines after it
    assert segments[-4:] == [
        ("furniture", "Share this"),
        ("furniture", "Related Post"),
        ("furniture", "Mali signs lithium deal with a Chinese mining firm"),
        ("furniture", "Burkina Faso reopens its border crossing with Togo"),
    ]


def test_one_paragraph_per_line_splits_at_every_line_break() -> None:
    (document,) = read_documents(SCRAPED)
    body = [s for s in document.segments if s.kind == "paragraph"]
    lines = [line for line in SCRAPED.read_text().splitlines() if len(line) > 200]
    assert len(lines) == 4
    assert len({s.block for s in body}) == 4  # one block per line
    for segment in body:  # every sentence is a segment of its own, within one line
        assert any(segment.text in line for line in lines)
    assert len(body) == sum(line.count(". ") + 1 for line in lines)


def test_hard_wrapped_wire_copy_is_still_joined() -> None:
    (document,) = read_documents(DATA / "agency-wrapped.txt")
    paragraphs = [s for s in document.segments if s.kind == "paragraph"]
    assert [s.text for s in paragraphs[:2]] == [
        "Chad's military government named a new cabinet on Monday, three weeks before a "
        "presidential election that the opposition says will not be fair.",
        "The prime minister kept the defence and finance portfolios for close allies of the "
        "transitional president.",
    ]
    assert len({s.block for s in paragraphs}) == 3  # three paragraphs, as in the source
    assert len(paragraphs) == 6


def test_separator_joined_headers_credits_and_furniture_anywhere() -> None:
    (document,) = read_documents(DATA / "scraped-separators.txt")
    segments = kinds_and_texts(document)
    assert ("header", "Staff Reporter · January 29, 2025 10:05 AM · Africa") in segments
    assert ("header", "Web Desk | June 12, 2025 07:40 PM | Security") in segments
    assert ("credit", "Photo: Hadiza Garba / AFP") in segments
    assert ("furniture", "Advertisement") in segments
    assert ("furniture", "Read more: ECOWAS leaders meet in Abuja") in segments
    assert not any("Advertisement" in t for k, t in segments if k == "paragraph")


def test_caption_and_credit_are_rendered_on_their_own_lines() -> None:
    (document,) = read_documents(SCRAPED)
    assert document.render(identity(document)) == SCRAPED.read_text()  # byte for byte
    out = document.render(shout(document)).splitlines()
    assert out[5] == document.segments[0].text.upper()
    assert out[6] == "IMAGE CREDITS: SAHEL WIRE / AFP"
    assert out[7].startswith("RUSSIAN MILITARY INSTRUCTORS LANDED")


def test_furniture_is_dropped_with_its_line_or_kept() -> None:
    (document,) = read_documents(SCRAPED)
    source = SCRAPED.read_text()
    dropped = document.render(identity(document), drop=FURNITURE_KINDS)
    assert "Related Post" not in dropped and "Share this" not in dropped
    assert "Mali signs lithium deal" not in dropped
    assert dropped == source.split("Share this\n")[0]  # nothing else lost, one final newline
    assert document.render(identity(document)) == source  # kept: as written


def test_furniture_drop_keeps_the_blank_line_layout(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Title\n\nFirst paragraph.\n\nAdvertisement\n\nSecond paragraph.\n")
    (document,) = read_documents(path)
    assert [s.kind for s in document.segments] == ["headline", "paragraph", "furniture",
                                                   "paragraph"]  # fmt: skip
    out = document.render(shout(document), drop=FURNITURE_KINDS)
    assert out == "# TITLE\n\nFIRST PARAGRAPH.\n\nSECOND PARAGRAPH.\n"


def test_markdown_byline_header_and_verbatim_spans() -> None:
    (document,) = read_documents(DATA / "ouaga-byline.md")
    header = document.segments[1]
    assert (header.kind, header.text) == (
        "header",
        "By Salif Ouédraogo — Ouagadougou, April 12, 2025",
    )
    verbatim = {s.text[a:b] for s in document.segments for a, b in s.verbatim}
    assert verbatim == {
        "https://example.org/radio",
        "desk@example.org",
        "translate run story.md --to fr",
        "#BurkinaFaso",
        "@SahelWire",
    }
    assert [s.kind for s in document.segments[-3:]] == ["furniture"] * 3


def test_html_bylines_are_headers() -> None:
    (document,) = read_documents(WEB / "gao-monitor.html")
    assert ("header", "Staff Reporter | June 12, 2025 07:40 PM | Security") in kinds_and_texts(
        document
    )


def test_verbatim_ranges_cover_code_urls_mails_handles_hashtags(tmp_path: Path) -> None:
    path = tmp_path / "v.html"
    path.write_text(
        "<p>Type <code>translate --to fr</code> or see www.ecowas.int/news, "
        "mail press@ecowas.int, follow @ECOWAS_Parl and #Sahel2025.</p>"
    )
    (document,) = read_documents(path)
    (segment,) = document.segments
    assert [segment.text[a:b] for a, b in segment.verbatim] == [
        "translate --to fr",
        "www.ecowas.int/news",
        "press@ecowas.int",
        "@ECOWAS_Parl",
        "#Sahel2025",
    ]


# --- saved web pages ------------------------------------------------------------------

EXPECTED = json.loads((WEB / "expected.json").read_text())


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_saved_web_page_gives_its_article_and_metadata(page: str) -> None:
    expected = EXPECTED[page]
    source = (WEB / page).read_text()
    (document,) = read_documents(WEB / page)
    text = " ".join(s.text for s in document.segments if s.kind not in FURNITURE_KINDS)
    chrome = " ".join(s.text for s in document.segments if s.kind in FURNITURE_KINDS)
    for piece in expected["article"]:
        assert piece in text, piece
    for piece in expected["boilerplate"]:
        assert piece not in text, piece
        # page chrome is furniture: listed, never translated (a placeholder is no text)
        assert piece in chrome or f'placeholder="{piece}"' in source, piece
    assert document.title == expected["title"]
    assert document.metadata is not None
    assert document.metadata.author == expected["author"]
    assert document.metadata.date == expected["date"]
    assert document.metadata.sitename == expected["sitename"]
    assert any(s.kind == "header" for s in document.segments)  # the byline and date
    # the page around the article is copied as it is
    assert document.render(identity(document)) == (WEB / page).read_text()


def test_web_pages_are_read_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for page in sorted(EXPECTED):
        (document,) = read_documents(WEB / page)
        assert document.metadata is not None and document.segments


def test_a_plain_html_article_is_not_a_web_page() -> None:
    (document,) = read_documents(ROOT / "samples" / "sahel-briefing.html")
    assert document.metadata is None
    assert "The airport in Niamey." in [s.text for s in document.segments]


# --- end to end through `translate run` -----------------------------------------------


def _segments(db: Path, kind: str | None = None) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select kind, source_text from segments order by position").fetchall()
    return [(k, t) for k, t in rows if kind is None or k == kind]


@pytest.mark.slow
def test_scraped_story_end_to_end_in_french_and_hausa(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = run_cli("run", str(SCRAPED), "--to", "fr,ha", "--db", str(db),
                     "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (article,) = report["articles"]
    assert article["furniture"] == [
        "Share this",
        "Related Post",
        "Mali signs lithium deal with a Chinese mining firm",
        "Burkina Faso reopens its border crossing with Togo",
    ]
    fr = (out / "sahel-scraped.fr.txt").read_text().splitlines()
    ha = (out / "sahel-scraped.ha.txt").read_text().splitlines()
    # the header: date in French / Hausa (babel), name kept, section translated
    assert fr[1] == "Web Desk · 13 avril 2025 13:43 · Monde"
    assert ha[1] == "Web Desk · 13 Afirilu, 2025 13:43 · Duniya"
    # the credit is on its own line, label translated, agency kept
    assert fr[6] == "Crédit photo\u202f: Sahel Wire / AFP"
    assert ha[6] == "Asalin hoton: Sahel Wire / AFP"
    for lines in (fr, ha):
        text = "\n".join(lines)
        assert "Related Post" not in text and "Share this" not in text
        assert "Mali signs lithium deal" not in text
        assert len(lines) == 11  # headline, header, 3 bullets, caption, credit, 4 paragraphs
    # every body sentence is its own segment, stored and translated
    body = _segments(db, "paragraph")
    assert len(body) == 12
    with sqlite3.connect(db) as conn:
        furniture = conn.execute(
            "select t.package, t.final_text, s.source_text from translations t "
            "join segments s on s.id = t.segment_id where s.kind = 'furniture'"
        ).fetchall()
        translated = conn.execute(
            "select count(*) from translations t join segments s on s.id = t.segment_id "
            "where s.kind = 'paragraph' and t.final_text != s.source_text"
        ).fetchone()[0]
    assert len(furniture) == 8  # four lines, two languages: never machine translated
    assert all(pkg == "furniture" and target == source for pkg, target, source in furniture)
    assert translated == 24
    # an unchanged rerun redoes nothing: rendered lines too come from the store
    again = run_cli("run", str(SCRAPED), "--to", "fr,ha", "--db", str(db),
                    "--out-dir", str(out), "--json")  # fmt: skip
    assert again.returncode == 0, again.stderr
    for target in json.loads(again.stdout)["articles"][0]["targets"].values():
        assert target["translated"] == 0
        # all but the furniture: from memory, or rendered as before (header, credit lines)
        assert target["reused"] + target["rendered"] == article["segments"] - 4
        assert target["rendered"] > 0
    assert (out / "sahel-scraped.fr.txt").read_text().splitlines() == fr


@pytest.mark.slow
def test_furniture_kept_on_request_is_not_translated(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = run_cli("run", str(SCRAPED), "--to", "fr", "--furniture", "keep",
                     "--db", str(db), "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "4 page furniture lines not translated, kept" in result.stderr
    text = (out / "sahel-scraped.fr.txt").read_text()
    assert text.endswith(
        "Share this\nRelated Post\nMali signs lithium deal with a Chinese mining firm\n"
        "Burkina Faso reopens its border crossing with Togo\n"
    )
    bad = run_cli("run", str(SCRAPED), "--to", "fr", "--furniture", "hide", "--db", str(db))
    assert bad.returncode == 2 and "--furniture" in bad.stderr


@pytest.mark.slow
def test_markdown_byline_end_to_end(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = run_cli("run", str(DATA / "ouaga-byline.md"), "--to", "fr,ha", "--db", str(db),
                     "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    fr = (out / "ouaga-byline.fr.md").read_text()
    ha = (out / "ouaga-byline.ha.md").read_text()
    assert "— **Ouagadougou**, 12 avril 2025\n" in fr and "Salif Ouédraogo" in fr
    assert "— **Ouagadougou**, 12 Afirilu, 2025\n" in ha and "Daga Salif Ouédraogo" in ha
    assert "Related Posts" not in fr and "Mali expels" not in fr


@pytest.mark.slow
def test_code_spans_and_urls_reach_the_output_unchanged(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = run_cli("run", str(DATA / "ouaga-byline.md"), "--to", "fr", "--db", str(db),
                     "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    fr = (out / "ouaga-byline.fr.md").read_text()
    for verbatim in ("`translate run story.md --to fr`", "https://example.org/radio",
                     "desk@example.org", "#BurkinaFaso", "@SahelWire"):  # fmt: skip
        assert verbatim in fr
    # the code span covers the code only, not the whole translated sentence
    code_line = next(line for line in fr.splitlines() if "`translate" in line)
    assert not code_line.startswith("`") or not code_line.rstrip(".").endswith("`")


@pytest.mark.slow
def test_saved_web_page_end_to_end(tmp_path: Path) -> None:
    db, out = tmp_path / "t.db", tmp_path / "out"
    page = WEB / "gao-monitor.html"
    result = run_cli("run", str(page), "--to", "fr", "--db", str(db), "--out-dir", str(out))
    assert result.returncode == 0, result.stderr
    html = (out / "gao-monitor.fr.html").read_text()
    assert "Staff Reporter | 12 juin 2025 19:40 | Sécurité" in html
    # navigation, cookie banner, related stories and footer are page chrome: dropped and
    # listed as furniture, or kept as they were with --furniture keep
    chrome = [
        "Front page",
        "This site uses cookies",
        "More stories",
        "Timbuktu manuscripts return to the city",
        "Follow us on Facebook and X.",
    ]
    for piece in chrome:
        assert piece not in html
    assert "page furniture lines not translated, dropped" in result.stderr
    kept = run_cli("run", str(page), "--to", "fr", "--db", str(db), "--out-dir", str(out),
                   "--furniture", "keep")  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    kept_html = (out / "gao-monitor.fr.html").read_text()
    for piece in chrome:
        assert piece in kept_html
    assert "The last United Nations peacekeepers in Gao" not in html  # the article is translated
