"""Glossary enforcement on the term-rich evaluation set: term accuracy and chrF.

``python -m tools.glossary_eval [--json]`` (``make eval``) translates
``tests/data/glossary_eval.tsv`` (project-written, en/fr/ha) with the best installed
packages (the toy ones here) three ways — no glossary, placeholders (the default),
and target-term injection — and prints, per language, the share of enforced terms
found in the output and chrF against the references.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL_SET = ROOT / "tests" / "data" / "glossary_eval.tsv"
COLUMNS = {"fr": 1, "ha": 2}


def load_rows(path: Path = EVAL_SET) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def evaluate(lang: str, rows: list[list[str]] | None = None) -> dict[str, Any]:
    """Term accuracy and chrF of each strategy for one target language."""
    import sacrebleu

    from translate.enforce import TermPolicy, translate_enforced
    from translate.engine.packages import best_package
    from translate.engine.translator import load_translator
    from translate.glossary import default_glossary_paths, load_glossary, verify

    rows = rows or load_rows()
    sources = [r[0] for r in rows]
    references = [r[COLUMNS[lang]] for r in rows]
    glossary = load_glossary(default_glossary_paths(lang), lang)
    package = best_package("en", lang)
    translator = load_translator(package)
    matches = [glossary.find(s) for s in sources]
    expected = sum(len(m) for m in matches)
    result: dict[str, Any] = {"package": package.id, "sentences": len(rows), "terms": expected}
    strategies = {"none": None, "placeholder": "placeholder", "inject": "inject"}
    for name, strategy in strategies.items():
        policy = TermPolicy(glossary if strategy else None, lang, strategy or "placeholder")
        started = time.perf_counter()
        outputs = [r.text for r in translate_enforced(translator, sources, policy)]
        elapsed = time.perf_counter() - started
        found = sum(
            sum(check.found for check in verify(text, found_terms, lang))
            for text, found_terms in zip(outputs, matches, strict=True)
        )
        result[name] = {
            "term_accuracy": round(100.0 * found / expected, 1) if expected else 100.0,
            "chrf": round(sacrebleu.corpus_chrf(outputs, [references]).score, 1),
            "seconds": round(elapsed, 3),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--lang", action="append", choices=sorted(COLUMNS))
    args = parser.parse_args(argv)
    report = {lang: evaluate(lang) for lang in (args.lang or sorted(COLUMNS))}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for lang, figures in report.items():
        print(f"en→{lang} ({figures['package']}): {figures['sentences']} sentences, "
              f"{figures['terms']} enforced terms")  # fmt: skip
        for name in ("none", "placeholder", "inject"):
            row = figures[name]
            print(f"  {name:<12} term accuracy {row['term_accuracy']:5.1f}%   "
                  f"chrF {row['chrf']:5.1f}   {row['seconds']:.2f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
