"""`translate serve` on a free loopback port (127.0.0.1 only), driven by real
LibreTranslate clients from PyPI that nobody here wrote (libretranslatepy,
deep-translator's LibreTranslator), the real toy packages behind it. Every request loop
is bounded in count and time and stops by itself."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ENGLISH, ROOT

pytestmark = pytest.mark.slow

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    log: Path
    db: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8")


def start_server(tmp: Path, *args: str, name: str = "server") -> Server:
    port = free_port()
    log = tmp / f"{name}.log"
    db = tmp / f"{name}.db"
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "translate", "serve", "--host", HOST, "--port", str(port),
         "--db", str(db), *args],
        stdout=handle, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        env={**os.environ, **ENGLISH},
    )  # fmt: skip
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server ended: {log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if json.load(response)["status"] == "ok":
                    return Server(process, url, log, db)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the server did not start within 120 s")


def stop(server: Server) -> int:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    return server.process.wait(timeout=60)


def post_json(
    url: str, body: object, timeout: float = 60
) -> tuple[int, dict[str, object], dict[str, str]]:
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    return _send(request, timeout)


def _send(
    request: urllib.request.Request, timeout: float
) -> tuple[int, dict[str, object], dict[str, str]]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response), _lower(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), _lower(error.headers)


def _lower(headers: object) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("serve")
    glossaries = tmp / "glossaries"
    glossaries.mkdir()
    (glossaries / "desk.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "leaders"\nmsgstr "dirigeants"\n',
        encoding="utf-8",
    )
    running = start_server(tmp, "--glossary-dir", str(glossaries), "--max-body-bytes", "65536",
                           "--max-q-items", "40", "--char-limit", "5000")  # fmt: skip
    yield running
    assert stop(running) == 0
    assert "Traceback" not in running.log_text()


# --------------------------------------------------------------------------- real clients


def test_libretranslatepy_translates_lists_and_gets_errors(server: Server) -> None:
    from libretranslatepy import LibreTranslateAPI

    client = LibreTranslateAPI(server.url)
    hausa = client.translate("The CNSP met in Niamey on Monday.", "en", "ha")
    assert "Yamai" in hausa and "CNSP" in hausa and "Niamey" not in hausa  # the glossary
    french = client.translate("ECOWAS leaders met in Abuja.", "en", "fr")
    assert "CEDEAO" in french and "ECOWAS" not in french
    languages = client.languages()
    assert {"code": "en", "name": "English", "targets": ["fr", "ha"]} in languages
    assert client.detect("The CNSP met.")[0]["language"] == "en"
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.translate("Hello.", "en", "zz")
    assert caught.value.code == 400
    assert json.loads(caught.value.read()) == {"error": "zz is not supported"}


def test_deep_translator_translates_and_gets_errors(server: Server) -> None:
    from deep_translator import LibreTranslator
    from deep_translator.exceptions import LanguageNotSupportedException, ServerException

    # deep-translator insists on a key; a server without --api-keys ignores it.
    client = LibreTranslator(
        source="en", target="fr", api_key="unused", custom_url=server.url + "/"
    )
    text = client.translate("The CNSP met ECOWAS in Niamey.")
    assert "CEDEAO" in text and "CNSP" in text
    batch = client.translate_batch(["ECOWAS met.", "The junta met."])
    assert len(batch) == 2 and "CEDEAO" in batch[0]
    # Its language list is its own table: French is in it, as on this server.
    assert "fr" in client.get_supported_languages(as_dict=True).values()
    with pytest.raises(ServerException):  # a language it knows, this server does not
        LibreTranslator(
            source="en", target="de", api_key="x", custom_url=server.url + "/"
        ).translate("Hello.")
    with pytest.raises(LanguageNotSupportedException):
        LibreTranslator(source="en", target="zz", api_key="x", custom_url=server.url + "/")


def test_weblate_style_batch_with_the_extras(server: Server) -> None:
    # Weblate posts JSON with q a list and api_key (empty when not configured).
    status, body, _headers = post_json(
        f"{server.url}/translate",
        {"q": ["ECOWAS leaders met.", "The CNSP met."], "source": "en", "target": "fr",
         "api_key": "", "glossaries": ["desk"], "glossary": {"met": "a rencontré"}},
    )  # fmt: skip
    assert status == 200, body
    texts = body["translatedText"]
    assert isinstance(texts, list) and len(texts) == 2 and "CEDEAO" in texts[0]
    terms = body["terms"]
    assert isinstance(terms, list) and len(terms) == 2
    first = {t["term"]: t for t in terms[0]}
    assert first["ECOWAS"]["expected"] == "CEDEAO" and first["ECOWAS"]["found"] is True
    assert first["leaders"]["expected"] == "dirigeants"  # the named glossary
    assert first["met"]["expected"] == "a rencontré"  # the inline one
    assert body["violations"] == [sum(not t["found"] for t in ts) for ts in terms]
    assert "run_id" not in body  # not stored unless asked


def test_store_true_keeps_the_segments_for_review(server: Server) -> None:
    status, body, _ = post_json(
        f"{server.url}/translate",
        {"q": "The junta met ECOWAS in Niamey.", "source": "en", "target": "ha", "store": True},
    )
    assert status == 200 and isinstance(body["run_id"], int)
    import translate

    with translate.open_store(server.db) as store:
        rows = store.list_translations(lang="ha")
    assert any(r.source_text == "The junta met ECOWAS in Niamey." for r in rows)


def test_translate_file_round_trips_markdown(server: Server, tmp_path: Path) -> None:
    import requests

    article = "# ECOWAS summit\n\nThe CNSP met in Niamey.\n\n- ECOWAS leaders met in Abuja.\n"
    response = requests.post(
        f"{server.url}/translate_file",
        data={"source": "en", "target": "ha"},
        files={"file": ("../../etc/summit.md", article.encode("utf-8"), "text/markdown")},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    url = response.json()["translatedFileUrl"]
    assert url.startswith(server.url + "/download_file/") and "etc" not in url.split("/")[-1][:33]
    download = requests.get(url, timeout=30)
    assert download.status_code == 200
    assert "summit.ha.md" in download.headers["Content-Disposition"]
    text = download.text
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[1] == "" and lines[-1].startswith("- ")
    assert "Yamai" in text and "Niamey" not in text
    missing = requests.get(f"{server.url}/download_file/..%2F..%2Fetc%2Fpasswd", timeout=10)
    assert missing.status_code == 404 and "error" in missing.json()


def test_settings_health_and_metrics(server: Server) -> None:
    with urllib.request.urlopen(f"{server.url}/frontend/settings", timeout=10) as response:
        settings = json.load(response)
    assert settings["charLimit"] == 5000 and settings["filesTranslation"] is True
    assert ".md" in settings["supportedFilesFormat"] and settings["keyRequired"] is False
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=10) as response:
        metrics = response.read().decode()
    assert 'translate_requests_total{endpoint="/translate",status="200"}' in metrics
    for name in ("translate_queue_texts", "translate_batch_texts_bucket",
                 "translate_request_seconds_bucket", "translate_engine_seconds_count"):  # fmt: skip
        assert name in metrics, name


# --------------------------------------------------------------------------- hostile requests


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"source": "en", "target": "fr"}, 400, "Invalid request: missing q parameter"),
        ({"q": "Hi.", "target": "fr"}, 400, "Invalid request: missing source parameter"),
        ({"q": "Hi.", "source": "en", "target": "../etc"}, 400, "../etc is not supported"),
        ({"q": ["a"] * 41, "source": "en", "target": "fr"}, 400,
         "Invalid request: request (41) exceeds text limit (40)"),
        ({"q": "x" * 5001, "source": "en", "target": "fr"}, 400,
         "Invalid request: request (5001) exceeds text limit (5000)"),
        ({"q": [1, 2], "source": "en", "target": "fr"}, 400,
         "Invalid request: q must be a string or a list of strings"),
        ({"q": "Hi.", "source": "en", "target": "fr", "format": "docx"}, 400,
         "docx format is not supported"),
        ({"q": "Hi.", "source": "en", "target": "fr", "alternatives": "many"}, 400,
         "Invalid request: alternatives parameter is not a number"),
        ({"q": "Hi.", "source": "en", "target": "fr", "glossaries": ["/etc/passwd"]}, 400,
         "Invalid request: unknown glossary '/etc/passwd' (this server has: desk)"),
        ({"q": "Hi.", "source": "en", "target": "fr", "glossary": {"a\tb": "c"}}, 400, None),
        ({"q": "Hi.", "source": "en", "target": "fr", "store": "maybe"}, 400,
         "Invalid request: store must be true or false"),
    ],
)  # fmt: skip
def test_malformed_requests_get_a_json_4xx(
    server: Server, body: dict[str, object], status: int, error: str | None
) -> None:
    got, answer, _headers = post_json(f"{server.url}/translate", body)
    assert got == status, answer
    assert isinstance(answer.get("error"), str) and answer["error"]
    if error is not None:
        assert answer["error"] == error


def test_oversize_and_broken_bodies_get_a_json_4xx_and_no_traceback(server: Server) -> None:
    big = json.dumps({"q": "x" * 70_000, "source": "en", "target": "fr"}).encode()
    request = urllib.request.Request(f"{server.url}/translate", data=big,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    status, answer, _ = _send(request, 30)
    assert status == 413 and "larger than 65536 bytes" in str(answer["error"])
    for data, kind in ((b"{not json", "application/json"), (b"[1, 2]", "application/json"),
                       (b"\xff\xfe", "application/json"),
                       (b"--x\r\nbroken", "multipart/form-data; boundary=x")):  # fmt: skip
        request = urllib.request.Request(f"{server.url}/translate", data=data,
                                         headers={"Content-Type": kind})  # fmt: skip
        status, answer, _ = _send(request, 30)
        assert 400 <= status < 500 and isinstance(answer["error"], str), (data, answer)
    status, answer, _ = _send(urllib.request.Request(f"{server.url}/nowhere"), 10)
    assert status == 404 and answer == {"error": "Not Found"}
    status, answer, _ = _send(urllib.request.Request(f"{server.url}/languages", data=b"x"), 10)
    assert status == 405 and "error" in answer
    log = server.log_text()
    assert "Traceback" not in log
    access = [json.loads(line) for line in log.splitlines() if '"translate.server.access"' in line]
    assert {"method", "path", "status", "duration_ms"} <= set(access[-1])
    assert any(entry["status"] == 413 for entry in access)


# --------------------------------------------------------------------------- load


def test_sixteen_clients_get_every_answer(server: Server) -> None:
    clients, requests_each = 16, 25
    failures: list[str] = []
    answered: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        for index in range(requests_each):
            text = f"ECOWAS leaders met in Abuja on day {number * requests_each + index}."
            started = time.perf_counter()
            status, body, _ = post_json(
                f"{server.url}/translate", {"q": text, "source": "en", "target": "fr"}, 60
            )
            with lock:
                if status != 200 or not isinstance(body.get("translatedText"), str):
                    failures.append(f"{status} {body}")
                else:
                    answered.append(time.perf_counter() - started)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert time.monotonic() - started <= 60
    assert failures == [] and len(answered) == clients * requests_each
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=10) as response:
        metrics = response.read().decode()
    count = _sample(metrics, "translate_batch_requests_count")
    total = _sample(metrics, "translate_batch_requests_sum")
    assert total > count  # some engine runs took several requests at once


def _sample(metrics: str, name: str) -> float:
    for line in metrics.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


def test_a_full_queue_answers_503_with_retry_after_and_keys_are_checked(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("# desk keys\nsecret-1\n", encoding="utf-8")
    small = start_server(tmp_path, "--queue-size", "2", "--batch-wait-ms", "1000",
                         "--api-keys", str(keys), name="small")  # fmt: skip
    try:
        url = f"{small.url}/translate"
        base = {"source": "en", "target": "fr"}
        assert post_json(url, {**base, "q": "Hi."})[0] == 400  # no key
        status, answer, _ = post_json(url, {**base, "q": "Hi.", "api_key": "wrong"})
        assert status == 403 and answer == {"error": "Invalid API key"}
        results: list[tuple[int, dict[str, object], dict[str, str]]] = []
        first = threading.Thread(
            target=lambda: results.append(
                post_json(url, {**base, "q": ["ECOWAS met.", "CNSP"], "api_key": "secret-1"})
            )
        )
        first.start()
        time.sleep(0.4)  # the first request waits a second in the queue for company
        status, answer, headers = post_json(url, {**base, "q": "Hi.", "api_key": "secret-1"})
        first.join(timeout=60)
        assert status == 503 and headers.get("retry-after") == "2", answer
        assert "queue is full" in str(answer["error"])
        assert results and results[0][0] == 200
    finally:
        assert stop(small) == 0
    assert "Traceback" not in small.log_text()


def test_sigterm_mid_load_loses_no_stored_segment(tmp_path: Path) -> None:
    import translate

    server = start_server(tmp_path, "--batch-wait-ms", "20", name="term")
    answered: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + 30

    def client(number: int) -> None:
        for index in range(40):
            if time.monotonic() > stop_at:
                return
            text = f"The CNSP met ECOWAS in Niamey on day {number}-{index}."
            try:
                status, _body, _ = post_json(
                    f"{server.url}/translate",
                    {"q": text, "source": "en", "target": "ha", "store": True}, 30,
                )  # fmt: skip
            except OSError:
                return  # the server has stopped listening
            if status == 200:
                with lock:
                    answered.append(text)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(answered) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.process.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join(timeout=60)
    assert server.process.wait(timeout=60) == 0
    assert len(answered) >= 20
    with translate.open_store(server.db) as store:
        stored = {r.source_text for r in store.list_translations(lang="ha")}
    assert set(answered) <= stored  # every answered request's segments are in the store
    with sqlite3.connect(server.db) as db:
        statuses = {status for (status,) in db.execute("SELECT status FROM runs")}
    assert statuses == {"ok"}  # every run finished and recorded, none left running
    assert "Traceback" not in server.log_text()
