"""An output never replaces what it does not own (issue 28): a device, FIFO or standard
stream named by ``-o`` is written through and stays what it is; a block device is
refused; an output path that is one of the run's inputs is refused before anything is
written; ``--db`` must be a regular file.

On the toy packages, in this process (typer's runner) unless a real process is the
point (the standard streams).
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import invoke, run_process

from translate import files
from translate.errors import EXIT_RUNTIME, EXIT_USAGE, OutputError
from translate.pipeline import RunOptions, run

STORY = "The CNSP met ECOWAS in Niamey on Tuesday.\n"


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the article ``story`` translated into French."""
    base = tmp_path_factory.mktemp("ownership")
    story = base / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = base / "t.db"
    run(RunOptions([str(story)], ["fr"], db_path=db, out_dir=base / "out"), log=lambda _m: None)
    return db


def _character_device(path: Path) -> Path:
    """A node like /dev/null (1, 3) at ``path``; needs root, as mknod does."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root")
    return path


@contextmanager
def _fifo_reader(path: Path) -> Iterator[Callable[[], bytes]]:
    """A FIFO at ``path`` with a reader thread; yields what the reader got (after the
    writer closed it)."""
    os.mkfifo(path)
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as handle:
            got.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def received() -> bytes:
        reader.join(timeout=60)
        assert not reader.is_alive(), "the FIFO's reader never got an end of file"
        return got[0]

    try:
        yield received
    finally:
        if reader.is_alive():  # unblock the reader whatever happened
            with open(path, "wb"):
                pass
            reader.join(timeout=5)


def _output_commands(tmp_path: Path, db: Path, output: Path) -> dict[str, list[str]]:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    return {
        "run": ["run", str(story), "--to", "fr", "--db", str(tmp_path / "run.db"), "-q",
                "-o", str(output)],
        "review export": ["review", "export", "--article", "story", "--lang", "fr",
                          "--format", "po", "--db", str(db), "-o", str(output)],
        "glossary export": ["glossary", "export", "--lang", "fr", "-o", str(output)],
    }  # fmt: skip


COMMANDS = ["run", "review export", "glossary export"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_character_device_named_by_o_stays_a_device(
    command: str, tmp_path: Path, filled_db: Path
) -> None:
    node = _character_device(tmp_path / "x")
    result = invoke(*_output_commands(tmp_path, filled_db, node)[command])
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert os.major(node.lstat().st_rdev) == 1 and os.minor(node.lstat().st_rdev) == 3


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_named_by_o_gets_the_whole_output_and_stays_a_fifo(
    command: str, tmp_path: Path, filled_db: Path
) -> None:
    fifo = tmp_path / "pipe"
    with _fifo_reader(fifo) as received:
        result = invoke(*_output_commands(tmp_path, filled_db, fifo)[command])
        assert result.returncode == 0, result.stderr
        data = received().decode("utf-8")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    expected = {"run": "CNSP", "review export": 'msgid "The CNSP', "glossary export": "CNSP"}
    assert expected[command] in data


@pytest.mark.slow
def test_a_link_to_a_standard_stream_writes_to_the_stream_and_stays_a_link(
    tmp_path: Path,
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    link = tmp_path / "out-link"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is
    for output in (str(link), "/dev/stdout"):
        # The process's own standard output: a process of its own.
        result = run_process("run", str(story), "--to", "fr", "--db", str(tmp_path / "t.db"),
                             "-q", "-o", output)  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "CNSP" in result.stdout and "Niamey" in result.stdout
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_a_block_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    node = tmp_path / "disk"
    try:
        os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(7, 250))  # a loop device number
    except PermissionError:
        pytest.skip("mknod needs root")
    with pytest.raises(OutputError, match=r"disk: is a block device, not a file; refused"):
        files.write_atomic(node, "x")
    result = invoke("glossary", "export", "--lang", "fr", "-o", str(node))
    assert result.returncode == EXIT_RUNTIME
    assert stat.S_ISBLK(node.lstat().st_mode)


def test_a_failed_output_writes_nothing_through_to_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    with _fifo_reader(fifo) as received:
        with pytest.raises(RuntimeError), files.atomic_writer(fifo) as handle:
            handle.write("half an article")
            raise RuntimeError("the writer fails half-way")
        with files.atomic_writer(fifo) as handle:  # the reader gets only a whole output
            handle.write("whole\n")
        assert received() == b"whole\n"


def test_feed_outputs_write_through_a_fifo_and_replace_a_planted_link(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "body": "The CNSP met in Niamey."}\n{"id": "b", "body": "Niamey is calm."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (out / "feed.ha.jsonl").symlink_to(victim)
    results: list[object] = []
    args = ["run", str(feed), "--to", "fr,ha", "--window", "1", "-q",
            "--db", str(tmp_path / "t.db"), "--out-dir", str(out)]  # fmt: skip
    with _fifo_reader(out / "feed.fr.jsonl") as received:
        # A writer that reopened the FIFO for its second window would wait for a reader
        # forever: the run gets a deadline of its own.
        runner = threading.Thread(target=lambda: results.append(invoke(*args)), daemon=True)
        runner.start()
        lines = received().decode("utf-8").splitlines()
        runner.join(timeout=60)
        assert not runner.is_alive(), "the run reopened the FIFO after its reader left"
    (result,) = results
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert [line[:9] for line in lines] == ['{"id": "a', '{"id": "b']  # both windows
    assert victim.read_text(encoding="utf-8") == "precious"
    written = out / "feed.ha.jsonl"
    assert not written.is_symlink() and len(written.read_text(encoding="utf-8").splitlines()) == 2


def test_a_link_planted_in_the_output_folder_is_replaced_never_followed(tmp_path: Path) -> None:
    """In --out-dir, where anyone may plant a link, a link to a FIFO or a stream is
    replaced like any link: the output never goes where the planter points it."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(tmp_path / "listener")
    (out / "story.fr.txt").symlink_to(tmp_path / "listener")
    (out / "story.ha.txt").symlink_to("/proc/self/fd/1")
    result = invoke("run", str(story), "--to", "fr,ha", "--db", str(tmp_path / "t.db"),
                    "--out-dir", str(out), "-q")  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in ("story.fr.txt", "story.ha.txt"):
        assert not (out / name).is_symlink() and "CNSP" in (out / name).read_text()
    assert stat.S_ISFIFO((tmp_path / "listener").lstat().st_mode)


