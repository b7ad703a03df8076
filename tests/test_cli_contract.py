"""The CLI contract (issue 15): clean help, one meaning per option, the README's exit
codes, normalised language codes, directory input, honest counts, warnings under -q,
output files that say their language, shell completion.

Help and option declarations are checked in process (typer's CliRunner); exit codes,
streams and files through the real CLI in a subprocess, as pipelines see them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ENGLISH, ROOT, invoke, run_cli
from typer.main import get_command
from typer.testing import CliRunner

from translate.cli.app import app
from translate.cli.common import INPUT_FORMATS
from translate.documents.language import declare_language
from translate.documents.reader import FORMATS, read_documents, read_inputs
from translate.lang import LanguageTag, normalize_language

SAMPLE = ROOT / "samples" / "niger-air-defence.txt"
README = (ROOT / "README.md").read_text(encoding="utf-8")
INPUTS = (ROOT / "docs" / "inputs.md").read_text(encoding="utf-8")
STORY = "Juntas leave the bloc\n\nThe CNSP met in Niamey on Monday.\n"


def _commands() -> list[tuple[list[str], Any]]:
    """Every command of the click tree, with its path: [], [run], [review, list]..."""
    found: list[tuple[list[str], Any]] = []

    def walk(path: list[str], command: Any) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk([*path, name], sub)

    walk([], get_command(app))
    return found


COMMANDS = _commands()


def _help(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={**ENGLISH, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


# --------------------------------------------------------------------------- help


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=lambda p: " ".join(p) or "root")
def test_help_names_values_and_shows_no_internal_types(path: list[str]) -> None:
    text = _help(path)
    for internal in ("<bool>", "<str>", "<int", "<path>", "list[", "[x>=", "[x<="):
        assert internal not in text, f"{' '.join(path)} --help shows {internal!r}:\n{text}"
    (usage,) = [line for line in text.splitlines() if "Usage:" in line]
    assert "{" not in usage and "<" not in usage, usage  # not typer's {inputs}...
    command = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    for param in command.params:
        if getattr(param, "is_flag", False) or param.name in ("help",):
            continue
        # Every value has a named placeholder (FILE, LANG, N...), shown in the help.
        assert param.metavar, f"{' '.join(path)}: {param.name} has no metavar"
        assert re.fullmatch(r"[A-Za-z_|.,=\[\]-]+", param.metavar), param.metavar
        assert param.metavar in text, (param.metavar, text)


def test_run_help_reads_as_a_user_expects() -> None:
    text = _help(["run"])
    assert "Usage: translate run [OPTIONS] FILE..." in text
    assert re.search(r"--to\s+-t\s+LANG\[,LANG\.\.\.\]", text)
    assert re.search(r"--output\s+-o\s+FILE\|-", text)
    assert re.search(r"--beam-size\s+N\s", text)
    assert re.search(r"--strict\s+Exit 3", text)  # a flag: no placeholder after it


def _readme_run_options() -> list[tuple[list[str], str]]:
    """The manual's table of `translate run` options (docs/inputs.md): (option names,
    what they take)."""
    section = INPUTS.split("Options of `translate run`", 1)[1].split("\n\n", 2)[1]
    rows = []
    for line in section.splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        names = re.findall(r"`(-[^`]+)`", cells[0])
        if names:
            rows.append((names, cells[1].strip("`").replace("\\|", "|")))
    return rows


def test_readme_run_option_table_is_the_help() -> None:
    """Every option of `translate run` is in the README's table, with what it takes
    (nothing for a flag, else its metavar as --help shows it)."""
    command = dict((tuple(p), c) for p, c in COMMANDS)[("run",)]
    options = {o: p for p in command.params for o in p.opts if p.param_type_name == "option"}
    documented = set()
    for names, takes in _readme_run_options():
        for name in names:
            param = options[name]  # a KeyError names an option the README invents
            documented.add(param.name)
            if getattr(param, "is_flag", False):
                assert takes == "", (name, takes)
            else:
                assert takes == param.metavar, (name, takes, param.metavar)
    assert documented == {p.name for p in options.values()} - {"help"}


def test_run_formats_are_the_readers() -> None:
    assert INPUT_FORMATS == FORMATS


def test_glossary_formats_are_the_term_formats() -> None:
    from translate.cli.glossary import TERM_FORMATS
    from translate.glossary.formats import TERM_FORMATS as TERMS

    assert sorted(TERM_FORMATS) == sorted(TERMS)


# --------------------------------------------------------------------------- one meaning


def test_short_flags_mean_one_thing_across_commands() -> None:
    meanings: dict[str, set[str]] = {}
    for _path, command in COMMANDS:
        for param in command.params:
            longs = sorted(o for o in param.opts if o.startswith("--"))
            for short in (o for o in param.opts if re.fullmatch(r"-[A-Za-z]", o)):
                meanings.setdefault(short, set()).update(longs[:1])
    assert {k: v for k, v in meanings.items() if len(v) > 1} == {}
    assert meanings["-f"] == {"--from"} and meanings["-o"] == {"--output"}


@pytest.mark.parametrize(
    "args",
    [
        ["--no-glossary", "-g", "glossaries/fr.po"],
        ["--no-glossary", "--glossary-only", "-g", "glossaries/fr.po"],
        ["--glossary-only"],
    ],
    ids=["no-glossary+g", "no-glossary+only", "only-without-g"],
)
def test_contradictory_glossary_options_are_refused(args: list[str], tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = run_cli("run", str(SAMPLE), "--to", "fr", "--db", str(db), *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("translate: error: ")
    assert not db.exists()


def test_g_adds_to_the_default_glossaries_and_glossary_only_replaces_them(tmp_path: Path) -> None:
    extra = tmp_path / "extra.po"
    extra.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sahel Wire Service"\nmsgstr "Agence Sahel"\n',
        encoding="utf-8",
    )
    default = json.loads(run_cli("glossary", "list", "-l", "fr", "--json").stdout)
    added = json.loads(run_cli("glossary", "list", "-l", "fr", "-g", str(extra), "--json").stdout)
    only = run_cli("glossary", "list", "-l", "fr", "-g", str(extra), "--glossary-only", "--json")
    sources = {e["source"] for e in added}
    assert "Sahel Wire Service" in sources
    assert {e["source"] for e in default} < sources
    assert [e["source"] for e in json.loads(only.stdout)] == ["Sahel Wire Service"]


@pytest.mark.slow
def test_run_o_file_writes_the_one_article_there(tmp_path: Path) -> None:
    target = tmp_path / "story-fr.txt"
    result = run_cli("run", str(SAMPLE), "--to", "fr", "--db", str(tmp_path / "t.db"),
                     "-o", str(target), "--out-dir", str(tmp_path / "unused"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "unused").exists()
    assert f"→ French (fr): {target} (" in result.stderr
    # -o FILE holds exactly what -o - prints (from memory now: the same text).
    printed = invoke("run", str(SAMPLE), "--to", "fr", "--db", str(tmp_path / "t.db"), "-o", "-")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip()
    assert target.read_text(encoding="utf-8") == printed.stdout


@pytest.mark.slow
def test_review_edit_text_dash_reads_stdin(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    assert run_cli("run", str(story), "--to", "fr", "--db", str(db), "--out-dir",
                   str(tmp_path / "out")).returncode == 0  # fmt: skip
    items = json.loads(run_cli("review", "list", "--db", str(db), "--json").stdout)
    first = items[0]["id"]
    result = run_cli("review", "edit", str(first), "--text", "-", "--db", str(db),
                     input="Les juntes quittent le bloc\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = json.loads(run_cli("review", "show", str(first), "--db", str(db), "--json").stdout)
    assert shown["target"] == "Les juntes quittent le bloc"


# --------------------------------------------------------------------------- exit codes


def _readme_exit_codes() -> set[int]:
    section = README.split("### Exit codes", 1)[1].split("\n\n", 2)[1]
    return {int(m) for m in re.findall(r"(?m)^\| (\d+) \|", section)}


def test_readme_exit_code_table_is_the_documented_set() -> None:
    from translate import errors

    constants = {v for k, v in vars(errors).items() if k.startswith("EXIT_")}
    assert _readme_exit_codes() == constants | {130, 141}
    # Each code of the table is asserted by a test of the suite (here or where the
    # behaviour lives: 3 in test_review.py, 5 in test_robust_runs.py).
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    for code in _readme_exit_codes():
        asserted = re.search(rf"(returncode|exit_code) == -?({code}|signal\.\w+)\b", sources)
        assert asserted, code
    assert re.search(r"returncode == 3\b", sources) and re.search(r"returncode == 5\b", sources)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "Invalid value for '--format'"),
        (["--encoding", "nope"], "unknown encoding 'nope'"),
        (["--device", "tpu"], "Invalid value for '--device'"),
        (["--furniture", "hide"], "Invalid value for '--furniture'"),
        (["--beam-size", "0"], "--beam-size"),
        (["--to", "../x"], "not a language code"),
    ],
)
def test_bad_option_values_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    full = ["run", str(SAMPLE), "--db", str(db), *(["--to", "fr"] if "--to" not in args else [])]
    result = run_cli(*full, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and not db.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["review", "export", "-a", "x", "-l", "fr", "--format", "docx"],
        ["glossary", "export", "-l", "fr", "--format", "xlsx"],
        ["review", "export", "-a", "x", "-l", "fr", "-f", "po"],  # -f is --from, not --format
    ],
)
def test_bad_values_of_other_commands_exit_2(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr


@pytest.mark.slow
def test_exit_0_1_4_7(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    common = ("--db", str(db), "--out-dir", str(tmp_path / "out"))
    assert run_cli("run", str(SAMPLE), "--to", "fr", *common).returncode == 0
    missing = run_cli("run", str(tmp_path / "missing.txt"), "--to", "fr", *common)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"translate: error: {tmp_path / 'missing.txt'}: no such file"
    no_model = run_cli("run", str(SAMPLE), "--to", "de", *common)
    assert no_model.returncode == 4
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    nothing = run_cli("run", str(empty), "--to", "fr", *common)
    assert nothing.returncode == 7
    assert f"{empty}: nothing to translate (no text found)" in nothing.stderr


def test_skipped_lines_and_duplicate_ids_exit_6_and_the_rest_is_translated(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "body": "The CNSP met in Niamey on Monday."}) + "\n"
        "{not json\n"
        + json.dumps({"id": "a", "body": "The envoys left on Tuesday."}) + "\n"
        + json.dumps({"id": "b", "body": "The envoys left on Tuesday."}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "out"
    result = run_cli("run", str(feed), "--to", "fr", "--db", str(tmp_path / "t.db"),
                     "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 6, result.stderr
    assert f"warning: {feed}:3: duplicate id 'a' (first on line 1)" in result.stderr
    assert (
        f"{feed}:2: invalid JSON: a key in double quotes is expected at line 1, column 2"
        in result.stderr
    )
    report = json.loads(result.stdout)
    assert [a["id"] for a in report["articles"]] == ["a", "b"]
    assert len(report["skipped"]) == 2 and report["counts"]["skipped"] == 2
    assert sorted(p.name for p in out.iterdir()) == ["feed.fr.jsonl"]  # one per feed
    written = [
        json.loads(line)
        for line in (out / "feed.fr.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # A skipped record keeps its place with an error line: downstream joins stay aligned.
    assert [line["id"] for line in written] == ["a", None, "a", "b"]
    assert [line.get("error", "")[:12] for line in written] == [
        "",
        "invalid JSON",
        "duplicate id",
        "",
    ]
    assert report["skipped"][1] == {"input": str(feed), "line": 3, "id": "a",
                                    "reason": "duplicate id 'a' (first on line 1)"}  # fmt: skip


@pytest.mark.slow
def test_exit_130_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C during a run: what was stored stays, one line, exit 130."""
    import contextlib

    import translate.cli
    import translate.cli.run as run_module

    def interrupt(_lang: str, _done: int, _total: int) -> None:
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def progress_reporter(style: str = "bar", enabled: bool = True):  # type: ignore[no-untyped-def]
        yield interrupt, None

    monkeypatch.setattr(run_module, "progress_reporter", progress_reporter)
    handler = signal.getsignal(signal.SIGPIPE)
    db = tmp_path / "t.db"
    try:
        with pytest.raises(SystemExit) as stopped:
            translate.cli.main(["run", str(SAMPLE), "--to", "fr", "--db", str(db), "--out-dir",
                                str(tmp_path / "out"), "--ui-lang", "en"])  # fmt: skip
    finally:
        signal.signal(signal.SIGPIPE, handler)
    assert stopped.value.code == 130
    assert "translate: interrupted" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        assert conn.execute("select status from runs").fetchall() == [("interrupted",)]


