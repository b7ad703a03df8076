"""Issue 12: glossaries per language, overrides by surface form, `check` errors vs
warnings and plural rules, safe imports, OmegaT."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from translate.errors import GlossaryError
from translate.glossary import (
    Entry,
    check_glossary,
    export_terms,
    import_glossary,
    import_terms,
    load_for,
    load_glossary,
    terms,
)
from translate.glossary.check import errors
from translate.glossary.loader import parse_spec, resolve_specs
from translate.glossary.selection import GlossarySpec

SHIPPED = ROOT / "glossaries"


def po(path: Path, body: str, lang: str | None = "fr", plural: str | None = None) -> Path:
    header = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"']
    if lang:
        header.append(f'"Language: {lang}\\n"')
    if plural:
        header.append(f'"Plural-Forms: {plural}\\n"')
    path.write_text("\n".join(header) + "\n\n" + body, encoding="utf-8")
    return path


# --- which file is for which language --------------------------------------------------


def test_specs_name_or_read_their_language(tmp_path: Path) -> None:
    assert parse_spec("fr=extra.csv") == GlossarySpec(Path("extra.csv"), "fr")
    assert parse_spec("fr_FR=a/b.po") == GlossarySpec(Path("a/b.po"), "fr")
    assert parse_spec("some=dir/x.po").lang is None  # not a language code... "some" is 4 letters
    assert parse_spec(Path("x.po")) == GlossarySpec(Path("x.po"))
    fr_po = po(tmp_path / "desk.po", 'msgid "junta"\nmsgstr "junte"\n', lang="fr_FR")
    csv = tmp_path / "terms.csv"
    csv.write_text("English,Hausa\njunta,gwamnatin soja\n", encoding="utf-8")
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(export_terms(load_for("ha"), "tbx", "ha"), encoding="utf-8")
    found = {spec.path.name: langs for spec, langs in resolve_specs([fr_po, csv, tbx])}
    assert found == {"desk.po": {"fr"}, "terms.csv": {"ha"}, "terms.tbx": {"ha"}}


def test_a_run_reads_and_parses_each_glossary_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telling an extra file's language and loading its terms is one read and one parse."""
    import translate.glossary.loader as loader

    fr_po = po(tmp_path / "desk.po", 'msgid "junta"\nmsgstr "junte"\n', lang="fr")
    csv = tmp_path / "terms.csv"
    csv.write_text("en,fr\ndrone,drone\n", encoding="utf-8")
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(export_terms([Entry("Niamey", "Niamey", lang="fr")], "tbx", "fr"), "utf-8")
    reads: list[str] = []
    parses: list[str] = []

    def counted(function, log):  # type: ignore[no-untyped-def]
        def wrapper(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            log.append(Path(path).name)
            return function(path, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(loader, "read_input", counted(loader.read_input, reads))
    monkeypatch.setattr(loader, "parse_text", counted(loader.parse_text, parses))
    monkeypatch.setattr(loader, "parse_tbx", lambda data, path: parses.append(path.name)
                        or terms.parse_tbx(data, path))  # fmt: skip
    glossary = load_for("fr", [fr_po, csv, tbx], use_defaults=False)
    assert {e.source for e in glossary.entries} == {"junta", "drone", "Niamey"}
    assert sorted(reads) == ["desk.po", "terms.csv", "terms.tbx"]
    assert sorted(parses) == ["desk.po", "terms.tbx"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("extra.csv", "air defenses,défense aérienne\n"),
        ("extra.csv", "source,target\nair defenses,défense aérienne\n"),
        ("extra.po", 'msgid "junta"\nmsgstr "junte"\n'),
    ],
)
def test_a_file_without_a_language_is_refused_with_how_to_name_it(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError) as caught:
        load_for("fr", [path])
    message = str(caught.value)
    assert message == (
        f"{path}: cannot tell which language this glossary is for; name it: --glossary fr={path}"
    )
    # Named, it is accepted.
    assert len(load_for("fr", [f"fr={path}"], use_defaults=False)) == 1


def test_named_language_must_agree_with_the_file(tmp_path: Path) -> None:
    path = po(tmp_path / "desk.po", 'msgid "junta"\nmsgstr "mulkin soja"\n', lang="ha")
    with pytest.raises(GlossaryError, match="named for 'fr', but the file is for ha"):
        load_for("fr", [f"fr={path}"])


def test_each_extra_glossary_applies_to_its_own_language(tmp_path: Path) -> None:
    extra_fr = po(tmp_path / "extra-fr.po", 'msgid "junta"\nmsgstr "junte militaire"\n')
    extra_ha = po(tmp_path / "extra-ha.po", 'msgid "junta"\nmsgstr "mulkin soja"\n', lang="ha")
    extras = [extra_fr, extra_ha]
    fr, ha = load_for("fr", extras), load_for("ha", extras)
    assert fr.find("the junta")[0].expected == "junte militaire"
    assert ha.find("the junta")[0].expected == "mulkin soja"
    assert fr.find("Niamey")[0].expected == "Niamey"  # the shipped terms stay underneath
    assert ha.find("Niamey")[0].expected == "Yamai"
    assert not any("extra-ha" in e.origin for e in fr.entries)
    assert not any("extra-fr" in e.origin for e in ha.entries)


# --- overrides by surface form -----------------------------------------------------------


def test_a_user_entry_beats_a_shipped_plural_form(tmp_path: Path) -> None:
    user = po(tmp_path / "user.po", 'msgid "air defenses"\nmsgstr "défense aérienne"\n')
    glossary = load_for("fr", [user])
    (match,) = glossary.find("Its air defenses were strengthened.")
    assert match.expected == "défense aérienne" and match.entry.path == str(user)
    # The shipped entry keeps the form the user did not define.
    assert glossary.find("an air defense system")[0].expected == "défense antiaérienne"
    (warning,) = [w for w in glossary.warnings if "air defenses" in w]
    assert warning.startswith("glossary conflict for 'air defenses': ")
    assert "'défense aérienne'" in warning and "'défense antiaérienne'" in warning
    # Every shipped form defined again: the shipped entry is gone.
    both = po(
        tmp_path / "both.po",
        'msgid "air defense"\nmsgid_plural "air defenses"\n'
        'msgstr[0] "DCA"\nmsgstr[1] "DCA"\nmsgstr[2] "DCA"\n',
    )
    glossary = load_for("fr", [both])
    assert [e.target for e in glossary.entries if e.source == "air defense"] == ["DCA"]
    assert glossary.find("air defense")[0].expected == "DCA"


def test_conflicts_only_where_targets_differ(tmp_path: Path) -> None:
    same = po(
        tmp_path / "same.po",
        'msgid "junta"\nmsgid_plural "juntas"\n'
        'msgstr[0] "junte"\nmsgstr[1] "juntes"\nmsgstr[2] "juntes"\n\n'
        'msgid "ECOWAS"\nmsgstr "CEDEAO"\n',
    )
    other = po(tmp_path / "other.po", 'msgid "Juntas"\nmsgstr "juntes militaires"\n')
    assert load_for("fr", [same]).warnings == []
    # A plain entry takes the regular plural too: "juntas" now wants "junte", and says so.
    plain = po(tmp_path / "plain.po", 'msgid "junta"\nmsgstr "junte"\n')
    (warning,) = load_for("fr", [plain]).warnings
    assert warning.startswith("glossary conflict for 'juntas': ") and "('juntes')" in warning
    warnings = load_for("fr", [other]).warnings
    assert len(warnings) == 1 and warnings[0].startswith("glossary conflict for 'juntas': ")


def test_a_longer_shipped_term_still_wins(tmp_path: Path) -> None:
    user = po(tmp_path / "user.po", 'msgid "African States"\nmsgstr "États africains"\n')
    glossary = load_for("fr", [user])
    (match,) = glossary.find("the Economic Community of West African States met")
    assert match.entry.source == "Economic Community of West African States"


# --- glossary check --------------------------------------------------------------------


POEDIT_FR = "nplurals=2; plural=(n > 1);"


def test_check_accepts_what_poedit_and_polib_write(tmp_path: Path) -> None:
    poedit = po(
        tmp_path / "poedit.po",
        'msgid "coup"\nmsgid_plural "coups"\nmsgstr[0] "coup d\'État"\nmsgstr[1] "coups d\'État"\n',
        plural=POEDIT_FR,
    )
    polib_file = po(tmp_path / "plain.po", 'msgid "junta"\nmsgstr "junte"\n')  # no Plural-Forms
    assert check_glossary([poedit]) == []
    assert check_glossary([polib_file]) == []
    # Read with its own header, as `check` reads it: msgstr[1] is the everyday plural.
    glossary = load_glossary([poedit], "fr")
    assert glossary.find("two coups")[0].expected == "coups d'État"
    assert glossary.find("a coup")[0].expected == "coup d'État"


def test_check_plural_header_errors(tmp_path: Path) -> None:
    missing = po(
        tmp_path / "fr.po",
        'msgid "coup"\nmsgid_plural "coups"\nmsgstr[0] "coup"\nmsgstr[1] "coups"\n',
    )
    (problem,) = errors(check_glossary([missing]))
    assert "Plural-Forms is missing" in str(problem) and "'missing'" not in str(problem)
    gnu_with_three = po(
        tmp_path / "three.po",
        'msgid "coup"\nmsgid_plural "coups"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n',
        plural=POEDIT_FR,
    )
    (problem,) = errors(check_glossary([gnu_with_three]))
    assert "3 plural forms (msgstr[n]) but the language has 2" in str(problem)


def test_check_warnings_do_not_fail(tmp_path: Path) -> None:
    body = '#, python-format\nmsgid "junta"\nmsgstr "junte"\n'
    nameless = po(tmp_path / "fr.po", body, lang=None)
    found = check_glossary([nameless])
    assert found and errors(found) == []
    assert {str(p).split(": ", 1)[1] for p in found} >= {"warning: no Language header"}
    cli = run_cli("glossary", "check", str(nameless))
    assert cli.returncode == 0, cli.stderr
    assert "warning: no Language header" in cli.stdout and "no errors, 2 warnings" in cli.stderr
    broken = po(tmp_path / "broken.po", 'msgid "junta"\nmsgstr ""\n')
    cli = run_cli("glossary", "check", str(broken), str(nameless))
    assert cli.returncode == 1 and "3 problems in 2 files" in cli.stderr


def test_check_without_a_language_says_how_to_name_it(tmp_path: Path) -> None:
    path = po(tmp_path / "extra.po", 'msgid "junta"\nmsgstr "junte"\n', lang=None)
    (problem,) = check_glossary([path])
    assert not problem.warning and f"name it: fr={path}" in str(problem)
    assert errors(check_glossary([f"fr={path}"])) == []


# --- import ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["English,French", "en,fr", "source,target", "Anglais,Français", "EN-source,fr"]
)
def test_import_detects_header_rows(tmp_path: Path, header: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(f"{header}\nECOWAS,CEDEAO\n", encoding="utf-8")
    sources = [e.source for e in import_terms(path, "fr")]
    if header == "EN-source,fr":
        assert sources[0] == "EN-source"  # not a header: imported as written
    else:
        assert sources == ["ECOWAS"]


def test_import_header_by_language_name_picks_the_column(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("English,French,Hausa\nNiamey,Niamey,Yamai\n", encoding="utf-8")
    assert [e.target for e in import_terms(path, "ha")] == ["Yamai"]
    assert [e.target for e in import_terms(path, "fr")] == ["Niamey"]


HOUSE = """# House glossary.
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

# --- Institutions ---

# Economic Community of West African States.
msgid "ECOWAS"
msgstr "CEDEAO"

#, no-translate
msgid "CNSP"
msgstr ""

# --- Places ---

msgid "Niamey"
msgstr "Niamey"
"""


def test_import_dry_run_update_and_layout(tmp_path: Path) -> None:
    house = tmp_path / "fr.po"
    house.write_text(HOUSE, encoding="utf-8")
    terms = tmp_path / "desk.csv"
    terms.write_text("English,French\nECOWAS,Cédéao\nNiamey,Niamey\nKano,Kano\n", encoding="utf-8")
    cli = run_cli("glossary", "import", str(terms), "--into", str(house), "--dry-run")
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.splitlines() == [
        "added: Kano → Kano",
        "changed: ECOWAS: CEDEAO → Cédéao",
        "unchanged: Niamey → Niamey",
        f"{house}: 1 added, 1 updated, 1 unchanged (3 terms read) (dry run: nothing written)",
    ]
    assert house.read_text(encoding="utf-8") == HOUSE
    refused = run_cli("glossary", "import", str(terms), "--into", str(house))
    assert refused.returncode == 1
    assert "ECOWAS: CEDEAO → Cédéao" in refused.stderr and "--update" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert house.read_text(encoding="utf-8") == HOUSE
    done = run_cli("glossary", "import", str(terms), "--into", str(house), "--update")
    assert done.returncode == 0, done.stderr
    text = house.read_text(encoding="utf-8")
    # Only the changed msgstr differs; the new entry comes at the end; layout intact.
    old_lines, new_lines = HOUSE.splitlines(), text.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=False) if a != b]
    assert changed == [('msgstr "CEDEAO"', 'msgstr "Cédéao"')]
    assert new_lines[len(old_lines) :] == ["", 'msgid "Kano"', 'msgstr "Kano"']
    assert errors(check_glossary([house])) == []


