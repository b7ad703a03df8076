"""`make flags`: how often the quality flags fire on clean output (false alarms).

Two sets, per target language, through the bundled toy packages:

* ``heldout``: the 300 held-out synthetic sentences of ``tests/data/toy_heldout.tsv``,
  which the toy models translate almost perfectly (chrF 99.9 fr / 99.4 ha), so every
  flag there is a false alarm. They go through ``translate.mt.guard.translate_guarded``
  with the default glossary enforced, as a run would send them.
* ``samples``: the articles in ``samples/`` through ``translate.pipeline.run`` (fresh
  database). The toys were never trained on such copy and often produce nonsense
  there, so these flags are a mix of true and false alarms: an upper bound.

``python -m tools.flag_rates [--json]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "data" / "toy_heldout.tsv"
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.is_file())
LANGS = ("fr", "ha")


def _heldout() -> list[str]:
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def _rates(flag_lists: list[list[str]]) -> dict[str, Any]:
    total = len(flag_lists)
    flagged = sum(1 for reasons in flag_lists if reasons)
    by_reason: dict[str, int] = {}
    for reasons in flag_lists:
        for reason in set(reasons):
            by_reason[reason] = by_reason.get(reason, 0) + 1
    return {
        "segments": total,
        "flagged": flagged,
        "rate_pct": round(100 * flagged / total, 2) if total else 0.0,
        "by_reason": dict(sorted(by_reason.items())),
    }


def measure_heldout(lang: str) -> dict[str, Any]:
    from translate.engine.packages import best_package
    from translate.engine.translator import load_translator
    from translate.glossary import default_glossary_paths, load_glossary
    from translate.mt.enforce import TermPolicy
    from translate.mt.guard import translate_guarded

    package = best_package("en", lang)
    assert package is not None and package.toy, f"toy en→{lang} package missing"
    glossary = load_glossary(default_glossary_paths(lang), lang)
    sentences = _heldout()
    results = translate_guarded(
        load_translator(package), sentences, TermPolicy(glossary, lang), source_lang="en"
    )
    report = _rates([[f.reason for f in r.flags] for r in results])
    scores = sorted(r.score for r in results if r.failure is None)
    report["score_min"] = round(scores[0], 3)
    report["score_p01"] = round(scores[max(0, len(scores) // 100 - 1)], 3)
    report["score_median"] = round(statistics.median(scores), 3)
    report["failed"] = sum(1 for r in results if r.failure is not None)
    report["examples"] = [
        {"source": s, "target": r.text, "flags": [f.as_dict() for f in r.flags]}
        for s, r in zip(sentences, results, strict=True)
        if r.flags
    ][:5]
    return report


def measure_samples(lang: str, work: Path) -> dict[str, Any]:
    from translate.pipeline import RunOptions, run
    from translate.store import open_store

    db = work / f"samples-{lang}.db"
    run(
        RunOptions(
            inputs=[str(p) for p in SAMPLES],
            targets=[lang],
            db_path=db,
            out_dir=work / "out",
        ),
        log=lambda _message: None,
    )
    with open_store(db) as store:
        rows = store.db.execute(
            "SELECT t.flags FROM translations t WHERE t.package NOT LIKE 'babel%'"
        ).fetchall()
    flag_lists = [[f["reason"] for f in json.loads(raw)] for (raw,) in rows]
    return _rates(flag_lists)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.flag_rates", description=__doc__)
    parser.add_argument("--json", action="store_true", help="one JSON report on stdout")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"heldout": {}, "samples": {}}
    with tempfile.TemporaryDirectory(prefix="translate-flags-") as tmp:
        for lang in LANGS:
            report["heldout"][lang] = measure_heldout(lang)
            report["samples"][lang] = measure_samples(lang, Path(tmp))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print("Quality flags on the toy packages (false alarms on clean output)")
    for name, label in (("heldout", "held-out sentences"), ("samples", "sample articles")):
        for lang, entry in report[name].items():
            reasons = ", ".join(f"{k} {v}" for k, v in entry["by_reason"].items()) or "none"
            print(
                f"  {label:<20} en→{lang}: {entry['flagged']}/{entry['segments']} flagged "
                f"({entry['rate_pct']:.1f}%): {reasons}"
            )
    for lang, entry in report["heldout"].items():
        print(
            f"  scores en→{lang} (held-out): min {entry['score_min']}, 1st percentile "
            f"{entry['score_p01']}, median {entry['score_median']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
