"""Which web-article extractor the reader uses, measured (``python -m tools.compare_extractors``).

Runs trafilatura, readability-lxml and jusText on the saved pages of
``tests/data/documents/web/`` (written for the project: navigation, header, footer,
related links, comments, cookie banners) and counts, per extractor, the article
passages found, the boilerplate passages leaked, the metadata read (title, author,
date, site name) and the time per page. trafilatura and jusText come with the runtime
dependencies; readability-lxml is dev-only here (``pip install readability-lxml``) and
is skipped when absent.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parents[1] / "tests" / "data" / "documents" / "web"
Result = tuple[str, dict[str, Any]]


def _trafilatura(html: str) -> Result:
    import trafilatura

    out = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    meta = {"title": out.title, "author": out.author, "date": out.date, "sitename": out.sitename}
    return out.text or "", meta


def _readability(html: str) -> Result:
    import lxml.html
    from readability import Document  # type: ignore[import-not-found]

    document = Document(html)
    text = lxml.html.fromstring(document.summary()).text_content()
    return text, {"title": document.short_title()}


def _justext(html: str) -> Result:
    import justext

    paragraphs = justext.justext(html.encode(), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate), {}


def _found(piece: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", text) is not None


def compare(runs: int = 20) -> list[dict[str, Any]]:
    expected = json.loads((WEB / "expected.json").read_text(encoding="utf-8"))
    extractors: dict[str, Callable[[str], Result]] = {
        "trafilatura": _trafilatura,
        "readability-lxml": _readability,
        "justext": _justext,
    }
    rows = []
    for name, extract in extractors.items():
        try:
            extract("<html><body><p>x</p></body></html>")
        except ImportError:
            rows.append({"extractor": name, "skipped": "not installed"})
            continue
        row: dict[str, Any] = {"extractor": name, "ms_per_page": 0.0}
        for key in ("article", "article_total", "leaked", "boilerplate_total", "metadata",
                    "metadata_total"):  # fmt: skip
            row[key] = 0
        for page, want in expected.items():
            html = (WEB / page).read_text(encoding="utf-8")
            started = time.perf_counter()
            for _ in range(runs):
                text, meta = extract(html)
            row["ms_per_page"] += (time.perf_counter() - started) / runs * 1000 / len(expected)
            text = " ".join(text.split())
            row["article"] += sum(piece in text for piece in want["article"])
            row["article_total"] += len(want["article"])
            row["leaked"] += sum(_found(piece, text) for piece in want["boilerplate"])
            row["boilerplate_total"] += len(want["boilerplate"])
            for key in ("title", "author", "date", "sitename"):
                row["metadata"] += str(meta.get(key) or "").startswith(want[key])
                row["metadata_total"] += 1
        row["ms_per_page"] = round(row["ms_per_page"], 1)
        rows.append(row)
    return rows


def main() -> int:
    for row in compare():
        if "skipped" in row:
            print(f"{row['extractor']:<18} skipped ({row['skipped']})")
            continue
        print(
            f"{row['extractor']:<18} article passages {row['article']}/{row['article_total']}  "
            f"boilerplate leaked {row['leaked']}/{row['boilerplate_total']}  "
            f"metadata {row['metadata']}/{row['metadata_total']}  {row['ms_per_page']} ms/page"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
