"""The CLI in French and Hausa: --ui-lang and the locale environment, help, errors, run report.

Everything goes through the CLI's own entry point (``conftest.run_cli``: translate.cli.main
in this process); `--help` in another language runs in a process of its own
(``run_process``), since help strings are set when the commands are imported.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, run_cli, run_process

from translate import i18n
from translate.lang import environment_language, language_name

LOCALES = ROOT / "locales"
SAMPLE = ROOT / "samples" / "niger-air-defence.txt"
NNBSP = "\u202f"  # French: narrow no-break space before : ; ! ? (locales/fr/typography.toml)

# No inherited locale: each test says which language it wants.
_CLEAN = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def _env(**extra: str) -> dict[str, str]:
    return {**_CLEAN, **extra}


def _placeholders(text: str) -> set[str]:
    """``{name}``, ``{name!r}``, ``{}`` → the field names (positional ones as "")."""
    return {
        m.group(1) for m in re.finditer(r"(?<!\{)\{([A-Za-z_0-9]*)(?:![rsa])?(?::[^}]*)?\}", text)
    }


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's translations: one string, or one per plural form (babel gives a tuple)."""
    return (value,) if isinstance(value, str) else tuple(value)


# The marker written into articles is the same in every language, so messages quote it as is.
MARKER = "[untranslated: "


# --------------------------------------------------------------------------- catalogs


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", ["fr", "ha"])
def test_catalog_is_complete_with_matching_placeholders(lang: str) -> None:
    template = _catalog(LOCALES / "translate.pot")
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "translate.po")
    msgids = [m.id for m in template if m.id]
    assert len(msgids) > 100  # the CLI, the library messages and click/typer's own
    for msgid in msgids:
        message = catalog.get(msgid)
        assert message is not None, f"{lang}: missing {msgid!r}"
        assert all(_forms(message.string)), f"{lang}: empty translation for {msgid!r}"
        assert not message.fuzzy, f"{lang}: fuzzy translation for {msgid!r}"
        expected = set().union(*(_placeholders(form) for form in _forms(msgid)))
        for form in _forms(message.string):
            # A plural form may leave out the count ("un segment"), never add a field.
            assert _placeholders(form) <= expected, (lang, msgid, form)
        assert _placeholders(_forms(message.string)[-1]) == expected, (lang, msgid)


def test_french_typography_and_hausa_letters() -> None:
    fr = _catalog(LOCALES / "fr" / "LC_MESSAGES" / "translate.po")
    for message in fr:
        if not message.id:
            continue
        for form in _forms(message.string):
            # Narrow no-break space before : ; ! ? and inside « » (as locales/fr/typography.toml).
            text = form.replace(MARKER, "")
            assert not re.search(rf"[^{NNBSP}][:;!?](\s|$)", text), form
            assert "« " not in form and " »" not in form, form
    ha = _catalog(LOCALES / "ha" / "LC_MESSAGES" / "translate.po")
    text = " ".join(" ".join(_forms(m.string)) for m in ha if m.id)
    for letter in "ɓɗƙ":
        assert letter in text
    assert ha.get("Error: {message}").string.startswith("Kuskure")


def test_the_hausa_interface_follows_the_house_conventions() -> None:
    """Issue 29: the Hausa catalog spells as the Hausa output does (translate.localize
    .hausa): one apostrophe inside words, ʼ (U+02BC), NFC. A message whose English shows
    an ASCII apostrophe on purpose (the search example ma'adinai) may show it too."""
    import unicodedata

    ha = _catalog(LOCALES / "ha" / "LC_MESSAGES" / "translate.po")
    offenders = []
    for message in ha:
        if not message.id:
            continue
        source = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        for form in _forms(message.string):
            if unicodedata.normalize("NFC", form) != form:
                offenders.append(f"not NFC: {form!r}")
            if re.search(r"[^\W\d_]['’][^\W\d_]", form) and not re.search(
                r"[^\W\d_]'[^\W\d_]", source
            ):
                offenders.append(form)
    assert offenders == []
    assert "maʼajiyar" in " ".join(" ".join(_forms(m.string)) for m in ha if m.id)


