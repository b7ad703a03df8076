"""A synthetic English/French/Hausa parallel corpus of Sahel newswire sentences.

Written for this project: templates in the style of wire copy about Sahel politics,
filled from small lexicons. Every glossary term comes through a :class:`Term` slot,
so a share of the training pairs can carry ``⟦n⟧`` placeholders on both sides; that
is how the toy models learn to copy the placeholders the glossary layer inserts.

The Hausa and French are careful but simple; the corpus exists to make the toy models
load and decode for real, not to teach translation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

LANGS = ("en", "fr", "ha")


@dataclass(frozen=True)
class Term:
    """A glossary term: French forms follow ``fr_pattern`` (e.g. ``"au {}"``)."""

    key: str
    en: str
    fr: str
    ha: str


@dataclass(frozen=True)
class Country:
    term: Term

    def en(self) -> Term:
        return self.term


@dataclass(frozen=True)
class Speaker:
    en: str  # may contain a {T} term slot
    fr: str
    ha: str
    pronoun: str  # Hausa subject pronoun: ya (he/it, masc.) or ta (she/it, fem.)
    term: Term | None = None


@dataclass(frozen=True)
class Actors:
    en: str
    fr: str
    ha: str
    feminine: bool = False  # French agreement of the past participle
    term: Term | None = None


def _t(key: str, en: str, fr: str, ha: str) -> Term:
    return Term(key, en, fr, ha)


NIGER = _t("niger", "Niger", "Niger", "Nijar")
MALI = _t("mali", "Mali", "Mali", "Mali")
BURKINA = _t("burkina", "Burkina Faso", "Burkina Faso", "Burkina Faso")
NIGERIA = _t("nigeria", "Nigeria", "Nigeria", "Najeriya")
CHAD = _t("chad", "Chad", "Tchad", "Chadi")
SENEGAL = _t("senegal", "Senegal", "Sénégal", "Senegal")
BENIN = _t("benin", "Benin", "Bénin", "Benin")
TOGO = _t("togo", "Togo", "Togo", "Togo")
COUNTRIES = [NIGER, MALI, BURKINA, NIGERIA, CHAD, SENEGAL, BENIN, TOGO]

NIAMEY = _t("niamey", "Niamey", "Niamey", "Yamai")
CITIES = [NIAMEY] + [
    _t(c.lower(), c, f, h)
    for c, f, h in [
        ("Bamako", "Bamako", "Bamako"),
        ("Ouagadougou", "Ouagadougou", "Ouagadougou"),
        ("Agadez", "Agadez", "Agadez"),
        ("Zinder", "Zinder", "Damagaram"),
        ("Maradi", "Maradi", "Maradi"),
        ("Tahoua", "Tahoua", "Tahoua"),
        ("Dosso", "Dosso", "Dosso"),
        ("Gao", "Gao", "Gao"),
        ("Kano", "Kano", "Kano"),
        ("Abuja", "Abuja", "Abuja"),
        ("Tillaberi", "Tillabéri", "Tillabery"),
    ]
]
# Cities that are not glossary terms are plain strings when rendered.
GLOSSARY_KEYS = {
    "niger", "mali", "burkina", "nigeria", "chad", "niamey", "cnsp", "junta", "ecowas",
    "aes_full", "aes", "us", "russia", "coup", "coups", "airdef", "trainers", "jihadists",
    "jihadist_groups", "sahel", "tiani", "africa_corps", "wagner",
}  # fmt: skip

CNSP = _t("cnsp", "CNSP", "CNSP", "CNSP")
JUNTA = _t("junta", "junta", "junte", "gwamnatin soja")
ECOWAS = _t("ecowas", "ECOWAS", "CEDEAO", "ECOWAS")
AES_FULL = _t("aes_full", "Alliance of Sahel States", "Alliance des États du Sahel",
              "Ƙungiyar Ƙasashen Sahel")  # fmt: skip
AES = _t("aes", "AES", "AES", "AES")
US = _t("us", "United States", "États-Unis", "Amurka")
RUSSIA = _t("russia", "Russia", "Russie", "Rasha")
COUP = _t("coup", "coup", "coup d'État", "juyin mulki")
COUPS = _t("coups", "coups", "coups d'État", "juyin mulki")
AIRDEF = _t("airdef", "air defences", "défense antiaérienne", "tsaron sararin sama")
TRAINERS = _t("trainers", "military trainers", "instructeurs militaires", "masu horas da sojoji")
JIHADISTS = _t("jihadists", "jihadists", "djihadistes", "masu jihadi")
JIHADIST_GROUPS = _t("jihadist_groups", "jihadist groups", "groupes djihadistes",
                     "ƙungiyoyin masu jihadi")  # fmt: skip
SAHEL = _t("sahel", "Sahel", "Sahel", "Sahel")
# Held out of training on purpose: the glossary evaluation uses them to show what
# enforcement does for names the model never saw.
TIANI = _t("tiani", "Abdourahamane Tiani", "Abdourahamane Tiani", "Abdourahamane Tiani")
AFRICA_CORPS = _t("africa_corps", "Africa Corps", "Africa Corps", "Africa Corps")
WAGNER = _t("wagner", "Wagner", "Wagner", "Wagner")

DAYS = [
    ("Monday", "lundi", "ranar Litinin"),
    ("Tuesday", "mardi", "ranar Talata"),
    ("Wednesday", "mercredi", "ranar Laraba"),
    ("Thursday", "jeudi", "ranar Alhamis"),
    ("Friday", "vendredi", "ranar Juma'a"),
    ("Saturday", "samedi", "ranar Asabar"),
    ("Sunday", "dimanche", "ranar Lahadi"),
]
MONTHS = [
    ("January", "janvier", "Janairu"), ("February", "février", "Fabrairu"),
    ("March", "mars", "Maris"), ("April", "avril", "Afrilu"), ("May", "mai", "Mayu"),
    ("June", "juin", "Yuni"), ("July", "juillet", "Yuli"), ("August", "août", "Agusta"),
    ("September", "septembre", "Satumba"), ("October", "octobre", "Oktoba"),
    ("November", "novembre", "Nuwamba"), ("December", "décembre", "Disamba"),
]  # fmt: skip

# Speakers: {T} marks where the glossary term goes in each language.
SPEAKERS = [
    Speaker("the {T}", "le {T}", "{T}", "ya", CNSP),
    Speaker("the {T}", "la {T}", "{T}", "ta", JUNTA),
    Speaker("the ruling {T}", "la {T} au pouvoir", "{T} mai mulki", "ta", JUNTA),
    Speaker("{T}", "la {T}", "{T}", "ta", ECOWAS),
    Speaker("the {T}", "l'{T}", "{T}", "ta", AES_FULL),
    Speaker("the {T}", "l'{T}", "{T}", "ta", AES),
    Speaker("the government", "le gouvernement", "gwamnati", "ta"),
    Speaker("the army", "l'armée", "rundunar soja", "ta"),
    Speaker("the defence ministry", "le ministère de la Défense", "ma'aikatar tsaro", "ta"),
    Speaker("state television", "la télévision d'État", "gidan talabijin na gwamnati", "ya"),
    Speaker("a spokesman", "un porte-parole", "wani kakaki", "ya"),
    Speaker("the Pentagon", "le Pentagone", "Pentagon", "ya"),
    Speaker("General Tiani", "le général Tiani", "Janar Tiani", "ya"),
    Speaker("the prime minister", "le Premier ministre", "firaministan", "ya"),
]
EVAL_SPEAKERS = [
    Speaker("{T}", "{T}", "{T}", "ya", TIANI),
    Speaker("the {T}", "l'{T}", "{T}", "ya", AFRICA_CORPS),
]

ACTORS = [
    Actors("Russian {T}", "des {T} russes", "{T} na {R}", term=TRAINERS),
    Actors("Russian instructors", "des instructeurs russes", "masu horarwa na {R}"),
    Actors("{T}", "des {T}", "{T}", term=JIHADIST_GROUPS),
    Actors("{T}", "des {T}", "{T}", term=JIHADISTS),
    Actors("French troops", "les troupes françaises", "sojojin Faransa", feminine=True),
    Actors("American soldiers", "les soldats américains", "sojojin {U}"),
    Actors("Nigerien troops", "les troupes nigériennes", "sojojin {N}", feminine=True),
    Actors("armed men", "des hommes armés", "'yan bindiga"),
    Actors("diplomats", "des diplomates", "jami'an diflomasiyya"),
]
EVAL_ACTORS = [
    Actors("{T} fighters", "des combattants de {T}", "mayakan {T}", term=WAGNER),
    Actors(
        "{T} instructors", "des instructeurs de l'{T}", "masu horarwa na {T}", term=AFRICA_CORPS
    ),
]

# Templates: (en, fr, ha). Slots: {S} speaker, {P} Hausa pronoun of the speaker,
# {A} actors, {E} French agreement ending of {A} (s/es), {C} {C2} {C3} countries with
# French forms {C.le} {C.au} {C.du}, {Y} city, {D} day, {M} month, {YR} year, {N} number,
# {PCT} percentage; {term:key} a fixed glossary term.
TEMPLATES: list[tuple[str, str, str]] = [
    ("{A} arrived in {Y} on {D}.", "{A} sont arrivé{E} à {Y} {D}.", "{A} sun isa {Y} {D}."),
    ("{S} said on {D} that {A} had arrived in {C}.",
     "{S} a déclaré {D} que {A} étaient arrivé{E} {C.au}.",
     "{S} {P} ce {D} {A} sun isa {C}."),
    ("{A} will help {C} strengthen its {term:airdef}.",
     "{A} aideront {C.le} à renforcer sa {term:airdef}.",
     "{A} za su taimaka wa {C} wajen ƙarfafa {term:airdef}."),
    ("The {term:junta} seized power in {C} after the {term:coup} of {M} {YR}.",
     "La {term:junta} a pris le pouvoir {C.au} après le {term:coup} de {M} {YR}.",
     "{term:junta} ta ƙwace mulki a {C} bayan {term:coup} na watan {M} {YR}."),
    ("{S} ended its military cooperation with the {term:us}.",
     "{S} a mis fin à sa coopération militaire avec les {term:us}.",
     "{S} {P} kawo ƙarshen haɗin gwiwar soja da {term:us}."),
    ("{C} is moving away from the {term:us} and closer to {term:russia}.",
     "{C.le} s'éloigne des {term:us} et se rapproche de la {term:russia}.",
     "{C} na nisanta kanta da {term:us} tana kusantar {term:russia}."),
    ("{A} killed {N} soldiers near {Y} on {D}.",
     "{A} ont tué {N} soldats près de {Y} {D}.",
     "{A} sun kashe sojoji {N} kusa da {Y} {D}."),
    ("{term:jihadist_groups} are active across the {term:sahel}.",
     "Des {term:jihadist_groups} sont actifs dans tout le {term:sahel}.",
     "{term:jihadist_groups} suna aiki a faɗin yankin {term:sahel}."),
    ("{C}, {C2} and {C3} have left {term:ecowas}.",
     "{C.le}, {C2.le} et {C3.le} ont quitté la {term:ecowas}.",
     "{C}, {C2} da {C3} sun fice daga {term:ecowas}."),
    ("{term:ecowas} imposed sanctions on {C} after the {term:coup}.",
     "La {term:ecowas} a imposé des sanctions {C.au} après le {term:coup}.",
     "{term:ecowas} ta sanya wa {C} takunkumi bayan {term:coup}."),
    ("The {term:aes_full} was created in {M} {YR}.",
     "L'{term:aes_full} a été créée en {M} {YR}.",
     "An kafa {term:aes_full} a watan {M} {YR}."),
    ("{S} announced new elections for {YR}.",
     "{S} a annoncé de nouvelles élections pour {YR}.",
     "{S} {P} sanar da sabon zaɓe a shekarar {YR}."),
    ("About {N} Russian instructors arrived in {Y} on {D} night.",
     "Environ {N} instructeurs russes sont arrivés à {Y} {D} soir.",
     "Kimanin masu horarwa {N} na {term:russia} sun isa {Y} {D} da dare."),
    ("The plane landed at {Y} airport on {D}.",
     "L'avion a atterri à l'aéroport de {Y} {D}.",
     "Jirgin ya sauka a filin jirgin saman {Y} {D}."),
    ("{A} left an air base near {Y} in {M}.",
     "{A} ont quitté une base aérienne près de {Y} en {M}.",
     "{A} sun bar wani sansanin sojin sama kusa da {Y} a watan {M}."),
    ("The {term:junta} expelled French troops from {C}.",
     "La {term:junta} a expulsé les troupes françaises {C.du}.",
     "{term:junta} ta kori sojojin Faransa daga {C}."),
    ("{term:russia} sent {term:trainers} to {C} on {D}.",
     "La {term:russia} a envoyé des {term:trainers} {C.au} {D}.",
     "{term:russia} ta tura {term:trainers} zuwa {C} {D}."),
    ("{S} declined to comment.", "{S} a refusé de commenter.", "{S} {P} ƙi cewa komai."),
    ("Deaths in the {term:sahel} rose by {PCT}% in {YR}.",
     "Les décès au {term:sahel} ont augmenté de {PCT} % en {YR}.",
     "Yawan mace-mace a yankin {term:sahel} ya ƙaru da kashi {PCT} cikin ɗari a shekarar {YR}."),
    ("The {term:us} had about {N} soldiers in {C}.",
     "Les {term:us} avaient environ {N} soldats {C.au}.",
     "{term:us} na da kimanin sojoji {N} a {C}."),
    ("{S} seized power in {M} {YR}.", "{S} a pris le pouvoir en {M} {YR}.",
     "{S} {P} ƙwace mulki a watan {M} {YR}."),
    ("The {term:coup} in {C} worried {term:ecowas}.",
     "Le {term:coup} {C.au} a inquiété la {term:ecowas}.",
     "{term:coup} a {C} ya dami {term:ecowas}."),
    ("Residents of {Y} say they are waiting for results.",
     "Les habitants de {Y} disent attendre des résultats.",
     "Mazauna {Y} sun ce suna jiran sakamako."),
    ("{S} said {C} will choose its partners freely.",
     "{S} a déclaré que {C.le} choisira librement ses partenaires.",
     "{S} {P} ce {C} za ta zaɓi abokan hulɗarta cikin 'yanci."),
    ("The {term:coups} in {C} and {C2} changed the region.",
     "Les {term:coups} {C.au} et {C2.au} ont changé la région.",
     "{term:coups} a {C} da {C2} sun sauya yankin."),
    ("{term:jihadists} attacked a military post near {Y} on {D}.",
     "Des {term:jihadists} ont attaqué un poste militaire près de {Y} {D}.",
     "{term:jihadists} sun kai hari kan wani sansanin soja kusa da {Y} {D}."),
    ("{S} said the {term:airdef} of {C} would be modernised.",
     "{S} a déclaré que la {term:airdef} {C.du} serait modernisée.",
     "{S} {P} ce za a zamanantar da {term:airdef} na {C}."),
    ("{A} will train the army of {C} in {Y}.",
     "{A} formeront l'armée {C.du} à {Y}.",
     "{A} za su horar da sojojin {C} a {Y}."),
    ("The {term:cnsp} met in {Y} on {D}.", "Le {term:cnsp} s'est réuni à {Y} {D}.",
     "{term:cnsp} ya yi taro a {Y} {D}."),
    ("{S} called on {term:ecowas} to lift the sanctions.",
     "{S} a appelé la {term:ecowas} à lever les sanctions.",
     "{S} {P} yi kira ga {term:ecowas} da ta ɗage takunkumin."),
]  # fmt: skip

FIXED_TERMS = {t.key: t for t in [
    CNSP, JUNTA, ECOWAS, AES_FULL, AES, US, RUSSIA, COUP, COUPS, AIRDEF, TRAINERS,
    JIHADISTS, JIHADIST_GROUPS, SAHEL,
]}  # fmt: skip


@dataclass(frozen=True)
class Example:
    en: str
    fr: str
    ha: str
    terms: tuple[str, ...]  # glossary keys that occur, in English order

    def side(self, lang: str) -> str:
        return {"en": self.en, "fr": self.fr, "ha": self.ha}[lang]


class _Renderer:
    """Renders one template with chosen slot values, masking some glossary terms."""

    def __init__(self, mask: set[str]) -> None:
        self.mask = mask
        self.order: list[str] = []  # keys of glossary terms in English order

    def term(self, term: Term, lang: str) -> str:
        if term.key not in GLOSSARY_KEYS:
            return getattr(term, lang)
        if lang == "en" and term.key not in self.order:
            self.order.append(term.key)
        if term.key in self.mask:
            # Numbered among the masked terms only, in English order, as the glossary does.
            masked = [k for k in self.order if k in self.mask]
            return f"⟦{masked.index(term.key)}⟧"
        return getattr(term, lang)


def _fill(template: str, lang: str, values: dict[str, object], renderer: _Renderer) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("term:"):
            return renderer.term(FIXED_TERMS[name[5:]], lang)
        base, _, form = name.partition(".")
        value = values[base]
        if isinstance(value, Term):
            surface = renderer.term(value, lang)
            if lang == "fr" and form:
                return {"le": "le {}", "au": "au {}", "du": "du {}"}[form].format(surface)
            return surface
        if isinstance(value, Speaker | Actors):
            text = getattr(value, lang)
            inner = {"T": value.term, "R": RUSSIA, "U": US, "N": NIGER}
            return re.sub(
                r"\{([TRUN])\}",
                lambda m: renderer.term(inner[m.group(1)], lang),  # type: ignore[arg-type]
                text,
            )
        if isinstance(value, tuple):
            return value[LANGS.index(lang)]
        return str(value)

    return re.sub(r"\{([A-Za-z0-9_:.]+)\}", replace, template)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text and not text.startswith("⟦") else text


def _pick_values(rng: random.Random, evaluation: bool) -> dict[str, object]:
    speakers = SPEAKERS + (EVAL_SPEAKERS if evaluation else [])
    actors = ACTORS + (EVAL_ACTORS if evaluation else [])
    countries = rng.sample(COUNTRIES, 3)
    actor = rng.choice(actors)
    speaker = rng.choice(speakers)
    return {
        "S": speaker,
        "P": (speaker.pronoun,) * 3,
        "A": actor,
        "E": ("", "es" if actor.feminine else "s", ""),
        "C": countries[0],
        "C2": countries[1],
        "C3": countries[2],
        "Y": rng.choice(CITIES),
        "D": rng.choice(DAYS),
        "M": rng.choice(MONTHS),
        "YR": str(rng.randint(2012, 2026)),
        "N": str(rng.choice([12, 20, 35, 40, 50, 60, 80, 100, 150, 200, 300, 1100])),
        "PCT": str(rng.randint(5, 60)),
    }


def _uses(template: tuple[str, str, str], evaluation: bool, values: dict[str, object]) -> bool:
    """Evaluation sentences must contain at least one held-out name."""
    if not evaluation:
        return True
    en = template[0]
    held = {"tiani", "africa_corps", "wagner"}
    speaker, actor = values["S"], values["A"]
    return ("{S}" in en and getattr(speaker.term, "key", "") in held) or (  # type: ignore[union-attr]
        "{A}" in en and getattr(actor.term, "key", "") in held  # type: ignore[union-attr]
    )


def generate(
    count: int,
    *,
    seed: int,
    mask_rate: float = 0.0,
    evaluation: bool = False,
    placeholders: bool = True,
) -> Iterator[Example]:
    """Yield ``count`` examples; with ``mask_rate`` a share of terms become ``⟦n⟧``.

    ``placeholders=False`` draws exactly what ``mask_rate`` would (same random stream,
    same sentences) but masks nothing: the corpus of a placeholder-naive model that
    differs from the trained one only by never showing it a ``⟦n⟧``.
    """
    rng = random.Random(seed)
    produced = 0
    while produced < count:
        template = rng.choice(TEMPLATES)
        values = _pick_values(rng, evaluation)
        if not _uses(template, evaluation, values):
            continue
        probe = _Renderer(set())
        _fill(template[0], "en", values, probe)
        mask: set[str] = set()
        if mask_rate and rng.random() < mask_rate:
            mask = {k for k in probe.order if rng.random() < 0.6} or set(probe.order[:1])
            if not placeholders:
                mask = set()
        renderer = _Renderer(mask)
        en = _fill(template[0], "en", values, renderer)
        fr = _fill(template[1], "fr", values, renderer)
        ha = _fill(template[2], "ha", values, renderer)
        yield Example(_capitalize(en), _capitalize(fr), _capitalize(ha), tuple(probe.order))
        produced += 1


def vocabulary_pairs() -> list[tuple[str, str, str]]:
    """Single terms and names as short pairs, so every slot value is seen on its own."""
    pairs = [(t.en, t.fr, t.ha) for t in COUNTRIES + CITIES + list(FIXED_TERMS.values())]
    pairs += [(d[0], d[1].capitalize(), d[2]) for d in DAYS]
    pairs += [(m[0], m[1].capitalize(), m[2]) for m in MONTHS]
    return pairs
