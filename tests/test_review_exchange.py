"""Work coming back from the reviewers' own tools (issue 25; issue 29's import rule):
units without our ids matched by source, memory for later runs, honest import reports,
who did it, the audit trail, fuzzy matches. The files of other tools are written here in
their shapes; tests/test_interop.py runs the tools themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polib
import pytest
from conftest import ROOT, cli_json, cli_ok, copy_database, run_cli, translated_sample
from lxml import etree

from translate.errors import EXIT_CONFLICT, EXIT_SKIPPED

ARTICLE = "niger-air-defence"
OMEGAT_TMX = ROOT / "tests" / "data" / "omegat" / "niger-air-defence-omegat.tmx"
INSTRUCTORS = "About 100 Russian instructors arrived in Niamey on Thursday night."


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return translated_sample(tmp_path_factory.mktemp("exchange"))


@pytest.fixture()
def db(base_db: Path, tmp_path: Path) -> Path:
    return copy_database(base_db, tmp_path / "translations.db")


def _items(db: Path) -> dict[str, dict[str, Any]]:
    """Translations by source text."""
    return {i["source"]: i for i in cli_json("review", "list", "--db", str(db))}


def _tmx(units: list[tuple[str, str]], *, version: str = "1.1", who: str = "") -> str:
    """A TMX in OmegaT's 1.1 shape (no tuid, ``lang``) or po2tmx's 1.4 (``xml:lang``)."""
    attr = 'lang="FR"' if version == "1.1" else 'xml:lang="fr"'
    src = 'lang="EN"' if version == "1.1" else 'xml:lang="en"'
    ident = f' changeid="{who}"' if who else ""
    body = "".join(
        f"<tu><tuv {src}><seg>{s}</seg></tuv><tuv {attr}{ident}><seg>{t}</seg></tuv></tu>\n"
        for s, t in units
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="{version}"><header '
        'creationtool="OmegaT" creationtoolversion="3.6" segtype="paragraph" o-tmf="x" '
        f'adminlang="EN-US" srclang="EN" datatype="plaintext"/><body>\n{body}</body></tmx>\n'
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- item 1: TMX from anyone --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("version", ["1.1", "1.4"])
def test_a_tmx_without_tuid_updates_its_segment_by_source(
    db: Path, tmp_path: Path, version: str
) -> None:
    new = "Une centaine d'instructeurs russes sont arrivés à Niamey jeudi soir."
    path = _write(tmp_path / "omegat.tmx", _tmx([(INSTRUCTORS, new)], version=version))
    report = cli_json("review", "import", str(path), "--db", str(db))
    item = _items(db)[INSTRUCTORS]
    assert report["edited_ids"] == [item["segment_id"]]
    assert (item["target"], item["status"]) == (new, "edited")


@pytest.mark.slow
def test_units_matching_nothing_are_listed_or_kept_as_memory(db: Path, tmp_path: Path) -> None:
    unknown = "The border with Benin reopened on Monday."
    kept = "La frontière avec le Bénin a rouvert lundi."
    path = _write(tmp_path / "tm.tmx", _tmx([(unknown, kept)], version="1.4"))
    listed = run_cli("review", "import", str(path), "--db", str(db), "--json")
    assert listed.returncode == 7, listed.stderr  # nothing in it matches this database
    assert "matches no segment" in listed.stderr
    both = _write(tmp_path / "both.tmx", _tmx([(unknown, kept), (INSTRUCTORS, "Texte.")]))
    partial = run_cli("review", "import", str(both), "--db", str(db), "--json")
    assert partial.returncode == EXIT_SKIPPED
    report = json.loads(partial.stdout)
    assert report["skipped"] == [
        {
            "segment_id": None,
            "reason": "no stored segment has this source (--as-memory keeps it as memory)",
            "source": unknown,
        }
    ]
    assert f"skipped unit {unknown!r}" in partial.stderr

    memory = cli_json("review", "import", str(path), "--db", str(db), "--as-memory")
    assert memory["memory"] == 1 and memory["skipped"] == []
    # A later run reuses it as reviewed work, exactly; the memory article holds it.
    story = _write(tmp_path / "border.txt", unknown + "\n")
    out = tmp_path / "out"
    cli_ok("run", str(story), "--to", "fr", "--db", str(db), "--out-dir", str(out), "-q")
    assert (out / "border.fr.txt").read_text(encoding="utf-8").strip() == kept


@pytest.mark.slow
def test_article_limits_where_units_are_matched(db: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "o.tmx", _tmx([(INSTRUCTORS, "Texte révisé.")]))
    other = run_cli("review", "import", str(path), "--db", str(db), "--article", "nope")
    assert other.returncode == 1 and "nope" in other.stderr
    report = cli_json("review", "import", str(path), "--db", str(db), "--article", ARTICLE)
    assert report["edited"] == 1


@pytest.mark.slow
def test_the_tmx_omegat_wrote_imports_back_with_its_reviewer(db: Path) -> None:
    # Committed as OmegaT 3.6 wrote it (TMX 1.1, no tuid; tests/data/omegat/README.md).
    report = cli_json("review", "import", str(OMEGAT_TMX), "--db", str(db), "--reviewer", "me")
    # One edit: Aïcha's. More means the toy's translations changed since OmegaT wrote the
    # file; write it again with OmegaT (tests/data/omegat/README.md).
    assert report["edited"] == 1 and report["conflict"] == 0, report
    item = _items(db)[INSTRUCTORS]
    assert item["reviewer"] == "Aïcha Moussa"  # OmegaT's changeid, not --reviewer
    history = cli_json("review", "history", "--db", str(db), "--reviewer", "Aïcha Moussa")
    assert [(e["action"], e["segment_id"]) for e in history] == [("import", item["segment_id"])]


# -- item 2: XLIFF 1.1 and PO from converters ----------------------------------------------


@pytest.mark.slow
def test_xliff_11_with_another_tools_ids_is_matched_by_source(db: Path, tmp_path: Path) -> None:
    # po2xliff writes XLIFF 1.1, numbers units from 1 and marks untouched ones approved.
    new = "Environ cent instructeurs russes sont arrivés jeudi soir à Niamey."
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:'
        'document:1.1" version="1.1"><file original="x.po" source-language="en-US" '
        'datatype="plaintext"><body><trans-unit id="2" restype="x-gettext-domain-header" '
        'approved="no"><source>Language: fr</source></trans-unit>'
        f'<trans-unit id="3" approved="no"><source>{INSTRUCTORS}</source>'
        f'<target state="translated">{new}</target></trans-unit></body></file></xliff>\n'
    )
    path = _write(tmp_path / "p2x.xlf", text)
    report = cli_json("review", "import", str(path), "--db", str(db), "--lang", "fr")
    item = _items(db)[INSTRUCTORS]
    assert report["edited_ids"] == [item["segment_id"]] and item["target"] == new


# -- item 5: honest imports; issue 29: final units that break the glossary ----------------


def _po(db: Path, tmp_path: Path) -> tuple[Path, polib.POFile]:
    path = tmp_path / "fr.po"
    cli_ok("review", "export", "-a", ARTICLE, "--lang", "fr", "-o", str(path), "--db", str(db))
    return path, polib.pofile(str(path))


@pytest.mark.slow
def test_counts_say_what_was_stored_and_a_breaking_final_unit_is_held(
    db: Path, tmp_path: Path
) -> None:
    path, po = _po(db, tmp_path)
    good = next(e for e in po if e.msgid == INSTRUCTORS)
    good.msgstr = "Une centaine d'instructeurs russes sont arrivés à Niamey jeudi soir."
    good.flags.remove("fuzzy")  # final, and keeps the glossary (Niamey)
    bad = next(e for e in po if e.msgid.startswith("The plane landed"))
    bad.msgstr = "L'avion a atterri jeudi à 22 h 30."  # drops CNSP: breaks the glossary
    bad.flags.remove("fuzzy")
    po.save(str(path))
    result = run_cli("review", "import", str(path), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["approved_ids"], report["edited_ids"]) == (
        [int(good.msgctxt)],
        [int(bad.msgctxt)],
    )
    assert report["held_ids"] == [int(bad.msgctxt)]
    assert f"segment {bad.msgctxt} is final in the file but breaks the glossary" in result.stderr
    statuses = {i["segment_id"]: i["status"] for i in _items(db).values()}
    assert (statuses[int(good.msgctxt)], statuses[int(bad.msgctxt)]) == ("approved", "edited")
    forced = cli_json("review", "import", str(path), "--db", str(db), "--force")
    assert forced["approved_ids"] == [int(bad.msgctxt)] and forced["held"] == 0


@pytest.mark.slow
def test_a_conflict_exits_8_and_json_lists_it(db: Path, tmp_path: Path) -> None:
    path, po = _po(db, tmp_path)
    item = _items(db)[INSTRUCTORS]
    cli_ok("review", "edit", str(item["id"]), "--text", "Texte plus récent.", "--db", str(db))
    entry = next(e for e in po if e.msgid == INSTRUCTORS)
    entry.msgstr = "Texte de l'ancien fichier."
    po.save(str(path))
    result = run_cli("review", "import", str(path), "--db", str(db), "--json")
    assert result.returncode == EXIT_CONFLICT
    assert json.loads(result.stdout)["conflicts"] == [
        {
            "segment_id": item["segment_id"],
            "stored_status": "edited",
            "stored": "Texte plus récent.",
            "imported": "Texte de l'ancien fichier.",
        }
    ]


# -- item 6: identity -----------------------------------------------------------------------


@pytest.mark.slow
def test_po_last_translator_is_recorded_and_tmx_exports_carry_the_audit(
    db: Path, tmp_path: Path
) -> None:
    path, po = _po(db, tmp_path)
    po.metadata["Last-Translator"] = "Ibrahim Sani <ibrahim@example.org>"  # as Poedit writes
    entry = next(e for e in po if e.msgid == INSTRUCTORS)
    entry.msgstr = "Une centaine d'instructeurs russes sont arrivés à Niamey jeudi soir."
    po.save(str(path))
    cli_json("review", "import", str(path), "--db", str(db))
    item = _items(db)[INSTRUCTORS]
    assert item["reviewer"] == "Ibrahim Sani <ibrahim@example.org>"
    tmx = tmp_path / "fr.tmx"
    cli_ok("review", "export", "--lang", "fr", "--format", "tmx", "-o", str(tmx), "--db", str(db))
    unit = etree.parse(str(tmx)).find(f".//tu[@tuid='{item['segment_id']}']")
    assert unit is not None
    assert unit.get("changeid") == "Ibrahim Sani <ibrahim@example.org>"
    assert unit.get("creationid") == "machine"  # who made it first: the run
    assert unit.get("changedate") >= unit.get("creationdate")  # type: ignore[operator]
    since = cli_json("review", "history", "--db", str(db), "--since", "2000-01-01", "-a", ARTICLE)
    assert since[-1]["who"] == "Ibrahim Sani <ibrahim@example.org>"
    assert since[-1]["article"] == ARTICLE and since[-1]["action"] == "import"
    later = cli_json("review", "history", "--db", str(db), "--since", "2999-01-01")
    assert later == []


# -- item 7: fuzzy matches ------------------------------------------------------------------


@pytest.mark.slow
def test_fuzzy_matches_are_shown_exported_and_never_used_by_runs(db: Path, tmp_path: Path) -> None:
    item = _items(db)[INSTRUCTORS]
    approved = "Une centaine d'instructeurs russes sont arrivés à Niamey jeudi soir."
    cli_ok("review", "edit", str(item["id"]), "--text", approved, "--db", str(db))
    cli_ok("review", "approve", str(item["id"]), "--db", str(db))
    close = "About 100 Russian instructors arrived in Niamey on Friday night."
    matches = cli_json("tm", "search", "--fuzzy", close, "--lang", "fr", "--db", str(db))
    assert [(m["source_text"], m["final_text"]) for m in matches] == [(INSTRUCTORS, approved)]
    assert 75 <= matches[0]["similarity"] < 100
    far = cli_json("tm", "search", "--fuzzy", "The junta closed the border.", "-l", "fr",
                "--db", str(db))  # fmt: skip
    assert far == []
    # A run of the close sentence translates it; it never takes the fuzzy match.
    story = _write(tmp_path / "friday.txt", close + "\n")
    cli_ok("run", str(story), "--to", "fr", "--db", str(db), "--out-dir", str(tmp_path), "-q")
    assert (tmp_path / "friday.fr.txt").read_text(encoding="utf-8").strip() != approved
    rows = _items(db)
    shown = cli_json("review", "show", str(rows[close]["id"]), "--db", str(db))
    assert shown["matches"][0]["final_text"] == approved
    xliff = tmp_path / "friday.xlf"
    cli_ok("review", "export", "-a", "friday", "--lang", "fr", "--format", "xliff",
        "-o", str(xliff), "--db", str(db))  # fmt: skip
    alt = etree.parse(str(xliff)).find(".//{*}alt-trans")
    assert alt is not None and alt.findtext("{*}target") == approved
    assert alt.get("match-quality", "").endswith("%")


# -- glossary exchange (issue 25 item 5; issue 29) ---------------------------------------

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="a"><langSet xml:lang="en"><tig><term>Tahoua</term></tig></langSet>
<langSet xml:lang="ha"><tig><term>Tawa</term></tig></langSet></termEntry>
<termEntry id="b"><langSet xml:lang="en"><tig><term>Zinder</term></tig></langSet>
<langSet xml:lang="fr"><tig><term>Zinder</term></tig></langSet></termEntry>
</body></text></martif>
"""


