"""The real third-party tools on our files and on theirs (issue 25): GNU gettext
(msgfmt, msgcat, msgmerge, msgattrib, msguniq), translate-toolkit (po2xliff, xliff2po,
po2tmx, pocount and its Python API) and OmegaT 3.6 (console mode; slow).

translate-toolkit's import name is `translate`, like ours: it runs through Debian's
``/usr/bin/python3`` in isolated mode (``-I``: no current directory, no user site),
never in the project's venv. A test skips only when its tool is not installed (`.ci/run`
installs gettext and translate-toolkit; `make interop` installs OmegaT too).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import ROOT, cli_json, cli_ok, copy_database, run_cli, translated_sample

from translate.glossary import load_glossary

ARTICLE = "niger-air-defence"
GLOSSARIES = [ROOT / "glossaries" / "fr.po", ROOT / "glossaries" / "ha.po"]
SYSTEM_PYTHON = Path("/usr/bin/python3")
INSTRUCTORS = "About 100 Russian instructors arrived in Niamey on Thursday night."
REVIEWED = "Une centaine d'instructeurs russes sont arrivés à Niamey jeudi soir."


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: gettext / translate-toolkit / omegat)")
    return found


def _toolkit() -> None:
    _tool("po2xliff")
    probe = subprocess.run(
        [str(SYSTEM_PYTHON), "-I", "-c", "import translate.storage.tmx"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        pytest.skip("translate-toolkit's Python API is not installed for /usr/bin/python3")


def _sh(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return translated_sample(tmp_path_factory.mktemp("interop"))


@pytest.fixture()
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_database(base_db, tmp_path / "translations.db")


def _export(db: Path, path: Path, *args: str) -> Path:
    cli_ok("review", "export", "-a", ARTICLE, "--lang", "fr", "-o", str(path), "--db", str(db),
           *args)  # fmt: skip
    return path


def _target(db: Path, source: str) -> tuple[str, str]:
    items = cli_json("review", "list", "--db", str(db))
    item = next(i for i in items if i["source"] == source)
    return item["target"], item["status"]


# -- gettext -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
def test_shipped_glossaries_pass_msgfmt_check_header_without_a_warning(path: Path) -> None:
    msgfmt = _tool("msgfmt")
    result = subprocess.run(
        [msgfmt, "-c", "--check-header", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")


def _meaning(path: Path, lang: str) -> list[tuple[Any, ...]]:
    glossary = load_glossary([path], lang)
    return [
        (e.source, e.target, e.source_plural, e.target_plural, e.context, e.no_translate,
         e.case_sensitive, e.fuzzy, e.forbidden, e.notes)
        for e in glossary.entries
    ]  # fmt: skip


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.name)
def test_gettext_round_trips_change_no_terms_meaning(path: Path, tmp_path: Path) -> None:
    msgcat, msgattrib, msguniq, msgmerge = (
        _tool(n) for n in ("msgcat", "msgattrib", "msguniq", "msgmerge")
    )
    lang = path.stem
    catted = tmp_path / "cat" / path.name
    catted.parent.mkdir()
    _sh(msgcat, path, "-o", catted)
    _sh(msgattrib, "--no-obsolete", catted, "-o", catted)
    _sh(msguniq, catted, "-o", catted)
    merged = tmp_path / "merge" / path.name
    merged.parent.mkdir()
    _sh(msgmerge, "-q", catted, path, "-o", merged)
    for rewritten in (catted, merged):
        assert _meaning(rewritten, lang) == _meaning(path, lang)
        cli_ok("glossary", "check", str(rewritten))


OLD_STYLE = """msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#, no-translate
msgid "CNSP"
msgstr ""

msgid "ECOWAS"
msgstr "CEDEAO"

