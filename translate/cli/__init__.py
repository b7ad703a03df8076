"""The `translate` command line: typer commands that parse, call one library function
(``translate.pipeline.run``, the ``translate.review.Review`` service, ``translate.glossary``,
``translate.engine.packages``), print. Nothing imports this package; ``framework.py``
makes click and typer speak the interface language; ``docs/cli.md`` is generated from
the commands (``python -m tools.cli_docs``).

Heavy modules (ctranslate2, sqlite-utils, polib...) are imported inside commands so
that `translate --help` starts fast.

Start-up order matters for the interface language: typer ``help=`` strings are
evaluated when the command modules are imported, so :func:`main` first picks the
language (``--ui-lang`` anywhere in argv, else LANGUAGE/LC_ALL/LC_MESSAGES/LANG),
loads the catalog, installs the framework patches, and only then imports typer and
``translate.cli.app``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any

from translate import i18n
from translate.cli import framework
from translate.i18n import _


def __getattr__(name: str) -> Any:
    # `from translate.cli import app` still works, but importing this package no
    # longer builds the typer app (and its help strings) before main() sets the language.
    if name == "app":
        from translate.cli.app import app

        # Importing the submodule bound `app` to the module; rebind it to the Typer object.
        globals()["app"] = app
        return app
    raise AttributeError(name)


def _framework_errors() -> tuple[type[BaseException], type[BaseException], type[BaseException]]:
    """click's ClickException, UsageError and Abort, wherever this typer takes them from.

    typer >= 0.22 vendors click (typer._click); older typer re-exports real click. Both
    expose them through typer.BadParameter's bases and typer.Abort.
    """
    import typer

    bases = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
    return bases["ClickException"], bases["UsageError"], typer.Abort


def _show_usage_error(exc: Any) -> None:
    """A usage error as every other error: one line, ``translate: error: …``, with the
    help command to see (bare ``translate``, or a group alone: its help, as click does)."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        print(ctx.get_help(), file=sys.stderr)
        return
    message = framework.translate_message(exc.format_message())
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        message = _("{message} (see '{command} {option}')").format(
            message=message, command=ctx.command_path, option=ctx.help_option_names[0]
        )
    print(_("translate: error: {message}").format(message=message), file=sys.stderr)


def _reserve_standard_streams() -> None:
    """``2>&-``: a closed standard descriptor is opened on /dev/null, so the work is
    still done (diagnostics go nowhere) and no file opened later, the database above
    all, becomes descriptor 2 for a stray message to write into."""
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                spare = os.open(os.devnull, flags)
                if spare != fd:  # a lower one was closed too and got it: move it up
                    os.dup2(spare, fd)
                    os.close(spare)
    if sys.stdin is None:  # `0<&-`: stdin reads as empty (`-` is then nothing to translate)
        with contextlib.suppress(OSError):
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stderr is None:
        with contextlib.suppress(OSError):
            sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115


