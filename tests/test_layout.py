"""The architecture, checked: each concern in its one home (see the README's layout)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "translate"
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|CREATE\s+TABLE|UPDATE\s+\w+\s+SET)\b"
)


def _modules(under: str = "") -> list[Path]:
    return sorted((PACKAGE / under).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module a file imports (at any depth: lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _uses(path: Path, prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in _imports(path))


def test_sql_and_sqlite_live_only_in_the_store() -> None:
    offenders = []
    for path in _modules():
        if path.is_relative_to(PACKAGE / "store"):
            continue
        if _uses(path, "sqlite3") or _uses(path, "sqlite_utils"):
            offenders.append(f"{_name(path)} imports sqlite")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and SQL.search(node.value)
            ):
                offenders.append(f"{_name(path)}:{node.lineno} SQL")
    assert not offenders


def test_nothing_imports_the_cli() -> None:
    offenders = [
        _name(p)
        for p in _modules()
        if not p.is_relative_to(PACKAGE / "cli")
        and p != PACKAGE / "__main__.py"
        and _uses(p, "translate.cli")
    ]
    assert not offenders


def test_the_cli_goes_through_the_library_services_not_the_store() -> None:
    offenders = [_name(p) for p in _modules("cli") if _uses(p, "translate.store")]
    assert not offenders


def test_the_engine_knows_no_glossary_store_or_pipeline() -> None:
    above = ("translate.glossary", "translate.store", "translate.mt", "translate.pipeline",
             "translate.review", "translate.documents")  # fmt: skip
    offenders = [
        f"{_name(p)} → {layer}" for p in _modules("engine") for layer in above if _uses(p, layer)
    ]
    assert not offenders


def test_glossaries_are_pure_text() -> None:
    below = ("translate.engine", "translate.store", "translate.mt", "translate.pipeline")
    offenders = [
        f"{_name(p)} → {layer}" for p in _modules("glossary") for layer in below if _uses(p, layer)
    ]
    assert not offenders


def test_each_concern_has_one_home() -> None:
    for gone in ("enforce.py", "review.py", "pipeline.py", "language_codes.py"):
        assert not (PACKAGE / gone).exists(), gone
    assert (PACKAGE / "mt" / "enforce" / "__init__.py").is_file() and (PACKAGE / "review").is_dir()
    for gone in ("strategy.py", "plain.py", "fidelity.py", "enforce.py"):
        assert not (PACKAGE / "mt" / gone).exists(), gone
    # i18n is gettext only: the click/typer patches live in the CLI.
    assert not any(_uses(PACKAGE / "i18n.py", m) for m in ("click", "typer"))
    # One atomic writer, one safe XML parser.
    replaces = [_name(p) for p in _modules() if "os.replace(" in p.read_text(encoding="utf-8")]
    assert replaces == ["translate.files"]
    parsers = [_name(p) for p in _modules() if "XMLParser(" in p.read_text(encoding="utf-8")]
    assert parsers == ["translate.safe_xml"]


def test_enforcement_is_one_package_over_the_decoder_protocol() -> None:
    """translate/mt/enforce: no import circle among its modules or with the rest of mt/,
    the engine reached through its protocol (never the concrete CTranslate2 class), no
    ``Any`` in a signature, no failure swallowed whole."""
    modules = {_name(p).removesuffix(".__init__"): p for p in _modules("mt")}
    graph = {
        name: {m for m in _imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            current = todo.pop()
            for nxt in graph.get(current, ()):
                if nxt == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    circles = sorted(name for name in graph if reaches(name, name))
    assert not circles, circles
    offenders = []
    for path in _modules("mt/enforce"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if "CT2Translator" in path.read_text(encoding="utf-8"):
            offenders.append(f"{_name(path)}: the concrete engine class")
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and (
                node.type is None
                or (isinstance(node.type, ast.Name) and node.type.id == "Exception")
            ):
                offenders.append(f"{_name(path)}:{node.lineno} catches everything")
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                annotations = [a.annotation for a in (*node.args.args, *node.args.kwonlyargs)]
                if any(
                    isinstance(sub, ast.Name) and sub.id == "Any"
                    for annotation in [*annotations, node.returns]
                    if annotation is not None
                    for sub in ast.walk(annotation)
                ):
                    offenders.append(f"{_name(path)}:{node.lineno} Any in {node.name}()")
    assert not offenders, offenders
    entry = (PACKAGE / "mt" / "enforce" / "passes.py").read_text(encoding="utf-8")
    assert "def translate_enforced(\n    decoder: Decoder," in entry
