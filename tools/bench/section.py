"""A section of ``make bench`` that also runs alone behind its own flag (``--server``,
``--fuzzy-memory``, ``--glossary-matcher``): measured, printed unless ``--json``, and
returned for the whole bench's report."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str  # its key in the JSON report; the flag is the key with dashes
    help: str
    progress: str  # the line said on stderr before it runs
    measure: Callable[[bool], dict[str, Any]]  # quick → the report
    format_rows: Callable[[dict[str, Any]], str]

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    def add_argument(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(self.flag, action="store_true", help=self.help)

    def wanted_alone(self, args: argparse.Namespace) -> bool:
        return bool(getattr(args, self.key))

    def section(
        self, args: argparse.Namespace, say: Callable[[str], None] | None = None
    ) -> dict[str, Any]:
        """Measure it, print it unless ``--json``, and return its report."""
        if say is not None:
            say(f"bench: {self.progress} …")
        report = self.measure(args.quick)
        if not args.json:
            print(self.format_rows(report), flush=True)
        return report

    def run(self, args: argparse.Namespace) -> int:
        """This section alone (its flag)."""
        report = self.section(args)
        if args.json:
            print(json.dumps({self.key: report}, indent=2))
        return 0
