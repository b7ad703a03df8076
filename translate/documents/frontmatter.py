"""Front matter of Markdown articles: the YAML (``---``) or TOML (``+++``) block a CMS,
Hugo or Jekyll puts at the top.

The block is parsed with a maintained library (PyYAML's composer for YAML, whose nodes
say where each value is written; tomlkit for TOML, which rewrites one value and keeps
every other byte), never by hand. The keys that carry reader-facing text
(:data:`TEXT_KEYS` by default; dotted paths such as ``params.description`` reach into
tables) are translated as segments of their own; ``lang``/``language``/``locale`` is set
to the target; everything else is kept byte for byte. A block that does not parse is a
:class:`~translate.errors.SkippedInputError`: the article is skipped, never translated as
prose.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.errors import SkippedInputError
from translate.i18n import _
from translate.lang import bcp47

#: Keys whose values readers see: translated, each value a segment of its own.
TEXT_KEYS: tuple[str, ...] = ("title", "description", "summary", "subtitle", "excerpt")
#: Keys that say the article's language: set to the target's.
LANGUAGE_KEYS = ("lang", "language", "locale")

_YAML_OPEN = re.compile(r"\A---[ \t]*\n")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.MULTILINE)
_TOML_OPEN = re.compile(r"\A\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\n|\Z)", re.MULTILINE)


@dataclass
class FrontField:
    """One value of the block that the output rewrites: a text to translate or a
    language to set. ``path`` is its key path; ``start``/``end`` and ``style`` locate and
    quote it in YAML (TOML rewrites through tomlkit)."""

    path: tuple[str | int, ...]
    value: str
    kind: str  # "text" | "language"
    start: int = 0
    end: int = 0
    style: str | None = None


@dataclass
class FrontMatter:
    """The block at the top of an article: ``raw`` as written (fences included),
    ``syntax`` yaml or toml, ``body`` the offset where the article proper starts."""

    raw: str
    syntax: str
    fences: tuple[str, str]  # the opening and closing fence lines, as written
    inner: str  # the block between the fences
    body: int
    fields: list[FrontField] = field(default_factory=list)

    @property
    def texts(self) -> list[FrontField]:
        return [f for f in self.fields if f.kind == "text"]

    def render(self, translations: Sequence[str], locale: str | None = None) -> str:
        """The block with each text field's translation (in :attr:`texts` order) and the
        language keys set to ``locale`` (when given); all else as written."""
        values: list[tuple[FrontField, str]] = list(zip(self.texts, translations, strict=True))
        if locale is not None:
            values += [(f, _language_value(f.value, locale)) for f in self.fields
                       if f.kind == "language"]  # fmt: skip
        changed = [(f, v) for f, v in values if v != f.value]
        if not changed:
            return self.raw
        if self.syntax == "toml":
            inner = _render_toml(self.inner, changed)
        else:
            inner = _render_yaml(self.inner, changed)
        return self.fences[0] + inner + self.fences[1]


def split_front_matter(
    text: str, source: str, keys: Sequence[str] = TEXT_KEYS
) -> FrontMatter | None:
    """The front matter at the top of ``text`` (newlines already ``\\n``), or None when it
    has none. SkippedInputError (naming ``source``, the line and the problem) when the
    block is not closed or does not parse as a mapping."""
    for syntax, opening, closing in (("yaml", _YAML_OPEN, _YAML_CLOSE),
                                     ("toml", _TOML_OPEN, _TOML_CLOSE)):  # fmt: skip
        start = opening.match(text)
        if start is None:
            continue
        end = closing.search(text, start.end())
        if end is None:
            raise SkippedInputError(
                _("{path}: the front matter opened on line 1 is never closed; article skipped")
                .format(path=source)
            )  # fmt: skip
        inner = text[start.end() : end.start()]
        front = FrontMatter(
            raw=text[: end.end()],
            syntax=syntax,
            fences=(start.group(0), end.group(0)),
            inner=inner,
            body=end.end(),
        )
        paths = [tuple(key.split(".")) for key in keys]
        if syntax == "yaml":
            front.fields = _yaml_fields(inner, paths, source)
        else:
            front.fields = _toml_fields(inner, paths, source)
        return front
    return None


def _malformed(source: str, syntax: str, line: int, problem: str) -> SkippedInputError:
    return SkippedInputError(
        _("{path}:{line}: malformed {syntax} front matter ({problem}); article skipped").format(
            path=source, line=line, syntax=syntax.upper(), problem=problem
        )
    )


def _language_value(old: str, locale: str) -> str:
    """The target locale spelled as the source spelled its own: ``fr_NE`` where the
    file wrote ``en_US``, ``fr-NE`` otherwise."""
    return locale if "_" in old else bcp47(locale)


# --------------------------------------------------------------------------- YAML


def _yaml_fields(inner: str, paths: list[tuple[str, ...]], source: str) -> list[FrontField]:
    import yaml

    try:
        root = yaml.compose(inner, Loader=yaml.SafeLoader)
        yaml.safe_load(inner)  # what a CMS would construct must load too (dates, tags)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 1 + (mark.line + 1 if mark is not None else 0)  # the fence is line 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _malformed(source, "yaml", line, problem) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise _malformed(source, "yaml", 2, _("not a mapping of keys to values"))
    fields: list[FrontField] = []

    def visit(node: Any, path: tuple[str | int, ...], kind: str) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            fields.append(FrontField(path, node.value, kind, node.start_mark.index,
                                     node.end_mark.index, node.style))  # fmt: skip
        elif isinstance(node, yaml.SequenceNode) and kind == "text":
            for index, item in enumerate(node.value):
                visit(item, (*path, index), kind)

    def walk(mapping: Any, prefix: tuple[str, ...]) -> None:
        for key_node, value in mapping.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            path = (*prefix, str(key_node.value))
            if not prefix and path[0] in LANGUAGE_KEYS:
                visit(value, path, "language")
            elif path in paths:
                visit(value, path, "text")
            elif isinstance(value, yaml.MappingNode) and any(p[: len(path)] == path for p in paths):
                walk(value, path)

    walk(root, ())
    return fields


def _render_yaml(inner: str, changed: list[tuple[FrontField, str]]) -> str:
    out = []
    pos = 0
    for front_field, value in sorted(changed, key=lambda item: item[0].start):
        out.append(inner[pos : front_field.start])
        out.append(_yaml_scalar(inner, front_field, value))
        pos = front_field.end
    out.append(inner[pos:])
    return "".join(out)


def _yaml_scalar(inner: str, front_field: FrontField, value: str) -> str:
    """``value`` written as a YAML scalar in the field's own style where it can be."""
    import yaml

    style = front_field.style
    one_line = "\n" not in value
    if style in ("|", ">"):
        written = inner[front_field.start : front_field.end]
        header = written.split("\n", 1)[0]
        body = written[len(header) + 1 :]
        indent = re.match(r"[ \t]*", body).group(0) if body.strip() else "  "  # type: ignore[union-attr]
        lines = value.rstrip("\n").split("\n")  # the header's chomping adds it back
        ending = "\n" if written.endswith("\n") else ""
        return header + "\n" + "\n".join(indent + line for line in lines) + ending
    if style is None and one_line and value.strip() == value and value:
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    if style == "'" and one_line:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


