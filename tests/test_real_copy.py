"""Real copy, second pass (issue 24): what newsrooms paste in comes out whole.

Front matter from a CMS, wire copy that opens with its dateline, glued sentences,
Markdown links and bold through the machine, saved web pages, regional locales and the
Hausa house spellings from one database. The articles are written for these tests
(tests/data/documents/issue24/); end-to-end tests run the CLI on the toy packages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli

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
    assert len(report["skipped"]) == 1 and "front matter" in report["skipped"][0]
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
