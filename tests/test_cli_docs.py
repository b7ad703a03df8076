"""docs/cli.md documents every command and option (`python -m tools.cli_docs` writes it)."""

from __future__ import annotations

import re

from conftest import ROOT

from tools.cli_docs import commands

DOCS = ROOT / "docs" / "cli.md"


def _sections() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^## `([^`]+)`\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    sections = _sections()
    missing = []
    for path, command in commands():
        if path not in sections:
            missing.append(path)
            continue
        for param in command.params:
            if param.param_type_name != "option" or getattr(param, "hidden", False):
                continue
            for option in [*param.opts, *param.secondary_opts]:
                if f"`{option}`" not in sections[path]:
                    missing.append(f"{path} {option}")
    assert not missing, f"run `python -m tools.cli_docs`; undocumented: {missing}"


def test_the_reference_covers_the_documented_commands() -> None:
    sections = _sections()
    for path in (
        "translate run",
        "translate review approve",
        "translate tm search",
        "translate stats",
        "translate glossary check",
        "translate models install",
    ):
        assert path in sections, path  # fmt: skip
    assert "`--to`" in sections["translate run"] and "`--strict`" in sections["translate run"]
