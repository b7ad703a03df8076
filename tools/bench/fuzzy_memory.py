"""Fuzzy memory section of ``make bench`` (``python -m tools.bench --fuzzy-memory``).

``review show``, ``tm search --fuzzy`` and exports look up the closest reviewed
translations of a sentence (``translate.review.memory``): the FTS5 index of the sources
gives at most a few hundred candidates, rapidfuzz scores them. Measured here on a memory
of 100,000 approved segments (10,000 with ``--quick``) generated from Sahel-news
templates, with queries that change one word of a stored sentence:

* **indexed lookup**: ``fuzzy_matches`` as the commands call it, per query (mean, p95);
* **full scan**: rapidfuzz's ``process.extract`` over every stored source (already in
  memory, so the scan's cost only): what the index saves;
* **found**: queries whose best match is the sentence they were made from.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tools.bench.section import Section

SEGMENTS = 100_000
QUICK_SEGMENTS = 10_000
QUERIES = 200
PER_ARTICLE = 100

_SUBJECTS = ["The junta", "The ECOWAS mission", "Niger's foreign minister", "The army",
             "The ruling council", "A Russian delegation", "The United Nations envoy",
             "Protesters in Niamey", "The Malian government", "Burkina Faso's leader",
             "The electoral commission", "Aid agencies", "The uranium company"]  # fmt: skip
_VERBS = ["said on", "announced on", "denied on", "confirmed on", "rejected on",
          "welcomed on", "criticised on", "postponed on"]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_OBJECTS = ["the new security pact", "the border reopening", "the fuel subsidy",
            "the transition timetable", "the drone base agreement", "food aid deliveries",
            "the uranium export ban", "talks with the opposition parties",
            "the withdrawal of foreign troops", "the humanitarian corridor"]  # fmt: skip
_TAILS = ["after a week of talks", "in a televised address", "according to state media",
          "despite pressure from its neighbours", "in the capital", "near the Malian border",
          "before the regional summit", "as fuel prices rose"]  # fmt: skip


_SYLLABLES = ["ba", "ka", "ma", "na", "sa", "ta", "za", "di", "do", "fu", "go", "ki", "lo",
              "mi", "ni", "ra", "si", "tu", "wa", "ya"]  # fmt: skip


def _place(rng: random.Random) -> str:
    """An invented town (never a real one): news sentences name places and people."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()


def _sentence(rng: random.Random, number: int) -> str:
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_DAYS)} "
        f"{rng.choice(_OBJECTS)} in {_place(rng)} {rng.choice(_TAILS)}, "
        f"with {100 + number % 9000} people."
    )


def _fill(db: Path, count: int, rng: random.Random) -> list[str]:
    """A store holding ``count`` approved translations; returns their sources."""
    from translate.records import ArticleInput, SegmentInput
    from translate.store import open_store

    sources = [_sentence(rng, n) for n in range(count)]
    with open_store(db) as store:
        rows = []
        for first in range(0, count, PER_ARTICLE):
            texts = sources[first : first + PER_ARTICLE]
            record = store.add_article(
                ArticleInput(f"bench-{first}", f"bench-{first}", str(first), "en", None,
                             [SegmentInput("paragraph", i, t) for i, t in enumerate(texts)])
            )  # fmt: skip
            rows += [
                {"segment_id": sid, "lang": "fr", "machine_text": f"FR {text}",
                 "final_text": f"FR {text}", "status": "approved",
                 "created_at": "2026-01-01T00:00:00.000Z",
                 "updated_at": "2026-01-01T00:00:00.000Z"}
                for sid, text in zip(record.segment_ids, texts, strict=True)
            ]  # fmt: skip
        with store.transaction():
            store.db.table("translations").insert_all(rows, batch_size=5000)
    return sources


def _query(rng: random.Random, source: str) -> str:
    """The stored sentence with one word changed."""
    words = source.split()
    index = rng.randrange(1, len(words) - 2)
    words[index] = rng.choice(["quickly", "again", "formally", "jointly", "Tuesday"])
    return " ".join(words)


def measure(quick: bool = False) -> dict[str, Any]:
    from rapidfuzz import fuzz, process

    from translate.localize.folding import fold_for_search
    from translate.review.memory import fuzzy_matches
    from translate.store import open_store

    count = QUICK_SEGMENTS if quick else SEGMENTS
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="translate-bench-fuzzy-") as folder:
        db = Path(folder) / "memory.db"
        started = time.perf_counter()
        sources = _fill(db, count, rng)
        fill_s = time.perf_counter() - started
        picked = [rng.choice(sources) for _ in range(QUERIES)]
        queries = [_query(rng, s) for s in picked]
        lookups: list[float] = []
        found = 0
        with open_store(db, readonly=True) as store:
            fuzzy_matches(store, queries[0], "fr")  # warm the page cache
            for query, source in zip(queries, picked, strict=True):
                started = time.perf_counter()
                matches = fuzzy_matches(store, query, "fr")
                lookups.append(time.perf_counter() - started)
                found += bool(matches) and matches[0].source_text == source
        folded = [fold_for_search(s) for s in sources]
        scans: list[float] = []
        for query in queries[:20]:
            started = time.perf_counter()
            process.extract(fold_for_search(query), folded, scorer=fuzz.ratio, limit=5,
                            score_cutoff=75)  # fmt: skip
            scans.append(time.perf_counter() - started)
    mean = statistics.mean(lookups)
    scan = statistics.mean(scans)
    return {
        "segments": count,
        "queries": QUERIES,
        "fill_s": round(fill_s, 1),
        "lookup_mean_ms": round(mean * 1000, 2),
        "lookup_p95_ms": round(sorted(lookups)[int(len(lookups) * 0.95) - 1] * 1000, 2),
        "full_scan_mean_ms": round(scan * 1000, 2),
        "scan_over_lookup": round(scan / mean, 1) if mean else None,
        "found": found,
    }


def format_rows(report: dict[str, Any]) -> str:
    lines = [
        f"Fuzzy memory ({report['segments']:,} approved segments, {report['queries']} queries"
        " with one word changed; one run)",
        f"  {'indexed lookup (FTS5 + rapidfuzz), mean':<44}{report['lookup_mean_ms']:8.2f} ms",
        f"  {'indexed lookup, p95':<44}{report['lookup_p95_ms']:8.2f} ms",
        f"  {'full rapidfuzz scan of every source, mean':<44}"
        f"{report['full_scan_mean_ms']:8.2f} ms   ({report['scan_over_lookup']}x the lookup)",
        f"  {'best match is the sentence changed':<44}{report['found']:>8} / {report['queries']}",
    ]
    return "\n".join(lines)


SECTION = Section(
    key="fuzzy_memory",
    help=("only the fuzzy memory section: lookups on 100,000 stored segments"),
    progress="fuzzy memory (100,000 stored segments)",
    measure=lambda quick: measure(quick=quick),
    format_rows=format_rows,
)
