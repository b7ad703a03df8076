"""Does a package copy ``⟦n⟧`` placeholders? Measured once per model, cached on disk.

Placeholders only work on a model trained with them: a real Argos or OPUS-MT package
mangles them, and a sentence whose terms are masked collapses into a list of terms
("Niger Russie."). So the first time a package's second pass is needed, a handful of
ordinary wire sentences with placeholders where names go are translated; a package
that copies (nearly) all of them through re-decodes with placeholders, any other with
a forced prefix (:mod:`.constrain`).

The verdict is cached per model (:meth:`Decoder.model_key`: package id, path, the
model file's size and modification time) in ``<cache>/strategy-probes.json``, written
atomically; a cache that cannot be read or written costs one probe per process and a
logged warning, never a failure.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from translate.engine.protocol import Decoder
from translate.errors import OutputError
from translate.files import write_atomic
from translate.mt.enforce.policy import CONSTRAIN, METHODS, PLACEHOLDER

log = logging.getLogger(__name__)

#: Short, ordinary wire sentences with one to three placeholders where names go. Any
#: real package translates such sentences well, so a miss means the placeholders, not
#: the sentence, defeated the model.
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
#: Share of canned sentences a package must copy to be given placeholders.
MIN_COPY_RATE = 0.875
#: Bumped when the probe or what it decides changes: older verdicts are probed again.
PROBE_VERSION = 2
_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")
_LOCK = threading.Lock()
_KNOWN: dict[str, Verdict] = {}


@dataclass(frozen=True)
class Verdict:
    """The probe's verdict for one model."""

    key: str
    sentences: int
    copied: int
    method: str  # one of METHODS

    @property
    def copy_rate(self) -> float:
        return self.copied / self.sentences if self.sentences else 0.0


def copies_placeholders(source: str, output: str) -> bool:
    """Every placeholder of ``source`` exactly once in ``output``, and no other."""
    wanted = sorted(_TOKEN.findall(source))
    return sorted(_TOKEN.findall(output)) == wanted and output.count("⟦") == len(wanted)


def probe(decoder: Decoder) -> Verdict:
    """Translate the canned sentences and count those whose placeholders came through."""
    outputs = [nbest[0].text for nbest in decoder.translate(list(CANNED))]
    copied = sum(copies_placeholders(s, o) for s, o in zip(CANNED, outputs, strict=True))
    method = PLACEHOLDER if copied / len(CANNED) >= MIN_COPY_RATE else CONSTRAIN
    return Verdict(_key(decoder), len(CANNED), copied, method)


def probe_record() -> Path:
    from translate.engine.packages import cache_dir

    return cache_dir() / "strategy-probes.json"


def _key(decoder: Decoder) -> str:
    return f"v{PROBE_VERSION}|{decoder.model_key()}"


def _read(record: Path) -> dict[str, object]:
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("%s: cannot read the placeholder probes (%s); probing again", record, error)
        return {}
    return known if isinstance(known, dict) else {}


def _cached(entry: object) -> Verdict | None:
    if not isinstance(entry, dict) or entry.get("method") not in METHODS:
        return None
    try:
        return Verdict(
            str(entry["key"]), int(entry["sentences"]), int(entry["copied"]), str(entry["method"])
        )
    except (KeyError, TypeError, ValueError):
        return None


def method_for(decoder: Decoder, record: Path | None = None) -> Verdict:
    """The cached verdict for this model; probed (and recorded) on first use."""
    key = _key(decoder)
    with _LOCK:
        if key in _KNOWN:
            return _KNOWN[key]
        path = record or probe_record()
        known = _read(path)
        verdict = _cached(known.get(key))
        if verdict is None:
            verdict = probe(decoder)
            known[key] = asdict(verdict)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, json.dumps(known, indent=2, ensure_ascii=False) + "\n")
            except (OSError, OutputError) as error:
                log.warning("%s: cannot record the placeholder probe (%s)", path, error)
        _KNOWN[key] = verdict
        return verdict
