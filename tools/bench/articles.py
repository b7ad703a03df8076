"""Wire-style benchmark articles about Sahel politics, generated from templates.

Every article has a headline, a dateline, a date line, bullets and paragraphs, like the
copy in ``samples/``.  Slots are filled from a seeded RNG so sentences are mostly unique
(deduplication must not flatter the pipeline); datelines and a few stock phrases repeat
as they do on a real wire.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

CITIES = [
    ("NIAMEY", "Niger"),
    ("BAMAKO", "Mali"),
    ("OUAGADOUGOU", "Burkina Faso"),
    ("N'DJAMENA", "Chad"),
    ("NOUAKCHOTT", "Mauritania"),
    ("DAKAR", "Senegal"),
    ("ABUJA", "Nigeria"),
    ("AGADEZ", "Niger"),
    ("GAO", "Mali"),
    ("KANO", "Nigeria"),
    ("TIMBUKTU", "Mali"),
    ("ZINDER", "Niger"),
    ("BOBO-DIOULASSO", "Burkina Faso"),
    ("MAIDUGURI", "Nigeria"),
    ("ABECHE", "Chad"),
    ("KAYES", "Mali"),
    ("TAHOUA", "Niger"),
    ("SOKOTO", "Nigeria"),
]
COUNTRIES = ["Niger", "Mali", "Burkina Faso", "Chad", "Mauritania", "Senegal", "Nigeria"]
ADJ = {
    "Niger": "Nigerien",
    "Mali": "Malian",
    "Burkina Faso": "Burkinabe",
    "Chad": "Chadian",
    "Mauritania": "Mauritanian",
    "Senegal": "Senegalese",
    "Nigeria": "Nigerian",
}
BODIES = [
    "the junta",
    "the transitional government",
    "the ruling military council",
    "the foreign ministry",
    "the defence ministry",
    "the electoral commission",
    "the national assembly",
    "the interior ministry",
]
BLOCS = [
    "ECOWAS",
    "the African Union",
    "the Alliance of Sahel States",
    "the United Nations",
    "the European Union",
]
PARTNERS = ["Russia", "France", "the United States", "China", "Turkey", "Algeria", "Morocco"]
TOPICS = [
    "a security pact",
    "a gold mining code",
    "a uranium export deal",
    "a new constitution",
    "a transition timetable",
    "a fuel subsidy reform",
    "a humanitarian corridor",
    "a border reopening",
    "a power supply agreement",
    "an oil pipeline contract",
]
PEOPLE = [
    ("Col.", "Amadou Abdramane"),
    ("Gen.", "Salifou Mody"),
    ("Mr.", "Bakary Yaou Sangaré"),
    ("Ms.", "Aïchatou Boulama Kané"),
    ("Capt.", "Ibrahim Traoré"),
    ("Gen.", "Assimi Goïta"),
    ("Mr.", "Ousmane Sonko"),
    ("Ms.", "Fatimata Mounkaïla"),
    ("Mr.", "Lamine Zeine"),
    ("Col.", "Abdoulaye Maïga"),
]
GROUPS = ["jihadist fighters", "armed bandits", "Islamic State militants", "al Qaeda affiliates"]
PLACES = ["Tillabéri", "Diffa", "Ménaka", "Mopti", "Djibo", "Kidal", "Tahoua", "Dori", "Maradi"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
AGENCY = "Sahel Wire Service"

HEADLINES = [
    "{country} {verb} {topic} with {partner} as {bloc} talks stall",
    "{bloc} envoys arrive in {city_t} to press {body} on {topic}",
    "{adj} leaders sign {topic} after {n} days of talks",
    "Attack near {place} kills {n} soldiers as {country} tightens security",
    "{partner} pledges ${m} million to {country} for {topic}",
]
BULLETS = [
    "{body_c} said the talks would resume in {month}.",
    "About {n} people have fled {place} since {weekday}.",
    "{partner} has offered ${m} million in support.",
    "{bloc} has set a deadline of {month} {day}.",
    "The deal covers {topic_bare} and runs for {k} years.",
    "Officials in {city_t} expect a vote before the end of {month}.",
]
SENTENCES = [
    "{body_c} said on {weekday} that {topic} with {partner} would be signed within {k} weeks.",
    '{title} {name}, a spokesman for {body}, told state TV the talks were "constructive".',
    "{group_c} attacked a convoy near {place} on {weekday}, killing at least {n} people.",
    "The {adj} army said it had killed {n2} militants in air strikes around {place}.",
    "Diplomats in {city_t} said {bloc} would send a mission before {month} {day}.",
    "{partner} has already delivered {k} helicopters and about {n} tonnes of food aid.",
    "Prices of rice and millet in {city_t} rose by {pct}% in {month}, traders said.",
    '{title} {name} said {country} would "choose its partners freely" and reject any pressure.',
    'Opposition parties in {country} called the plan a "step backwards" on {weekday}.',
    "Some {n3:,} refugees from {place} have crossed into {country2} since the start of the year.",
    "The agreement, worth about ${m} million, was first announced in {month}.",
    "{bloc} lifted some sanctions on {country} in {month} but kept a freeze on its assets.",
    "Residents of {place} said mobile networks had been cut for {k} days.",
    'A senior {adj} official, speaking on condition of anonymity, said the deal was "final".',
    "{country} expelled the ambassador of {partner} on {weekday}, accusing him of interference.",
    "Exports of {commodity} from {country} fell by {pct}% last year, according to official data.",
]
STOCK = [
    "The ministry did not respond to a request for comment.",
    "The claims could not be independently verified.",
]
VERBS = ["signs", "suspends", "renews", "rejects", "revises"]
COMMODITIES = ["gold", "uranium", "cotton", "livestock", "oil"]


@dataclass(frozen=True)
class Article:
    name: str
    text: str


def _fill(template: str, rng: random.Random) -> str:
    country = rng.choice(COUNTRIES)
    title, name = rng.choice(PEOPLE)
    city, _ = rng.choice(CITIES)
    body = rng.choice(BODIES)
    topic = rng.choice(TOPICS)
    group = rng.choice(GROUPS)
    values = {
        "country": country,
        "country2": rng.choice([c for c in COUNTRIES if c != country]),
        "adj": ADJ[country],
        "body": body,
        "body_c": body[0].upper() + body[1:],
        "bloc": rng.choice(BLOCS),
        "partner": rng.choice(PARTNERS),
        "topic": topic,
        "topic_bare": topic.split(" ", 1)[1],
        "title": title,
        "name": name,
        "group_c": group[0].upper() + group[1:],
        "place": rng.choice(PLACES),
        "city_t": city.title(),
        "weekday": rng.choice(WEEKDAYS),
        "month": rng.choice(MONTHS),
        "day": rng.randint(1, 28),
        "n": rng.randint(3, 400),
        "n2": rng.randint(10, 90),
        "n3": rng.randint(2, 60) * 1000,
        "m": rng.randint(5, 900),
        "k": rng.randint(2, 12),
        "pct": rng.randint(4, 45),
        "commodity": rng.choice(COMMODITIES),
        "verb": rng.choice(VERBS),
    }
    text = template.format(**values)
    return text[0].upper() + text[1:]


def generate(count: int, *, seed: int = 2025, paragraphs: int = 2) -> list[Article]:
    """``count`` distinct articles: headline, dateline, date, 2 bullets, paragraphs."""
    rng = random.Random(seed)
    articles: list[Article] = []
    seen: set[str] = set()
    while len(articles) < count:
        headline = _fill(rng.choice(HEADLINES), rng)
        if headline in seen:
            continue
        seen.add(headline)
        city, country = rng.choice(CITIES)
        year = rng.choice([2024, 2025])
        clock = f"{rng.randint(6, 11)}:{rng.randint(0, 59):02d} AM"
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year} {clock}"
        bullets = [f"• {_fill(t, rng)}" for t in rng.sample(BULLETS, 2)]
        body: list[str] = []
        for index in range(paragraphs):
            sentences = [_fill(t, rng) for t in rng.sample(SENTENCES, 2)]
            if index == paragraphs - 1 and rng.random() < 0.2:
                sentences[-1] = rng.choice(STOCK)
            body.append(" ".join(sentences))
        text = "\n".join(
            [
                headline,
                "",
                f"{city}, {country} ({AGENCY}) —",
                date,
                "",
                *bullets,
                "",
                "\n\n".join(body),
                "",
            ]
        )
        articles.append(Article(name=f"article-{len(articles) + 1:03d}.txt", text=text))
    return articles


def write(articles: list[Article], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = directory / article.name
        path.write_text(article.text, encoding="utf-8")
        paths.append(path)
    return paths
