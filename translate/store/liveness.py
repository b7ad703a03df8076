"""Whether the process that started a run is still alive.

A run records its process: pid, host name and the process's start (on Linux the boot
id and the start time in clock ticks from ``/proc``, which a reused pid does not
share). A run still ``running`` is known dead only when it was started on this host
and its pid is gone, is a zombie, or now belongs to a process that started at another
time. A run from another host, or one this host cannot inspect, is never declared
dead: a false "interrupted" on a run that is still going would be worse than a stale
"running".
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class ProcessIdentity:
    pid: int
    host: str
    start: str  # "" where the platform does not tell


@cache
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _stat_fields(pid: int) -> list[str] | None:
    """Fields 3.. of /proc/<pid>/stat (after the parenthesised command name)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return raw[raw.rfind(")") + 2 :].split()


def process_start(pid: int) -> str:
    fields = _stat_fields(pid)
    if not fields or len(fields) < 20 or not _boot_id():
        return ""
    return f"{_boot_id()}:{fields[19]}"  # field 22: starttime


def current_process() -> ProcessIdentity:
    pid = os.getpid()
    return ProcessIdentity(pid, socket.gethostname(), process_start(pid))


def is_dead(pid: int | None, host: str | None, start: str | None) -> bool:
    """True only when the recorded process is certainly gone (see the module docstring)."""
    if not pid or not host or host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, under another user
    except OSError:
        return False
    fields = _stat_fields(pid)
    if fields and fields[0] == "Z":  # killed, not yet reaped by its parent
        return True
    if start:
        now = process_start(pid)
        return bool(now) and now != start
    return False
