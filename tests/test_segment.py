"""Sentence splitting: gold-set accuracy, exact text preservation, hard cases.

Run ``python tests/test_segment.py`` to print the accuracy and throughput figures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

if __name__ == "__main__":  # allow `python tests/test_segment.py` from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from translate.documents.segment import sentence_spans, split_sentences

GOLD_DIR = Path(__file__).parent / "data" / "segmentation"


def _gold_paragraphs() -> list[tuple[str, str, list[str], str]]:
    """(file name, language, gold sentences, paragraph text) per paragraph of every gold
    file. Sentences are one per line, joined with a space; a line starting with ``+`` is
    glued to the one before it with no space, as scrapers do (``said.The men``)."""
    paragraphs: list[tuple[str, str, list[str], str]] = []
    for path in sorted(GOLD_DIR.glob("*.txt")):
        lang = path.name.split("-", 1)[0]
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            lines = [line for line in block.split("\n") if line.strip()]
            if not lines:
                continue
            text = ""
            for line in lines:
                glued = line.startswith("+")
                text += line[1:] if glued else (" " if text else "") + line
            paragraphs.append((path.name, lang, [line.removeprefix("+") for line in lines], text))
    return paragraphs


def _spans(sentences: list[str], text: str) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    pos = 0
    for sentence in sentences:
        start = text.index(sentence, pos)
        spans.add((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans


def evaluate(verbose: bool = False) -> tuple[float, int, int]:
    """Accuracy = gold sentences split exactly as gold / gold sentences."""
    correct = total = 0
    for name, lang, gold, text in _gold_paragraphs():
        predicted = split_sentences(text, lang)
        gold_spans = _spans(gold, text)
        hits = gold_spans & _spans(predicted, text)
        correct += len(hits)
        total += len(gold)
        if verbose and predicted != gold:
            print(f"--- {name}")
            for sentence in predicted:
                print(f"  {'ok ' if sentence in gold else 'BAD'} {sentence}")
    return correct / total, correct, total


def test_gold_set_is_large_enough() -> None:
    assert sum(len(g) for _, _, g, _ in _gold_paragraphs()) >= 150


def test_gold_set_has_glued_sentences() -> None:
    """Scraped copy glues sentences (``said.The``): the gold set holds such articles."""
    glued = [(g, t) for _, _, g, t in _gold_paragraphs() if " ".join(g) != t]
    assert sum(len(g) for g, _ in glued) >= 12


def test_gold_accuracy() -> None:
    accuracy, correct, total = evaluate()
    print(f"segmentation accuracy {accuracy:.4f} ({correct}/{total})")
    assert accuracy >= 0.98


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He met Gen. Tiani and Col. Maiga. Lt. Col. Diallo was absent.",
            ["He met Gen. Tiani and Col. Maiga.", "Lt. Col. Diallo was absent."],
        ),
        (
            "The U.S. and the U.N. disagreed. Dr. Yacouba and Mrs. Boubacar left.",
            ["The U.S. and the U.N. disagreed.", "Dr. Yacouba and Mrs. Boubacar left."],
        ),
        (
            "He lives in the U.S. He was born in Niger.",
            ["He lives in the U.S.", "He was born in Niger."],
        ),
        (
            "Prices rose 1.5% to $8.30 on Nov. 14, up 40% on 5,000 bags. It rained.",
            ["Prices rose 1.5% to $8.30 on Nov. 14, up 40% on 5,000 bags.", "It rained."],
        ),
        (
            "He arrived at 5 p.m. on Monday. He left at 6 a.m.",
            ["He arrived at 5 p.m. on Monday.", "He left at 6 a.m."],
        ),
        ('He said: "It is over." Then he left.', ['He said: "It is over."', "Then he left."]),
        ('"Is it over?" she asked. "Yes."', ['"Is it over?" she asked.', '"Yes."']),
        (
            'The plan was "dead." "We start again," he said.',
            ['The plan was "dead."', '"We start again," he said.'],
        ),
        ("The talks stalled... Nobody knows why.", ["The talks stalled...", "Nobody knows why."]),
        ("The talks stalled... and then resumed.", ["The talks stalled... and then resumed."]),
        (
            "The army (which denies it) was blamed. (The report is long.) Next.",
            ["The army (which denies it) was blamed.", "(The report is long.)", "Next."],
        ),
        (
            "Room No. 5 is near St. Mary's. GoviEx Uranium Inc. fell, said John Smith Jr. today.",
            [
                "Room No. 5 is near St. Mary's.",
                "GoviEx Uranium Inc. fell, said John Smith Jr. today.",
            ],
        ),
        ("Washington, D.C. on Monday.", ["Washington, D.C. on Monday."]),
    ],
)
def test_english_hard_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le col. Maiga a parlé. M. Zeine aussi.", ["Le col. Maiga a parlé.", "M. Zeine aussi."]),
        ("Le gén. Tiani et Mme Diallo. Fin.", ["Le gén. Tiani et Mme Diallo.", "Fin."]),
        ("« C'est fini. » Il est parti.", ["« C'est fini. »", "Il est parti."]),
        (
            "« Nous restons », a-t-il dit. Puis il est parti.",
            ["« Nous restons », a-t-il dit.", "Puis il est parti."],
        ),
        (
            "Est-ce la fin ? Non ! Les prix ont grimpé de 8,5 %.",
            ["Est-ce la fin ?", "Non !", "Les prix ont grimpé de 8,5 %."],
        ),
        ("La réunion du 5 janv. 2025 a duré. Fin.", ["La réunion du 5 janv. 2025 a duré.", "Fin."]),
    ],
)
def test_french_hard_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "fr") == expected


def test_text_preserved_exactly() -> None:
    text = "  First  sentence\nwraps here.   Second\tone, with  gaps!\n"
    assert split_sentences(text) == ["First  sentence\nwraps here.", "Second\tone, with  gaps!"]
    for _, lang, gold, _text in _gold_paragraphs():
        text = "\n".join(gold)
        for sentence in split_sentences(text, lang):
            assert sentence in text


def test_blank_and_unknown_language() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []
    assert split_sentences("Sannu. Yaya aiki?", "ha") == ["Sannu.", "Yaya aiki?"]
    assert split_sentences("No final stop") == ["No final stop"]


def throughput(n: int = 1000) -> float:
    """Sentences per second over ``n`` gold sentences, segmented paragraph by paragraph."""
    paragraphs = [(lang, text) for _, lang, _g, text in _gold_paragraphs()]
    sentences_per_round = sum(len(g) for _, _, g, _ in _gold_paragraphs())
    rounds = max(1, n // sentences_per_round)
    split_sentences("Warm up. Cache.")
    start = time.perf_counter()
    for _ in range(rounds):
        for lang, text in paragraphs:
            split_sentences(text, lang)
    return rounds * sentences_per_round / (time.perf_counter() - start)


if __name__ == "__main__":
    acc, ok, tot = evaluate(verbose=True)
    print(f"accuracy: {acc:.4f} ({ok}/{tot} gold sentences)")
    print(f"throughput: {throughput(1000):.0f} sentences/s")


# Issue 28: a URL with a query string was cut after its "?" and translated as prose.
VERBATIM_IN_SENTENCES = [
    "https://example.org/report?id=42&lang=en",
    "www.ecowas.int/news?page=2.",
    "https://a.b/c.d?e=f!g",
    "desk.niamey@example.org",
    "@cnsp_niger",
    "#NigerCoup",
    "ftp://files.example.org/a.b?c=1.Then",
]


@pytest.mark.parametrize("verbatim", VERBATIM_IN_SENTENCES)
def test_no_sentence_boundary_inside_a_url_address_handle_or_hashtag(verbatim: str) -> None:
    from translate.documents.verbatim import find_verbatim

    text = f"Read the report at {verbatim} before Tuesday. The CNSP said so? Yes."
    (span,) = [text[a:b] for a, b in find_verbatim(text)]
    sentences = split_sentences(text)
    assert any(span in sentence for sentence in sentences), sentences
    assert sentences[-2:] == ["The CNSP said so?", "Yes."]


def test_ranges_the_caller_keeps_whole_are_never_cut() -> None:
    text = "Run `make demo. Then make test?` first. Then read on."
    code = (text.index("`"), text.rindex("`") + 1)
    assert split_sentences(text) != ["Run `make demo. Then make test?` first.", "Then read on."]
    spans = sentence_spans(text, keep=[code])
    assert [text[a:b] for a, b in spans] == [
        "Run `make demo. Then make test?` first.",
        "Then read on.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said.The men were freed.", ["The minister said.", "The men were freed."]),
        ("It ended in 2024.Officials left.", ["It ended in 2024.", "Officials left."]),
        ("He called it “historic”.The army left.", ["He called it “historic”.", "The army left."]),
        ("They left (AFP).The end came.", ["They left (AFP).", "The end came."]),
        ("Why now?The talks stalled.", ["Why now?", "The talks stalled."]),
        # not sentence ends: acronyms, initials, titles, decimals, domains, addresses
        ("The U.S.Army and J.R.Smith met.", ["The U.S.Army and J.R.Smith met."]),
        ("Ask Gen.Tiani about it.", ["Ask Gen.Tiani about it."]),
        ("Up 1.5 times at Reuters.com today.", ["Up 1.5 times at Reuters.com today."]),
        ("See https://sahel.example/News.Html now.", ["See https://sahel.example/News.Html now."]),
        ("Write to desk@Sahel.Example today.", ["Write to desk@Sahel.Example today."]),
    ],
)
def test_glued_sentences_of_scraped_copy(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
