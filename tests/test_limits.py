"""Every input and option is bounded (issue 28): a number outside its documented range,
huge or not a number at all, is exit 2 and one line in the tool's own words, never a
traceback or a signal; malformed addresses and codes are usage errors too; the limits
table in docs/limits.md lists every bound.

Options are tried in this process (typer's runner: fast); a real process where the exit
status itself is the point (a signal would show there).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ENGLISH, ROOT, invoke, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translate import bounds
from translate.errors import EXIT_USAGE

OPTIONS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run_cli_command() -> list[str]:
    return [sys.executable, "-m", "translate"]


def cli_env(**extra: str) -> dict[str, str]:
    return {**os.environ, **ENGLISH, **extra}


def one_usage_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == EXIT_USAGE, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("translate: error: ") and "Traceback" not in result.stderr
    return lines[0]


# Each numeric option with a command line that is complete without it: only the value
# under test can be wrong. (The files need not exist: the options are checked first.)
BUILD = ["models", "build", "m", "--from", "en", "--to", "ha", "--spm", "s.model", "-o", "o"]
COMMANDS: dict[str, tuple[bounds.Bound, list[str]]] = {
    "run --beam-size": (bounds.BEAM_SIZE, ["run", "x.txt", "--to", "fr", "--beam-size"]),
    "run --threads": (bounds.THREADS, ["run", "x.txt", "--to", "fr", "--threads"]),
    "run --workers": (bounds.WORKERS, ["run", "x.txt", "--to", "fr", "--workers"]),
    "run --window": (bounds.WINDOW, ["run", "x.txt", "--to", "fr", "--window"]),
    "review list --limit": (bounds.LIST_LIMIT, ["review", "list", "--limit"]),
    "tm search --limit": (bounds.SEARCH_LIMIT, ["tm", "search", "CNSP", "--limit"]),
    "models build --max-source-positions": (
        bounds.MAX_SOURCE_POSITIONS,
        [*BUILD, "--max-source-positions"],
    ),
    "models build --max-target-positions": (
        bounds.MAX_TARGET_POSITIONS,
        [*BUILD, "--max-target-positions"],
    ),
}

NOT_NUMBERS = ["1e21", "1.5", "abc", "", " ", "0x10", "1_000", "٣", "+", "-", "inf", "nan",
               "4 4", "\x1b[31m7", "１２"]  # fmt: skip


def _values(bound: bounds.Bound) -> st.SearchStrategy[str]:
    below = st.integers(max_value=bound.low - 1)
    above = st.integers(min_value=bound.high + 1)
    huge = st.integers(20, 5000).map(lambda digits: "9" * digits)
    return st.one_of(below.map(str), above.map(str), huge, st.sampled_from(NOT_NUMBERS))


@OPTIONS
@given(data=st.data(), name=st.sampled_from(sorted(COMMANDS)))
def test_every_numeric_option_out_of_range_huge_or_not_a_number_is_one_line_exit_2(
    data: st.DataObject, name: str, tmp_path: Path
) -> None:
    bound, args = COMMANDS[name]
    value = data.draw(_values(bound))
    db = tmp_path / "t.db"
    with_db = ["--db", str(db)] if args[0] != "models" else []
    result = invoke(*args, value, *with_db)
    line = one_usage_line(result)
    assert f"{bound.name} must be a whole number from {bound.low} to {bound.high}" in line
    assert "\x1b" not in line and len(line) < 300
    assert not db.exists()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_numeric_option_takes_its_bounds(name: str) -> None:
    bound, _args = COMMANDS[name]
    assert bound.parse(str(bound.low)) == bound.low
    assert bound.parse(f" {bound.high} ") == bound.high
    with pytest.raises(Exception, match="must be a whole number"):
        bound.parse(str(bound.high + 1))


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--threads", "100000"], {}),
        (["--beam-size", "1e21"], {}),
        (["--beam-size", "1000"], {}),
        (["--window", "99999999999999999999999"], {}),
        ([], {"TRANSLATE_THREADS": "100000"}),
        ([], {"TRANSLATE_THREADS": "many"}),
    ],
)
def test_out_of_range_engine_options_end_in_one_line_never_a_signal(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    # A real process where a signal could end it (CTranslate2 given 100000 threads).
    call = run_cli if args[:1] == ["--threads"] else invoke
    result = call("run", str(story), "--to", "fr", "--db", str(db), "-o", "-", *args, env=env)
    line = one_usage_line(result)
    assert re.search(r"(--threads|--beam-size|--window|TRANSLATE_THREADS) must be", line), line
    assert result.stdout == "" and not db.exists()


def test_library_options_are_bounded_before_anything_is_stored(tmp_path: Path) -> None:
    from translate.engine.translator import EngineOptions
    from translate.errors import UsageError
    from translate.pipeline import RunOptions, run

    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    cases = [
        {"window": 10**30},
        {"chunk_size": 0},
        {"engine": EngineOptions(threads=100_000)},
        {"engine": EngineOptions(beam_size=10**21)},
        {"engine": EngineOptions(max_decoding_length=-1)},
    ]
    for case in cases:
        with pytest.raises(UsageError, match="must be a whole number from"):
            run(RunOptions([str(story)], ["fr"], db_path=db, out_dir=tmp_path / "out", **case))
    assert not db.exists()


# --------------------------------------------------------------------------- item 18


@pytest.mark.parametrize(
    "address",
    ["not a url", "tcp://", "tcp://host", "tcp://host:99999", "tcp://host:port",
     "http://127.0.0.1:8786", "tcp://127.0.0.1:8786/x?y", "\x1b[31m:1"],
)  # fmt: skip
def test_a_malformed_cluster_address_is_a_usage_error_before_the_database(
    address: str, tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = invoke("run", str(story), "--to", "fr", "--db", str(db), "--cluster", address)
    line = one_usage_line(result)
    assert "is not a scheduler address (tcp://HOST:PORT)" in line and "\x1b" not in line
    assert not db.exists()


def test_a_well_formed_cluster_address_passes_the_check() -> None:
    from translate.pipeline.options import check_scheduler_address

    for address in ("tcp://127.0.0.1:8786", "127.0.0.1:8786", "tls://sched.example:443",
                     "tcp://[::1]:8786"):  # fmt: skip
        check_scheduler_address(address)


@pytest.mark.parametrize(("source", "target"), [("..", "../etc"), ("en", "/tmp"), ("en", "")])
def test_models_remove_with_a_path_for_a_code_is_a_usage_error(
    source: str, target: str, packages_dir: Path
) -> None:
    result = invoke("models", "remove", source, target)
    assert "is not a language code" in one_usage_line(result)


# --------------------------------------------------------------------------- documented


def test_the_limits_table_lists_every_bound() -> None:
    table = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    for bound in bounds.ALL:
        wanted = f"| {bound.low} to {bound.high} |"
        assert any(f"`{bound.name}`" in row and wanted in row for row in rows), (bound, wanted)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/limits.md" in readme


# --------------------------------------------------------------------------- input sizes


@pytest.mark.parametrize(
    "args",
    [
        ["run", "/dev/zero", "--to", "fr", "--format", "txt"],
        ["run", "/dev/urandom", "--to", "fr", "--format", "jsonl"],
        ["run", "{story}", "--to", "fr", "-g", "fr=/dev/zero"],
        ["glossary", "check", "/dev/zero"],
        ["review", "import", "/dev/zero"],
    ],
)
def test_a_device_as_input_is_refused_at_once(args: list[str], tmp_path: Path) -> None:
    story = tmp_path / "x.txt"
    story.write_text("The CNSP met in Niamey.\n", encoding="utf-8")
    args = [arg.format(story=story) for arg in args]
    db = tmp_path / "t.db"
    if args[0] == "review":
        from translate.store import open_store

        open_store(db).close()
    result = invoke(*args, "--db", str(db)) if args[0] != "glossary" else invoke(*args)
    assert result.returncode == 1, result.stderr
    # `glossary check` lists problems on stdout, one a line, and counts them on stderr.
    (line,) = (result.stdout if args[0] == "glossary" else result.stderr).strip().splitlines()
    assert "/dev/" in line and "is a device, not a file (use - for standard input)" in line


@pytest.mark.slow
def test_standard_input_is_read_up_to_the_documented_limit(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run(
            [*run_cli_command(), "run", "-", "--to", "fr", "--db", str(db)],
            stdin=zeros, capture_output=True, text=True, timeout=120,
            env=cli_env(TRANSLATE_MAX_INPUT_BYTES="100000"),
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        "translate: error: <stdin>: larger than 100000 bytes; refused "
        "(raise it with TRANSLATE_MAX_INPUT_BYTES)"
    )
    assert not db.exists()


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The CNSP met in Niamey. " * 10_000, encoding="utf-8")
    result = invoke("run", str(big), "--to", "fr", "--db", str(tmp_path / "t.db"),
                    env={"TRANSLATE_MAX_INPUT_BYTES": "4096"})  # fmt: skip
    assert result.returncode == 1
    assert f"{big}: larger than 4096 bytes; refused" in result.stderr


def test_a_jsonl_line_over_the_limit_is_skipped_with_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from translate.documents import reader

    monkeypatch.setattr(reader, "MAX_LINE_CHARS", 200)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "body": "The CNSP met in Niamey."}\n'
        + '{"id": "b", "body": "'
        + "Niamey is calm. " * 40
        + '"}\n'
        + '{"id": "c", "body": "The junta said so."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = invoke("run", str(feed), "--to", "fr", "--db", str(tmp_path / "t.db"),
                    "--out-dir", str(out), "-q")  # fmt: skip
    assert result.returncode == 6, result.stderr
    assert f"warning: {feed}:2: line longer than 200 characters\n" in result.stderr
    ids = [line[:10] for line in (out / "feed.fr.jsonl").read_text().splitlines()]
    # the skipped line keeps its place as an error line (its id is not read: too long)
    assert ids == ['{"id": "a"', '{"id": nul', '{"id": "c"']
