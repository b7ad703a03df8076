"""The README and the manual (docs/): every `translate ...` command they show parses
against the real CLI (click's parsing: commands, options, values and their checks),
without running anything; and the front door stays a front door."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Generated from the CLI itself (tests/test_cli_docs.py checks it).
GENERATED = {ROOT / "docs" / "cli.md"}
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_INLINE = re.compile(r"`(translate [^`]+)`")
_SUBSTITUTION = re.compile(r"\$\((translate [^)]*)\)")
_SHELL_ENDS = {"|", "||", ">", ">>", "<", ";", "&", "&&", "(", ")"}


def _shell_lines(block: str) -> list[str]:
    """The logical lines of a shell block (backslash continuations joined), less the
    commands a transcript shows refused (``$ translate ...`` then ``translate: error``)."""
    lines = block.replace("\\\n", " ").splitlines()
    return [
        line
        for line, following in zip(lines, [*lines[1:], ""], strict=True)
        if not (line.startswith("$ ") and following.startswith("translate: error"))
    ]


def command_of(line: str) -> list[str] | None:
    """The arguments of the `translate` command a shell line runs (after environment
    assignments or a pipe, inside ``$(...)``), up to a pipe, redirection or comment."""
    inner = _SUBSTITUTION.search(line)
    if inner:
        line = inner.group(1)
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # an unclosed quote: not a command
        return None
    if "translate" not in tokens:
        return None
    args: list[str] = []
    for token in tokens[tokens.index("translate") + 1 :]:
        if token in _SHELL_ENDS:
            if token.startswith(">") and args and args[-1].isdigit():
                args.pop()  # 2>file: the descriptor number is the shell's
            break
        args.append(token)
    return args


def documented_commands() -> list[tuple[str, str, list[str]]]:
    """(page, the command as shown, its arguments) for every `translate` command of the
    README and docs/: in shell blocks, and in inline code (without an ellipsis), where
    the shown text starts with ``inline:``."""
    found = []
    for page in PAGES:
        if page in GENERATED:
            continue
        text = page.read_text(encoding="utf-8")
        for language, block in _FENCE.findall(text):
            if language not in ("", "sh", "console", "bash"):
                continue
            for line in _shell_lines(block):
                args = command_of(line)
                if args is not None:
                    found.append((page.name, line.strip(), args))
        prose = _FENCE.sub("", text)
        for shown in _INLINE.findall(prose):
            args = command_of(shown.replace("\\|", "|"))
            if args is not None and "…" not in shown:
                found.append((page.name, f"inline: {shown}", args))
    return found


def parse(args: list[str]) -> list[str]:
    """Parse ``translate ARGS`` as the CLI does, down to the last subcommand, running no
    command; returns the command path. Click's UsageError when it does not parse (the
    option checks of translate.bounds raise translate's UsageError, turned into it)."""
    from typer._click.exceptions import UsageError

    from translate.errors import UsageError as OptionError

    try:
        return _parse(args)
    except OptionError as error:
        raise UsageError(str(error)) from None


def _parse(args: list[str]) -> list[str]:
    import typer.main
    from typer.core import TyperGroup

    from translate.cli.app import app

    root = typer.main.get_command(app)
    path = ["translate"]
    with root.make_context("translate", list(args)) as ctx:
        rest = [*ctx._protected_args, *ctx.args]
        while isinstance(ctx.command, TyperGroup) and rest:
            name, command, rest = ctx.command.resolve_command(ctx, rest)
            assert command is not None and name is not None
            path.append(name)
            ctx = command.make_context(name, rest, parent=ctx)
            rest = [*ctx._protected_args, *ctx.args]
    return path


def test_the_extraction_finds_commands_where_the_pages_show_them() -> None:
    assert command_of('cat x | translate run - --to ha -o - > out.jsonl') == [
        "run", "-", "--to", "ha", "-o", "-",
    ]  # fmt: skip
    assert command_of("translate run f.jsonl --json 2>report.txt  # note") == [
        "run", "f.jsonl", "--json",
    ]  # fmt: skip
    assert command_of('eval "$(translate completion bash)"') == ["completion", "bash"]
    assert command_of("LANG=fr_FR.UTF-8 translate --help") == ["--help"]
    assert command_of("pip install ctranslate2") is None
    refused = "$ translate run a.txt --to fr --threads 9999\ntranslate: error: --threads ...\n"
    assert _shell_lines(refused) == ["translate: error: --threads ..."]
    commands = documented_commands()
    pages = {page for page, _shown, _args in commands}
    assert {"README.md", "inputs.md", "glossaries.md", "review.md", "models.md"} <= pages
    assert len(commands) > 60


def test_the_parse_check_refuses_what_the_cli_refuses() -> None:
    from typer._click.exceptions import UsageError

    assert parse(["review", "export", "--lang", "fr", "--format", "po"]) == [
        "translate", "review", "export",
    ]  # fmt: skip
    wrong = [
        ["run", "a.txt", "--to", "fr", "--bogus"],
        ["review", "exprot"],
        ["run", "a.txt", "--to", "fr", "--beam-size", "x"],
        ["review", "export", "--lang", "fr", "--format", "docx"],
        ["review", "export", "--lang", "fr", "-f", "xliff"],
    ]
    for args in wrong:
        with pytest.raises(UsageError):
            parse(args)


@pytest.mark.parametrize(
    ("page", "shown", "args"),
    documented_commands(),
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else None,
)
def test_every_documented_command_parses(page: str, shown: str, args: list[str]) -> None:
    from typer._click.exceptions import MissingParameter, NoArgsIsHelpError, UsageError
    from typer.exceptions import Exit

    from translate import i18n

    # Prose names commands (`translate run`, `translate review show`) without all
    # their arguments; a code block shows whole commands.
    partial = (MissingParameter, NoArgsIsHelpError) if shown.startswith("inline:") else ()
    try:
        parse(args)
    except Exit:
        pass  # --help and --version end the parse, as they end the command
    except partial:
        pass
    except UsageError as error:
        pytest.fail(f"{page}: `{shown}` does not parse: {error.format_message()}")
    finally:
        i18n.setup(i18n.DEFAULT)  # --ui-lang's callback switches the interface language


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert "make demo" in readme and "make test" in readme
    linked = set(re.findall(r"\]\((docs/[\w.-]+\.md)", readme))
    on_disk = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}
    assert linked == on_disk, "every manual page linked from the README"


def test_links_between_pages_resolve() -> None:
    broken = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", text):
            if not (page.parent / target).resolve().is_file():
                broken.append(f"{page.name} → {target}")
    assert broken == []


def test_pages_name_what_is_documented_elsewhere_only_by_link() -> None:
    # The manual moved out of the README: nothing links to a README anchor it lost.
    anchors = {
        "-".join(re.sub(r"[^\w\s-]", "", heading.lower()).split())
        for heading in re.findall(r"^#+ (.+)$", (ROOT / "README.md").read_text("utf-8"), re.M)
    }
    stale = [
        f"{page.name}: {anchor}"
        for page in PAGES
        for anchor in re.findall(r"README\.md#([\w-]+)", page.read_text(encoding="utf-8"))
        if anchor not in anchors
    ]
    assert stale == []
