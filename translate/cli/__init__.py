"""The `translate` command line: typer commands that parse, call the library, print.

Heavy modules (ctranslate2, sqlite-utils, polib...) are imported inside commands so
that `translate --help` starts fast.
"""

from __future__ import annotations

import sys

import click

from translate.cli.app import app
from translate.errors import TranslateError


def main() -> None:
    try:
        code = app(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except click.exceptions.Abort:
        print("translate: aborted", file=sys.stderr)
        raise SystemExit(1) from None
    except TranslateError as exc:
        print(f"translate: error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("translate: interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    except BrokenPipeError:
        # A pipeline closed stdout early (e.g. `| head`); not an error worth a traceback.
        sys.stderr.close()
        raise SystemExit(0) from None
    raise SystemExit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]