def test_import_never_leaves_a_file_check_rejects(tmp_path: Path) -> None:
    house = tmp_path / "fr.po"
    house.write_text(HOUSE, encoding="utf-8")
    terms = tmp_path / "desk.csv"
    terms.write_text("en,fr\nCNSP,Conseil national pour la sauvegarde de la patrie\n")
    import_glossary(terms, into=house, update=True)
    text = house.read_text(encoding="utf-8")
    assert "#, no-translate" not in text  # the flag goes with the kept form
    assert errors(check_glossary([house])) == []
    assert load_glossary([house], "fr").find("CNSP")[0].expected.startswith("Conseil")
    # An import that would leave a shadowed term is refused, nothing written.
    terms.write_text("en,fr\nNiameys,Niamey\n")
    before = house.read_text(encoding="utf-8")
    with pytest.raises(GlossaryError, match="would fail `glossary check`"):
        import_glossary(terms, into=house)
    assert house.read_text(encoding="utf-8") == before


def test_import_goes_to_the_user_glossary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    terms = tmp_path / "desk.csv"
    terms.write_text("en,ha\nDosso,Dosso\n", encoding="utf-8")
    result = import_glossary(terms)
    assert result.path == tmp_path / "data" / "translate" / "glossaries" / "ha.po"
    assert result.written and result.lang == "ha"
    # ... and is in use from then on, on top of the shipped glossary.
    assert load_for("ha").find("Dosso")[0].entry.path == str(result.path)
    assert (SHIPPED / "ha.po").read_text(encoding="utf-8").count("Dosso") == 0