# --------------------------------------------------------------------------- inputs


def test_out_dir_on_the_input_folder_never_overwrites_an_input(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "story.txt").write_text(STORY, encoding="utf-8")
    human = desk / "story.fr.txt"
    human.write_text("Le CNSP a rencontré la CEDEAO (traduit à la main).\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = invoke("run", str(desk), "--to", "fr", "--out-dir", str(desk), "--db", str(db))
    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip().splitlines()[-1] == (
        f"translate: error: {human}: is one of the inputs of this run; choose another --out-dir"
    )
    assert human.read_text(encoding="utf-8").endswith("(traduit à la main).\n")
    assert sorted(p.name for p in desk.iterdir()) == ["story.fr.txt", "story.txt"]
    assert not db.exists()  # refused before anything was stored


def test_files_named_like_this_runs_outputs_are_not_read_with_one_warning(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "story.txt").write_text(STORY, encoding="utf-8")
    for name in ("story.fr.txt", "older.fr.md", "brief.ha.txt"):  # earlier outputs
        (desk / name).write_text("Le CNSP.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("run", str(desk), "--to", "fr", "--out-dir", str(out),
                    "--db", str(tmp_path / "t.db"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["brief.ha.fr.txt", "story.fr.txt"]
    warnings = [line for line in result.stderr.splitlines() if "named like" in line]
    assert warnings == [
        f"translate: warning: {desk}: 2 files named like outputs of this run not read: "
        "older.fr.md, story.fr.txt"
    ]


@pytest.mark.parametrize("spelling", ["same", "relative", "hard link"])
def test_o_naming_an_input_is_refused_however_it_is_spelled(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    output = {"same": str(story), "relative": "./sub/../story.txt", "hard link": "linked.txt"}[
        spelling
    ]
    (tmp_path / "sub").mkdir()
    if spelling == "hard link":
        os.link(story, tmp_path / "linked.txt")
    monkeypatch.chdir(tmp_path)
    result = invoke("run", str(story), "--to", "fr", "-o", output, "--db", "t.db")
    assert result.returncode == EXIT_USAGE
    assert "is one of the inputs of this run; choose another -o" in result.stderr
    assert story.read_text(encoding="utf-8") == STORY
    assert not (tmp_path / "t.db").exists()


# --------------------------------------------------------------------------- --db


@pytest.mark.parametrize("kind", ["character device", "fifo", "link to a device"])
def test_db_that_is_not_a_regular_file_is_refused_before_anything(
    kind: str, tmp_path: Path, filled_db: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    if kind == "character device":
        db = _character_device(tmp_path / "null")
    elif kind == "fifo":
        db = tmp_path / "pipe"
        os.mkfifo(db)
    else:
        db = tmp_path / "link.db"
        db.symlink_to("/dev/null")
    out = tmp_path / "out"
    for args in (["run", str(story), "--to", "fr", "--out-dir", str(out)],
                 ["review", "list"], ["stats"]):  # fmt: skip
        result = invoke(*args, "--db", str(db))
        assert result.returncode == EXIT_RUNTIME, result.stderr
        assert result.stderr.strip() == (
            f"translate: error: {db}: is not a regular file, so not a translate database; refused"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["story.txt", db.name])
    assert db.is_symlink() or not stat.S_ISREG(db.lstat().st_mode)