@pytest.mark.slow
def test_exit_141_when_the_reader_goes_away() -> None:
    read, write = os.pipe()
    os.close(read)  # nobody will ever read: the first write gets SIGPIPE
    try:
        child = subprocess.run(
            [sys.executable, "-m", "translate", "completion", "bash"],
            stdout=write, stderr=subprocess.PIPE, env={**os.environ, **ENGLISH}, cwd=ROOT,
            timeout=120,
        )  # fmt: skip
    finally:
        os.close(write)
    assert child.returncode == -signal.SIGPIPE  # the shell shows 128 + 13 = 141
    assert b"Traceback" not in child.stderr


# --------------------------------------------------------------------------- language codes


@pytest.mark.parametrize(
    ("value", "code", "locale"),
    [
        ("FR", "fr", "fr"),
        ("fr_NE", "fr", "fr_NE"),
        ("fr-ne", "fr", "fr_NE"),
        (" HA-ng ", "ha", "ha_NG"),
        ("zh-hant", "zh", "zh_Hant"),
        ("es-419", "es", "es_419"),
    ],
)
def test_language_codes_are_normalised_once(value: str, code: str, locale: str) -> None:
    assert normalize_language(value) == LanguageTag(code, locale)


@pytest.mark.parametrize("value", ["", "f", "../etc", "fr_", "français"])
def test_what_is_not_a_language_code_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        normalize_language(value)