def test_import_overriding_a_house_term_needs_update(tmp_path: Path) -> None:
    # The user's glossary is stacked on the shipped one, so an "added" ECOWAS → Cédéao
    # would silently replace house style (CEDEAO) in every later run.
    env = {"TRANSLATE_USER_GLOSSARY_DIR": str(tmp_path / "user")}
    user = tmp_path / "user" / "fr.po"
    terms = tmp_path / "desk.csv"
    terms.write_text("English,French\nECOWAS,Cédéao\nsandstorm,tempête de sable\n")
    dry = run_cli("glossary", "import", str(terms), "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "overrides a house term: ECOWAS: CEDEAO → Cédéao" in dry.stdout.splitlines()
    assert "added: sandstorm → tempête de sable" in dry.stdout.splitlines()
    refused = run_cli("glossary", "import", str(terms), env=env)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        f"translate: error: {user}: 1 imported term would change an existing one "
        "(ECOWAS: CEDEAO → Cédéao); nothing written: see it with --dry-run, "
        "apply it with --update"
    ]
    assert not user.exists()
    done = run_cli("glossary", "import", str(terms), "--update", env=env)
    assert done.returncode == 0, done.stderr
    assert "ECOWAS: CEDEAO → Cédéao overrides the house term" in done.stderr
    used = run_cli("glossary", "list", "--lang", "fr", "--json", env=env)
    ecowas = [e for e in json.loads(used.stdout) if e["source"] == "ECOWAS"]
    assert [e["target"] for e in ecowas] == ["Cédéao"]


