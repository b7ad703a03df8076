"""Server section of ``make bench`` (``python -m tools.bench --server``): `translate serve`
on a free loopback port (127.0.0.1 only), the bundled toy ``en_fr`` package behind it.

* **latency**: short generated articles (headline, dateline, bullets, four sentences),
  one request each, one after the other, through ``POST /translate`` (glossary enforced,
  as every request is); p50 against the raw engine time for the same article's
  sentences (``translate_batch`` on them, tokenized before the clock starts), measured
  in this process before the server starts. Target: p50 within 0.1 s of the raw time.
* **throughput**: one-sentence requests (LibreTranslate-style), every sentence distinct,
  from one client, then from 16 concurrent clients; requests per second. Target: 16
  clients at least 3x one client's, with no error and no lost request.

Every request loop is bounded in count and time and stops by itself.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from tools.bench import articles as article_gen
from tools.bench.section import Section

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
TARGET_P50_MARGIN_S = 0.1
TARGET_SPEEDUP = 3.0
CLIENTS = 16


def _sizes(quick: bool) -> dict[str, int]:
    if quick:
        return {"articles": 6, "single": 32, "each": 8}
    return {"articles": 25, "single": 100, "each": 25}


def _raw_times(texts: list[str]) -> list[float]:
    """Raw engine seconds per article: its unique segments in one translate_batch."""
    from translate.documents import parse_text
    from translate.engine.packages import bundled_toy_packages
    from translate.engine.translator import EngineOptions, load_translator

    package = next(p for p in bundled_toy_packages() if (p.from_code, p.to_code) == ("en", "fr"))
    translator = load_translator(package, EngineOptions())
    translator.translate(["Warm-up sentence."])
    times = []
    for index, text in enumerate(texts):
        document = parse_text(text, "txt", id=f"a{index}", source="<bench>")
        unique = list(dict.fromkeys(s.text for s in document.segments))
        tokenized = [translator.tokenize(s) for s in unique]
        started = time.perf_counter()
        translator.translate_tokens(tokenized)
        times.append(time.perf_counter() - started)
    return times


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _start(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    empty = work / "no-packages"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(empty)}
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "serve", "--host", HOST, "--port", str(port),
         "--db", str(work / "serve.db"), "--queue-size", "4096"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("bench: translate serve ended before it listened")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("bench: translate serve did not start within 180 s")


def _post(url: str, text: str) -> bool:
    data = json.dumps({"q": text, "source": "en", "target": "fr"}).encode("utf-8")
    request = urllib.request.Request(
        f"{url}/translate", data=data, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status == 200 and isinstance(json.load(response)["translatedText"], str)
    except OSError:
        return False


def _sentences(count: int) -> list[str]:
    from translate.documents import split_sentences

    found: dict[str, None] = {}
    articles = 20
    while len(found) < count:
        for article in article_gen.generate(articles, seed=31):
            for paragraph in article.text.split("\n\n")[2:]:
                for sentence in split_sentences(paragraph.strip()):
                    if len(sentence.split()) >= 5 and not sentence.startswith("•"):
                        found.setdefault(sentence, None)
        articles *= 2
    return list(found)[:count]


def _clients(url: str, groups: list[list[str]]) -> tuple[float, int]:
    """Seconds for every group sent by its own client at once, and the failures."""
    failures = [0]
    lock = threading.Lock()

    def client(texts: list[str]) -> None:
        for text in texts:
            if not _post(url, text):
                with lock:
                    failures[0] += 1

    threads = [threading.Thread(target=client, args=(g,)) for g in groups]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return time.perf_counter() - started, failures[0]


def measure(quick: bool = False) -> dict[str, Any]:
    sizes = _sizes(quick)
    texts = [a.text for a in article_gen.generate(sizes["articles"], seed=17, paragraphs=2)]
    raw = _raw_times(texts)
    sentences = _sentences(sizes["single"] + CLIENTS * sizes["each"])
    single, rest = sentences[: sizes["single"]], sentences[sizes["single"] :]
    with tempfile.TemporaryDirectory(prefix="translate-bench-serve-") as folder:
        process, url = _start(Path(folder))
        try:
            _post(url, "Warm-up: the CNSP met in Niamey.")
            latencies = []
            for text in texts:
                started = time.perf_counter()
                if not _post(url, text):
                    raise SystemExit("bench: a latency request failed")
                latencies.append(time.perf_counter() - started)
            one_s, one_failed = _clients(url, [single])
            groups = [rest[n * sizes["each"] : (n + 1) * sizes["each"]] for n in range(CLIENTS)]
            many_s, many_failed = _clients(url, groups)
            with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:
                metrics = response.read().decode()
        finally:
            process.terminate()
            process.wait(timeout=120)
    one_rps = len(single) / one_s
    many_rps = CLIENTS * sizes["each"] / many_s
    p50, raw_p50 = statistics.median(latencies), statistics.median(raw)
    return {
        "articles": len(texts),
        "latency_p50_s": round(p50, 3),
        "latency_p90_s": round(sorted(latencies)[int(0.9 * (len(latencies) - 1))], 3),
        "raw_engine_p50_s": round(raw_p50, 3),
        "p50_margin_s": round(p50 - raw_p50, 3),
        "one_client": {"requests": len(single), "elapsed_s": round(one_s, 2),
                       "requests_per_s": round(one_rps, 1), "errors": one_failed},
        "clients": {"clients": CLIENTS, "requests": CLIENTS * sizes["each"],
                    "elapsed_s": round(many_s, 2), "requests_per_s": round(many_rps, 1),
                    "errors": many_failed},
        "throughput_ratio": round(many_rps / one_rps, 2),
        "mean_requests_per_batch": round(
            _sample(metrics, "translate_batch_requests_sum")
            / max(_sample(metrics, "translate_batch_requests_count"), 1), 2),
        "met": {
            "latency": p50 - raw_p50 <= TARGET_P50_MARGIN_S,
            "throughput": many_rps >= TARGET_SPEEDUP * one_rps and many_failed == 0,
        },
    }  # fmt: skip


def _sample(metrics: str, name: str) -> float:
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def format_rows(report: dict[str, Any]) -> str:
    one, many, met = report["one_client"], report["clients"], report["met"]

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    return "\n".join(
        [
            "Server (translate serve on 127.0.0.1, toy en_fr, glossary enforced)",
            f"  short article, p50 latency      {report['latency_p50_s']:8.3f} s  "
            f"(p90 {report['latency_p90_s']:.3f} s; {report['articles']} articles)",
            f"  raw engine, same sentences, p50 {report['raw_engine_p50_s']:8.3f} s  "
            f"(margin {report['p50_margin_s']:+.3f} s; target <= "
            f"{TARGET_P50_MARGIN_S} s: {mark(met['latency'])})",
            f"  1 client                        {one['requests_per_s']:8.1f} req/s "
            f"({one['requests']} requests, {one['errors']} errors)",
            f"  {many['clients']} clients                      "
            f"{many['requests_per_s']:8.1f} req/s ({many['requests']} requests, "
            f"{many['errors']} errors, {report['mean_requests_per_batch']} requests per "
            f"engine run on average)",
            f"  16 clients vs 1: {report['throughput_ratio']:.2f}x (target >= "
            f"{TARGET_SPEEDUP:.0f}x, no error: {mark(met['throughput'])})",
        ]
    )


SECTION = Section(
    key="server",
    help=(
        "only the server section: latency of a short article through translate serve "
        "against the raw engine, 16 clients against one"
    ),
    progress="server (latency, 16 clients against one)",
    measure=lambda quick: measure(quick=quick),
    format_rows=format_rows,
)
