"""Glossary matcher section of ``make bench`` (``python -m tools.bench --glossary-matcher``).

A newsroom's 10,000-term glossary used to cost about 9 s of CPU per ``translate run``,
even when every segment came from memory: every term's regex was compiled when the
glossary was loaded, several times over. Terms are now compiled when a text could hold
them (``translate.glossary.matching``) and each file is parsed once per process
(``translate.glossary.po``). The rows, measured in one run:

* **build**: loading the glossary (parse, stack, index) with each term compiled at load
  (the old way, reproduced by compiling every entry) against compiled when needed;
* **match**: finding the terms of every sentence of generated articles, first pass
  (compiling what the sentences meet) and second pass (all compiled);
* **run from memory**: the CPU (user + system) of a ``translate run`` child process whose
  every segment is already in the database, with the 10,000-term glossary against none.

The glossary is generated here: invented multi-word names (never real ones), plus a few
Sahel terms the generated articles contain, so matching has something to find.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools.bench import articles as article_gen
from tools.bench.section import Section

ROOT = Path(__file__).resolve().parents[2]
TERMS = 10_000
QUICK_TERMS = 2_000
ARTICLES = 20
_SYLLABLES = ["ba", "ka", "ma", "na", "sa", "ta", "za", "di", "do", "fu", "go", "ki", "lo",
              "mi", "ni", "ra", "si", "tu", "wa", "ya"]  # fmt: skip
REAL_TERMS = {
    "ECOWAS": "CEDEAO",
    "junta": "junte",
    "African Union": "Union africaine",
    "electoral commission": "commission électorale",
    "Alliance of Sahel States": "Alliance des États du Sahel",
    "drone base": "base de drones",
}


def write_glossary(path: Path, terms: int, seed: int = 7) -> Path:
    """A French PO glossary of ``terms`` entries (see the module docstring)."""
    import polib

    rng = random.Random(seed)
    catalog = polib.POFile()
    catalog.metadata = {"Language": "fr", "Content-Type": "text/plain; charset=UTF-8",
                        "Plural-Forms": "nplurals=2; plural=(n > 1);"}  # fmt: skip
    for term, target in REAL_TERMS.items():
        catalog.append(polib.POEntry(msgid=term, msgstr=target))
    seen = {t.casefold() for t in REAL_TERMS}
    while len(catalog) < terms:
        words = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            words.append(word.capitalize() if rng.random() < 0.5 else word)
        source = " ".join(words)
        if source.casefold() in seen:
            continue
        seen.add(source.casefold())
        catalog.append(polib.POEntry(msgid=source, msgstr=f"{source} (fr)"))
    catalog.save(str(path))
    return path


def _fresh_caches() -> None:
    from translate.glossary import loader, matching

    matching._compile_entry.cache_clear()
    loader._PARSED.clear()


def _build(path: Path, eager: bool) -> tuple[float, Any]:
    from translate.glossary import loader, matching

    _fresh_caches()
    started = time.process_time()
    glossary = loader.load_glossary([path], "fr")
    if eager:  # what loading did before: every term compiled, used or not
        for entry in glossary.entries:
            matching._compile_entry(entry)
    return time.process_time() - started, glossary


def _sentences(count: int) -> list[str]:
    from translate.documents import split_sentences

    sentences: list[str] = []
    for article in article_gen.generate(count):
        for paragraph in article.text.split("\n\n"):
            sentences += split_sentences(paragraph)
    return sentences


def _run_cpu(args: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of one ``translate`` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "translate", *args], env=env,
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"translate {' '.join(args)}: {result.stderr.strip()[-300:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(quick: bool = False) -> dict[str, Any]:
    terms = QUICK_TERMS if quick else TERMS
    with tempfile.TemporaryDirectory(prefix="translate-bench-glossary-") as folder:
        work = Path(folder)
        glossary_path = write_glossary(work / "big.fr.po", terms)
        eager_s, _ = _build(glossary_path, eager=True)
        lazy_s, glossary = _build(glossary_path, eager=False)
        sentences = _sentences(5 if quick else ARTICLES)
        started = time.process_time()
        found = sum(len(glossary.find(s)) for s in sentences)
        first_s = time.process_time() - started
        started = time.process_time()
        sum(len(glossary.find(s)) for s in sentences)
        second_s = time.process_time() - started

        articles = article_gen.write(article_gen.generate(3), work / "articles")
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "no-packages")}
        common = ["run", *map(str, articles), "--to", "fr", "-o", str(work / "out.jsonl"), "-q"]
        rows: dict[str, float] = {}
        for label, extra in (("none", []), ("big", ["-g", f"fr={glossary_path}"])):
            db = ["--db", str(work / f"{label}.db")]
            _run_cpu([*common, *db, *extra], env)  # fills the memory
            rows[label] = _run_cpu([*common, *db, *extra], env)  # every segment from memory
    return {
        "terms": terms,
        "build_eager_s": round(eager_s, 3),
        "build_lazy_s": round(lazy_s, 3),
        "build_speedup": round(eager_s / lazy_s, 1) if lazy_s else None,
        "sentences": len(sentences),
        "terms_found": found,
        "match_first_pass_s": round(first_s, 3),
        "match_second_pass_s": round(second_s, 3),
        "run_cpu_no_glossary_s": round(rows["none"], 2),
        "run_cpu_big_glossary_s": round(rows["big"], 2),
        "run_cpu_ratio": round(rows["big"] / rows["none"], 2) if rows["none"] else None,
    }


def format_rows(report: dict[str, Any]) -> str:
    terms = f"{report['terms']:,}"
    sentences = report["sentences"]
    rows = [
        ("build, every term compiled at load (old)", report["build_eager_s"], ""),
        ("build, terms compiled when needed", report["build_lazy_s"],
         f"{report['build_speedup']}x less"),
        (f"match {sentences} sentences, first pass", report["match_first_pass_s"],
         f"{report['terms_found']} terms found"),
        (f"match {sentences} sentences, second pass", report["match_second_pass_s"], ""),
        ("run from memory, no glossary", report["run_cpu_no_glossary_s"], ""),
        (f"run from memory, {terms}-term glossary", report["run_cpu_big_glossary_s"],
         f"{report['run_cpu_ratio']}x the run without"),
    ]  # fmt: skip
    lines = [f"Glossary matcher ({terms} terms; CPU seconds, one run)"]
    for label, seconds, note in rows:
        lines.append(f"  {label:<44}{seconds:8.3f}" + (f"   ({note})" if note else ""))
    return "\n".join(lines)


SECTION = Section(
    key="glossary_matcher",
    help=(
        "only the glossary matcher section: a 10,000-term glossary's build, match and "
        "run-from-memory cost"
    ),
    progress="glossary matcher (a 10,000-term glossary)",
    measure=lambda quick: measure(quick=quick),
    format_rows=format_rows,
)