def test_import_refuses_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import translate.glossary.loader as loader
    from translate.errors import UsageError

    package = tmp_path / "site-packages" / "translate" / "glossaries"
    package.mkdir(parents=True)
    monkeypatch.setattr(loader, "installed_glossary_dir", lambda: package.resolve())
    terms = tmp_path / "desk.csv"
    terms.write_text("en,fr\nDosso,Dosso\n", encoding="utf-8")
    with pytest.raises(UsageError, match="will not write into the installed package"):
        import_glossary(terms, into=package / "fr.po")
    assert not (package / "fr.po").exists()


def test_omegat_round_trip(tmp_path: Path) -> None:
    glossary = load_for("fr")
    text = export_terms(glossary, "omegat", "fr")
    first = text.splitlines()[0].split("\t")
    assert first[:2] == ["CNSP", "CNSP"] and len(first) == 3  # source, target, comment
    path = tmp_path / "glossary.utf8"
    path.write_text(text, encoding="utf-8")
    back = import_terms(path, "fr")
    enforced = [e for e in glossary.entries if not e.fuzzy]
    assert [(e.source, e.target) for e in back] == [(e.source, e.target) for e in enforced]
    assert [e.notes for e in back] == [" ".join(e.notes.split()) for e in enforced]
    # OmegaT's own files: a plain .txt/.tsv with three columns.
    omegat = tmp_path / "omegat.tsv"
    omegat.write_text("junta\tjunte\tNiger, since 2023\n", encoding="utf-8")
    (entry,) = import_terms(omegat, "fr")
    assert (entry.target, entry.notes) == ("junte", "Niger, since 2023")


