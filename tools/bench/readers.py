"""Readers section of ``make bench``: read + segment time per format at growing sizes.

Every input is generated here at each size: ordinary copy in each format and the shapes
that used to be quadratic (one 1 MB line, runs of ``*a _b ``, ``[`` and ``<a ``). The
time is ``read_documents`` on a file (decode, clean, parse, sentence-split); seconds per
MB staying flat across the sizes is what linear means.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SIZES = (250_000, 500_000, 1_000_000)
QUICK_SIZES = (10_000, 20_000, 40_000)

_SENTENCES = [
    "The junta said on Tuesday that the vote would take place in March.",
    "Gen. Abdourahamane Tiani met ECOWAS envoys in Niamey for three hours.",
    "About 1,100 U.S. troops left the drone base near Agadez by Aug. 5.",
    '"We will choose our partners freely," a spokesman told reporters.',
    "Prices of rice and sugar rose by about 40% in two months, traders said.",
]


def _prose(size: int, separator: str = " ") -> str:
    out: list[str] = []
    length = 0
    index = 0
    while length < size:
        sentence = _SENTENCES[index % len(_SENTENCES)]
        out.append(sentence)
        length += len(sentence) + len(separator)
        index += 1
    return separator.join(out)


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def txt_one_line(size: int) -> str:
    return "Junta sets a date for the vote\n\n" + _prose(size) + "\n"


def txt_per_line(size: int) -> str:
    lines, paragraph = [], []
    for number, sentence in enumerate(_prose(size, "\n").split("\n"), start=1):
        paragraph.append(sentence)
        if number % 4 == 0:
            lines.append(" ".join(paragraph))
            paragraph = []
    lines.append(" ".join(paragraph))
    return "Junta sets a date for the vote\nWeb DeskApril 13, 2025 01:43 PMworld\n" + "\n".join(
        lines
    )


def md_emphasis(size: int) -> str:
    unit = "The **junta** said _on Tuesday_ that the `vote` would [take place](u) in *March*. "
    return "# Junta sets a date\n\n" + _repeat(unit, size // 2) + _repeat("*a _b ", size // 2)


def md_brackets(size: int) -> str:
    return "# Junta sets a date\n\n" + _repeat("[", size) + "\n"


def html_a_heavy(size: int) -> str:
    return "<p>" + _repeat("<a ", size) + "</p>"


def html_normal(size: int) -> str:
    paragraphs = _prose(size, "\n").split("\n")
    body = "".join(
        f"<p>{s} <b>Niamey</b> and <a href='/x'>Agadez</a>.</p>\n" for s in paragraphs[::2]
    )
    return f"<html><body><h1>Junta sets a date</h1>\n{body}</body></html>\n"


def web_page(size: int) -> str:
    chrome = "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    body = html_normal(size).split("<body>", 1)[1].rsplit("</body>", 1)[0]
    footer = "<footer><p>© 2025 Sahel Wire. All rights reserved.</p></footer>"
    return f"<html><body><header>{chrome}</header><article>{body}</article>{footer}</body></html>"


def jsonl(size: int) -> str:
    lines = []
    length = 0
    number = 0
    while length < size:
        line = json.dumps(
            {"id": f"a{number}", "title": "Junta sets a date", "body": _prose(2000)},
            ensure_ascii=False,
        )
        lines.append(line)
        length += len(line) + 1
        number += 1
    return "\n".join(lines) + "\n"


INPUTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "txt one-line article": ("txt", txt_one_line),
    "txt one paragraph per line": ("txt", txt_per_line),
    "md emphasis-heavy (+ '*a _b ')": ("md", md_emphasis),
    "md run of '['": ("md", md_brackets),
    "html '<a '-heavy": ("html", html_a_heavy),
    "html normal": ("html", html_normal),
    "html saved web page": ("html", web_page),
    "jsonl": ("jsonl", jsonl),
}


@dataclass
class ReaderRow:
    input: str
    size_bytes: int
    segments: int
    seconds: float

    @property
    def seconds_per_mb(self) -> float:
        return self.seconds / (self.size_bytes / 1e6)


def measure(sizes: tuple[int, ...] = SIZES) -> list[ReaderRow]:
    from translate.documents import read_documents

    rows: list[ReaderRow] = []
    with tempfile.TemporaryDirectory(prefix="translate-bench-readers-") as work:
        for label, (extension, make) in INPUTS.items():
            for size in sizes:
                path = Path(work) / f"input.{extension}"
                data = make(size).encode("utf-8")
                path.write_bytes(data)
                started = time.perf_counter()
                documents = read_documents(path, on_warning=lambda _m: None)
                elapsed = time.perf_counter() - started
                segments = sum(len(d.segments) for d in documents)
                rows.append(ReaderRow(label, len(data), segments, elapsed))
    return rows


def format_rows(rows: list[ReaderRow]) -> str:
    lines = [
        "Readers: read + segment (read_documents on a file), one run each",
        f"  {'input':<32}{'size':>10}{'segments':>10}{'time s':>9}{'s/MB':>8}",
    ]
    for row in rows:
        lines.append(
            f"  {row.input:<32}{row.size_bytes / 1e6:>8.2f}MB{row.segments:>10}"
            f"{row.seconds:>9.2f}{row.seconds_per_mb:>8.2f}"
        )
    return "\n".join(lines)


def as_json(rows: list[ReaderRow]) -> list[dict[str, object]]:
    return [
        {
            "input": r.input,
            "size_bytes": r.size_bytes,
            "segments": r.segments,
            "seconds": round(r.seconds, 3),
            "seconds_per_mb": round(r.seconds_per_mb, 3),
        }
        for r in rows
    ]
