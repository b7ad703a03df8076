"""The schema of an Argos package's ``metadata.json``, checked before Argos reads it.

Argos (``argostranslate.package.Package``) takes any JSON: a ``from_code`` that is a
list, a megabyte ``to_code`` or ``languages: 5`` is installed, then breaks listing or
translating for every package. Everything Argos itself reads is checked here, so a
package accepted by this tool also works in Argos and LibreTranslate:

* the file: at most :data:`MAX_METADATA_BYTES`, UTF-8, one JSON object, nested at
  most :data:`MAX_METADATA_DEPTH` deep, no duplicate keys, no NaN or Infinity;
* ``from_code``/``to_code`` (required) and every other code: language codes by BCP 47
  syntax (``translate.lang``);
* ``package_version``/``argos_version``: a short string or a finite number;
* ``from_name``/``to_name``, ``target_prefix``, ``source_prefix``, ``source_suffix``,
  ``code``, ``type``: strings, without control characters, of bounded length;
* ``languages``/``source_languages``/``target_languages``: lists of
  ``{"code": ..., "name": ...}``; ``from_codes``/``to_codes``: lists of codes;
  ``links``: a list of strings; ``dependencies``: a list; ``toy``: a boolean;
* any other string at most :data:`MAX_STRING_CHARS` characters, lists at most
  :data:`MAX_LIST_ITEMS` items.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from translate.errors import PackageError, describe_json_error
from translate.i18n import _
from translate.lang import is_language_code, same_language

MAX_METADATA_BYTES = 64 * 1024
MAX_METADATA_DEPTH = 8
MAX_STRING_CHARS = 4096
MAX_NAME_CHARS = 128
MAX_TOKEN_CHARS = 256  # target_prefix, source_prefix, source_suffix (NLLB: "hau_Latn")
MAX_VERSION_CHARS = 32
MAX_LIST_ITEMS = 1000

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class NotTranslationPackageError(PackageError):
    """A well-formed package of another type (Argos knows others); not ours to list."""


@dataclass(frozen=True)
class PackageMetadata:
    """What this tool reads from ``metadata.json``, every field checked."""

    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    source_prefix: str
    source_suffix: str
    target_prefix: str
    toy: bool
    # Position limits recorded by `translate models build` (translate.engine.limits).
    max_source_positions: int | None = None
    max_target_positions: int | None = None
    # Typical target/source length ratio of the package, if measured at build time.
    length_ratio: float | None = None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def nesting_depth(text: str) -> int:
    """How deep JSON arrays and objects nest in ``text`` (strings skipped), counted
    before parsing: a deep file would make json.loads recurse until RecursionError."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def parse_metadata_json(data: bytes, where: str) -> dict[str, Any]:
    """The JSON object of a ``metadata.json``, checked (see the module docstring).

    ``where`` names the file in messages ("pkg.argosmodel: metadata.json").
    """
    if len(data) > MAX_METADATA_BYTES:
        raise PackageError(
            _("{path}: metadata is {size} bytes, more than the {limit} allowed").format(
                path=where, size=len(data), limit=MAX_METADATA_BYTES
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PackageError(
            _("{path}: invalid JSON ({error})").format(path=where, error=exc.reason)
        ) from None
    if nesting_depth(text) > MAX_METADATA_DEPTH:
        raise PackageError(
            _("{path}: metadata nests deeper than {depth} levels").format(
                path=where, depth=MAX_METADATA_DEPTH
            )
        )
    try:
        metadata = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except ValueError as exc:  # JSONDecodeError, duplicates, NaN, >4300-digit integers
        error = describe_json_error(exc) if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise PackageError(
            _("{path}: invalid JSON ({error})").format(path=where, error=error)
        ) from None
    if not isinstance(metadata, dict):
        raise PackageError(_("{path}: metadata must be a JSON object").format(path=where))
    _check_all(metadata, where)
    return metadata


def _check_all(value: Any, where: str, key: str = "") -> None:
    """Bounds that hold for every value, wherever it is."""
    if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
        raise PackageError(
            _("{path}: {field} is {size} characters long (at most {limit})").format(
                path=where, field=key or "value", size=len(value), limit=MAX_STRING_CHARS
            )
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise PackageError(
            _("{path}: {field} is not a finite number").format(path=where, field=key)
        )
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise PackageError(
                _("{path}: {field} has {count} items (at most {limit})").format(
                    path=where, field=key, count=len(value), limit=MAX_LIST_ITEMS
                )
            )
        for item in value:
            _check_all(item, where, key)
    if isinstance(value, dict):
        for name, item in value.items():
            _check_all(item, where, f"{key}.{name}" if key else name)


def _bad(where: str, field: str, expected: str, value: object) -> PackageError:
    return PackageError(
        _("{path}: {field} must be {expected}, got {value}").format(
            path=where, field=field, expected=expected, value=_shown(value)
        )
    )


def _text(metadata: dict[str, Any], field: str, where: str, limit: int) -> str:
    value = metadata.get(field, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit or _CONTROL.search(value):
        expected = _("a string of at most {limit} characters").format(limit=limit)
        raise _bad(where, field, expected, value)
    return value


def _code(value: object, where: str, field: str) -> str:
    if not is_language_code(value):
        raise _bad(where, field, _('a language code (BCP 47, e.g. "en" or "pt-BR")'), value)
    return str(value)


def _version(metadata: dict[str, Any], field: str, where: str) -> str:
    value = metadata.get(field)
    if value is None:
        return ""
    expected = _("a version (a short string or a number)")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _bad(where, field, expected, value)
    text = str(value)  # floats are finite here (_check_all)
    if len(text) > MAX_VERSION_CHARS or _CONTROL.search(text):
        raise _bad(where, field, expected, value)
    return text


def _languages(metadata: dict[str, Any], field: str, where: str) -> None:
    value = metadata.get(field)
    if value is None:
        return
    expected = _('a list of {"code": ..., "name": ...} objects')
    if not isinstance(value, list):
        raise _bad(where, field, expected, value)
    for item in value:
        if not isinstance(item, dict):
            raise _bad(where, field, expected, item)
        if "code" in item:
            _code(item["code"], where, f"{field}.code")
        _text(item, "name", where, MAX_NAME_CHARS)


def _list_of(metadata: dict[str, Any], field: str, where: str, *, codes: bool) -> None:
    value = metadata.get(field)
    if value is None:
        return
    expected = _("a list of language codes") if codes else _("a list of strings")
    if not isinstance(value, list):
        raise _bad(where, field, expected, value)
    for item in value:
        if codes:
            _code(item, where, field)
        elif not isinstance(item, str):
            raise _bad(where, field, expected, item)


def check_metadata(metadata: dict[str, Any], where: str) -> PackageMetadata:
    """The fields of a parsed ``metadata.json`` this tool and Argos read, checked."""
    kind = _text(metadata, "type", where, MAX_NAME_CHARS) or "translate"
    if kind != "translate":
        raise NotTranslationPackageError(
            _("{path}: not a translation package (type={type!r})").format(path=where, type=kind)
        )
    if metadata.get("from_code") is None or metadata.get("to_code") is None:
        raise PackageError(_("{path}: from_code and to_code are required").format(path=where))
    from_code = _code(metadata["from_code"], where, "from_code")
    to_code = _code(metadata["to_code"], where, "to_code")
    if same_language(from_code, to_code):
        raise PackageError(
            _("{path}: from_code and to_code are the same language ({code!r})").format(
                path=where, code=to_code
            )
        )
    for field in ("languages", "source_languages", "target_languages"):
        _languages(metadata, field, where)
    for field in ("from_codes", "to_codes"):
        _list_of(metadata, field, where, codes=True)
    _list_of(metadata, "links", where, codes=False)
    if not isinstance(metadata.get("dependencies", []), list):
        raise _bad(where, "dependencies", _("a list"), metadata["dependencies"])
    _text(metadata, "code", where, MAX_NAME_CHARS)
    toy = metadata.get("toy", False)
    if not isinstance(toy, bool):
        raise _bad(where, "toy", _("true or false"), toy)
    version = _version(metadata, "package_version", where)
    _version(metadata, "argos_version", where)
    return PackageMetadata(
        from_code=from_code,
        to_code=to_code,
        from_name=_text(metadata, "from_name", where, MAX_NAME_CHARS),
        to_name=_text(metadata, "to_name", where, MAX_NAME_CHARS),
        version=version or "0",
        source_prefix=_text(metadata, "source_prefix", where, MAX_TOKEN_CHARS),
        source_suffix=_text(metadata, "source_suffix", where, MAX_TOKEN_CHARS),
        target_prefix=_text(metadata, "target_prefix", where, MAX_TOKEN_CHARS),
        toy=toy,
        max_source_positions=_positive(metadata, "max_source_positions", where, int),
        max_target_positions=_positive(metadata, "max_target_positions", where, int),
        length_ratio=_positive(metadata, "length_ratio", where, float),
    )


_MAX_POSITIONS = 1 << 20  # far beyond any model; keeps a hostile value harmless


def _positive(metadata: dict[str, Any], field: str, where: str, kind: type) -> Any:
    """An optional positive number (an int where ``kind`` is int), else a refusal."""
    value = metadata.get(field)
    if value is None:
        return None
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if not numeric or (kind is int and not isinstance(value, int)):
        raise _bad(where, field, _("a positive number"), value)
    if not 0 < value <= _MAX_POSITIONS:
        raise _bad(where, field, _("a positive number"), value)
    return kind(value)


def read_metadata(data: bytes, where: str) -> PackageMetadata:
    """Parse and check a ``metadata.json`` (see the module docstring)."""
    return check_metadata(parse_metadata_json(data, where), where)