def test_a_tbx_entry_without_a_target_term_is_listed(tmp_path: Path) -> None:
    path = _write(tmp_path / "desk.tbx", TBX)
    result = run_cli("glossary", "import", str(path), "--lang", "ha", "--into",
                     str(tmp_path / "ha.po"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"{path}:5: 'Zinder' has no ha term; not imported" in result.stderr
    assert (
        "1 added" in result.stdout and "(1 entry without a ha term, not imported)" in result.stdout
    )


@pytest.mark.slow
def test_exported_glossary_reimports_unchanged_and_keeps_plurals_apart(tmp_path: Path) -> None:
    tbx = tmp_path / "fr.tbx"
    cli_ok("glossary", "export", "--lang", "fr", "--format", "tbx", "-o", str(tbx))
    concepts = etree.parse(str(tbx)).findall(".//termEntry")
    for concept in concepts:  # one number per concept: a tool cannot cross them
        numbers = {n.text for n in concept.iter("termNote")}
        assert len(numbers) <= 1, etree.tostring(concept)
    coup = [c for c in concepts if "coup d'état" in [t.text for t in c.iter("term")]]
    assert [t.text for t in coup[0].iter("term")] == ["coup d'état", "coup d'État"]
    again = run_cli("glossary", "import", str(tbx), "--into", str(tmp_path / "user.po"))
    assert again.returncode == 0, again.stderr
    assert " 0 added, 0 updated, 45 unchanged" in again.stdout
    assert not (tmp_path / "user.po").exists()  # nothing to write


def test_glossary_export_po_is_the_merged_glossary(tmp_path: Path) -> None:
    out = tmp_path / "all.fr.po"
    cli_ok("glossary", "export", "--lang", "fr", "--format", "po", "-o", str(out))
    entries = polib.pofile(str(out))
    cnsp = next(e for e in entries if e.msgid == "CNSP")
    assert (cnsp.msgstr, cnsp.tcomment.splitlines()[-1]) == ("CNSP", "no-translate")
    assert any("fuzzy" in e.flags for e in entries)  # proposals kept, as proposals
    checked = run_cli("glossary", "check", f"fr={out}")
    assert checked.returncode == 0, checked.stdout + checked.stderr
