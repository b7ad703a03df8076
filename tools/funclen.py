"""The longest functions of a tree: ``python -m tools.funclen [ROOT] [-n N]``.

Prints ``lines qualname file`` sorted longest first (lines: def to last line, decorators
excluded), for the refactoring notes.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from pathlib import Path


def functions(root: Path) -> Iterator[tuple[int, str, Path]]:
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        yield from _walk(tree, "", path)


def _walk(node: ast.AST, prefix: str, path: Path) -> Iterator[tuple[int, str, Path]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{child.name}"
            yield (child.end_lineno or child.lineno) - child.lineno + 1, name, path
            yield from _walk(child, f"{name}.", path)
        elif isinstance(child, ast.ClassDef):
            yield from _walk(child, f"{prefix}{child.name}.", path)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.funclen", description=__doc__)
    parser.add_argument("root", nargs="?", type=Path, default=Path("translate"))
    parser.add_argument("-n", type=int, default=10, help="how many (default 10)")
    args = parser.parse_args(argv)
    for lines, name, path in sorted(functions(args.root), key=lambda f: -f[0])[: args.n]:
        print(f"{lines:5d} {name} {path}")


if __name__ == "__main__":
    main()