#, forbidden
msgid "ECOWAS"
msgstr "Cédéao"
"""


def test_glossary_check_fix_makes_an_old_file_survive_msgcat(tmp_path: Path) -> None:
    msgcat = _tool("msgcat")
    old = tmp_path / "old" / "fr.po"
    old.parent.mkdir()
    old.write_text(OLD_STYLE, encoding="utf-8")
    # The defect: msgcat drops the flags (and refuses the duplicate msgid).
    broken = subprocess.run([msgcat, str(old)], capture_output=True, text=True)
    assert broken.returncode != 0 or "no-translate" not in broken.stdout
    warned = run_cli("glossary", "check", str(old))
    assert "gettext tools" in warned.stdout and "--fix" in warned.stdout
    before = _meaning(old, "fr")
    cli_ok("glossary", "check", "--fix", str(old))
    text = old.read_text(encoding="utf-8")
    assert '# no-translate\nmsgid "CNSP"\nmsgstr "CNSP"' in text
    assert 'msgctxt "forbidden"' in text and "#," not in text
    assert _meaning(old, "fr") == before
    catted = tmp_path / "fr.po"
    _sh(msgcat, old, "-o", catted)
    assert _meaning(catted, "fr") == before
    _sh(_tool("msgfmt"), "-c", "--check-header", "-o", "/dev/null", old)


def test_our_po_export_survives_msgcat_and_comes_back_unchanged(db: Path, tmp_path: Path) -> None:
    msgcat = _tool("msgcat")
    exported = _export(db, tmp_path / "fr.po")
    _sh(_tool("msgfmt"), "-c", "-o", "/dev/null", exported)
    catted = tmp_path / "catted.po"
    _sh(msgcat, exported, "-o", catted)
    report = cli_json("review", "import", str(catted), "--db", str(db))
    assert report["unchanged"] == 27 and report["applied"] == 0


# -- translate-toolkit -------------------------------------------------------------------


def _edited_po(db: Path, tmp_path: Path) -> Path:
    path = _export(db, tmp_path / "fr.po")
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == INSTRUCTORS).msgstr = REVIEWED
    po.save(str(path))
    return path


def test_po2xliff_output_comes_back_by_source(db: Path, tmp_path: Path) -> None:
    _toolkit()
    xliff = tmp_path / "p2x.xlf"
    _sh(_tool("po2xliff"), _edited_po(db, tmp_path), xliff)
    assert 'version="1.1"' in xliff.read_text(encoding="utf-8")
    report = cli_json("review", "import", str(xliff), "--db", str(db), "--lang", "fr")
    assert report["edited"] == 1 and report["skipped"] == []
    assert _target(db, INSTRUCTORS) == (REVIEWED, "edited")


def test_xliff2po_output_keeps_our_ids_in_references(db: Path, tmp_path: Path) -> None:
    _toolkit()
    xliff = _export(db, tmp_path / "fr.xlf", "--format", "xliff")
    po_path = tmp_path / "x2p.po"
    _sh(_tool("xliff2po"), xliff, po_path)
    po = polib.pofile(str(po_path))
    assert all(e.msgctxt is None and e.occurrences for e in po)  # ids in `#:` only
    next(e for e in po if e.msgid == INSTRUCTORS).msgstr = REVIEWED
    po.save(str(po_path))
    report = cli_json("review", "import", str(po_path), "--db", str(db), "--lang", "fr")
    assert report["edited"] == 1 and report["unchanged"] == 26
    assert _target(db, INSTRUCTORS) == (REVIEWED, "edited")


def test_po2tmx_output_comes_back_by_source(db: Path, tmp_path: Path) -> None:
    _toolkit()
    tmx = tmp_path / "p2t.tmx"
    edited = _edited_po(db, tmp_path)
    po = polib.pofile(str(edited))
    next(e for e in po if e.msgid == INSTRUCTORS).flags.remove("fuzzy")  # po2tmx skips fuzzy
    po.save(str(edited))
    _sh(_tool("po2tmx"), "-l", "fr", edited, tmx)
    report = cli_json("review", "import", str(tmx), "--db", str(db))
    assert report["edited"] == 1
    assert _target(db, INSTRUCTORS) == (REVIEWED, "edited")


def test_toolkit_reads_our_tmx_and_counts_no_glossary_term_untranslated(
    db: Path, tmp_path: Path
) -> None:
    _toolkit()
    cli_ok("review", "approve", "--article", ARTICLE, "--lang", "fr", "--force", "--db", str(db))
    tmx = _export(db, tmp_path / "fr.tmx", "--format", "tmx")
    script = (
        "import sys, json\n"
        "from translate.storage import tmx\n"
        "store = tmx.tmxfile.parsefile(sys.argv[1])\n"
        "print(json.dumps([[u.source, u.target] for u in store.units]))\n"
    )
    out = _sh(SYSTEM_PYTHON, "-I", "-c", script, tmx, cwd=tmp_path)
    pairs = json.loads(out.splitlines()[0])
    assert len(pairs) == 27 and [INSTRUCTORS, _target(db, INSTRUCTORS)[0]] in pairs
    for glossary in GLOSSARIES:  # a kept term is its own translation: nothing to fill in
        counted = _sh(_tool("pocount"), "--csv", glossary).splitlines()
        header = [c.strip() for c in counted[0].split(",")]
        row = next(line for line in counted if line.startswith(str(glossary)))
        values = dict(zip(header, (c.strip() for c in row.split(",")), strict=False))
        assert values["Untranslated Messages"] == "0", row


# -- OmegaT --------------------------------------------------------------------------------


@pytest.mark.slow
def test_omegat_reads_our_project_with_english_as_source_and_fills_it(
    db: Path, tmp_path: Path
) -> None:
    omegat = _tool("omegat")
    cli_ok("review", "approve", "--article", ARTICLE, "--lang", "fr", "--force", "--db", str(db))
    project = tmp_path / "project"
    cli_ok("review", "export", "-a", ARTICLE, "--lang", "fr", "--for", "omegat", "-o",
        str(project), "--db", str(db))  # fmt: skip
    _sh(omegat, project, "--mode=console-translate")
    items = {i["source"]: i["target"] for i in cli_json("review", "list", "--db", str(db))}
    # OmegaT's own TMX of the project: English as the source, our translations filled.
    written = project / "project-omegat.tmx"
    assert written.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    units = polib_free_tmx_pairs(written)
    assert units == items
    translated = (project / "target" / f"{ARTICLE}.xlf").read_text(encoding="utf-8")
    assert items[INSTRUCTORS] in translated
    # And it comes back: every unit unchanged.
    report = cli_json("review", "import", str(written), "--db", str(db))
    assert report["unchanged"] == 27 and report["applied"] == 0


def polib_free_tmx_pairs(path: Path) -> dict[str, str]:
    """source → target of a TMX 1.1 as OmegaT writes it (``<tuv lang="EN">``)."""
    from lxml import etree

    pairs = {}
    for unit in etree.parse(str(path)).iter("tu"):
        segs = {tuv.get("lang", "").lower(): tuv.findtext("seg") for tuv in unit.iter("tuv")}
        pairs[segs["en"]] = segs["fr"]
    return pairs
