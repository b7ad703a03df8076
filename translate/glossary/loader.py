"""The glossary package's one door to the file system: where glossaries live, reading
them (each file read and parsed once per load), and writing an import's result.

Everything else in ``translate.glossary`` works on text; this module reads the files,
hands their text to the parsers (``po``, ``terms``) and stacks the result
(``matching.stack_glossary``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import GlossaryError, InputError, UsageError
from translate.files import is_stdin, read_input, write_atomic
from translate.glossary.check import check_texts, errors
from translate.glossary.formats import DELIMITERS, file_format, sniff_term_format, term_format
from translate.glossary.imports import ImportResult, merge_text
from translate.glossary.matching import Glossary, stack_glossary
from translate.glossary.migrate import Fix
from translate.glossary.model import Entry, Problem
from translate.glossary.po import ParsedPo, check_po_language, checked, parse_text, po_entries
from translate.glossary.selection import GlossarySpec, base_language, spec_languages
from translate.glossary.terms import (
    TbxRoot,
    header_languages,
    parse_tbx,
    tbx_languages,
    term_entries,
    utf8_text,
)
from translate.i18n import _
from translate.lang import is_language_code, plural_rule

# --------------------------------------------------------------------------- directories


def glossary_dir() -> Path:
    """$TRANSLATE_GLOSSARY_DIR, else ./glossaries, else the shipped glossaries/."""
    configured = os.environ.get("TRANSLATE_GLOSSARY_DIR")
    if configured:
        return Path(configured)
    local = Path("glossaries")
    if local.is_dir():
        return local
    repo = Path(__file__).resolve().parents[2] / "glossaries"
    if repo.is_dir():
        return repo
    # An installed wheel carries them as package data (translate/glossaries).
    return Path(__file__).resolve().parents[1] / "glossaries"


def user_glossary_dir() -> Path:
    """The user's own glossaries, where `glossary import` writes: the XDG data directory,
    ``$XDG_DATA_HOME/translate/glossaries`` (default ``~/.local/share/translate/glossaries``);
    ``$TRANSLATE_USER_GLOSSARY_DIR`` overrides it."""
    configured = os.environ.get("TRANSLATE_USER_GLOSSARY_DIR")
    if configured:
        return Path(configured)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "translate" / "glossaries"


def installed_glossary_dir() -> Path | None:
    """The installed package's own glossaries (None in a source checkout, where the
    house glossaries are edited on purpose)."""
    package = Path(__file__).resolve().parents[1]
    if (package.parent / "pyproject.toml").is_file():
        return None
    return (package / "glossaries").resolve()


def language_files(base: Path, lang: str) -> list[Path]:
    paths = []
    if (base / f"{lang}.po").is_file():
        paths.append(base / f"{lang}.po")
    if (base / lang).is_dir():
        paths += sorted(p for p in (base / lang).glob("*.po") if p.is_file())
    return paths


def default_glossary_paths(lang: str) -> list[Path]:
    """glossaries/<lang>.po, then glossaries/<lang>/*.po sorted, then the same in the user's
    glossary directory (which wins); [] when there are none."""
    house = language_files(glossary_dir(), lang)
    user = user_glossary_dir()
    same = any(user.resolve() == p.parent.resolve() for p in house) if user.is_dir() else False
    return house + ([] if same else language_files(user, lang))


def default_import_target(lang: str) -> Path:
    return user_glossary_dir() / f"{lang}.po"


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """UTF-8 text of a glossary; errors name the file (and the line of a bad byte)."""
    try:
        if not path.exists():
            raise FileNotFoundError(path)
        data = read_input(path)  # bounded; a device is refused
    except InputError as exc:
        raise GlossaryError(str(exc)) from None
    except FileNotFoundError:
        # The file:line prefix stays as it is: `glossary check` parses it back (check._from_error).
        raise GlossaryError(f"{path}: " + _("glossary file not found")) from None
    except OSError as exc:
        raise GlossaryError(
            f"{path}: " + _("cannot read glossary: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    return utf8_text(data, path, GlossaryError)


# PO files parsed in this process, by (path, inode, size, modification time): a run
# checks and loads each glossary of its languages, `glossary check` and the stacking,
# once (a 10,000-term file takes about a second to parse). Bounded; an edited file is new.
_PARSED: dict[tuple[str, int, int, int], tuple[ParsedPo, list[tuple[int, str]]]] = {}
_PARSED_FILES = 8


def _file_key(path: Path) -> tuple[str, int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # read_text reports it
    return (str(path), info.st_ino, info.st_size, info.st_mtime_ns)


def parsed_po(path: Path) -> tuple[ParsedPo, list[tuple[int, str]]]:
    """The PO glossary ``path`` parsed (``po.parse_text``), once per process while the
    file does not change."""
    key = _file_key(path)
    cached = _PARSED.get(key) if key is not None else None
    if cached is None:
        cached = parse_text(path, read_text(path))
        if key is not None:
            while len(_PARSED) >= _PARSED_FILES:
                del _PARSED[next(iter(_PARSED))]
            _PARSED[key] = cached
    return cached


@dataclass
class GlossaryFile:
    """One glossary file, read and parsed at most once: the languages it says it is
    for, and its entries for a language."""

    path: Path
    kind: str = ""  # po, csv, tsv, omegat, tbx
    _data: bytes | None = field(default=None, repr=False)
    _po: ParsedPo | None = field(default=None, repr=False)
    _tbx: TbxRoot | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.kind = self.kind or file_format(self.path)

    def _bytes(self) -> bytes:
        if self._data is None:
            if not self.path.exists():
                raise GlossaryError(f"{self.path}: " + _("glossary file not found"))
            self._data = read_input(self.path)
        return self._data

    def _parsed_po(self) -> ParsedPo:
        if self._po is None:
            self._po = checked(self.path, *parsed_po(self.path))
        return self._po

    def _root(self) -> TbxRoot:
        if self._tbx is None:
            self._tbx = parse_tbx(self._bytes(), self.path)
        return self._tbx

    def languages(self) -> frozenset[str]:
        """Target languages the file says it is for (empty when it does not say)."""
        if self.kind == "po":
            lang = self._parsed_po().lang
            return frozenset({base_language(lang)}) if lang else frozenset()
        if self.kind == "tbx":
            return tbx_languages(self._root())
        try:
            text = self._bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            return frozenset()  # the import proper reports it with a line number
        return header_languages(text, DELIMITERS[self.kind])

    def entries(self, lang: str) -> tuple[list[Entry], list[str]]:
        """The file's entries for ``lang`` and warnings about the ones it skipped."""
        if self.kind == "po":
            return po_entries(check_po_language(self._parsed_po(), lang), lang)
        data = self._root() if self.kind == "tbx" else self._bytes()
        warnings: list[str] = []
        return term_entries(data, self.path, lang, self.kind, warnings), warnings


def parse_spec(value: str | Path | GlossarySpec) -> GlossarySpec:
    """``fr=extra.csv`` → (extra.csv, fr); ``extra.po`` → (extra.po, None).

    A prefix before ``=`` counts as a language only when it has the syntax of a
    language code, so a path with ``=`` in a folder name still works (and an existing
    file called ``fr=x.po`` is that file).
    """
    if isinstance(value, GlossarySpec):
        return value
    if isinstance(value, Path) and (value.exists() or "=" not in str(value)):
        return GlossarySpec(value)
    head, sep, tail = str(value).partition("=")
    if sep and tail and is_language_code(head) and not Path(str(value)).exists():
        return GlossarySpec(Path(tail), base_language(head))
    if sep and not tail and is_language_code(head):
        raise UsageError(_("--glossary {value!r}: no file after '='").format(value=value))
    return GlossarySpec(Path(value))


class _Files(dict[Path, GlossaryFile]):
    """The files of one load, so that each is read and parsed once."""

    def __missing__(self, path: Path) -> GlossaryFile:
        self[path] = found = GlossaryFile(path)
        return found


def file_languages(path: Path) -> frozenset[str]:
    """Target languages a glossary file says it is for (empty when it does not say)."""
    return GlossaryFile(Path(path)).languages()


def resolve_specs(
    values: Iterable[str | Path | GlossarySpec], files: _Files | None = None
) -> list[tuple[GlossarySpec, frozenset[str]]]:
    """Every spec with its languages; the first file that cannot be placed raises."""
    files = _Files() if files is None else files
    resolved = []
    for value in values:
        spec = parse_spec(value)
        resolved.append((spec, spec_languages(spec, files[spec.path].languages())))
    return resolved


def _paths_for(
    lang: str,
    extra: Iterable[str | Path | GlossarySpec],
    use_defaults: bool,
    files: _Files,
) -> list[Path]:
    wanted = base_language(lang)
    chosen = list(default_glossary_paths(lang)) if use_defaults else []
    chosen += [spec.path for spec, langs in resolve_specs(extra, files) if wanted in langs]
    return chosen


def glossary_paths(
    lang: str, extra: Iterable[str | Path | GlossarySpec] = (), *, use_defaults: bool = True
) -> list[Path]:
    """The files a glossary for ``lang`` is read from: the shipped and user glossaries
    for the language (``use_defaults``), then the ``extra`` files that are for ``lang``
    (``fr=extra.csv``, or a file whose header says its language), later ones winning.
    An extra file whose language cannot be told is refused (GlossaryError)."""
    return _paths_for(lang, extra, use_defaults, _Files())


def _load(paths: Sequence[Path], lang: str, files: _Files) -> Glossary:
    plural_rule(lang)  # an unknown language is a usage error, even with no files
    return stack_glossary(lang, [files[Path(p)].entries(lang) for p in paths])


def load_glossary(paths: Sequence[Path], lang: str) -> Glossary:
    """The glossary for ``lang`` stacked from ``paths`` (PO glossaries or term lists),
    later files winning (see ``matching.stack_glossary``)."""
    return _load(paths, lang, _Files())


def load_for(
    lang: str, extra: Iterable[str | Path | GlossarySpec] = (), *, use_defaults: bool = True
) -> Glossary:
    """The glossary for target language ``lang`` (see :func:`glossary_paths`): the one
    way a glossary is chosen and loaded, for runs, review checks and the glossary
    commands alike. Each file is read and parsed once."""
    files = _Files()
    return _load(_paths_for(lang, extra, use_defaults, files), lang, files)


def import_terms(path: Path, lang: str, fmt: str | None = None) -> list[Entry]:
    """Terms of a CSV, TSV, OmegaT or TBX file for English → ``lang`` (see
    ``terms.term_entries``)."""
    path = Path(path)
    kind = term_format(path, fmt)
    return term_entries(read_input(path), path, lang, kind)


# --------------------------------------------------------------------------- checking


def check_files(
    paths: Sequence[Path | str | GlossarySpec], *, texts: Mapping[Path, str] | None = None
) -> tuple[list[Problem], int]:
    """Problems of PO glossaries (``check.check_texts``) and how many entries they hold.
    ``texts`` checks a text as if it were the file at that path (an import checks its
    result before writing)."""
    specs = [parse_spec(p) for p in paths]
    sources: dict[Path, tuple[ParsedPo, list[tuple[int, str]]] | GlossaryError] = {}
    for spec in specs:
        if texts and spec.path in texts:
            sources[spec.path] = parse_text(spec.path, texts[spec.path])
            continue
        try:
            sources[spec.path] = parsed_po(spec.path)
        except GlossaryError as exc:
            sources[spec.path] = exc
    return check_texts(specs, sources)


def check_glossary(
    paths: Sequence[Path | str | GlossarySpec], *, texts: Mapping[Path, str] | None = None
) -> list[Problem]:
    """Problems of PO glossaries, with file:line (see :func:`check_files`)."""
    return check_files(paths, texts=texts)[0]


def run_check(
    langs: Iterable[str],
    extra: Iterable[str | Path | GlossarySpec] = (),
    *,
    use_defaults: bool = True,
) -> list[Problem]:
    """The errors `translate glossary check` finds in the PO glossaries a run for
    ``langs`` uses (each file checked once, as a file for the language it is used for);
    CSV/TSV/TBX term lists are checked as they are read."""
    extra = list(extra)
    files = _Files()
    specs: dict[Path, GlossarySpec] = {}
    for lang in langs:
        for path in _paths_for(lang, extra, use_defaults, files):
            if file_format(path) == "po":
                specs.setdefault(path, GlossarySpec(path, base_language(lang)))
    return errors(check_glossary(list(specs.values()))) if specs else []


def older_shape(paths: Sequence[Path | str | GlossarySpec]) -> list[tuple[Path, list[Fix]]]:
    """What `glossary check --fix` would change in each PO glossary (files that need
    nothing, or do not parse, left out): what `glossary check` says of older files."""
    from translate.glossary.migrate import migrate_text

    found = []
    for spec in (parse_spec(p) for p in paths):
        try:
            _text, fixes = migrate_text(read_text(spec.path), "")
        except (OSError, ValueError, GlossaryError):
            continue
        fixes = [f for f in fixes if f.msgid]  # entries; a header field loses no meaning
        if fixes:
            found.append((spec.path, fixes))
    return found


def fix_files(paths: Sequence[Path | str | GlossarySpec]) -> list[tuple[Path, list[Fix]]]:
    """`glossary check --fix`: rewrite each PO glossary as gettext tools keep it
    (``migrate.migrate_text``); a file that needs nothing is not written. Never the
    installed package's own files."""
    from datetime import datetime, timezone

    from translate.glossary.migrate import migrate_text

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z")
    done = []
    for spec in (parse_spec(p) for p in paths):
        _refuse_installed(spec.path)
        try:
            text, fixes = migrate_text(read_text(spec.path), stamp)
        except (OSError, ValueError):
            continue  # a syntax error: `check` reports it with its line, nothing is fixed
        if fixes:
            write_atomic(spec.path, text)
            done.append((spec.path, fixes))
    return done


def _refuse_installed(path: Path) -> None:
    protected = installed_glossary_dir()
    if protected is not None and path.resolve().is_relative_to(protected):
        raise UsageError(
            _(
                "{path}: will not write into the installed package; import into your "
                "glossary directory (the default) or give --into"
            ).format(path=path)
        )


# --------------------------------------------------------------------------- importing


def merge_entries(
    entries: Iterable[Entry],
    po_path: Path,
    lang: str,
    *,
    fuzzy: bool = False,
    update: bool = False,
    dry_run: bool = False,
    read: int | None = None,
    house: Sequence[Entry] = (),
) -> ImportResult:
    """Merge ``entries`` into the PO glossary ``po_path`` (created if missing), as
    ``imports.merge_text`` says. Nothing is written when the result would not pass
    `glossary check`, or with ``dry_run``; never into the installed package."""
    po_path = Path(po_path)
    _refuse_installed(po_path)
    original = read_text(po_path) if po_path.exists() else None
    result = merge_text(
        entries, po_path, original, lang,
        fuzzy=fuzzy, update=update, dry_run=dry_run, read=read, house=house,
    )  # fmt: skip
    if not (result.added or result.changed or result.overrides):
        return result  # nothing to write
    problems = errors(check_glossary([GlossarySpec(po_path, lang)], texts={po_path: result.text}))
    if problems:
        raise GlossaryError(
            _("{path}: import refused, the result would fail `glossary check`: {problem}").format(
                path=po_path, problem=problems[0]
            )
        )
    if not dry_run:
        po_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(po_path, result.text)
        result.written = True
    return result


def merge_into_po(
    entries: Iterable[Entry],
    po_path: Path,
    lang: str,
    *,
    fuzzy: bool = False,
    skipped: list[Entry] | None = None,
) -> tuple[int, int]:
    """Add or update ``entries`` in ``po_path`` (created if missing): (added, updated).

    The file is edited as text (:func:`merge_entries`, with updates allowed):
    comments, flags and layout stay. A proposal (``fuzzy`` or a fuzzy entry) only adds
    entries or updates ones that are themselves fuzzy: it never changes an enforced
    entry, and such conflicts are appended to ``skipped`` when given.
    """
    entries = list(entries)
    result = merge_entries(entries, Path(po_path), lang, fuzzy=fuzzy, update=True)
    if skipped is not None:
        keys = {(c.source, c.context) for c in result.skipped}
        skipped += [e for e in entries if e.key in keys]
    return len(result.added), len(result.changed)


def house_entries(lang: str, target: Path) -> list[Entry]:
    """The shipped glossary's entries for ``lang`` that ``target`` is stacked on (none
    when ``target`` is itself one of the shipped files)."""
    shipped = language_files(glossary_dir(), lang)
    resolved = Path(target).resolve()
    if any(p.resolve() == resolved for p in shipped):
        return []
    return load_glossary(shipped, lang).entries


def import_glossary(
    file: Path,
    lang: str | None = None,
    *,
    into: Path | None = None,
    fmt: str | None = None,
    fuzzy: bool = False,
    update: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """`glossary import`: the terms of a CSV/TSV/OmegaT/TBX file into a PO glossary.

    ``lang`` defaults to the file's own language (its header row or TBX languages)
    when it names exactly one; ``into`` to ``<user glossary dir>/<lang>.po``. ``-``
    reads standard input, its format sniffed unless given.
    """
    if is_stdin(file):
        data = read_input("-")
        kind = term_format(Path("stdin"), fmt) if fmt else sniff_term_format(data)
        source = GlossaryFile(Path("<stdin>"), kind, _data=data)
    else:
        path = Path(file)
        source = GlossaryFile(path, term_format(path, fmt), _data=read_input(path))
    if lang is None:
        said = source.languages()
        if len(said) != 1:
            raise UsageError(
                _("{path}: give the target language with --lang (the file says {said})").format(
                    path=source.path, said=", ".join(sorted(said)) or _("none")
                )
            )
        lang = next(iter(said))
    entries, warnings = source.entries(lang)
    target = into or default_import_target(lang)
    result = merge_entries(
        entries,
        target,
        lang,
        fuzzy=fuzzy,
        update=update,
        dry_run=dry_run,
        house=house_entries(lang, target),
    )
    result.untranslated = warnings  # TBX entries with no term in the language: listed
    return result
