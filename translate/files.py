"""Safe file writing: the one implementation every writer of the project uses.

A file is written to a temporary file in its own folder and renamed over the target
(``os.replace``), so a reader never sees half a file and a crash never leaves one:

* the temporary file comes from ``tempfile.mkstemp`` (``O_CREAT | O_EXCL``, a random
  name): a file or symbolic link planted in a shared folder is never opened, let
  alone written through;
* the rename replaces a symbolic link at the final name instead of following it, so
  the file it pointed to is left untouched;
* the result has the permissions of a normal new file (``0666 & ~umask``), or keeps
  those of the regular file it replaces;
* on any failure (full disk, Ctrl-C) the temporary file is removed, and every error
  is an :class:`~translate.errors.OutputError` naming the path.

Leftovers of writers killed with ``kill -9`` (``.NAME.PID-XXXXXXXX.tmp``) are removed
by the next write into the same folder once their process is gone (or nothing touched
them for :data:`STALE_AFTER_S`); :func:`remove_stale` does the same for a package
directory's ``.installing-PID-*`` folders, so a concurrent install is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from translate.errors import InputError, OutputError
from translate.i18n import _

#: The database runs store into and review commands read, unless ``--db`` (or
#: ``$TRANSLATE_DB``) says otherwise.
DEFAULT_DB = Path("translations.db")

# `-` for a FILE argument means standard input; messages name it <stdin>.
STDIN = "-"
STDIN_NAME = "<stdin>"


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def read_input(path: Path | str) -> bytes:
    """The bytes of a user's input file (``-``: standard input), or an InputError naming
    it (never a traceback)."""
    try:
        if is_stdin(path):
            return sys.stdin.buffer.read()
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(_("{path}: no such file").format(path=path)) from None
    except IsADirectoryError:
        raise InputError(_("{path}: is a directory, not a file").format(path=path)) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot read ({reason})").format(path=path, reason=exc.strerror or exc)
        ) from None


#: A leftover (temporary file or folder) of a writer is removed once its process is
#: gone, or once nothing has touched it for this long (its process may be another
#: machine's, or a reused PID).
STALE_AFTER_S = 5 * 60

# Our temporary files: ".NAME.PID-RANDOM.tmp"; before this module, ".NAME.PID.tmp".
_TEMP_NAME = re.compile(r"^\..*\.(?P<pid>\d+)(?:-[a-z0-9_]+)?\.tmp$")
_NAME_IN_TEMP = 80  # characters of the target name kept in the temporary name

_swept: set[Path] = set()
_lock = threading.Lock()


def _error(path: Path | str, exc: OSError) -> OutputError:
    return OutputError(
        _("{path}: cannot write: {reason}").format(path=path, reason=exc.strerror or exc)
    )


def _umask() -> int:
    # There is no way to read the umask without setting it.
    with _lock:
        mask = os.umask(0)
        os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """The mode the written file gets: that of the regular file it replaces, else the
    usual mode of a new file (mkstemp's own 0600 would hide exports from colleagues)."""
    try:
        current = target.lstat()
    except OSError:
        current = None
    if current is not None and stat.S_ISREG(current.st_mode):
        return stat.S_IMODE(current.st_mode)
    return 0o666 & ~_umask()


def _check_target(target: Path, within: Path | None) -> None:
    if str(target).endswith(("/", os.sep)) or (target.is_dir() and not target.is_symlink()):
        raise OutputError(_("{path}: is a directory, not a file").format(path=target))
    if within is not None:
        root = within.resolve()
        folder = target.parent.resolve()
        if folder != root and root not in folder.parents:
            raise OutputError(
                _("{path}: leads outside {folder} (through a symbolic link); refused").format(
                    path=target, folder=within
                )
            )


@contextmanager
def atomic_writer(
    path: Path | str,
    mode: str = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = "",
    within: Path | None = None,
) -> Iterator[IO[Any]]:
    """Open a file for writing that appears at ``path`` only once complete.

    ``mode`` is ``"w"`` (text; ``newline=""`` writes line ends as given) or ``"wb"``.
    ``within``: a folder the file must stay in, even through symbolic links planted in
    its subfolders (``--out-dir``).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_writer opens files for writing ('w' or 'wb'), not {mode!r}")
    target = Path(path)
    _check_target(target, within)  # before mkdir: no folder is made through a planted link
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be, here or further up
        blocker = next(p for p in (target.parent, *target.parent.parents) if p.exists())
        raise OutputError(
            _("{path}: cannot write: {folder} is not a folder").format(path=target, folder=blocker)
        ) from None
    except OSError as exc:
        raise _error(target, exc) from None
    sweep_stale_temporaries(target.parent)
    try:
        prefix = f".{target.name[:_NAME_IN_TEMP]}.{os.getpid()}-"
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _error(target, exc) from None
    temporary = Path(name)
    try:
        try:
            os.fchmod(fd, _mode_for(target))
            handle: IO[Any] = (
                os.fdopen(fd, "wb")
                if mode == "wb"
                else os.fdopen(fd, "w", encoding=encoding, newline=newline)
            )
        except BaseException:
            os.close(fd)
            raise
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        _remove_quietly(temporary)
        raise _error(target, exc) from None
    except BaseException:
        _remove_quietly(temporary)
        raise


def write_atomic(
    path: Path | str,
    data: str | bytes,
    *,
    encoding: str = "utf-8",
    newline: str | None = "",
    within: Path | None = None,
) -> Path:
    """Write ``data`` (text or bytes) to ``path`` safely (see the module docstring)."""
    if isinstance(data, bytes):
        with atomic_writer(path, "wb", within=within) as handle:
            handle.write(data)
    else:
        with atomic_writer(path, "w", encoding=encoding, newline=newline, within=within) as handle:
            handle.write(data)
    return Path(path)


# --------------------------------------------------------------------------- leftovers


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when unsure)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def is_stale(path: Path, pid: int | None, *, now: float | None = None) -> bool:
    """A leftover is stale when the process its name gives is gone, or when nothing
    below it changed for STALE_AFTER_S (a running install keeps writing files)."""
    if pid is not None and not pid_alive(pid):
        return True
    try:
        newest = _newest_mtime(path)
    except OSError:
        return False
    return (time.time() if now is None else now) - newest > STALE_AFTER_S


def _newest_mtime(path: Path) -> float:
    """The latest modification below ``path`` (a slow install keeps writing files)."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for folder, _dirs, names in os.walk(path):
            for name in names:
                with contextlib.suppress(OSError):
                    newest = max(newest, os.lstat(os.path.join(folder, name)).st_mtime)
    return newest


def sweep_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the stale temporary files of crashed writers in ``folder`` (once per
    process and folder; best effort: a read-only folder is left as it is)."""
    key = Path(os.path.abspath(folder))
    with _lock:
        if key in _swept:
            return []
        _swept.add(key)
    removed = []
    for entry in _entries(folder):
        match = _TEMP_NAME.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        if is_stale(path, int(match.group("pid"))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def remove_stale(folder: Path, prefixes: Iterable[str]) -> list[Path]:
    """Remove stale leftover folders ``PREFIX<pid>-...`` of killed installs in
    ``folder``; best effort. A name without a PID is judged by its age alone."""
    removed = []
    for entry in _entries(folder):
        prefix = next((p for p in prefixes if entry.name.startswith(p)), None)
        if prefix is None:
            continue
        owner = re.match(r"(\d+)-", entry.name[len(prefix) :])
        path = Path(entry.path)
        if is_stale(path, int(owner.group(1)) if owner else None):
            _remove_tree_quietly(path)
            if not os.path.lexists(path):
                removed.append(path)
    return removed


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder))
    except OSError:  # missing or unreadable: nothing to clean
        return []


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _remove_tree_quietly(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        _remove_quietly(path)
    else:
        shutil.rmtree(path, ignore_errors=True)