# --------------------------------------------------------------------------- TOML


def _toml_fields(inner: str, paths: list[tuple[str, ...]], source: str) -> list[FrontField]:
    import tomlkit
    from tomlkit.exceptions import ParseError, TOMLKitError

    try:
        document = tomlkit.parse(inner)
    except ParseError as exc:
        problem = str(exc).split(" at line ")[0]
        raise _malformed(source, "toml", exc.line + 1, problem) from None
    except TOMLKitError as exc:  # pragma: no cover - other tomlkit refusals
        raise _malformed(source, "toml", 2, str(exc)) from None
    fields: list[FrontField] = []
    for key in LANGUAGE_KEYS:
        value = document.get(key)
        if isinstance(value, str):
            fields.append(FrontField((key,), str(value), "language"))
    for path in paths:
        node: Any = document
        for part in path:
            node = node.get(part) if hasattr(node, "get") else None
        if isinstance(node, str):
            fields.append(FrontField(path, str(node), "text"))
        elif isinstance(node, list):
            fields += [FrontField((*path, i), str(item), "text")
                       for i, item in enumerate(node) if isinstance(item, str)]  # fmt: skip
    return fields


def _render_toml(inner: str, changed: list[tuple[FrontField, str]]) -> str:
    import tomlkit
    from tomlkit.items import String

    document = tomlkit.parse(inner)
    for front_field, value in changed:
        *parents, last = front_field.path
        node: Any = document
        for part in parents:
            node = node[part]
        old = node[last]
        # a 'literal' string stays one where the translation allows it
        literal = isinstance(old, String) and old.type.value == "'"
        literal = literal and "'" not in value and "\n" not in value
        node[last] = tomlkit.string(value, literal=literal)
    return document.as_string()