@pytest.mark.slow
def test_to_uppercase_and_locale_codes_pick_the_package(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("run", str(SAMPLE), "--to", "FR,ha_NG", "--db", str(tmp_path / "t.db"),
                     "--out-dir", str(out), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["articles"][0]["targets"]) == {"fr", "ha"}
    assert sorted(p.name for p in out.iterdir()) == [
        "niger-air-defence.fr.txt", "niger-air-defence.ha.txt",
    ]  # fmt: skip
    # The locale picks the Hausa house spelling: ha_NG writes ʼy where ha_NE writes ƴ.
    hausa = (out / "niger-air-defence.ha.txt").read_text(encoding="utf-8")
    assert "ʼyan" in hausa and "ƴ" not in hausa


# --------------------------------------------------------------------------- directories


@pytest.mark.slow
def test_recursive_directory_mirrors_folders_and_lists_what_it_skipped(tmp_path: Path) -> None:
    src = tmp_path / "desk"
    (src / "world" / "africa").mkdir(parents=True)
    (src / "top.txt").write_text(STORY, encoding="utf-8")
    (src / "world" / "africa" / "top.txt").write_text(
        "Envoys leave Niamey\n\nThe envoys left on Tuesday.\n", encoding="utf-8"
    )
    (src / "world" / "notes.docx").write_bytes(b"PK\x03\x04")
    (src / ".DS_Store").write_bytes(b"\0")
    out = tmp_path / "out"
    args = ("--to", "fr", "--db", str(tmp_path / "t.db"), "--out-dir", str(out))
    flat = run_cli("run", str(src), *args)
    assert flat.returncode == 6, flat.stderr  # the subfolder was skipped, and said so
    assert f"{src / 'world'}: a folder, skipped (use --recursive)" in flat.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt")) == ["top.fr.txt"]

    result = run_cli("run", str(src), "--recursive", *args)
    assert result.returncode == 6, result.stderr
    assert f"{src / 'world' / 'notes.docx'}: skipped, unknown format '.docx'" in result.stderr
    assert ".DS_Store" not in result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert written == ["top.fr.txt", "world/africa/top.fr.txt"]
    assert "Niamey" in (out / "world" / "africa" / "top.fr.txt").read_text(encoding="utf-8")


def test_a_directory_without_articles_is_reported_exit_7(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "only-sub" / "deeper").mkdir(parents=True)
    (tmp_path / "only-sub" / "deeper" / "notes.docx").write_bytes(b"PK")
    for folder in ("empty", "only-sub"):
        result = run_cli("run", str(tmp_path / folder), "--to", "fr", "--recursive",
                         "--db", str(tmp_path / "t.db"))  # fmt: skip
        assert result.returncode == 7, result.stderr
        assert f"{tmp_path / folder}: no usable article in the folder" in result.stderr
    assert not (tmp_path / "t.db").exists()


def test_a_file_without_extension_is_sniffed_like_stdin(tmp_path: Path) -> None:
    page = tmp_path / "STORY"
    page.write_text("# Juntas leave the bloc\n\nThe CNSP met in **Niamey**.\n", encoding="utf-8")
    feed = tmp_path / "FEED"
    feed.write_text(json.dumps({"id": "x", "body": "The CNSP met."}) + "\n", encoding="utf-8")
    (story,) = read_documents(page)
    assert story.format == "md" and story.extension == "md"
    (article,) = read_documents(feed)
    assert article.format == "jsonl" and article.id == "x"


def test_empty_input_in_a_batch_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("\n")
    (tmp_path / "story.txt").write_text(STORY)
    batch = read_inputs([str(tmp_path / "empty.md"), str(tmp_path / "story.txt")])
    assert [d.id for d in batch.documents] == ["story"]
    result = run_cli(
        "run", str(tmp_path / "empty.md"), str(tmp_path / "story.txt"), "--to", "fr",
        "--db", str(tmp_path / "t.db"), "--out-dir", str(tmp_path / "out"), "-q",
    )  # fmt: skip
    assert result.returncode == 6
    assert f"warning: {tmp_path / 'empty.md'}: nothing to translate" in result.stderr


# --------------------------------------------------------------------------- -q, lang


@pytest.mark.slow
def test_quiet_hides_progress_never_warnings(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Juntas leave\x1f the bloc\n\nThe CNSP met in Niamey on Monday.\n")
    args = ("run", str(story), "--to", "fr", "--db", str(tmp_path / "t.db"),
            "--out-dir", str(tmp_path / "out"))  # fmt: skip
    loud, quiet = run_cli(*args), run_cli(*args, "-q")
    assert loud.returncode == quiet.returncode == 0
    warning = f"warning: {story}:1:13: 1 control character (U+001F) removed"
    assert warning in loud.stderr and warning in quiet.stderr
    assert "unique segments" in loud.stderr and "Segments stored in" in loud.stderr
    assert "unique segments" not in quiet.stderr and "Segments stored in" not in quiet.stderr


def test_html_output_says_its_language(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html>\n<html lang="en" class="a>b"><head><title>Juntas leave the bloc'
        "</title></head><body><h1>Juntas leave the bloc</h1><p>The CNSP met in Niamey on "
        "Monday.</p></body></html>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("run", str(page), "--to", "fr_NE,ha", "--db", str(tmp_path / "t.db"),
                     "--out-dir", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '<html lang="fr-NE" class="a>b">' in (out / "page.fr.html").read_text(encoding="utf-8")
    assert '<html lang="ha" class="a>b">' in (out / "page.ha.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "fmt", "locale", "expected"),
    [
        ("<HTML><body>x</body></HTML>", "html", "fr", '<HTML lang="fr"><body>'),
        ("<html dir='ltr' lang=en>", "html", "ar", '<html dir="rtl" lang="ar">'),
        ("<p>fragment</p>", "html", "fr", "<p>fragment</p>"),
        ("---\ntitle: X\nlang: en\n---\n# X\n", "md", "ha_NG", "---\ntitle: X\nlang: ha-NG\n---\n"),
        ("# X\n\nlang: en\n", "md", "fr", "# X\n\nlang: en\n"),
    ],
)
def test_declare_language(text: str, fmt: str, locale: str, expected: str) -> None:
    assert expected in declare_language(text, fmt, locale)


# --------------------------------------------------------------------------- counts


def _runs(db: Path) -> list[tuple[dict[str, int], str]]:
    with sqlite3.connect(db) as conn:
        return [(json.loads(c), s) for c, s in conn.execute("select counts, status from runs")]


@pytest.mark.slow
def test_counts_are_honest_after_an_interrupted_run_and_a_rerun(tmp_path: Path) -> None:
    from translate.pipeline import RunOptions, run

    db, out = tmp_path / "t.db", tmp_path / "out"

    def stop(_lang: str, _done: int, _total: int) -> None:
        raise KeyboardInterrupt

    options = RunOptions(inputs=[str(SAMPLE)], targets=["fr"], db_path=db, out_dir=out,
                         chunk_size=5)  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        run(options, log=lambda _m: None, progress=stop)
    ((counts, status),) = _runs(db)
    assert status == "interrupted"
    assert (counts["translated"], counts["rendered"], counts["reused"]) == (5, 2, 0)

    args = ("run", str(SAMPLE), "--to", "fr", "--db", str(db), "--out-dir", str(out))
    resumed = run_cli(*args, "--json")
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    target = report["articles"][0]["targets"]["fr"]
    assert (target["translated"], target["reused"], target["rendered"]) == (20, 5, 2)
    assert _runs(db)[1][0] == report["counts"]

    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert "(0 translated, 25 from memory;" in again.stderr  # datelines are not "translated"
    assert "Total: 0 segments translated, 25 from memory, 2 rendered (datelines)" in again.stderr
    assert _runs(db)[2][0]["translated"] == 0 and _runs(db)[2][0]["rendered"] == 2


# --------------------------------------------------------------------------- models, completion


def test_models_list_has_a_header_row() -> None:
    result = run_cli("models", "list")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["PAIR", "VERSION", "SIZE", "LANGUAGES", "ORIGIN", "PATH"]
    assert rows and all("bundled toy" in row for row in rows)


def test_a_package_installed_from_a_file_is_not_called_bundled(
    packages_dir: Path, toy_archive: dict[str, Path]
) -> None:
    assert run_cli("models", "install", str(toy_archive["ha"])).returncode == 0
    rows = run_cli("models", "list").stdout.splitlines()[1:]
    installed = [r for r in rows if str(packages_dir) in r]
    assert len(installed) == 1 and "installed (toy" in installed[0]
    assert "bundled" not in installed[0]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_generated(shell: str) -> None:
    result = CliRunner().invoke(app, ["completion", shell])
    assert result.exit_code == 0, result.output
    assert "_TRANSLATE_COMPLETE" in result.output and f"complete_{shell}" in result.output


def test_completion_completes_commands_and_options() -> None:
    bash = run_cli(env={"_TRANSLATE_COMPLETE": "complete_bash", "COMP_WORDS": "translate re",
                        "COMP_CWORD": "1"})  # fmt: skip
    assert bash.returncode == 0 and bash.stdout.split() == ["review"]
    zsh = run_cli(env={"_TRANSLATE_COMPLETE": "complete_zsh",
                       "_TYPER_COMPLETE_ARGS": "translate run --rec"})  # fmt: skip
    assert "--recursive" in zsh.stdout
    assert run_cli("completion", "tcsh").returncode == 2


@pytest.mark.slow
def test_a_run_with_stderr_closed_still_does_its_work(tmp_path: Path) -> None:
    """Issue 28: `translate run ... 2>&-` exited 1 having done nothing. The work is done,
    the exit code still tells, and the database never lands on descriptor 2."""
    db, out = tmp_path / "t.db", tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(SAMPLE), "--to", "fr", "--db", str(db),
         "--out-dir", str(out)],
        stdout=subprocess.PIPE, env={**os.environ, **ENGLISH}, timeout=300,
        preexec_fn=lambda: os.close(2),  # the child's own stderr, closed
    )  # fmt: skip
    assert result.returncode == 0
    assert "CNSP" in (out / "niger-air-defence.fr.txt").read_text(encoding="utf-8")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] > 0
    failing = subprocess.run(
        [sys.executable, "-m", "translate", "run", str(tmp_path / "missing.txt"), "--to", "fr",
         "--db", str(db)],
        env={**os.environ, **ENGLISH}, timeout=300, preexec_fn=lambda: os.close(2),
    )  # fmt: skip
    assert failing.returncode == 1  # nobody to tell, but the status still says it


@pytest.mark.slow
def test_a_run_with_stdin_closed_reads_nothing_and_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "translate", "run", "-", "--to", "fr", "--db",
         str(tmp_path / "t.db")],
        capture_output=True, text=True, env={**os.environ, **ENGLISH}, timeout=300,
        stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0),  # `0<&-`
    )  # fmt: skip
    assert result.returncode == 7, result.stderr
    assert result.stderr == "translate: error: <stdin>: nothing to translate (no text found)\n"
