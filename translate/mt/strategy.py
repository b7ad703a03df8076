"""Which glossary enforcement a package gets, decided by measuring the package once.

Placeholders (``⟦n⟧``, :mod:`translate.mt.enforce`) only work on a model that carries
them through untouched, which only a model trained with them does: a real Argos or
OPUS-MT package mangles them and enforcement collapses sentences into lists of terms
("Niger Russie."). So the first time a package enforces a glossary it is probed: a
handful of ordinary wire sentences with placeholders where names go are translated,
and a package that copies (nearly) all of them through gets

* ``placeholder+guard``: placeholders, then a sentence check against the unenforced
  translation (:func:`check_fidelity`); a lost sentence or a violated term goes to
  the plain strategy, whose result replaces a lost sentence and is kept for a
  violation when it satisfies more terms without being flagged;

and any other package gets

* ``best-of``: per segment, the better of ``placeholder+guard`` and plain decoding
  with n-best rerank, constrained decoding and alignment repair
  (:mod:`translate.mt.plain`): not flagged first, then more terms, then what the model
  scores higher as a translation of the source.

``make eval`` (``tools/glossary_eval``) measured these choices on trained and
placeholder-naive toy packages (see the README). The verdict is cached per package in
``<cache>/strategy-probes.json``, keyed by package id, path and the model file's size
and modification time, so the probe (8 short sentences) costs once per package; it is
recorded with every term outcome (``strategy``) and in the run report.

Forbidden renderings (``#, forbidden`` glossary entries) are suppressed in every
decoding of the segments whose source has their term (CTranslate2
``suppress_sequences``) and, when one still shows, the term is ``violated``
(``how: forbidden``).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from translate.engine.translator import CT2Translator as Translator
from translate.glossary import Match
from translate.mt.fidelity import Fidelity, check_fidelity

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
#: Share of canned sentences a package must copy to keep the placeholder strategy.
MIN_COPY_RATE = 0.875
PLACEHOLDER = "placeholder+guard"
BEST_OF = "best-of"
STRATEGIES = (PLACEHOLDER, BEST_OF)
#: Bumped when the probe or the strategies change: older verdicts are probed again.
PROBE_VERSION = 1
_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")
_LOCK = threading.Lock()
_KNOWN: dict[str, StrategyChoice] = {}


@dataclass(frozen=True)
class StrategyChoice:
    """The probe's verdict for one package."""

    package: str
    key: str  # package id, path, model file size and mtime: a changed model is re-probed
    sentences: int
    copied: int
    strategy: str  # one of STRATEGIES

    @property
    def copy_rate(self) -> float:
        return self.copied / self.sentences if self.sentences else 0.0


def copies_placeholders(source: str, output: str) -> bool:
    """Every placeholder of ``source`` exactly once in ``output``, and no other."""
    wanted = sorted(_TOKEN.findall(source))
    return sorted(_TOKEN.findall(output)) == wanted and output.count("⟦") == len(wanted)


def package_key(translator: Translator) -> str:
    package = translator.package
    model = package.model_dir / "model.bin"
    try:
        info = model.stat()
        stamp = f"{info.st_size}:{info.st_mtime_ns}"
    except OSError:
        stamp = "?"
    return f"v{PROBE_VERSION}|{package.id}|{package.path.resolve()}|{stamp}"


def probe(translator: Translator) -> StrategyChoice:
    """Translate the canned sentences and count those whose placeholders came through."""
    outputs = [nbest[0].text for nbest in translator.translate(list(CANNED))]
    copied = sum(copies_placeholders(s, o) for s, o in zip(CANNED, outputs, strict=True))
    strategy = PLACEHOLDER if copied / len(CANNED) >= MIN_COPY_RATE else BEST_OF
    return StrategyChoice(
        translator.package.id, package_key(translator), len(CANNED), copied, strategy
    )


def probe_record() -> Path:
    from translate.engine.packages import cache_dir

    return cache_dir() / "strategy-probes.json"


