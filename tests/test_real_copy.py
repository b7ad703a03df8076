"""Real copy, second pass (issue 24): what newsrooms paste in comes out whole.

Front matter from a CMS, wire copy that opens with its dateline, glued sentences,
Markdown links and bold through the machine, saved web pages, regional locales and the
Hausa house spellings from one database. The articles are written for these tests
(tests/data/documents/issue24/); end-to-end tests run the CLI on the toy packages.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from translate.documents import read_documents

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
