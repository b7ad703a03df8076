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

Only a path that does not exist yet, or a regular file (or a symbolic link, which is
replaced, never followed), is written that way. An output never replaces what it does
not own: a character device or FIFO (``/dev/null``, ``mkfifo``) and the standard
streams (``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``) are written through,
once the whole text is ready, and stay what they are; a block device or a socket is
refused. :func:`open_stream` applies the same rules to an output written a part at a
time (a JSONL feed's windows).

Leftovers of writers killed with ``kill -9`` (``.NAME.PID-XXXXXXXX.tmp``) are removed
by the next write into the same folder once their process is gone (or nothing touched
them for :data:`STALE_AFTER_S`); :func:`remove_stale` does the same for a package
directory's ``.installing-PID-*`` folders, so a concurrent install is left alone.
"""

from __future__ import annotations

import contextlib
import io
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
    it (never a traceback). A device is refused (``/dev/zero`` never ends; standard input
    may be one), and so is an input over :func:`translate.bounds.max_input_bytes`, read
    no further than that."""
    from translate.bounds import MAX_INPUT_BYTES_ENV, max_input_bytes

    limit = max_input_bytes()
    try:
        if is_stdin(path):
            name, data = STDIN_NAME, sys.stdin.buffer.read(limit + 1)
        else:
            name = str(path)
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
                    raise InputError(
                        _("{path}: is a device, not a file (use - for standard input)").format(
                            path=path
                        )
                    )
                # A regular file's size is known: a huge one is refused unread.
                size = info.st_size if stat.S_ISREG(info.st_mode) else 0
                data = b"" if size > limit else handle.read(limit + 1)
        if len(data) > limit or (not is_stdin(path) and size > limit):
            raise InputError(
                _("{path}: larger than {limit} bytes; refused (raise it with {variable})").format(
                    path=name, limit=limit, variable=MAX_INPUT_BYTES_ENV
                )
            )
        return data
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


# `/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`: a stream this process already holds open.
_STREAM_PATH = re.compile(r"^/(?:dev|proc/self|proc/thread-self|proc/(?P<pid>\d+))/fd/(?P<fd>\d+)$")
_STANDARD_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2}

#: How an output reaches its path: renamed into place (a new path, a regular file, a
#: symbolic link replaced), written through (a character device, a FIFO), or written
#: to a stream this process holds (``/dev/stdout``), which keeps the shell's redirection.
RENAME, THROUGH, DESCRIPTOR = "rename", "through", "descriptor"


def _held_descriptor(target: Path) -> int | None:
    """The descriptor of this process that ``target`` names, following links to it
    (``/dev/stdout`` → ``/proc/self/fd/1``), or None."""
    path = os.path.abspath(target)
    for _hop in range(40):  # the kernel's own limit on links in a row
        if path in _STANDARD_NAMES:
            return _STANDARD_NAMES[path]
        match = _STREAM_PATH.match(path)
        if match is not None and match.group("pid") in (None, str(os.getpid())):
            return int(match.group("fd"))
        try:
            link = os.readlink(path)
        except OSError:
            return None
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return None


def output_kind(target: Path, *, follow_links: bool = True) -> tuple[str, int | None]:
    """How an output is written to ``target`` (:data:`RENAME`, :data:`THROUGH` or
    :data:`DESCRIPTOR` with its descriptor); OutputError for what is never written: a
    block device, a socket, or something else that is not a file. Without
    ``follow_links`` (a shared output folder, where anyone may plant one), a symbolic
    link is always replaced, whatever it points to."""
    held = _held_descriptor(target) if follow_links else None
    if held is not None:
        return DESCRIPTOR, held
    try:
        mode = target.lstat().st_mode
        if stat.S_ISLNK(mode):
            if not follow_links:
                return RENAME, None
            try:
                mode = target.stat().st_mode
            except OSError:
                return RENAME, None  # a dangling link is replaced like any link
            if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
                return RENAME, None  # the link is replaced, what it points to is untouched
    except (FileNotFoundError, NotADirectoryError):  # the folder is made, or refused, later
        return RENAME, None
    except OSError as exc:
        raise _error(target, exc) from None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):  # a folder is refused by _check_target
        return RENAME, None
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return THROUGH, None
    if stat.S_ISBLK(mode):
        raise OutputError(_("{path}: is a block device, not a file; refused").format(path=target))
    raise OutputError(
        _("{path}: is a socket or special file, not a file; refused").format(path=target)
    )


def _open_through(target: Path, kind: str, descriptor: int | None) -> int:
    """A descriptor to write an output through: the held stream's own (duplicated), or
    the device or FIFO opened as it is, never created nor truncated (a FIFO's open waits
    for its reader, as a shell's ``>`` does)."""
    try:
        if kind == DESCRIPTOR:
            assert descriptor is not None
            return os.dup(descriptor)
        return os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise _error(target, exc) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


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
    its subfolders (``--out-dir``). A character device, FIFO or standard stream at
    ``path`` gets the whole output once it is complete, written through (see the
    module docstring).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_writer opens files for writing ('w' or 'wb'), not {mode!r}")
    target = Path(path)
    # `-o` names its path: a link there to a device or stream is followed. In an output
    # folder (``within``) a link is never followed: someone may have planted it.
    kind, descriptor = output_kind(target, follow_links=within is None)
    if kind != RENAME:
        with _through_writer(target, mode, kind, descriptor, encoding, newline) as through:
            yield through
        return
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


@contextmanager
def _through_writer(
    target: Path, mode: str, kind: str, descriptor: int | None, encoding: str, newline: str | None
) -> Iterator[IO[Any]]:
    """The output is gathered in an anonymous temporary file and written through once
    complete, so a failure half-way writes nothing to the device or stream."""
    with tempfile.TemporaryFile("w+b") as spool:
        handle: IO[Any] = (
            spool if mode == "wb" else io.TextIOWrapper(spool, encoding=encoding, newline=newline)
        )
        yield handle
        handle.flush()
        spool.seek(0)
        fd = _open_through(target, kind, descriptor)
        try:
            while chunk := spool.read(1 << 20):
                _write_all(fd, chunk)
        except OSError as exc:
            raise _error(target, exc) from None
        finally:
            os.close(fd)
        if isinstance(handle, io.TextIOWrapper):
            handle.detach()  # the spool is closed by its own `with`


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


class StreamOutput:
    """An output written a part at a time (a JSONL feed, one window after another): a
    file appears at its path once its first part is complete, renamed into place like
    :func:`atomic_writer`'s, and later parts are appended to it; a device, FIFO or held
    stream is opened once and gets each part written through."""

    def __init__(self, path: Path | str, *, within: Path | None = None) -> None:
        self.path = Path(path)
        self.within = within
        self._fd: int | None = None

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        if self._fd is None:
            kind, descriptor = output_kind(self.path, follow_links=self.within is None)
            if kind == RENAME:
                write_atomic(self.path, data, within=self.within)
                flags = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
                try:  # never through a link planted since the rename
                    self._fd = os.open(self.path, flags)
                except OSError as exc:
                    raise _error(self.path, exc) from None
                return
            self._fd = _open_through(self.path, kind, descriptor)
        try:
            _write_all(self._fd, data)
        except OSError as exc:
            raise _error(self.path, exc) from None

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


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
