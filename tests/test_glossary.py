"""Glossary layer: PO loading, matching, protect/restore, verify, check, import/export, CLI.

Pure text: no model, no database.
"""

from __future__ import annotations

import csv
import io
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from conftest import run_cli

from translate.errors import GlossaryError, InputError, UsageError
from translate.glossary import (
    Entry,
    Glossary,
    best_compliant,
    check_glossary,
    default_glossary_paths,
    export_terms,
    import_terms,
    inject,
    load_for,
    load_glossary,
    merge_into_po,
    plural_rule,
    protect,
    replace_span,
    verify,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossaries"

FR_HEADER = f"""msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {plural_rule("fr").header}\\n"
"""
HA_HEADER = f"""msgid ""
msgstr ""
"Language: ha\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {plural_rule("ha").header}\\n"
"""


def write_po(path: Path, body: str, header: str = FR_HEADER) -> Path:
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fr() -> Glossary:
    return load_glossary([SHIPPED / "fr.po"], "fr")


@pytest.fixture(scope="module")
def ha() -> Glossary:
    return load_glossary([SHIPPED / "ha.po"], "ha")


def surfaces(glossary: Glossary, text: str) -> list[str]:
    return [m.surface for m in glossary.find(text)]


# --- matching ---------------------------------------------------------------------------


def test_plurals_and_possessives(fr: Glossary) -> None:
    found = fr.find("Juntas, military trainers and Niger's coups; the trainers' base.")
    assert [m.surface for m in found] == ["Juntas", "military trainers", "Niger", "coups"]
    assert [m.plural for m in found] == [True, True, False, True]
    assert [m.expected for m in found] == [
        "juntes",
        "instructeurs militaires",
        "Niger",
        "coups d'État",
    ]
    # The possessive stays outside the span: it is source grammar, not the term.
    text = "Niger’s capital"
    (match,) = fr.find(text)
    assert (match.start, match.end) == (0, 5)
    assert set(fr.find("the jihadists")[0].alternatives) >= {"djihadistes", "djihadiste"}


def test_ies_plural() -> None:
    glossary = Glossary(
        "fr", [Entry("militia", "milice", lang="fr"), Entry("party", "parti", lang="fr")]
    )
    assert surfaces(glossary, "Militias and parties.") == ["Militias", "parties"]
    assert [m.plural for m in glossary.find("party parties")] == [False, True]


def test_whole_words_only(fr: Glossary, ha: Glossary) -> None:
    text = "Niger, Nigeria, Nigerien and Nigerians; Malian troops in Mali."
    assert surfaces(ha, text) == ["Niger", "Nigeria", "Mali"]
    assert [m.expected for m in ha.find(text)] == ["Nijar", "Najeriya", "Mali"]
    assert surfaces(fr, "Sahelian states") == []


def test_case_rules(fr: Glossary) -> None:
    assert surfaces(fr, "The CNSP said") == ["CNSP"]
    assert surfaces(fr, "the cnsp said") == []  # acronyms are case-sensitive
    assert surfaces(fr, "Junta leaders; JUNTA") == ["Junta", "JUNTA"]
    # "aes" is not the acronym AES.
    assert surfaces(fr, "aes and AES") == ["AES"]
    # Ecowas is its own case-sensitive entry; ecowas matches neither.
    assert surfaces(fr, "Ecowas, ECOWAS, ecowas") == ["Ecowas", "ECOWAS"]


def test_longest_match_wins(fr: Glossary) -> None:
    found = fr.find("The Alliance of Sahel States met in the Sahel.")
    assert [m.surface for m in found] == ["Alliance of Sahel States", "Sahel"]
    assert found[0].expected == "Alliance des États du Sahel"
    assert [m.surface for m in fr.find("a coup d’état and the Niger River")] == [
        "coup d’état",
        "Niger River",
    ]


def test_hyphen_space_variants(fr: Glossary) -> None:
    found = fr.find("air-defence, air defences, air - defense, military-trainers")
    # French keeps the collective singular for "air defences" (see glossaries/fr.po).
    assert [m.expected for m in found] == [
        "défense antiaérienne",
        "défense antiaérienne",
        "défense antiaérienne",
        "instructeurs militaires",
    ]
    assert [m.plural for m in found] == [False, True, False, True]
    assert surfaces(fr, "Burkina-Faso") == ["Burkina-Faso"]


def test_nfc_both_sides() -> None:
    decomposed_entry = unicodedata.normalize("NFD", "Assimi Goïta")
    glossary = Glossary(
        "fr", [Entry(decomposed_entry, decomposed_entry, no_translate=True, lang="fr")]
    )
    text = "Colonel " + unicodedata.normalize("NFD", "Assimi Goïta") + " said"
    (match,) = glossary.find(text)
    assert text[match.start : match.end] == match.surface
    assert match.end == len(text) - len(" said")
    fr = load_glossary([SHIPPED / "fr.po"], "fr")
    assert surfaces(fr, "Ibrahim Trao" + "re\u0301" + " spoke") == ["Ibrahim Trao" + "re\u0301"]


@pytest.mark.slow
def test_matching_scales_to_a_large_glossary(fr: Glossary) -> None:
    """2,000 extra terms: every sentence still finds exactly its own terms (speed is
    measured by `make bench`, not here)."""
    many = [Entry(f"term{i} word", f"terme{i}", lang="fr") for i in range(2000)]
    big = Glossary("fr", [*fr.entries, *many])
    sentences = [
        f"The CNSP junta in Niamey met ECOWAS envoys about term{i} word on day {i}, "
        "while jihadists attacked air defences near the border with Nigeria."
        for i in range(2000)
    ]
    found = [big.find(s) for s in sentences]
    assert all(len(f) == 8 for f in found)
    assert [[m.surface for m in f if m.surface.startswith("term")] for f in found[:2]] == [
        ["term0 word"],
        ["term1 word"],
    ]


# --- protect / restore / inject ---------------------------------------------------------


def test_protect_restore_round_trip(ha: Glossary) -> None:
    text = "The CNSP in Niamey rejected ECOWAS."
    matches = ha.find(text)
    guard = protect(text, matches)
    assert guard.text == "The ⟦0⟧ in ⟦1⟧ rejected ⟦2⟧."
    restored, missing = guard.restore("⟦ 0 ⟧ a ⟦1 ⟧ ya ƙi ⟦2⟧, ⟦2⟧.")
    assert restored == "CNSP a Yamai ya ƙi ECOWAS, ECOWAS."
    assert missing == []
    text_out, lost = guard.restore("CNSP a Yamai.")
    assert lost == ["⟦0⟧", "⟦1⟧", "⟦2⟧"] and text_out == "CNSP a Yamai."
    assert guard.missing("⟦0⟧ ⟦2⟧") == ["⟦1⟧"]
    # A placeholder we never issued is left alone.
    assert guard.restore("⟦7⟧ ⟦0⟧ ⟦1⟧ ⟦2⟧")[0] == "⟦7⟧ CNSP Yamai ECOWAS"


def test_restore_capitalizes_at_sentence_start(fr: Glossary) -> None:
    text = "Juntas rule. The junta said."
    guard = protect(text, fr.find(text))
    assert guard.restore("⟦0⟧ gouvernent. « ⟦1⟧ a dit. »")[0] == (
        "Juntes gouvernent. « Junte a dit. »"
    )


@pytest.mark.parametrize(
    ("raw", "term", "expected"),
    [
        ("la ⟦0⟧", "armée", "l'armée"),
        ("le ⟦0⟧", "Alliance des États du Sahel", "l'Alliance des États du Sahel"),
        ("Le ⟦0⟧", "AES", "L'AES"),
        ("de ⟦0⟧", "Africa Corps", "d'Africa Corps"),
        ("qu'il dit que ⟦0⟧", "Abdourahamane Tiani", "qu'il dit qu'Abdourahamane Tiani"),
        ("du ⟦0⟧", "Alliance des États du Sahel", "de l'Alliance des États du Sahel"),
        ("au ⟦0⟧", "Union africaine", "à l'Union africaine"),
        ("de ⟦0⟧", "le Niger", "du Niger"),
        ("à ⟦0⟧", "le Niger", "au Niger"),
        ("de ⟦0⟧", "les États-Unis", "des États-Unis"),
        ("à ⟦0⟧", "les États-Unis", "aux États-Unis"),
        ("de ⟦0⟧", "le armée", "de l'armée"),
        ("la ⟦0⟧", "junte", "la junte"),
        ("le ⟦0⟧", "Yémen", "le Yémen"),  # y is a consonant here
        ("de ⟦0⟧", "Haoussa", "de Haoussa"),  # aspirated h
        ("de l’⟦0⟧", "hôpital", "de l’hôpital"),
        ("la ⟦0⟧", "histoire", "l'histoire"),  # mute h
        ("selon la ’⟦0⟧", "armée", "selon la ’armée"),  # not a word before: untouched
    ],
)
def test_french_elision_and_contraction(raw: str, term: str, expected: str) -> None:
    entry = Entry("x", term, lang="fr")
    glossary = Glossary("fr", [entry])
    guard = protect("x", glossary.find("x"))
    assert guard.restore(raw)[0] == expected


def test_no_elision_outside_french(ha: Glossary) -> None:
    entry = Entry("army", "armée", lang="ha")
    guard = protect("army", Glossary("ha", [entry]).find("army"))
    assert guard.restore("la ⟦0⟧")[0] == "la armée"


def test_elision_keeps_curly_apostrophe() -> None:
    guard = protect("x", Glossary("fr", [Entry("x", "armée", lang="fr")]).find("x"))
    assert guard.restore("C’est la ⟦0⟧")[0] == "C’est l’armée"


def test_inject_and_replace_span(fr: Glossary) -> None:
    text = "The junta and the CNSP left ECOWAS."
    assert inject(text, fr.find(text)) == "The junte and the CNSP left CEDEAO."
    assert replace_span("abcdef", 1, 3, "XY") == "aXYdef"
    with pytest.raises(ValueError):
        replace_span("abc", 2, 5, "x")


# --- verify / best_compliant ------------------------------------------------------------


def test_verify_french_elision_and_apostrophes(fr: Glossary) -> None:
    text = "A coup in Niger: the junta of Niger."
    matches = fr.find(text)
    ok = verify("Un coup d’État au Niger : la junte du Niger.", matches, "fr")
    assert [c.found for c in ok] == [True, True, True, True]
    assert [c.term for c in ok] == ["coup", "Niger", "junta", "Niger"]
    # Each occurrence counts: one "Niger" for two in the source.
    once = verify("Un coup d'État au Niger : la junte.", matches, "fr")
    assert [c.found for c in once] == [True, True, True, False]
    # Whole words only, and accents matter.
    assert not verify("Un coup d'Etat", fr.find("a coup"), "fr")[0].found
    assert verify("les juntes", fr.find("the junta"), "fr")[0].found  # any number accepted


def test_verify_hausa_hooks_and_apostrophes(ha: Glossary) -> None:
    matches = ha.find("The Alliance of Sahel States and the United Nations.")
    good = "Ƙungiyar Ƙasashen Sahel da Majalisar Ɗinkin Duniya."
    assert all(c.found for c in verify(good, matches, "ha"))
    ascii_only = "Kungiyar Kasashen Sahel da Majalisar Dinkin Duniya."
    assert [c.found for c in verify(ascii_only, matches, "ha")] == [False, False]
    d_for_hooked_d = "ƙungiyar ƙasashen sahel da Majalisar Dinkin Duniya."
    assert [c.found for c in verify(d_for_hooked_d, matches, "ha")] == [True, False]
    # ʼy is the older spelling of ƴ; ʼ and ' are the same apostrophe.
    glossary = Glossary("ha", [Entry("children", "ƴaƴa", lang="ha")])
    hits = glossary.find("children")
    assert verify("ʼyaʼya", hits, "ha")[0].found
    assert verify("'ya'ya", hits, "ha")[0].found
    assert not verify("yaya", hits, "ha")[0].found


def test_verify_case_sensitive_and_nested_terms(fr: Glossary) -> None:
    matches = fr.find("The CNSP and the AES.")
    assert [c.found for c in verify("Le cnsp et l'AES.", matches, "fr")] == [False, True]
    # "Sahel" inside the alliance name does not satisfy a separate "Sahel".
    both = fr.find("The Alliance of Sahel States in the Sahel.")
    assert [c.found for c in verify("L'Alliance des États du Sahel.", both, "fr")] == [True, False]
    assert all(c.found for c in verify("L'Alliance des États du Sahel au Sahel.", both, "fr"))


def test_verify_accepts_any_plural_form(fr: Glossary) -> None:
    matches = fr.find("military trainers")
    assert verify("un instructeur militaire", matches, "fr")[0].found
    assert verify("des instructeurs-militaires", matches, "fr")[0].found


def test_best_compliant(fr: Glossary) -> None:
    matches = fr.find("ECOWAS warned the junta.")
    candidates = [
        "La Cédéao a averti la junte.",
        "La CEDEAO a averti le régime.",
        "La CEDEAO a averti la junte.",
        "CEDEAO junte",
    ]
    assert best_compliant(candidates, matches, "fr") == 2
    assert best_compliant(candidates[:2], matches, "fr") is None
    assert best_compliant(["anything"], [], "fr") == 0


# --- loading, stacking, versions --------------------------------------------------------


def test_stacking_and_conflict_warning(tmp_path: Path) -> None:
    base = write_po(
        tmp_path / "base.po", 'msgid "junta"\nmsgstr "junte"\n\nmsgid "Niger"\nmsgstr "Niger"\n'
    )
    desk = write_po(
        tmp_path / "desk.po",
        'msgid "junta"\nmsgstr "junte militaire"\n\nmsgid "Niger"\nmsgstr "Niger"\n',
    )
    glossary = load_glossary([base, desk], "fr")
    assert len(glossary) == 2
    assert glossary.find("the junta")[0].expected == "junte militaire"
    assert len(glossary.warnings) == 1
    warning = glossary.warnings[0]
    assert "junta" in warning and str(base) in warning and str(desk) in warning
    assert load_glossary([desk, base], "fr").find("junta")[0].expected == "junte"


def test_version_and_term_key(tmp_path: Path) -> None:
    path = write_po(
        tmp_path / "fr.po",
        '# note\nmsgid "junta"\nmsgstr "junte"\n\nmsgid "Niger"\nmsgstr "Niger"\n',
    )
    first = load_glossary([path], "fr")
    again = load_glossary([path], "fr")
    assert first.version == again.version and len(first.version) == 12
    assert load_glossary([], "fr").version == ""
    key_junta = first.term_key(first.find("the junta"))
    key_niger = first.term_key(first.find("Niger"))
    assert key_junta and key_niger and first.term_key([]) == ""
    # Notes do not matter; a target does, and only for segments that use the term.
    write_po(path, '# other note\nmsgid "junta"\nmsgstr "junte"\n\nmsgid "Niger"\nmsgstr "Niger"\n')
    assert load_glossary([path], "fr").version == first.version
    write_po(path, 'msgid "junta"\nmsgstr "junte militaire"\n\nmsgid "Niger"\nmsgstr "Niger"\n')
    edited = load_glossary([path], "fr")
    assert edited.version != first.version
    assert edited.term_key(edited.find("the junta")) != key_junta
    assert edited.term_key(edited.find("Niger")) == key_niger


def test_fuzzy_is_proposed_not_enforced(fr: Glossary) -> None:
    assert fr.find("Drones struck") == []
    (proposal,) = fr.proposed("Drones struck")
    assert proposal.expected == "drones" and proposal.entry.fuzzy


def test_senses_share_matches(tmp_path: Path) -> None:
    path = write_po(
        tmp_path / "fr.po",
        'msgctxt "military"\nmsgid "base"\nmsgstr "base"\n\n'
        'msgctxt "chemistry"\nmsgid "base"\nmsgstr "base chimique"\n',
    )
    glossary = load_glossary([path], "fr")
    (match,) = glossary.find("the base")
    assert match.expected == "base" and "base chimique" in match.alternatives


def test_malformed_po_gives_file_and_line(tmp_path: Path) -> None:
    cases = {
        'msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr "d"\n': 10,  # unterminated string
        'msgid "a"\nmsgstr "b"\nmsgstr "x"\n': 9,  # polib's own syntax error
        'msgid "a"\nmsgstr "b"\n\nthis is not PO\n': 10,
        'msgid "a"\n': 7,  # msgid without msgstr
    }
    for body, line in cases.items():
        path = write_po(tmp_path / "bad.po", body)
        with pytest.raises(GlossaryError) as info:
            load_glossary([path], "fr")
        assert str(info.value).startswith(f"{path}:{line}: "), str(info.value)
        assert info.value.exit_code == 1


def test_missing_and_wrong_files(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"nope\.po"):
        load_glossary([tmp_path / "nope.po"], "fr")
    (tmp_path / "latin1.po").write_bytes(FR_HEADER.encode() + b'\nmsgid "caf\xe9"\nmsgstr "x"\n')
    with pytest.raises(GlossaryError, match=r"latin1\.po:7: not valid UTF-8"):
        load_glossary([tmp_path / "latin1.po"], "fr")
    ha_file = write_po(tmp_path / "ha.po", 'msgid "Niger"\nmsgstr "Nijar"\n', HA_HEADER)
    with pytest.raises(GlossaryError, match=r"ha\.po:1: glossary is for 'ha'"):
        load_glossary([ha_file], "fr")
    with pytest.raises(UsageError):
        load_glossary([], "xx")
    assert len(load_glossary([], "fr")) == 0


def test_csv_and_tbx_glossaries_stack(tmp_path: Path) -> None:
    extra = tmp_path / "desk.csv"
    extra.write_text("en,fr\nNiger,République du Niger\n", encoding="utf-8")
    glossary = load_glossary([SHIPPED / "fr.po", extra], "fr")
    assert glossary.find("Niger")[0].expected == "République du Niger"


def test_default_glossary_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "fr").mkdir()
    for name in ("fr.po", "fr/b.po", "fr/a.po", "fr/notes.txt"):
        (tmp_path / name).write_text(FR_HEADER, encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_GLOSSARY_DIR", str(tmp_path))
    assert default_glossary_paths("fr") == [
        tmp_path / "fr.po",
        tmp_path / "fr" / "a.po",
        tmp_path / "fr" / "b.po",
    ]
    assert default_glossary_paths("ha") == []
    monkeypatch.delenv("TRANSLATE_GLOSSARY_DIR")
    monkeypatch.chdir(tmp_path)
    # No ./glossaries here: the glossaries shipped with the repository.
    assert default_glossary_paths("fr")[0].resolve() == (SHIPPED / "fr.po").resolve()
    (tmp_path / "glossaries").mkdir()
    assert default_glossary_paths("fr") == []  # ./glossaries exists and wins, empty


# --- check ------------------------------------------------------------------------------


def problems_of(*paths: Path) -> list[str]:
    return [str(p) for p in check_glossary(list(paths))]


def test_check_finds_each_problem_kind(tmp_path: Path) -> None:
    path = write_po(
        tmp_path / "fr.po",
        "\n".join(
            [
                'msgid "junta"',
                'msgstr ""',
                "",  # line 7: empty msgstr
                "#, fuzzy",
                'msgid "drone"',
                'msgstr ""',
                "",  # fuzzy: fine
                "#, no-translate",
                'msgid "CNSP"',
                'msgstr ""',
                "",  # fine
                'msgid "Niger"',
                'msgstr "Niger"',
                "",  # line 18
                'msgid "Niger"',
                'msgstr "Nigér"',
                "",  # line 21: duplicate
                'msgid "Coup"',
                'msgstr "coup"',
                "",  # line 24
                'msgid "coup"',
                'msgstr "coup d\'État"',
                "",  # line 27: shadowed by "Coup"
                'msgid "raid"',
                'msgstr "raid"',
                "",
                'msgid "raids"',
                'msgstr "raids"',
                "",  # line 33: longer, takes the plural of line 30
                'msgid "jihadist"',
                'msgid_plural "jihadists"',  # line 36: 2 forms, fr has 3
                'msgstr[0] "djihadiste"',
                'msgstr[1] "djihadistes"',
                "",
                "#, no-transalte",
                'msgid "Wagner"',
                'msgstr "Wagner"',
                "",  # line 42: unknown flag
                "#, no-translate",
                'msgid "Sahel"',
                'msgstr "Sahara"',
                "",  # line 46
            ]
        ),
    )
    found = problems_of(path)
    expected_lines = {
        7: "empty msgstr",
        21: "duplicate",
        27: "shadowed by 'Coup'",
        30: "form 'raids' of 'raid' can never match: shadowed by 'raids'",
        36: "plural forms",
        42: "unknown flag",
        46: "no-translate",
    }
    for line, words in expected_lines.items():
        assert any(p.startswith(f"{path}:{line}: ") and words in p for p in found), (line, found)
    assert len(found) == len(expected_lines), found


def test_check_repeated_duplicates_name_the_first_line(tmp_path: Path) -> None:
    body = "\n".join(['msgid "junta"', 'msgstr "junte"', ""] * 3)  # lines 7, 10, 13
    path = write_po(tmp_path / "fr.po", body)
    assert problems_of(path) == [
        f"{path}:10: duplicate entry 'junta', first at line 7",
        f"{path}:13: duplicate entry 'junta', first at line 7",
    ]


def test_check_header_and_syntax(tmp_path: Path) -> None:
    bad_plural = tmp_path / "fr.po"
    bad_plural.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    (problem,) = problems_of(bad_plural)
    assert problem.startswith(f"{bad_plural}:1: Plural-Forms 'nplurals=1; plural=0;' is neither")
    assert "nplurals=3" in problem and "(n > 1)" in problem  # CLDR's and GNU's rules named
    broken = write_po(tmp_path / "broken.po", 'msgid "a"\nmsgstr "b\n')
    found = problems_of(broken)
    assert found[0] == f"{broken}:8: malformed PO line 'msgstr \"b'"
    assert problems_of(tmp_path / "missing.po") == [
        f"{tmp_path / 'missing.po'}: glossary file not found"
    ]


def test_check_conflicts_across_files_of_one_language(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    first = write_po(tmp_path / "fr.po", 'msgid "junta"\nmsgstr "junte"\n')
    second = write_po(tmp_path / "fr" / "desk.po", 'msgid "junta"\nmsgstr "junte militaire"\n')
    hausa = write_po(tmp_path / "ha.po", 'msgid "junta"\nmsgstr "gwamnatin soja"\n', HA_HEADER)
    found = problems_of(first, second, hausa)
    assert len(found) == 1
    assert found[0].startswith(f"{second}:7: ") and str(first) in found[0]


def test_shipped_glossaries_pass_check_and_hold_key_terms(fr: Glossary, ha: Glossary) -> None:
    assert problems_of(SHIPPED / "fr.po", SHIPPED / "ha.po") == []
    assert fr.warnings == [] and ha.warnings == []
    assert 30 <= len(fr) <= 60 and 30 <= len(ha) <= 60
    for glossary in (fr, ha):
        (cnsp,) = glossary.find("CNSP")
        assert cnsp.expected == "CNSP" and cnsp.entry.no_translate
        assert glossary.find("Sahel")[0].expected == "Sahel"
        assert glossary.find("AES")[0].expected == "AES"
        for name in ("Africa Corps", "Abdourahamane Tiani", "Wagner"):
            assert glossary.find(name)[0].expected == name
    expected = {
        "fr": {
            "ECOWAS": "CEDEAO",
            "Niamey": "Niamey",
            "the junta": "junte",
            "a coup": "coup d'État",
            "coups": "coups d'État",
            "Alliance of Sahel States": "Alliance des États du Sahel",
            "air defences": "défense antiaérienne",
            "air defense": "défense antiaérienne",
            "military trainers": "instructeurs militaires",
            "jihadists": "djihadistes",
            "United States": "États-Unis",
            "Russia": "Russie",
            "Nigeria": "Nigeria",
        },
        "ha": {
            "ECOWAS": "ECOWAS",
            "Niamey": "Yamai",
            "the junta": "gwamnatin soja",
            "a coup": "juyin mulki",
            "Alliance of Sahel States": "Ƙungiyar Ƙasashen Sahel",
            "air defences": "tsaron sararin sama",
            "military trainers": "masu horas da sojoji",
            "jihadists": "masu jihadi",
            "United States": "Amurka",
            "Russia": "Rasha",
            "Niger": "Nijar",
            "Nigeria": "Najeriya",
        },
    }
    for glossary in (fr, ha):
        for source, target in expected[glossary.lang].items():
            assert glossary.find(source)[-1].expected == target, (glossary.lang, source)
    for lang in ("fr", "ha"):
        rule = plural_rule(lang)
        text = (SHIPPED / f"{lang}.po").read_text(encoding="utf-8")
        assert f"Language: {lang}\\n" in text and rule.header in text


# --- import / export --------------------------------------------------------------------


def test_csv_import_shapes(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_bytes(
        '\ufeffjunta,junte\n"Alliance of Sahel States","Alliance des États '
        'du Sahel"\n\nCNSP,CNSP\n'.encode()
    )
    entries = import_terms(plain, "fr")
    assert [(e.source, e.target) for e in entries] == [
        ("junta", "junte"),
        ("Alliance of Sahel States", "Alliance des États du Sahel"),
        ("CNSP", "CNSP"),
    ]
    assert entries[2].case_sensitive and entries[0].origin == f"{plain}:1"
    named = tmp_path / "named.csv"
    named.write_text("source,target\njunta,junte\n", encoding="utf-8")
    assert [e.source for e in import_terms(named, "fr")] == ["junta"]
    amazon = tmp_path / "amazon.csv"
    amazon.write_text("en,fr,ha\nNiamey,Niamey,Yamai\n", encoding="utf-8")
    assert [e.target for e in import_terms(amazon, "ha")] == ["Yamai"]
    deepl = tmp_path / "deepl.tsv"
    deepl.write_text("Niamey\tYamai\nNiger\tNijar\n", encoding="utf-8")
    assert [e.target for e in import_terms(deepl, "ha")] == ["Yamai", "Nijar"]
    four = tmp_path / "deepl4.csv"
    four.write_text("Niamey,Yamai,en,ha\nNiger,Niger,en,fr\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"deepl4\.csv:2: row is for 'fr'"):
        import_terms(four, "ha")


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("en,fr\njunta\n", 2, "column"),
        ("junta,junte\n,vide\n", 2, "empty source"),
        ("en,ha\njunta,gwamnatin soja\n", 1, "no 'fr' column"),
        ('junta,junte\n"Niger,Niger\n', 2, ""),
    ],
)
def test_csv_import_errors(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_terms(path, "fr")
    assert str(info.value).startswith(f"{path}:{line}: ") and words in str(info.value)


def test_import_bad_encoding_and_format(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes(b"junta,junte\nd\xe9fense,x\n")
    with pytest.raises(InputError, match=r"terms\.csv:2: not valid UTF-8"):
        import_terms(path, "fr")
    with pytest.raises(UsageError):
        import_terms(tmp_path / "terms.docx", "fr")


TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <text><body>
    <termEntry id="c1">
      <descrip type="definition">Niger's capital</descrip>
      <langSet xml:lang="en"><tig><term>Niamey</term></tig></langSet>
      <langSet xml:lang="ha-NG"><tig><term>Yamai</term></tig></langSet>
      <langSet xml:lang="fr"><tig><term>Niamey</term></tig></langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="en"><ntig><termGrp><term>junta</term></termGrp></ntig></langSet>
      <langSet xml:lang="ha">
        <tig><term>gwamnatin soji</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>gwamnatin soja</term></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>Russia</term></termSec></langSec>
      <langSec xml:lang="ha"><termSec><term>Rasha</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_tbx_import(tmp_path: Path) -> None:
    v2 = tmp_path / "terms.tbx"
    v2.write_text(TBX_V2, encoding="utf-8")
    entries = import_terms(v2, "ha")
    assert [(e.source, e.target) for e in entries][:2] == [
        ("Niamey", "Yamai"),
        ("junta", "gwamnatin soja"),
    ]
    assert entries[0].notes == "Niger's capital"
    # Entities are never expanded: a file declaring one is refused (tests/test_safety.py).
    xxe = tmp_path / "xxe.tbx"
    xxe.write_text(
        TBX_V2.replace(
            "<martif", '<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<martif', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"xxe\.tbx:2: the document declares XML entities"):
        import_terms(xxe, "ha")
    v3 = tmp_path / "v3.tbx"
    v3.write_text(TBX_V3, encoding="utf-8")
    assert [(e.source, e.target) for e in import_terms(v3, "ha")] == [("Russia", "Rasha")]
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif>\n<text>\n<body>\n</text>\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.tbx:4: malformed TBX"):
        import_terms(broken, "ha")
    other = tmp_path / "other.xml"
    other.write_text("<html/>", encoding="utf-8")
    with pytest.raises(InputError, match="not TBX"):
        import_terms(other, "ha")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_export_import_round_trip(tmp_path: Path, fr: Glossary, fmt: str) -> None:
    text = export_terms(fr, fmt, "fr")
    path = tmp_path / f"terms.{fmt}"
    path.write_text(text, encoding="utf-8")
    back = import_terms(path, "fr")
    enforced = [e for e in fr.entries if not e.fuzzy]
    assert [(e.source, e.target) for e in back] == [(e.source, e.target) for e in enforced]
    if fmt == "tbx":
        by_source = {e.source: e for e in back}
        assert by_source["coup"].target_plural == "coups d'État"
        assert by_source["CNSP"].no_translate and by_source["Ecowas"].case_sensitive
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["en", "fr"] and ["ECOWAS", "CEDEAO"] in rows


def test_merge_into_po(tmp_path: Path) -> None:
    target = tmp_path / "new" / "ha.po"
    entries = [
        Entry("Niamey", "Yamai", lang="ha"),
        Entry("CNSP", "CNSP", no_translate=True, flags=("no-translate",), lang="ha"),
        Entry("coup", "juyin mulki", source_plural="coups", target_plural="juyin mulki", lang="ha"),
    ]
    assert merge_into_po(entries, target, "ha") == (3, 0)
    assert problems_of(target) == []
    assert merge_into_po([Entry("Niamey", "Yamai", lang="ha")], target, "ha") == (0, 0)
    assert merge_into_po(
        [Entry("Niamey", "Niamey", lang="ha"), Entry("Bamako", "Bamako", lang="ha")], target, "ha"
    ) == (1, 1)
    glossary = load_glossary([target], "ha")
    assert glossary.find("Niamey")[0].expected == "Niamey"
    assert glossary.find("coups")[0].expected == "juyin mulki"
    assert glossary.find("CNSP")[0].entry.no_translate
    text = target.read_text(encoding="utf-8")
    assert "Language: ha" in text and plural_rule("ha").header in text


def test_merge_fuzzy_never_changes_an_enforced_entry(tmp_path: Path) -> None:
    target = tmp_path / "ha.po"
    merge_into_po([Entry("Niamey", "Yamai", lang="ha")], target, "ha")
    merge_into_po([Entry("drone", "jirgi", lang="ha")], target, "ha", fuzzy=True)
    proposals = [
        Entry("Niamey", "Niamey", lang="ha"),  # enforced: a proposal must not replace it
        Entry("drone", "jirgi mara matuki", lang="ha"),  # already proposed: updated
    ]
    assert merge_into_po(proposals, target, "ha", fuzzy=True) == (0, 1)
    assert load_glossary([target], "ha").find("Niamey")[0].expected == "Yamai"
    skipped: list[Entry] = []
    assert merge_into_po(proposals, target, "ha", fuzzy=True, skipped=skipped) == (0, 0)
    assert [e.source for e in skipped] == ["Niamey"]
    # A fuzzy incoming entry is a proposal too, even without fuzzy=True.
    proposal = Entry("Niamey", "Niyame", fuzzy=True, flags=("fuzzy",), lang="ha")
    assert merge_into_po([proposal], target, "ha") == (0, 0)
    glossary = load_glossary([target], "ha")
    assert glossary.find("Niamey")[0].expected == "Yamai"
    assert [m.expected for m in glossary.proposed("a drone")] == ["jirgi mara matuki"]
    # Identical to what is enforced: nothing to propose, nothing skipped.
    skipped.clear()
    same = [Entry("Niamey", "Yamai", lang="ha")]
    assert merge_into_po(same, target, "ha", fuzzy=True, skipped=skipped) == (0, 0)
    assert skipped == []


def test_merge_updates_a_changed_plural_form(tmp_path: Path) -> None:
    target = tmp_path / "fr.po"
    coup = Entry("coup", "coup d'État", source_plural="coups", target_plural="coups", lang="fr")
    assert merge_into_po([coup], target, "fr") == (1, 0)
    fixed = Entry(
        "coup", "coup d'État", source_plural="coups", target_plural="coups d'État", lang="fr"
    )
    assert merge_into_po([fixed], target, "fr") == (0, 1)
    glossary = load_glossary([target], "fr")
    assert glossary.find("two coups")[0].expected == "coups d'État"
    assert glossary.find("a coup")[0].expected == "coup d'État"
    assert merge_into_po([fixed], target, "fr") == (0, 0)


def test_merge_reads_the_po_once_and_checks_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import translate.glossary.loader as loader

    target = tmp_path / "ha.po"
    merge_into_po([Entry("Niamey", "Yamai", lang="ha")], target, "ha")
    reads: list[Path] = []
    real_read = loader.read_text

    def counting_read(path: Path) -> str:
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(loader, "read_text", counting_read)
    assert merge_into_po([Entry("Kano", "Kano", lang="ha")], target, "ha") == (1, 0)
    assert reads == [target]
    with pytest.raises(GlossaryError, match=r"ha\.po:2: glossary is for 'ha', not 'fr'"):
        merge_into_po([Entry("Kano", "Kano", lang="fr")], target, "fr")


# --- CLI --------------------------------------------------------------------------------


def run_glossary(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI's own entry point (translate.cli.main), so a missing `glossary`
    registration fails these tests."""
    return run_cli("glossary", *args, cwd=cwd, env=env)


@pytest.mark.slow
def test_cli_check(tmp_path: Path) -> None:
    ok = run_glossary("check", env={"TRANSLATE_GLOSSARY_DIR": str(SHIPPED)})
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "" and "entries, no problems" in ok.stderr
    broken = write_po(tmp_path / "fr.po", 'msgid "junta"\nmsgstr "junte\n')
    bad = run_glossary("check", str(broken))
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0].startswith(f"{broken}:8: ")
    assert "1 problem in 1 file" in bad.stderr


@pytest.mark.slow
def test_cli_import_export(tmp_path: Path) -> None:
    terms = tmp_path / "desk.csv"
    terms.write_text("en,ha\nNiamey,Yamai\nKano,Kano\n", encoding="utf-8")
    into = tmp_path / "ha.po"
    done = run_glossary("import", str(terms), "--lang", "ha", "--into", str(into))
    assert done.returncode == 0, done.stderr
    # Niamey → Yamai is the shipped term already (issue 29): unchanged, not copied.
    assert "1 added, 0 updated, 1 unchanged" in done.stdout
    # -g adds to the glossaries in use (none here: an empty glossary directory).
    (tmp_path / "empty").mkdir()
    alone = {"TRANSLATE_GLOSSARY_DIR": str(tmp_path / "empty")}
    exported = run_glossary("export", "--lang", "ha", "--format", "tsv", "-g", str(into), env=alone)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines() == ["en\tha", "Kano\tKano"]
    # --glossary-only replaces the glossaries in use (here the shipped ones).
    exported = run_glossary(
        "export", "--lang", "ha", "--format", "tsv", "-g", str(into), "--glossary-only"
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines() == ["en\tha", "Kano\tKano"]
    out = tmp_path / "ha.tbx"
    written = run_glossary(
        "export",
        "--lang",
        "ha",
        "--format",
        "tbx",
        "-o",
        str(out),
        env={"TRANSLATE_GLOSSARY_DIR": str(SHIPPED)},
    )
    assert written.returncode == 0 and "<martif" in out.read_text(encoding="utf-8")
    listed = run_glossary("list", "--lang", "ha", "--json", "-g", str(into))
    assert '"target": "Yamai"' in listed.stdout
    # Default --into: <lang>.po in the user's glossary directory (XDG data dir).
    default = run_glossary(
        "import", str(terms), "--lang", "ha", env={"XDG_DATA_HOME": str(tmp_path / "data")}
    )
    assert default.returncode == 0, default.stderr
    assert (tmp_path / "data" / "translate" / "glossaries" / "ha.po").is_file()
    failed = run_glossary("import", str(tmp_path / "none.csv"), "--lang", "ha")
    assert failed.returncode == 1
    assert failed.stderr.strip() == f"translate: error: {tmp_path / 'none.csv'}: no such file"


def test_cli_import_reads_standard_input_with_its_format_sniffed(tmp_path: Path) -> None:
    into = tmp_path / "ha.po"
    for content in ("en,ha\nTahoua,Tawa\n", "en\tha\nTahoua\tTawa\n"):
        done = run_cli("glossary", "import", "-", "--lang", "ha", "--into", str(into),
                       "--update", input=content)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert 'msgstr "Tawa"' in into.read_text(encoding="utf-8")
    empty = run_cli("glossary", "import", "-", "--lang", "ha", "--into", str(into), input="")
    assert empty.returncode != 0 and "Traceback" not in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1


# --- issue 28 -------------------------------------------------------------------------

BAD_PO = """msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "air base"
msgid_plural "air bases"
msgstr[0] "base aérienne"
msgstr[1] "bases aériennes"
msgstr[2] "bases aériennes, encore"

msgid "junta"
msgstr "junte"

msgid "junta"
msgstr "junte militaire"
"""


def _story(tmp_path: Path) -> Path:
    story = tmp_path / "story.txt"
    story.write_text("The junta closed the air base. ECOWAS met in Niamey.\n", encoding="utf-8")
    return story


def test_run_refuses_a_glossary_that_check_rejects_unless_told_to_warn(tmp_path: Path) -> None:
    from conftest import invoke

    bad = tmp_path / "bad.po"
    bad.write_text(BAD_PO, encoding="utf-8")
    assert run_cli("glossary", "check", str(bad)).returncode == 1
    db = tmp_path / "t.db"
    args = ["run", str(_story(tmp_path)), "--to", "fr,ha", "-g", str(bad), "--db", str(db),
            "-o", str(tmp_path / "out.jsonl")]  # fmt: skip
    refused = invoke(*args)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"translate: error: glossary check finds 2 errors: {bad}:6: 3 plural forms "
        f"(msgstr[n]) but the language has 2; {bad}:15: duplicate entry 'junta', first at "
        "line 12 (fix them, or run with --glossary-errors warn)\n"
    )
    assert not db.exists() and not (tmp_path / "out.jsonl").exists()
    warned = invoke(*args, "--glossary-errors", "warn")
    assert warned.returncode == 0, warned.stderr
    assert f"warning: {bad}:15: duplicate entry 'junta', first at line 12\n" in warned.stderr
    assert "junte militaire" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    quiet = invoke(*args, "--glossary-errors", "warn", "-q")
    assert quiet.returncode == 0 and "duplicate entry" not in quiet.stderr


def test_each_glossary_warning_is_printed_once_and_silenced_by_quiet(tmp_path: Path) -> None:
    from conftest import invoke

    extra = tmp_path / "extra.po"
    extra.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "ECOWAS"\nmsgstr "Cédéao"\n',
        encoding="utf-8",
    )
    args = ["run", str(_story(tmp_path)), "--to", "fr,ha", "-g", str(extra), "-g",
            f"fr={extra}", "--db", str(tmp_path / "t.db"), "-o", "-"]  # fmt: skip
    loud = invoke(*args)
    assert loud.returncode == 0, loud.stderr
    conflicts = [line for line in loud.stderr.splitlines() if "glossary conflict" in line]
    assert len(conflicts) == 1, loud.stderr
    quiet = invoke(*args, "-q")
    assert quiet.returncode == 0 and "glossary conflict" not in quiet.stderr


@pytest.mark.parametrize("cell", ['"air\nbase"', '"air\tbase"', '"air\rbase"', '"air\x1bbase"'])
def test_a_term_holding_a_newline_tab_or_control_character_is_refused(
    cell: str, tmp_path: Path
) -> None:
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text(f"source,target\nECOWAS,CEDEAO\n{cell},base aérienne\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"terms.csv:[34]: control character U\+00"):
        import_terms(csv_file, "fr")
    # The same term in a PO glossary: `glossary check` (and so `run`) refuses it.
    po = tmp_path / "fr.po"
    catalog = polib.POFile()
    catalog.metadata = {"Language": "fr"}
    catalog.append(polib.POEntry(msgid=cell.strip('"'), msgstr="base aérienne"))
    catalog.save(str(po))
    problems = [str(p) for p in check_glossary([po])]
    assert any("control character U+00" in p for p in problems), problems


def test_a_big_glossary_compiles_only_the_terms_a_text_can_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 28: a 10,000-term glossary cost ~9 s of CPU per run, every term's regex
    compiled at load (several times). Terms compile when a text could hold them, and a
    file is parsed once per process; `make bench` measures it (glossary matcher)."""
    from tools.bench.glossary_matcher import write_glossary
    from translate.glossary import loader, matching

    path = write_glossary(tmp_path / "big.fr.po", 2_000)
    matching._compile_entry.cache_clear()
    loader._PARSED.clear()
    parses: list[str] = []
    real_pofile = polib.pofile
    monkeypatch.setattr(polib, "pofile", lambda *a, **k: parses.append("x") or real_pofile(*a, **k))
    glossary = load_for("fr", [f"fr={path}"], use_defaults=False)
    assert len(glossary) == 2_000
    assert matching._compile_entry.cache_info().currsize == 0
    matches = glossary.find("The junta met ECOWAS and the African Union in Niamey.")
    assert [m.expected for m in matches] == ["junte", "CEDEAO", "Union africaine"]
    assert matching._compile_entry.cache_info().currsize < 10
    eager = [matching.Matcher([e]).find(e.source) for e in glossary.entries[:200]]
    assert all(found and found[0].entry.source == e.source  # every term still matches itself
               for found, e in zip(eager, glossary.entries[:200], strict=True))  # fmt: skip
    load_for("fr", [f"fr={path}"], use_defaults=False)
    assert len(parses) == 1  # parsed once, whatever asked for it since
