"""Real copy, second pass (issue 24): what newsrooms paste in comes out whole.

Front matter from a CMS, wire copy that opens with its dateline, glued sentences,
Markdown links and bold through the machine, saved web pages, regional locales and the
Hausa house spellings from one database. The articles are written for these tests
(tests/data/documents/issue24/); end-to-end tests run the CLI on the toy packages.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, install_fr_en_pivot, run_cli

from translate.documents import Document, TargetSegment, read_documents

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = ROOT / "tests" / "data" / "documents" / "issue24"


def kinds_and_texts(path: Path) -> list[tuple[str, str]]:
    (document,) = read_documents(path)
    return [(s.kind, s.text) for s in document.segments]


# --- wire copy that opens with its dateline (item 2) ------------------------------------


def test_a_dateline_first_line_is_no_headline_and_the_wrapped_paragraph_is_joined() -> None:
    (document,) = read_documents(DATA / "wire-dateline-first.txt")
    assert document.title is None
    assert kinds_and_texts(DATA / "wire-dateline-first.txt") == [
        ("dateline", "NIAMEY, May 3 (Sahel Wire) -"),
        ("paragraph", "The military government said on Friday that it would release the son of "
                      "the former president and three of his advisers before the end of the "
                      "month, in a gesture towards the regional bloc."),
        ("paragraph", "The decision was read on state television."),
        ("paragraph", "Officials said talks with the bloc would resume in Abuja next week."),
        ("paragraph", "A spokesman said the delegation would be led by the prime minister."),
    ]  # fmt: skip


def test_a_headline_in_capitals_with_a_dash_is_still_a_headline(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("NIGER - TALKS RESUME\n\nThe talks resumed on Monday.\n", encoding="utf-8")
    assert kinds_and_texts(story)[0] == ("headline", "NIGER - TALKS RESUME")


# --- front matter (item 1) --------------------------------------------------------------


def marked(document: Document) -> list[TargetSegment]:
    """Every segment "translated" as itself with a marker, quotes and an apostrophe:
    what any quoting of the front matter must survive."""
    return [TargetSegment(f'É {s.text} "x" l\'a', list(s.spans)) for s in document.segments]


def test_yaml_front_matter_keys_are_segments_and_the_rest_is_kept_byte_for_byte() -> None:
    source = (DATA / "cms-yaml.md").read_text(encoding="utf-8")
    (document,) = read_documents(DATA / "cms-yaml.md")
    assert document.title == "Juntas leave the regional bloc"
    assert [(s.kind, s.text) for s in document.segments][:5] == [
        ("headline", "Juntas leave the regional bloc"),
        ("heading", "Niger, Mali and Burkina Faso confirm the exit"),
        ("paragraph", "Three military governments said they would leave ECOWAS."),
        ("paragraph", "The CNSP met in Niamey on Monday."),
        ("paragraph", "Officials said the decision was final."),
    ]
    # untranslated, the article comes back exactly as it was
    same = [TargetSegment(s.text, list(s.spans)) for s in document.segments]
    assert document.render(same) == source
    rendered = document.render(marked(document), lang="fr_NE")
    front = yaml.safe_load(rendered.split("---\n")[1])
    assert front["title"] == 'É Juntas leave the regional bloc "x" l\'a'
    assert front["subtitle"] == 'É Niger, Mali and Burkina Faso confirm the exit "x" l\'a'
    assert front["summary"].startswith("É The CNSP met in Niamey on Monday.")
    assert front["lang"] == "fr-NE"
    kept = [line for line in source.splitlines() if line.split(":")[0] in
            ("date", "author", "tags", "slug", "draft")]  # fmt: skip
    assert all(line in rendered.splitlines() for line in kept) and len(kept) == 5
    assert "subtitle: 'É Niger" in rendered  # the value keeps its quoting style


def test_toml_front_matter_keys_and_dotted_paths() -> None:
    (document,) = read_documents(
        DATA / "cms-toml.md", front_matter_keys=["title", "params.excerpt"]
    )
    assert [s.text for s in document.segments] == [
        "Juntas leave the regional bloc",
        "The CNSP met in Niamey on Monday.",
        "The CNSP met in Niamey on Monday.",
    ]
    rendered = document.render(marked(document), lang="fr_ML")
    front = tomllib.loads(rendered.split("+++\n")[1])
    assert front["title"] == 'É Juntas leave the regional bloc "x" l\'a'
    assert front["params"]["excerpt"].startswith("É The CNSP met")
    assert front["locale"] == "fr_ML"  # spelled as the file spelled its own (en_US)
    assert "l'a\"  # shown on the front page" in rendered  # its comment kept
    for line in ("date = 2025-01-29T10:05:00Z", "weight = 10",
                 'categories = ["africa", "politics"]'):  # fmt: skip
        assert line in rendered.splitlines()


@pytest.mark.parametrize(
    ("name", "syntax"), [("cms-malformed.md", "YAML"), ("cms-malformed-toml.md", "TOML")]
)
def test_malformed_front_matter_skips_the_article_exit_6(
    tmp_path: Path, name: str, syntax: str
) -> None:
    out = tmp_path / "out"
    args = ("--to", "fr", "--db", str(tmp_path / "t.db"), "--out-dir", str(out))
    alone = run_cli("run", str(DATA / name), *args)
    assert alone.returncode == 6, alone.stderr
    (line,) = alone.stderr.strip().splitlines()
    assert f"{DATA / name}:" in line and f"malformed {syntax} front matter" in line
    assert "article skipped" in line and "Traceback" not in alone.stderr
    assert not out.exists()
    # in a batch the others are translated, and the run says what it skipped
    batch = run_cli("run", str(DATA / name), str(DATA / "cms-yaml.md"), *args, "--json")
    assert batch.returncode == 6, batch.stderr
    report = json.loads(batch.stdout)
    assert [a["id"] for a in report["articles"]] == ["cms-yaml"]
    assert len(report["skipped"]) == 1 and "front matter" in report["skipped"][0]["reason"]
    assert sorted(p.name for p in out.iterdir()) == ["cms-yaml.fr.md"]


@pytest.mark.slow
def test_front_matter_end_to_end_on_the_toy_packages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("run", str(DATA / "cms-yaml.md"), str(DATA / "cms-toml.md"),
                     "--to", "fr,ha_NG", "--db", str(tmp_path / "t.db"), "--out-dir", str(out),
                     "--front-matter-keys", "title,description,summary,params.excerpt")  # fmt: skip
    assert result.returncode == 0, result.stderr
    french = (out / "cms-yaml.fr.md").read_text(encoding="utf-8")
    front = yaml.safe_load(french.split("---\n")[1])
    assert front["title"] != "Juntas leave the regional bloc" and front["lang"] == "fr"
    assert "CEDEAO" in front["description"]  # the glossary is enforced in front matter
    assert front["tags"] == ["niger", "mali", "ecowas"] and front["draft"] is False
    hausa = (out / "cms-toml.ha.md").read_text(encoding="utf-8")
    toml = tomllib.loads(hausa.split("+++\n")[1])
    assert "Yamai" in toml["params"]["excerpt"] and toml["locale"] == "ha_NG"
    assert toml["weight"] == 10


# --- locales at render time: Hausa conventions, French regions, pivots (items 6-8) ------


def _review_ids(db: Path, lang: str) -> dict[str, int]:
    listed = run_cli("review", "list", "--db", str(db), "--lang", lang, "--json")
    assert listed.returncode == 0, listed.stderr
    return {item["source"]: item["id"] for item in json.loads(listed.stdout)}


@pytest.mark.slow
def test_ha_ne_and_ha_ng_from_one_database_and_from_reviewers_text(tmp_path: Path) -> None:
    story = DATA / "hausa-desk.txt"
    db, out = tmp_path / "t.db", tmp_path / "out"
    args = ("--db", str(db), "--out-dir", str(out))
    # stored first under the Nigerian convention...
    assert run_cli("run", str(story), "--to", "ha_NG", *args).returncode == 0
    assert "ʼyan" in (out / "hausa-desk.ha.txt").read_text(encoding="utf-8")
    # ...and reused, from memory, in Niger's
    again = run_cli("run", str(story), "--to", "ha_NE", *args, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["counts"]["reused"] == 3
    niger = (out / "hausa-desk.ha.txt").read_text(encoding="utf-8")
    assert "ƴan" in niger and "ʼy" not in niger
    # a reviewer types stand-ins; every output is brought to its own convention
    ids = _review_ids(db, "ha")
    paragraph = "The army said on Tuesday that soldiers and police officers had been sent to"
    (segment,) = [i for source, i in ids.items() if source.startswith(paragraph)]
    edited = run_cli("review", "edit", str(segment), "--db", str(db),
                     "--text", "Sojoji sun k'aryata d'an 'yan bindiga a Yamai.")  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    both = run_cli("run", str(story), "--to", "ha_NE,ha_NG", *args, "--json")
    assert both.returncode == 0, both.stderr
    assert set(json.loads(both.stdout)["articles"][0]["targets"]) == {"ha_NE", "ha_NG"}
    niger = (out / "hausa-desk.ha_NE.txt").read_text(encoding="utf-8")
    nigeria = (out / "hausa-desk.ha_NG.txt").read_text(encoding="utf-8")
    assert "Sojoji sun ƙaryata ɗan ƴan bindiga a Yamai." in niger
    assert "Sojoji sun ƙaryata ɗan ʼyan bindiga a Yamai." in nigeria
    # memory stays keyed by the language: one translation per segment, two spellings
    with sqlite3.connect(db) as conn:
        langs = conn.execute("select distinct lang from translations").fetchall()
        assert langs == [("ha",)]


@pytest.mark.slow
def test_french_regions_fr_ml_and_fr_ch_and_a_fallback(tmp_path: Path) -> None:
    story = DATA / "sahel-desk.txt"
    db, out = tmp_path / "t.db", tmp_path / "out"
    args = ("--db", str(db), "--out-dir", str(out))
    first = run_cli("run", str(story), "--to", "fr_ML,fr_CH,fr_CA", *args)
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["sahel-desk.fr_CA.txt", "sahel-desk.fr_CH.txt", "sahel-desk.fr_ML.txt"]
    mali = (out / "sahel-desk.fr_ML.txt").read_text(encoding="utf-8")
    canada = (out / "sahel-desk.fr_CA.txt").read_text(encoding="utf-8")
    assert "29 janvier 2025" in mali and "January" not in mali  # babel's dates
    assert "10 h 05" in canada  # Canadian French writes the hour with h (CLDR)
    # a reviewer's punctuation, typeset per region: Swiss and Canadian French differ
    ids = _review_ids(db, "fr")
    segment = ids["The CNSP met in Niamey on Monday."]
    text = "Le CNSP s'est réuni à Niamey : pourquoi ? Personne ne sait ; rien !"
    assert run_cli("review", "edit", str(segment), "--db", str(db), "--text", text).returncode == 0
    assert run_cli("run", str(story), "--to", "fr_CH,fr_CA,fr_ML", *args).returncode == 0
    swiss = (out / "sahel-desk.fr_CH.txt").read_text(encoding="utf-8")
    canada = (out / "sahel-desk.fr_CA.txt").read_text(encoding="utf-8")
    mali = (out / "sahel-desk.fr_ML.txt").read_text(encoding="utf-8")
    assert "Niamey\u00a0: pourquoi\u202f? Personne ne sait\u202f; rien\u202f!" in swiss
    assert "Niamey\u00a0: pourquoi? Personne ne sait; rien!" in canada
    assert "Niamey\u202f: pourquoi\u202f? Personne ne sait\u202f; rien\u202f!" in mali
    # a region babel does not know falls back to the language, with one warning
    unknown = run_cli("run", str(story), "--to", "fr_US", *args)
    assert unknown.returncode == 0, unknown.stderr
    warnings = [line for line in unknown.stderr.splitlines() if "fr_US" in line]
    assert warnings == [
        "translate: warning: --to fr_US: no locale data for this region; fr is used"
    ]
    assert (out / "sahel-desk.fr.txt").is_file()


@pytest.mark.slow
def test_a_pivoted_dateline_is_rendered_for_the_target(
    tmp_path: Path, packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    """fr→ha goes through English; the French dateline is read as French and rendered for
    Hausa. The fr→en leg is the toy en→fr model relabelled: the dateline is the point."""
    install_fr_en_pivot(tmp_path, toy_archive)
    out = tmp_path / "out"
    result = run_cli("run", str(DATA / "pivot-fr.txt"), "--from", "fr", "--to", "ha",
                     "--db", str(tmp_path / "t.db"), "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    hausa = (out / "pivot-fr.ha.txt").read_text(encoding="utf-8")
    # the place is the glossary's (Niamey is Yamai), the date is Hausa's
    assert "YAMAI, 3 Mayu, 2024 (Sahel Wire) -" in hausa and "3 mai" not in hausa


# --- markup through the machine (item 4) ------------------------------------------------


def test_markup_that_cannot_be_placed_is_written_where_it_cannot_be_lost() -> None:
    from translate.documents import Segment
    from translate.mt.markup import place_markup
    from translate.records import InlineSpan

    text = "Read the report now, the minister said on Monday."
    link = InlineSpan(5, 15, "[", "](https://sahel.example/report)")
    bold = InlineSpan(40, 46, "**", "**")
    image = InlineSpan(49, 49, "![](https://sahel.example/a.jpg)", "")
    segment = Segment(text, "paragraph", 0, [link, bold, image])
    translation = "Lisez-le, a dit le ministre."
    spans, lost = place_markup(segment, translation, carried=[])
    assert InlineSpan(0, len(translation), link.open, link.close) in spans  # the URL stays
    assert InlineSpan(len(translation), len(translation), image.open, "") in spans
    assert all(span.open != "**" for span in spans)  # emphasis left out, and said
    assert lost == ["<1>…</1> = […](https://sahel.example/report)", "<2>…</2> = **…**",
                    "<3/> = ![](https://sahel.example/a.jpg)"]  # fmt: skip
    # what was placed is never flagged
    placed = [InlineSpan(0, 8, link.open, link.close), InlineSpan(19, 27, "**", "**"),
              InlineSpan(28, 28, image.open, "")]  # fmt: skip
    assert place_markup(segment, translation, placed) == (placed, [])


@pytest.mark.slow
def test_markdown_links_and_bold_never_vanish_silently(tmp_path: Path) -> None:
    story = DATA / "markdown-links.md"
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = run_cli("run", str(story), "--to", "fr,ha", "--db", str(db),
                     "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    urls = ["(https://sahel.example/cnsp)", "(https://sahel.example/abuja)",
            "(https://sahel.example/photo.jpg)", "<br>"]  # fmt: skip
    for lang in ("fr", "ha"):
        output = (out / f"markdown-links.{lang}.md").read_text(encoding="utf-8")
        assert all(output.count(url) == 1 for url in urls), output
        flagged = {
            item["segment_id"]
            for item in report["articles"][0]["targets"][lang]["quality"]["flagged"]
            if any(flag["reason"] == "markup" for flag in item["flags"])
        }
        listed = run_cli("review", "list", "--db", str(db), "--lang", lang,
                         "--reason", "markup", "--json")  # fmt: skip
        held = json.loads(listed.stdout)
        assert {item["segment_id"] for item in held} == flagged
        assert all(item["status"] == "needs_review" for item in held)
        assert report["flag_counts"][lang].get("markup", 0) == len(flagged)
    # the toy French package drops some of it: flagged, never silently shipped
    assert report["flag_counts"]["fr"]["markup"] >= 1


# --- saved web pages (item 5) -----------------------------------------------------------


@pytest.mark.slow
def test_a_saved_web_page_comes_out_whole_in_the_target_language(tmp_path: Path) -> None:
    page = DATA / "agadez-post.html"
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = run_cli("run", str(page), "--to", "fr", "--db", str(db), "--out-dir", str(out),
                     "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (out / "agadez-post.fr.html").read_text(encoding="utf-8")
    english = ["Soldiers reopen the road to Agadez", "The army reopened the road",
               "Traders welcomed the news", "Lorries queue at a checkpoint",
               "The checkpoint at dawn"]  # fmt: skip
    for piece in english:  # title, meta description, og:*, alt and title: translated
        assert piece not in html, piece
    for tag in ('<meta name="description" content="', '<meta property="og:title" content="',
                '<meta property="og:description" content="', 'alt="', 'title="'):  # fmt: skip
        assert tag in html
    assert '<meta property="og:site_name" content="Agadez Post">' in html  # a name, kept
    # the byline keeps its markup: the author link, the machine-readable date untouched,
    # the visible date rendered for the locale
    assert (
        'Par <a href="/author/moussa-ali">Moussa Ali</a> | '
        '<time datetime="2025-03-10T08:30:00+01:00">10 mars 2025 08:30</time>'
    ) in html
    # page chrome is dropped and listed as furniture
    chrome = ["Home", "Politics", "Share this", "Related Posts", "Fuel shortage hits Zinder",
              "All rights reserved"]  # fmt: skip
    for piece in chrome:
        assert piece not in html, piece
    furniture = " ".join(json.loads(result.stdout)["articles"][0]["furniture"])
    assert all(piece in furniture for piece in chrome)
    assert "<nav" not in html and "<footer" not in html and "<aside" not in html
    # --furniture keep: the chrome stays, untranslated
    kept = run_cli("run", str(page), "--to", "fr", "--db", str(db), "--out-dir", str(out),
                   "--furniture", "keep")  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    html = (out / "agadez-post.fr.html").read_text(encoding="utf-8")
    source = page.read_text(encoding="utf-8")
    for element in ("nav", "aside", "footer"):
        start = source.index(f"<{element}")
        whole = source[start : source.index(f"</{element}>", start) + len(element) + 3]
        assert whole in html