def main(argv: list[str] | None = None) -> None:
    _reserve_standard_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    args, ui_lang = i18n.scan_ui_lang(args)
    chosen = framework.interface_language(ui_lang)
    if chosen is None:
        i18n.setup(framework.interface_language() or i18n.DEFAULT)  # to report it in
        framework.install()
        print(_bad_ui_lang(str(ui_lang)), file=sys.stderr)
        raise SystemExit(2)
    i18n.setup(chosen)
    framework.install()
    if hasattr(signal, "SIGPIPE") and sys.stdout is not None:
        # `translate ... | head`: end by SIGPIPE when the reader of stdout goes away, as
        # Unix tools do. SIGPIPE itself stays ignored, as Python leaves it: the pipes of
        # multiprocessing and Dask report a dead peer as EPIPE and recover (a killed
        # resource tracker must not kill a run before it is recorded).
        sys.stdout = _Stdout(sys.stdout)

    # Only now: typer, click and the command modules (their help strings) load.
    from translate.cli.app import app
    from translate.errors import TranslateError

    globals()["app"] = app  # `translate.cli.app` is the Typer object, as before
    framework.patch_vendored_click()
    click_exception, usage_error, abort = _framework_errors()
    if "_TRANSLATE_COMPLETE" in os.environ:  # a shell asking for completions
        from typer.completion import completion_init

        completion_init()
    machine = _wants_json(args)
    try:
        code = app(args=args, standalone_mode=False, prog_name="translate")
    except usage_error as exc:
        if machine:
            message = framework.translate_message(exc.format_message())  # type: ignore[attr-defined]
            _json_error("usage", getattr(exc, "exit_code", 2), message)
        _show_usage_error(exc)
        raise SystemExit(getattr(exc, "exit_code", 2)) from None
    except click_exception as exc:
        message = framework.translate_message(exc.format_message())  # type: ignore[attr-defined]
        if machine:
            _json_error("usage", getattr(exc, "exit_code", 1), message)
        print(_("translate: error: {message}").format(message=message), file=sys.stderr)
        raise SystemExit(getattr(exc, "exit_code", 1)) from None
    except abort:
        if machine:
            _json_error("aborted", 1, _("translate: aborted"))
        print(_("translate: aborted"), file=sys.stderr)
        raise SystemExit(1) from None
    except TranslateError as exc:
        if machine:
            _json_error(exc.code, exc.exit_code, str(exc))
        print(_("translate: error: {message}").format(message=exc), file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        if machine:
            _json_error("interrupted", 130, _("translate: interrupted"))
        print(_("translate: interrupted"), file=sys.stderr)
        raise SystemExit(130) from None
    except ReaderGone:
        _end_by_sigpipe()
    except BrokenPipeError:
        # A pipeline closed stdout early (e.g. `| head`); not an error worth a traceback.
        sys.stderr.close()
        raise SystemExit(0) from None
    except OSError as exc:  # e.g. stdout on a full disk; files name themselves at the source
        if machine:
            _json_error("io", 1, _os_error(exc))
        print(_("translate: error: {message}").format(message=_os_error(exc)), file=sys.stderr)
        raise SystemExit(1) from None
    if code == 130:  # typer turns Ctrl-C into exit code 130 itself
        print(_("translate: interrupted"), file=sys.stderr)
    raise SystemExit(code if isinstance(code, int) else 0)


#: Options that ask for machine-readable output: a fatal error is then one JSON object.
_JSON_OPTIONS = {("--json", None), ("--log-format", "json"), ("--progress", "json")}


def _wants_json(args: list[str]) -> bool:
    """``--json``, ``--log-format json`` or ``--progress json`` among the arguments
    (before a ``--``; the ``=`` spelling too)."""
    words = args[: args.index("--")] if "--" in args else args
    for index, word in enumerate(words):
        name, _sep, value = word.partition("=")
        following = words[index + 1] if index + 1 < len(words) else None
        for option, wanted in _JSON_OPTIONS:
            if name == option and (wanted is None or (value or following) == wanted):
                return True
    return False


def _json_error(code: str, exit_code: int, message: str) -> None:
    """A fatal error as one JSON object on stderr, then the exit:
    ``{"error": {"code", "exit", "message", "file"?, "line"?}}``."""
    import json

    from translate.errors import location

    path, line = location(message)
    error: dict[str, object] = {"code": code, "exit": exit_code, "message": message}
    if path is not None:
        error["file"] = path
    if line is not None:
        error["line"] = line
    print(json.dumps({"error": error}, ensure_ascii=False), file=sys.stderr)
    raise SystemExit(exit_code)


class ReaderGone(BaseException):
    """The reader of stdout went away. A BaseException: typer would turn a broken pipe
    into exit 1, and the library's own handlers let it through, their ``finally``
    blocks recording the run before the process ends by SIGPIPE."""


class _Stdout:
    """sys.stdout for the CLI: a write to a stdout nobody reads raises ReaderGone."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise ReaderGone from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise ReaderGone from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _end_by_sigpipe() -> None:
    """End the process the way `| head` ends a Unix tool: killed by SIGPIPE (status 141
    in a shell). What stdout still buffers goes to /dev/null first."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGPIPE)
    raise SystemExit(141)  # only where SIGPIPE does not end a process


def _os_error(exc: OSError) -> str:
    """An OSError that reached the top, described as what it is: the file it names,
    standard output when that is what failed, else a plain input/output error."""
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        return _("{path}: {reason}").format(path=exc.filename, reason=reason)
    if _raised_on_stdout(exc):
        with contextlib.suppress(OSError, ValueError):
            # What stdout still holds cannot be written: drop it, or exit fails again.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return _("cannot write to standard output: {reason}").format(reason=reason)
    return _("input/output error: {reason}").format(reason=reason)


def _raised_on_stdout(exc: BaseException) -> bool:
    """Whether the innermost frame was writing to stdout (typer.echo's ``file``...)."""
    streams = [sys.stdout, sys.__stdout__]
    streams += [getattr(s, "buffer", None) for s in streams]
    wanted = {id(s) for s in streams if s is not None}
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return any(id(value) in wanted for value in tb.tb_frame.f_locals.values())


def _bad_ui_lang(value: str) -> str:
    message = _("unknown interface language {value!r}; choose one of: {choices}").format(
        value=value, choices=", ".join(i18n.SUPPORTED)
    )
    return _("translate: error: {message}").format(message=message)


__all__ = ["app", "main"]