def test_po_compiles_in_memory_when_mo_is_missing(tmp_path: Path) -> None:
    """A fresh clone has no .mo: the .po is compiled on the fly, same result."""
    shutil.copytree(LOCALES / "fr", tmp_path / "fr", ignore=shutil.ignore_patterns("*.mo"))
    translations = i18n.load_translations("fr", tmp_path)
    assert translations.gettext("Usage:") == f"Utilisation{NNBSP}:"
    assert i18n.load_translations("en", tmp_path).gettext("Usage:") == "Usage:"


# --------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_NE.UTF-8"}, "fr"),
        ({"LANG": "ha_NG"}, "ha"),
        ({"LANGUAGE": "ha", "LANG": "fr_FR.UTF-8"}, "ha"),  # LANGUAGE wins, as in gettext
        ({"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),  # a priority list
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "ha_NG"}, "fr"),
        ({"LC_MESSAGES": "ha_NE", "LANG": "fr_FR"}, "ha"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert (environment_language(i18n.SUPPORTED, environ) or i18n.DEFAULT) == expected


def test_ui_lang_is_taken_anywhere_in_argv() -> None:
    assert i18n.scan_ui_lang(["run", "a.txt", "--ui-lang", "ha", "--to", "fr"]) == (
        ["run", "a.txt", "--to", "fr"],
        "ha",
    )
    assert i18n.scan_ui_lang(["--ui-lang=fr", "run"]) == (["run"], "fr")
    assert i18n.scan_ui_lang(["run", "--", "--ui-lang", "fr"]) == (
        ["run", "--", "--ui-lang", "fr"],
        None,
    )


def test_language_names_come_from_cldr() -> None:
    assert language_name("fr", "fr") == "français"
    assert language_name("ha", "ha") == "Hausa"
    assert language_name("fr", "ha") == "Faransanci"
    assert language_name("xx-not-a-language", "fr") == "xx-not-a-language"


def test_unknown_ui_lang_is_a_usage_error_listing_choices() -> None:
    result = run_cli("--ui-lang", "xx", "--help", env=_env())
    assert result.returncode == 2
    assert "fr, ha, en" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("models", "list", "--ui-lang", "xx", env=_env(LANG="fr_FR.UTF-8"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"translate{NNBSP}: erreur{NNBSP}: ")
    assert "fr, ha, en" in result.stderr


# --------------------------------------------------------------------------- sessions

SESSIONS = {
    "fr": {
        "usage": f"Utilisation{NNBSP}:",
        "option_help": "Langues cibles, séparées par des virgules",
        "panel": "Options",
        "help_option": "Afficher ce message et quitter.",
        "error": f"translate{NNBSP}: erreur{NNBSP}: missing.txt{NNBSP}: fichier introuvable",
        "click_error": (
            f"translate{NNBSP}: erreur{NNBSP}: Option inconnue{NNBSP}: --bogus "
            f"(voir «{NNBSP}translate run --help{NNBSP}»)"
        ),
        "summary": f"niger-air-defence → français (fr){NNBSP}: ",
        "summary_counts": "25 traduits, 0 repris de la mémoire",
        "stored": "Segments enregistrés dans",
    },
    "ha": {
        "usage": "Amfani:",
        "option_help": "Harsunan manufa, a raba su da waƙafi",
        "panel": "Zaɓuɓɓuka",
        "help_option": "Nuna wannan saƙo sannan a fita.",
        "error": "translate: kuskure: missing.txt: babu irin wannan fayil",
        "click_error": (
            'translate: kuskure: Babu zaɓi mai suna --bogus (duba "translate run --help")'
        ),
        "summary": "niger-air-defence → Faransanci (fr): ",
        "summary_counts": "an fassara 25, 0 daga maʼajiya",
        "stored": "An adana sassan rubutu a",
    },
}

# Each language both ways: the option, and the standard environment variables.
HOW = [
    ("fr", ["--ui-lang", "fr"], {}),
    ("fr", [], {"LANG": "fr_FR.UTF-8"}),
    ("ha", ["--ui-lang", "ha"], {}),
    ("ha", [], {"LANGUAGE": "ha"}),
]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "flag", "environ"), HOW)
def test_help_is_translated(lang: str, flag: list[str], environ: dict[str, str]) -> None:
    expected = SESSIONS[lang]
    # Help strings are set when the commands are imported: a process of its own.
    result = run_process(*flag, "run", "--help", env=_env(COLUMNS="200", **environ))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert expected["usage"] in out
    assert expected["option_help"] in out
    assert expected["panel"] in out
    assert expected["help_option"] in out
    assert "Show this message and exit." not in out
    assert "Usage:" not in out


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "flag", "environ"), HOW)
def test_errors_are_translated_exit_codes_unchanged(
    lang: str, flag: list[str], environ: dict[str, str]
) -> None:
    expected = SESSIONS[lang]
    # --ui-lang after the command works as well as before it.
    result = run_cli("run", "missing.txt", "--to", "fr", *flag, env=_env(**environ))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line == expected["error"]

    # A usage error is one line like every other error (issue 29), the help to see in it.
    result = run_cli(*flag, "run", "--bogus", env=_env(**environ))
    assert result.returncode == 2
    assert result.stderr.strip() == expected["click_error"]


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "flag", "environ"), HOW)
def test_run_report_is_translated(
    lang: str, flag: list[str], environ: dict[str, str], tmp_path: Path
) -> None:
    expected = SESSIONS[lang]
    result = run_cli(
        *flag, "run", str(SAMPLE), "--to", "fr",
        "--db", str(tmp_path / "t.db"), "--out-dir", str(tmp_path / "out"),
        env=_env(**environ),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert expected["summary"] in result.stderr
    assert expected["summary_counts"] in result.stderr
    assert expected["stored"] in result.stderr
    assert (tmp_path / "out" / "niger-air-defence.fr.txt").is_file()


def test_english_stays_the_default() -> None:
    result = run_cli("run", "missing.txt", "--to", "fr", env=_env(LANG="de_DE.UTF-8"))
    assert result.returncode == 1
    assert result.stderr.strip() == "translate: error: missing.txt: no such file"
    result = run_cli("--help", env=_env(COLUMNS="200"))
    assert "Usage:" in result.stdout and "--ui-lang" in result.stdout


def test_unknown_target_lists_installed_pairs_in_french(tmp_path: Path) -> None:
    result = run_cli(
        "run", str(SAMPLE), "--to", "xx", "--db", str(tmp_path / "t.db"), "--ui-lang", "fr",
        env=_env(),
    )  # fmt: skip
    assert result.returncode == 4
    assert "aucun modèle pour en→xx" in result.stderr
    assert f"paires installées{NNBSP}: en→fr, en→ha" in result.stderr


# ------------------------------------------------------------------- glossary, review, stats

BROKEN_GLOSSARY = (
    'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;'
    '\\n"\n\n'
    '#, weird\nmsgid "Niamey"\nmsgstr ""\n\n'
    'msgid "Niamey"\nmsgstr "Niamey"\n'
)

GLOSSARY_SESSIONS = {
    "fr": (
        [
            # An unknown flag is a warning (printed; alone it would not fail the check).
            "{path}:7: avertissement\u202f: marque(s) inconnue(s) weird (marques connues\u202f: "
            "case-sensitive, forbidden, fuzzy, no-translate)",
            "{path}:7: msgstr vide pour 'Niamey' (traduisez-le, ou marquez-le fuzzy ou "
            "no-translate)",
            "{path}:10: entrée en double 'Niamey', déjà présente ligne 7",
        ],
        "3 problèmes dans 1 fichier",
    ),
    "ha": (
        [
            "{path}:7: gargaɗi: alama(u) da ba a sani ba weird (sanannu: case-sensitive, "
            "forbidden, fuzzy, no-translate)",
            "{path}:7: msgstr babu komai na 'Niamey' (a fassara shi, ko a sa masa alamar fuzzy "
            "ko no-translate)",
            "{path}:10: shigarwa mai maimaituwa 'Niamey', ta farko tana layi na 7",
        ],
        "matsaloli 3 a cikin fayil 1",
    ),
    "en": (
        [
            "{path}:7: warning: unknown flag(s) weird (known: case-sensitive, forbidden, fuzzy, "
            "no-translate)",
            "{path}:7: empty msgstr for 'Niamey' (translate it, or flag it fuzzy or no-translate)",
            "{path}:10: duplicate entry 'Niamey', first at line 7",
        ],
        "3 problems in 1 file",
    ),
}


@pytest.mark.parametrize(("lang", "flag", "environ"), [*HOW, ("en", [], {"LANG": "de_DE.UTF-8"})])
def test_glossary_check_problems_are_translated_prefix_kept(
    lang: str, flag: list[str], environ: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "fr.po"
    path.write_text(BROKEN_GLOSSARY, encoding="utf-8")
    result = run_cli(*flag, "glossary", "check", str(path), env=_env(**environ))
    assert result.returncode == 1, result.stderr
    lines, summary = GLOSSARY_SESSIONS[lang]
    # stdout stays `file:line: message`, one problem a line; only the message is translated.
    assert result.stdout.splitlines() == [line.format(path=path) for line in lines]
    assert result.stderr.strip() == summary


@pytest.mark.parametrize(
    ("flag", "environ", "expected"),
    [
        (
            ["--ui-lang", "fr"],
            {},
            f"translate{NNBSP}: erreur{NNBSP}: {{db}}{NNBSP}: base de données introuvable "
            f"(translate run la crée{NNBSP}; voir --db)",
        ),
        (
            [],
            {"LANG": "fr_NE.UTF-8"},
            f"translate{NNBSP}: erreur{NNBSP}: {{db}}{NNBSP}: base de données introuvable "
            f"(translate run la crée{NNBSP}; voir --db)",
        ),
        (
            ["--ui-lang", "ha"],
            {},
            "translate: kuskure: {db}: babu irin wannan maʼajiyar bayanai "
            "(translate run ne ke ƙirƙira ta; duba --db)",
        ),
        (
            [],
            {"LANGUAGE": "ha"},
            "translate: kuskure: {db}: babu irin wannan maʼajiyar bayanai "
            "(translate run ne ke ƙirƙira ta; duba --db)",
        ),
        (
            [],
            {},
            "translate: error: {db}: no such database (translate run creates it; see --db)",
        ),
    ],
)
def test_review_list_on_a_missing_db_is_one_translated_line(
    flag: list[str], environ: dict[str, str], expected: str, tmp_path: Path
) -> None:
    db = tmp_path / "missing.db"
    result = run_cli("review", "list", "--db", str(db), *flag, env=_env(**environ))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line == expected.format(db=db)
    assert result.stdout == ""
    assert not db.exists()


STATS_HELP = {
    "fr": (
        "Décomptes par langue et par statut, respect du glossaire et taux de reprise",
        "Base de données SQLite (doit exister",
    ),
    "ha": (
        "Ƙididdiga ta harshe da matsayi, bin ƙamus",
        "Maʼajiyar bayanai ta SQLite (dole ta kasance akwai",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "flag", "environ"), HOW)
def test_stats_help_is_translated(lang: str, flag: list[str], environ: dict[str, str]) -> None:
    result = run_process(*flag, "stats", "--help", env=_env(COLUMNS="200", **environ))
    assert result.returncode == 0, result.stderr
    summary, db_help = STATS_HELP[lang]
    assert summary in result.stdout
    assert db_help in result.stdout
    assert SESSIONS[lang]["usage"] in result.stdout
    # JSON keys are an interface: the same in every language.
    assert "by_lang" in result.stdout and "reuse_rate" in result.stdout
    assert "Counts by language and status" not in result.stdout
    assert "SQLite database (must exist" not in result.stdout


# One quotation style per interface language: what translators type and what ``{value!r}``
# prints agree (French « », Hausa "…", English '…').
QUOTE_STYLE = {"fr": ("«\u202f", "\u202f»"), "ha": ('"', '"'), "en": ("'", "'")}


@pytest.mark.parametrize("lang", ["fr", "ha"])
def test_one_quotation_style_per_language(lang: str) -> None:
    catalog = _catalog(LOCALES / lang / "LC_MESSAGES" / "translate.po")
    for message in catalog:
        for form in _forms(message.string) if message.id else ():
            # A quoted span ('…' around a field or a word), not an apostrophe inside a word.
            assert not re.search(r"(^|[\s(\[\]])'[^'\s][^']*'", form), (lang, form)
            if lang == "fr":  # JSON examples ({"code": …}) keep their syntax
                assert '"' not in re.sub(r'\{[^{}]*"[^{}]*\}', "", form), form
    opening, closing = QUOTE_STYLE[lang]
    result = run_cli("run", "x.txt", "--to", "fr", "--device", "tpu", "--ui-lang", lang,
                     env=_env())  # fmt: skip
    assert result.returncode == 2
    assert f"{opening}tpu{closing}" in result.stderr, result.stderr
    assert "'tpu'" not in result.stderr


def test_quoted_values_show_control_characters_escaped() -> None:
    assert i18n.quote("a\x1b[31mb") == "'a\\x1b[31mb'"
