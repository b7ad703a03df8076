"""The two evaluation sets: sentences with references, and articles without.

* ``eval``: ``tests/data/glossary_eval.tsv``, 48 synthetic term-rich sentences with
  French and Hausa references (chrF is measured here);
* ``articles``: ``tests/data/enforcement/*.txt``, four English wire stories written
  for the test (~60 segments, no references), read and segmented by the product's
  own document reader, as ``translate run`` would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tools.glossary_eval.variants import ROOT

EVAL_TSV = ROOT / "tests" / "data" / "glossary_eval.tsv"
ARTICLES_DIR = ROOT / "tests" / "data" / "enforcement"
_COLUMNS = {"fr": 1, "ha": 2}


@dataclass(frozen=True)
class EvalSet:
    name: str
    sources: tuple[str, ...]
    references: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by language


def eval_sentences(limit: int | None = None, path: Path = EVAL_TSV) -> EvalSet:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    rows = rows[:limit] if limit else rows
    return EvalSet(
        "eval",
        tuple(r[0] for r in rows),
        {lang: tuple(r[column] for r in rows) for lang, column in _COLUMNS.items()},
    )


def articles(limit: int | None = None, directory: Path = ARTICLES_DIR) -> EvalSet:
    """Every segment of every article, in order (limit: the first ones of each article)."""
    from translate.documents.reader import read_documents

    sources: list[str] = []
    for document in read_documents(directory):
        segments = [s.text for s in document.segments]
        sources += segments[:limit] if limit else segments
    return EvalSet("articles", tuple(sources))


def eval_sets(limit: int | None = None) -> list[EvalSet]:
    return [eval_sentences(limit), articles(limit)]
