"""The architecture, checked: each concern in its one home (see the README's layout)."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "translate"
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|CREATE\s+TABLE|UPDATE\s+\w+\s+SET)\b"
)


@functools.cache
def _source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.cache
def _tree(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the checks (read-only)."""
    return ast.parse(_source(path))


def _modules(under: str = "") -> list[Path]:
    return sorted((PACKAGE / under).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module a file imports (at any depth: lazy imports count too)."""
    found: set[str] = set()
    for node in ast.walk(_tree(path)):
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
        for node in ast.walk(_tree(path)):
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


def test_the_server_is_a_front_end_over_the_library() -> None:
    """translate/server: HTTP only. No store or SQL of its own (stored segments go
    through the Translator), and nothing imports it but the CLI."""
    offenders = [
        _name(p) for p in _modules("server")
        if _uses(p, "translate.store") or _uses(p, "sqlite3") or _uses(p, "sqlite_utils")
    ]  # fmt: skip
    assert offenders == []
    for path in _modules("server"):
        assert not SQL.search(_source(path)), _name(path)
    importers = [
        _name(p) for p in _modules()
        if not p.is_relative_to(PACKAGE / "server") and _uses(p, "translate.server")
    ]  # fmt: skip
    assert importers == ["translate.cli.serve"]


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
    replaces = [_name(p) for p in _modules() if "os.replace(" in _source(p)]
    assert replaces == ["translate.files"]
    parsers = [_name(p) for p in _modules() if "XMLParser(" in _source(p)]
    assert parsers == ["translate.safe_xml"]


# --------------------------------------------------------------------------- import graph

#: Circles known and temporary, each with who removes it. An entry that no longer
#: matches a circle fails the test, so that it is removed with the circle.
KNOWN_CIRCLES: set[frozenset[str]] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Nodes under ``if TYPE_CHECKING:``: imports for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports, at module level or lazily in a function
    (``from translate.x import name`` counts as importing ``translate.x.name`` when that
    is a module, else ``translate.x``); imports for type checking only do not count."""
    modules = {_module_name(p): p for p in _modules()}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = _tree(path)
        skipped = _type_checking_nodes(tree)
        edges: set[str | None] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                edges.update(known(a.name) for a in node.names if a.name.startswith("translate"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the module's package
                    package = (
                        name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    )
                    base = ".".join(package[: len(package) - node.level + 1] + [base] * bool(base))
                if base.split(".")[0] != "translate":
                    continue
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    edges.add(full if full in modules else known(base))
        graph[name] = {e for e in edges if e and e != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_lazy_imports_and_skips_type_checking_ones() -> None:
    graph = import_graph()
    # A lazy import inside a function: translate.review.items imports mt.quality there.
    assert "translate.mt.quality" in graph["translate.review.items"]
    # engine.translator names PackageInfo for type checking only.
    assert "translate.engine.packages" not in graph["translate.engine.translator"]
    assert "translate.engine.translator" in graph["translate.engine.packages"]
    fake = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(fake) == [frozenset({"a", "b", "c"})]


def test_no_import_circles() -> None:
    found = set(circles(import_graph()))
    assert found - KNOWN_CIRCLES == set(), "new import circles"
    assert KNOWN_CIRCLES - found == set(), "gone: remove them from KNOWN_CIRCLES"


# --------------------------------------------------------------------------- one vocabulary

#: Where loosely typed values are the point: the JSON a report prints (``as_dict``),
#: and the store's codec between database rows and records.
JSON_EDGES = {"as_dict"}
CODEC = PACKAGE / "store" / "columns.py"


def _aliases_of_any(tree: ast.Module) -> set[str]:
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and "Any" in ast.unparse(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _loose(annotation: ast.expr | None, aliases: set[str]) -> bool:
    if annotation is None:
        return False
    names = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(annotation) if isinstance(n, ast.Attribute)}
    return "Any" in names or bool(names & aliases)


def _public_signatures(path: Path) -> list[tuple[str, list[ast.expr | None]]]:
    tree = _tree(path)
    found = []

    def walk(body: list[ast.stmt], owner: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                fields = [n.annotation for n in node.body if isinstance(n, ast.AnnAssign)]
                found.append((f"{owner}{node.name}", fields))
                walk(node.body, f"{owner}{node.name}.")
            elif isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                found.append(
                    (f"{owner}{node.name}", [a.annotation for a in arguments] + [node.returns])
                )

    walk(tree.body, "")
    return found


def test_records_cross_the_seams_of_store_review_and_pipeline() -> None:
    # Aliases of Any anywhere (the codec's Row included) count as Any where imported.
    aliases = set().union(*(_aliases_of_any(_tree(p)) for p in _modules()))
    offenders = []
    for layer in ("store", "review", "pipeline"):
        for path in _modules(layer):
            if path == CODEC:
                continue
            for name, types in _public_signatures(path):
                if name.rsplit(".", 1)[-1] in JSON_EDGES:
                    continue
                if any(_loose(a, aliases) for a in types):
                    offenders.append(f"{_name(path)}.{name}")
    assert offenders == []


def test_the_signature_check_sees_any_and_its_aliases() -> None:
    def loose(text: str) -> bool:
        return _loose(ast.parse(text, mode="eval").body, {"Row"})

    assert loose("dict[str, Any]") and loose("list[typing.Any] | None") and loose("Row")
    assert not loose("dict[str, object]") and not loose("list[StoredTranslation]")
    signatures = dict(_public_signatures(PACKAGE / "store" / "review.py"))
    assert "ReviewMixin.get_translation" in signatures


def test_the_shared_records_import_nothing_of_the_project() -> None:
    imported = _imports(PACKAGE / "records.py")
    assert not [m for m in imported if m.startswith("translate")]
    assert not {"sqlite3", "sqlite_utils", "lxml", "polib", "babel"} & {
        m.split(".")[0] for m in imported
    }


# --------------------------------------------------------------------------- languages

_LANGY = re.compile(r"lang|locale|code|tag", re.IGNORECASE)
_SHORT_CODE = re.compile(r"[a-z]{2,3}")
#: Language decisions not yet moved to translate.lang, and who moves them (none now).
KNOWN_PARSERS: set[str] = set()


def _strings(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple):
        return [s for element in node.elts for s in _strings(element)]
    return []


def language_code_parsing(source: str) -> list[int]:
    """Lines that take a language code apart by hand: ``lang.startswith("fr")`` (which
    also matches ``frr``), ``code.split("_")[0]``, ``re.split(r"[-_]", lang)[0]``,
    ``locale.replace("-", "_")``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            subject = ast.unparse(node.func.value)
            args = [s for a in node.args for s in _strings(a)]
            method = node.func.attr
            if not _LANGY.search(subject):
                continue
            if (method == "startswith" and any(_SHORT_CODE.fullmatch(s) for s in args)) or (
                method == "replace" and set(args[:2]) == {"-", "_"}
            ):
                lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call):
            call = node.value
            if not isinstance(call.func, ast.Attribute) or call.func.attr not in (
                "split",
                "rsplit",
                "partition",
            ):
                continue
            subject = ast.unparse(call.func.value)
            args = [s for a in call.args for s in _strings(a)]
            if subject == "re" and len(call.args) > 1:
                if _LANGY.search(ast.unparse(call.args[1])):
                    lines.append(node.lineno)
            elif _LANGY.search(subject) and {"-", "_"} & set(args):
                lines.append(node.lineno)
    return sorted(set(lines))


def test_the_parsing_check_finds_hand_made_code_parsing() -> None:
    bad = [
        'french = lang.lower().startswith("fr")',
        'base = locale.split("_")[0]',
        'base = re.split(r"[-_]", code)[0]',
        'spelled = target_lang.replace("-", "_")',
        'hausa = lang.startswith(("ha", "ha-"))',
    ]
    assert [language_code_parsing(line) for line in bad] == [[1]] * len(bad)
    fine = ['rows = text.split("_")[0]', 'name.startswith("fr")', "primary(lang) == 'fr'"]
    assert [language_code_parsing(line) for line in fine] == [[]] * len(fine)


def test_language_codes_are_parsed_only_in_lang() -> None:
    found = {
        _name(path): lines
        for path in _modules()
        if path != PACKAGE / "lang.py" and (lines := language_code_parsing(_source(path)))
    }
    assert set(found) - KNOWN_PARSERS == set(), found
    assert KNOWN_PARSERS - set(found) == set(), "gone: remove them from KNOWN_PARSERS"


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

    looping = sorted(name for name in graph if reaches(name, name))
    assert not looping, looping
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
