"""The pipeline contract on stderr (issue 26): with --log-format json (or --progress json)
every stderr line is one JSON object, -q silences human lines only, a fatal error under
--json is one JSON object, skipped inputs are objects and a skipped JSONL record keeps
its place in the output; and `translate text` for a quick string."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke


def _feed(tmp_path: Path) -> Path:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "body": "The CNSP met in Niamey."}) + "\n"
        + '{"id": "broken", "body": "cut\n'
        + json.dumps({"id": "c", "body": "ECOWAS leaders met."}) + "\n"
        + json.dumps({"id": 7}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return feed


def _lines(stderr: str) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in stderr.splitlines()]  # each line parses, or fails
    assert all(isinstance(line, dict) for line in lines)
    return lines


@pytest.mark.parametrize("option", [["--log-format", "json"], ["--progress", "json"]])
@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_every_stderr_line_is_one_json_object(
    option: list[str], quiet: list[str], tmp_path: Path
) -> None:
    result = invoke("run", str(_feed(tmp_path)), "--to", "fr", "--db", str(tmp_path / "t.db"),
                    "-o", "-", *option, *quiet)  # fmt: skip
    assert result.returncode == 6, result.stderr
    events = _lines(result.stderr)
    kinds = [e["event"] for e in events]
    assert kinds.count("warning") == 2 and kinds[-1] == "report"
    assert "window" in kinds and "progress" in kinds  # requested events survive -q
    assert ("log" in kinds) is (not quiet)  # -q silences the human lines only
    report = events[-1]
    assert report["exit"] == 6 and report["counts"]["skipped"] == 2  # type: ignore[index]
    assert report["skipped"] == [
        {"input": str(tmp_path / "feed.jsonl"), "line": 2, "id": None,
         "reason": "invalid JSON: a string is not closed at line 1, column 26"},
        {"input": str(tmp_path / "feed.jsonl"), "line": 4, "id": "7",
         "reason": 'missing or invalid "body" (a string)'},
    ]  # fmt: skip
    # stdout: the feed, each skipped record in its place as {"id", "lang", "error"}
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["id"], "error" in o) for o in out] == [
        ("a", False),
        (None, True),
        ("c", False),
        ("7", True),
    ]
    assert out[1]["lang"] == "fr" and out[1]["line"] == 2


def test_without_json_the_human_lines_stay(tmp_path: Path) -> None:
    result = invoke("run", str(_feed(tmp_path)), "--to", "fr", "--db", str(tmp_path / "t.db"),
                    "-o", "-")  # fmt: skip
    assert result.returncode == 6
    assert "warning: " in result.stderr and not result.stderr.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("args", "code", "exit", "where"),
    [
        (["run", "{tmp}/nope.txt", "--to", "fr", "--json"], "input", 1, ("{tmp}/nope.txt", None)),
        (["run", "{tmp}/feed.jsonl", "--to", "fr", "--fail-fast", "--log-format", "json"],
         "input", 1, ("{tmp}/feed.jsonl", 2)),
        (["run", "{tmp}/feed.jsonl", "--to", "fr", "--beam-size", "99", "--json"],
         "usage", 2, (None, None)),
        (["run", "{tmp}/feed.jsonl", "--to", "xx", "--json", "--log-format", "json"],
         "no_model", 4, (None, None)),
        (["run", "{tmp}/feed.jsonl", "--to", "fr", "--no-such-option", "--json"],
         "usage", 2, (None, None)),
        (["text", "-", "--to", "fr", "--json"], "no_input", 7, (None, None)),
    ],
)  # fmt: skip
def test_a_fatal_error_under_json_is_one_json_object(
    args: list[str], code: str, exit: int, where: tuple[str | None, int | None], tmp_path: Path
) -> None:
    _feed(tmp_path)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = invoke(*argv, "--db", str(tmp_path / "t.db"), input="")
    assert result.returncode == exit
    *events, last = _lines(result.stderr)  # warnings before it are events, under json logs
    assert all(e["event"] == "warning" for e in events)
    error = last["error"]
    assert isinstance(error, dict)
    assert error["code"] == code and error["exit"] == exit and error["message"]
    file, number = where
    assert error.get("file") == (file.replace("{tmp}", str(tmp_path)) if file else None)
    assert error.get("line") == number
    assert result.stdout == ""


def test_text_translates_a_string_and_stdin() -> None:
    result = invoke("text", "The CNSP met ECOWAS in Niamey.", "--to", "ha")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("\n") and "Yamai" in result.stdout and "CNSP" in result.stdout
    piped = invoke("text", "-", "--to", "fr", input="ECOWAS leaders met in Abuja.\n")
    assert piped.returncode == 0 and "CEDEAO" in piped.stdout


def test_text_json_gives_the_term_outcomes(tmp_path: Path) -> None:
    result = invoke("text", "The CNSP met ECOWAS.", "--to", "fr", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"text", "source", "target", "package", "terms", "flags", "violations"}
    terms = {t["term"]: t for t in data["terms"]}
    assert terms["ECOWAS"]["expected"] == "CEDEAO" and terms["ECOWAS"]["found"] is True
    assert data["violations"] == sum(not t["found"] for t in data["terms"])
    stored = invoke("text", "The CNSP met.", "--to", "fr", "--json", "--db", str(tmp_path / "t.db"))
    assert isinstance(json.loads(stored.stdout)["run_id"], int)
    assert invoke("text", "x", "--to", "fr", "--no-glossary", "-g", "a.po").returncode == 2


def test_glossary_conflicts_name_only_the_forms_a_file_writes(tmp_path: Path) -> None:
    from translate.glossary import load_for

    extra = tmp_path / "extra.po"
    extra.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "ECOWAS"\nmsgstr "Cédéao"\n',
                     encoding="utf-8")  # fmt: skip
    (warning,) = [w for w in load_for("fr", [extra]).warnings if "ECOWAS" in w]
    assert warning.startswith("glossary conflict for 'ECOWAS': ") and "ECOWASes" not in warning