# --- end to end ------------------------------------------------------------------------


@pytest.mark.slow
def test_run_applies_each_extra_glossary_to_its_language(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Niger strengthened its air defenses, the junta said on Monday.\n", encoding="utf-8"
    )
    extra_fr = po(tmp_path / "extra-fr.po", 'msgid "air defenses"\nmsgstr "défense aérienne"\n')
    extra_ha = po(tmp_path / "extra-ha.po", 'msgid "junta"\nmsgstr "mulkin soja"\n', lang="ha")
    db = tmp_path / "t.db"
    result = run_cli("run", str(article), "--to", "fr,ha", "-g", str(extra_fr), "-g",
                     str(extra_ha), "--db", str(db), "--out-dir", str(tmp_path / "out"),
                     "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("select lang, terms || '|' || status || '|' || final_text "
                                 "from translations"))  # fmt: skip
    expected = {}
    for lang, row in rows.items():
        terms_json, status, text = row.split("|", 2)
        terms = json.loads(terms_json)
        expected[lang] = {t["term"]: t["expected"] for t in terms}
        for term in terms:
            # Never a silent violation: a term counted as found is in the text, and a
            # missing one holds the segment for review.
            if term["found"]:
                assert term["expected"].casefold() in text.casefold(), (lang, term, text)
            else:
                assert status == "needs_review", (lang, term, text)
    assert expected["fr"]["air defenses"] == "défense aérienne"
    assert expected["fr"]["junta"] == "junte"
    assert expected["ha"]["junta"] == "mulkin soja"
    assert expected["ha"]["air defense"] == "tsaron sararin sama"  # the shipped entry
    assert "défense antiaérienne" not in expected["fr"].values()
    # Hausa output gets the QA count of hook-less glossary words; French does not.
    assert isinstance(report["glossary"]["ha"]["hookless"], int)
    assert "hookless" not in report["glossary"]["fr"]
    fr_report = report["glossary"]["fr"]
    assert fr_report["satisfied"] + fr_report["violated"] == fr_report["expected"]
    assert fr_report["violated"] == len(fr_report["violations"])


def test_run_refuses_a_glossary_of_unknown_language(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The junta spoke.\n", encoding="utf-8")
    extra = tmp_path / "extra.csv"
    extra.write_text("junta,junte\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = run_cli("run", str(article), "--to", "fr", "-g", str(extra), "--db", str(db),
                     "--out-dir", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].endswith(f"name it: --glossary fr={extra}")
    assert not db.exists()
    named = run_cli("run", str(article), "--to", "fr", "-g", f"fr={extra}", "--db", str(db),
                    "--out-dir", str(tmp_path / "out"), "--json")  # fmt: skip
    assert named.returncode == 0, named.stderr