def _read(record: Path) -> dict[str, Any]:
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def choose_strategy(translator: Translator, record: Path | None = None) -> StrategyChoice:
    """The cached verdict for this package; probed (and recorded) on first use.

    A cache that cannot be read or written costs a probe per process, never a failure."""
    key = package_key(translator)
    with _LOCK:
        if key in _KNOWN:
            return _KNOWN[key]
        path = record or probe_record()
        entry = _read(path).get(key)
        choice: StrategyChoice | None = None
        if isinstance(entry, dict) and entry.get("strategy") in STRATEGIES:
            try:
                choice = StrategyChoice(**entry)
            except TypeError:
                choice = None
        if choice is None:
            choice = probe(translator)
            known = _read(path)
            known[key] = asdict(choice)
            try:
                from translate.files import write_atomic

                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, json.dumps(known, indent=2, ensure_ascii=False) + "\n")
            except Exception:
                pass
        _KNOWN[key] = choice
        return choice


# ------------------------------------------------------------------ forbidden renderings


def suppressed_sequences(translator: Translator, renderings: Sequence[str]) -> list[list[str]]:
    """Target piece sequences that spell each forbidden rendering: as a word of its own
    (leading ``▁``), glued after an apostrophe, and sentence-initial capitalised."""
    sequences: list[list[str]] = []
    for rendering in dict.fromkeys(r.strip() for r in renderings if r.strip()):
        forms = {rendering, rendering[0].upper() + rendering[1:]}
        for form in sorted(forms):
            pieces = translator.tokenize_target(form)
            if pieces:
                sequences.append(pieces)
                if pieces[0].startswith("▁") and len(pieces[0]) > 1:
                    sequences.append([pieces[0][1:], *pieces[1:]])
    unique = {tuple(s): list(s) for s in sequences}
    return list(unique.values())


# ------------------------------------------------------------------ the strategies


def _found(result: Any) -> int:
    return sum(1 for t in result.terms if t.found)


def _flagged(result: Any, fidelity: Fidelity | None) -> bool:
    return bool(result.violated or (fidelity is not None and not fidelity.kept))


