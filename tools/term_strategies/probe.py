"""Which strategy a package gets: a one-time probe of whether it copies ``⟦n⟧`` through.

Placeholders only work on a model that carries them through untouched, which only
a model trained with them does. The probe translates a handful of canned news
sentences with placeholders in place of names and counts the sentences whose
output has every placeholder exactly once, and nothing else invented. A package
that copies nearly all of them gets placeholders with a sentence guard and a plain
fallback (``placeholder+guard``); any other gets, per segment, the better of that and
plain decoding with rerank, constraints and repair (``best-of``). The verdict is
recorded per package (id and a digest of its model file), so the probe runs once, at
first use.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from translate.engine.translator import CT2Translator

#: Short, ordinary wire sentences with one to three placeholders where names go. Any
#: real package translates such sentences well, and they stay inside the toy models'
#: domain, so a miss means the placeholders, not the sentence, defeated the model.
CANNED = (
    "The ⟦0⟧ met in ⟦1⟧ on Tuesday.",
    "⟦0⟧ sent military trainers to ⟦1⟧ on Friday.",
    "The junta expelled French troops from ⟦0⟧.",
    "⟦0⟧ imposed sanctions on ⟦1⟧ after the coup.",
    "Jihadists attacked a military post near ⟦0⟧ on Monday.",
    "The plane landed at ⟦0⟧ airport on Sunday.",
    "A spokesman for ⟦0⟧ declined to comment.",
    "⟦0⟧, ⟦1⟧ and ⟦2⟧ have left ECOWAS.",
)
#: Share of canned sentences a package must copy to keep the placeholder strategy.
MIN_COPY_RATE = 0.875
#: The strategies a verdict names (measured by ``make eval``: see the report).
PLACEHOLDER = "placeholder+guard"
PLAIN = "best-of"
_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")


@dataclass(frozen=True)
class PlaceholderProbe:
    package: str
    model_digest: str
    sentences: int
    copied: int
    strategy: str

    @property
    def copy_rate(self) -> float:
        return self.copied / self.sentences if self.sentences else 0.0


def copies_placeholders(source: str, output: str) -> bool:
    """Every placeholder of ``source`` exactly once in ``output``, and no other."""
    wanted = sorted(_TOKEN.findall(source))
    return sorted(_TOKEN.findall(output)) == wanted and output.count("⟦") == len(wanted)


def model_digest(translator: CT2Translator) -> str:
    model = translator.package.model_dir / "model.bin"
    return hashlib.sha256(model.read_bytes()).hexdigest()[:16]


def probe(translator: CT2Translator) -> PlaceholderProbe:
    outputs = [nbest[0].text for nbest in translator.translate(list(CANNED))]
    copied = sum(copies_placeholders(s, o) for s, o in zip(CANNED, outputs, strict=True))
    strategy = PLACEHOLDER if copied / len(CANNED) >= MIN_COPY_RATE else PLAIN
    return PlaceholderProbe(
        translator.package.id, model_digest(translator), len(CANNED), copied, strategy
    )


def choose_strategy(translator: CT2Translator, record: Path) -> PlaceholderProbe:
    """The recorded verdict for this package, probing (and recording) on first use."""
    digest = model_digest(translator)
    known = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    entry = known.get(translator.package.id)
    if (
        entry
        and entry.get("model_digest") == digest
        and entry.get("strategy") in (PLACEHOLDER, PLAIN)
    ):
        return PlaceholderProbe(**entry)
    verdict = probe(translator)
    known[verdict.package] = asdict(verdict)
    record.parent.mkdir(parents=True, exist_ok=True)
    partial = record.with_name(record.name + ".part")
    partial.write_text(json.dumps(known, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(record)
    return verdict