def enforce_by_strategy(
    translator: Translator,
    texts: Sequence[str],
    policy: Any,  # translate.mt.enforce.TermPolicy
    matches: Sequence[list[Match]],
    *,
    num_hypotheses: int = 4,
    markup: frozenset[str] | set[str] = frozenset(),
) -> list[Any]:
    """Glossary enforcement with the package's strategy (probed once, see the module
    docstring; ``policy.strategy`` may force one of :data:`STRATEGIES`). Returns the
    ``SegmentResult`` of each text, in order; each term outcome records the strategy."""
    import dataclasses

    from translate.glossary import verify
    from translate.mt import quality
    from translate.mt.enforce import _term_record, drop_stray_placeholders
    from translate.mt.enforce import translate_enforced as placeholder_enforced
    from translate.mt.plain import enforce_nbest_all
    from translate.mt.result import SegmentResult

    lang, glossary = policy.lang, policy.glossary
    forbidden = [glossary.forbidden(text) for text in texts]
    banned = [f.expected for found in forbidden for f in found]
    suppress = suppressed_sequences(translator, banned) if banned else []
    glossary_rows = [i for i, m in enumerate(matches) if m]

    # The placeholder path (translate.mt.enforce) for every text.
    results = placeholder_enforced(
        translator,
        list(texts),
        dataclasses.replace(policy, strategy="placeholder"),
        num_hypotheses=num_hypotheses,
        markup=markup,
        matches=list(matches),
        suppress=suppress,
    )
    if not glossary_rows:
        for index, result in enumerate(results):
            _check_forbidden(result, forbidden[index], lang, _term_record)
        return results
    name = policy.strategy if policy.strategy in STRATEGIES else ""
    name = name or choose_strategy(translator).strategy
    sources = [texts[i] for i in glossary_rows]

    def plain_nbest(batch: list[str]) -> list[list[Any]]:
        # The plain strategy's n-best list, with attention (rerank, constrain, repair).
        return translator.translate(
            batch, num_hypotheses=num_hypotheses, return_attention=True, suppress=suppress
        )

    # The unenforced translation of each glossary segment: the guard's reference. For
    # best-of it is the first of the plain n-best lists decoded anyway; for
    # placeholder+guard a 1-best decoding (no attention), the n-best lists only for the
    # segments that need the plain strategy. (Measured with an n-best of 8 for the plain
    # strategy: fewer terms, and its first hypothesis drifts from the unenforced
    # translation, so losses went unflagged.)
    nbests: dict[int, list[Any]] = {}
    if name == BEST_OF:
        nbests = dict(zip(glossary_rows, plain_nbest(sources), strict=True))
        references = [drop_stray_placeholders(nbests[i][0].text) for i in glossary_rows]
    else:
        references = [
            drop_stray_placeholders(n[0].text)
            for n in translator.translate(sources, suppress=suppress)
        ]
    unenforced = dict(zip(glossary_rows, references, strict=True))
    # Choices use the judgement that also reads the source; flags the strict one.
    fidelities = {
        i: check_fidelity(results[i].text, unenforced[i], matches[i], texts[i])
        for i in glossary_rows
    }
    wanted = [
        i for i in glossary_rows if name == BEST_OF or not fidelities[i].kept or results[i].violated
    ]
    missing = [i for i in wanted if i not in nbests]
    if missing:
        nbests.update(zip(missing, plain_nbest([texts[i] for i in missing]), strict=True))
    candidates = enforce_nbest_all(
        translator, [(texts[i], nbests[i], matches[i]) for i in wanted], lang, suppress
    )
    for index, candidate in zip(wanted, candidates, strict=True):
        found, sentence = matches[index], texts[index]
        text = drop_stray_placeholders(candidate.text)
        terms = [
            _term_record(c, candidate.how.get(i, "copied") if c.found else "violated")
            for i, c in enumerate(verify(text, found, lang))
        ]
        second = SegmentResult(
            text, candidate.hypothesis.score, terms, candidate.hypothesis, sentence, sentence
        )
        second_fidelity = check_fidelity(text, unenforced[index], found, sentence)
        first = (results[index], fidelities[index])
        if _prefer(translator, sentence, name, first, (second, second_fidelity)):
            results[index] = second
    for index in glossary_rows:
        chosen = results[index]
        chosen_fidelity = check_fidelity(chosen.text, unenforced[index], matches[index])
        if not chosen_fidelity.kept:
            lost = quality.sentence_lost(chosen_fidelity.reason, chosen_fidelity.length_ratio)
            chosen.flags = [*chosen.flags, lost]
    for index, result in enumerate(results):
        _check_forbidden(result, forbidden[index], lang, _term_record)
        result.terms = [dataclasses.replace(term, strategy=name) for term in result.terms]
    return results


def _prefer(
    translator: Translator,
    sentence: str,
    name: str,
    first: tuple[Any, Fidelity],
    second: tuple[Any, Fidelity],
) -> bool:
    """Should the plain result replace the placeholder one?"""
    (one, one_fidelity), (two, two_fidelity) = first, second
    if name == PLACEHOLDER:
        # A lost sentence always goes; a kept one only for more terms, unflagged.
        if not one_fidelity.kept:
            return True
        return _found(two) > _found(one) and not _flagged(two, two_fidelity)
    if one.text == two.text:
        return False
    # A lost sentence is worse than a missing term (a list of terms is no translation),
    # then anything flagged, then fewer terms.
    rank_one = (one_fidelity.kept, not _flagged(one, one_fidelity), _found(one))
    rank_two = (two_fidelity.kept, not _flagged(two, two_fidelity), _found(two))
    if rank_one != rank_two:
        return rank_two > rank_one
    scores = translator.score_targets(
        sentence, [translator.tokenize_target(one.text), translator.tokenize_target(two.text)]
    )
    return scores[1] > scores[0]


def _check_forbidden(result: Any, forbidden: Sequence[Match], lang: str, record: Any) -> None:
    """A forbidden rendering in the output is a violation of its term."""
    if not forbidden or result.failure is not None:
        return
    import dataclasses

    from translate.glossary import verify

    house = {t.term: t.expected for t in result.terms if not t.forbidden}
    for check in verify(result.text, forbidden, lang):
        if check.found:
            # The term's house form (when the segment enforces one); the rendering found.
            entry = dataclasses.replace(
                record(check, "forbidden"),
                expected=house.get(check.term, ""),
                found=False,
                forbidden=check.expected,
            )
            result.terms.append(entry)
