"""Translating unique texts along one package so that real copy never breaks a run.

``translate_guarded`` wraps glossary enforcement (``translate.mt.enforce``):

1. **Fit**: a text longer than the part budget is split into parts
   (``translate.mt.fit``); glossary terms and verbatim spans never straddle a cut.
2. **Enforce**: every part of every text goes through ``translate_enforced`` in one
   batched call, verbatim spans masked like no-translate terms.
3. **Retry**: when that call raises (an engine error), each part is translated alone;
   a part that still fails makes its text *failed*, with the reason, and the others go on.
4. **Check and mitigate**: each part's decoding is checked (``translate.mt.quality``);
   a loop or a decoding that hit its bound is decoded again with repetition penalties
   and the better of the two is kept, still flagged if it is bad. A part cut only by the
   caller's own ``max_decoding_length`` cap is not retried (the retry would hit the same
   cap), and at most :data:`RETRY_SHARE` of the parts (at least :data:`RETRY_MIN`), the
   worst first, are retried per call.
5. **Join**: the parts' translations become one text; inline markup is carried across
   part by part (:class:`PartedResult`). Whole-text checks (copy-through, length ratio,
   verbatim spans kept) run on the joined text.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from translate.documents import InlineSpan, Segment
from translate.engine.protocol import Translator
from translate.glossary import Match
from translate.mt import quality
from translate.mt.enforce import FIRST, REPAIRED, SECOND, TermPolicy, translate_enforced
from translate.mt.fit import Part, fit_parts, join_parts, part_budget
from translate.mt.markup import non_overlapping
from translate.mt.quality import Flag
from translate.mt.result import SegmentResult
from translate.mt.verbatim import verbatim_matches, with_verbatim

#: CTranslate2 options of the retry of a looping or bound-hitting decoding.
RETRY_DECODING: dict[str, Any] = {"repetition_penalty": 1.2, "no_repeat_ngram_size": 3}
#: Retries per call: at most this share of the parts (and at least RETRY_MIN). Runaways are
#: rare in real output; when most of a batch loops the package itself is broken, and
#: decoding everything twice would double the run for little gain (those stay flagged).
RETRY_SHARE = 0.02
RETRY_MIN = 4
#: A text translated in parts was settled where its costliest part was.
_STAGE_COST = {"": 0, FIRST: 1, REPAIRED: 2, SECOND: 3}


@dataclass
class PartedResult(SegmentResult):
    """A text translated in several parts, joined; markup is carried part by part."""

    pieces: list[tuple[Part, int, SegmentResult]] = field(default_factory=list)

    def carry_spans(self, segment: Segment) -> list[InlineSpan]:
        spans = []
        for span in segment.spans:
            located = self._locate(segment, span)
            if located is not None:
                spans.append(InlineSpan(located[0], located[1], span.open, span.close))
            elif span.start == 0 and span.end == len(segment.text):
                spans.append(InlineSpan(0, len(self.text), span.open, span.close))
        return non_overlapping(spans)

    def _locate(self, segment: Segment, span: InlineSpan) -> tuple[int, int] | None:
        """Each part carries its share of the span; the span runs from the first share
        to the last."""
        shares = []
        for part, offset, result in self.pieces:
            start, end = max(span.start, part.start), min(span.end, part.end)
            zero_width = span.start == span.end and part.start <= span.start <= part.end
            if start >= end and not zero_width:
                continue
            piece = Segment(
                part.text,
                segment.kind,
                segment.block,
                [InlineSpan(start - part.start, max(start, end) - part.start, "", "")],
            )
            carried = result.carry_spans(piece)
            if carried:
                shares.append((carried[0].start + offset, carried[0].end + offset))
            if zero_width:
                break
        if not shares:
            return None
        return shares[0][0], max(shares[-1][1], shares[0][0])


@dataclass(frozen=True)
class _Unit:
    """One part of one text, as the engine sees it."""

    index: int  # which text
    part: Part
    matches: list[Match]


def translate_guarded(
    translator: Translator,
    texts: Sequence[str],
    policy: TermPolicy,
    *,
    matches: Sequence[list[Match]] | None = None,
    verbatim: Sequence[Sequence[tuple[int, int]]] | None = None,
    markup: frozenset[str] | set[str] = frozenset(),
    num_hypotheses: int = 4,
    source_lang: str = "en",
    length_norm: float | None = None,
) -> list[SegmentResult]:
    """Translate ``texts`` (see the module docstring); one result per text, in order.

    ``matches``: glossary matches per text, when already found; ``verbatim``:
    character ranges per text to keep verbatim; ``markup``: texts with inline markup
    to carry. A result has ``failure`` set (and no text) when it could not be
    translated, ``flags`` when it should be reviewed, ``parts`` > 1 when it was split.
    """
    if not texts:
        return []
    glossary = policy.glossary
    if matches is None:
        matches = [glossary.find(text) if glossary is not None else [] for text in texts]
    spans = list(verbatim) if verbatim is not None else [[] for _ in texts]
    norm = length_norm if length_norm is not None else quality.pair_ratio(source_lang, policy.lang)
    units = _plan(translator, texts, matches, spans, source_lang)
    unit_texts = [unit.part.text for unit in units]
    unit_markup = {unit.part.text for unit in units if texts[unit.index] in markup}
    results = _translate_resilient(
        translator, unit_texts, policy, [u.matches for u in units], unit_markup, num_hypotheses
    )
    flags = [
        _decoding_flags(text, result) for text, result in zip(unit_texts, results, strict=True)
    ]
    _retry_loops(translator, units, policy, unit_markup, num_hypotheses, results, flags)
    return [
        _assemble(text, [k for k, unit in enumerate(units) if unit.index == index], units,
                  results, flags, norm)
        for index, text in enumerate(texts)
    ]  # fmt: skip


def _plan(
    translator: Translator,
    texts: Sequence[str],
    matches: Sequence[list[Match]],
    verbatim: Sequence[Sequence[tuple[int, int]]],
    source_lang: str,
) -> list[_Unit]:
    """Every text's parts, with the glossary and verbatim matches each part holds."""
    budget = part_budget(translator.source_limit, translator.target_limit, translator.prefix_tokens)
    units = []
    for index, (text, found, ranges) in enumerate(zip(texts, matches, verbatim, strict=True)):
        merged = with_verbatim(found, verbatim_matches(text, ranges))
        parts = fit_parts(
            text,
            translator.count_tokens,
            budget,
            keep_whole=[(m.start, m.end) for m in merged],
            lang=source_lang,
        )
        for part in parts:
            inside = [
                dataclasses.replace(m, start=m.start - part.start, end=m.end - part.start)
                for m in merged
                if part.start <= m.start and m.end <= part.end
            ]
            units.append(_Unit(index, part, inside))
    return units


def _failed(text: str, error: BaseException) -> SegmentResult:
    reason = " ".join(str(error).split()) or type(error).__name__
    return SegmentResult("", 0.0, [], None, text, failure=f"{type(error).__name__}: {reason}")


def _translate_resilient(
    translator: Translator,
    texts: list[str],
    policy: TermPolicy,
    matches: list[list[Match]],
    markup: set[str],
    num_hypotheses: int,
) -> list[SegmentResult]:
    """``translate_enforced`` on all texts; if the engine fails on the batch, on each
    text alone, so that one bad text fails alone."""

    def run(batch: list[str], found: list[list[Match]]) -> list[SegmentResult]:
        return translate_enforced(
            translator, batch, policy, num_hypotheses=num_hypotheses, markup=markup,
            matches=found,
        )  # fmt: skip

    if not texts:
        return []
    try:
        return run(texts, matches)
    except Exception as error:  # any engine error: isolate the text that causes it
        if len(texts) == 1:
            return [_failed(texts[0], error)]
    results = []
    for text, found in zip(texts, matches, strict=True):
        try:
            results += run([text], [found])
        except Exception as error:
            results.append(_failed(text, error))
    return results


def _decoding_flags(source: str, result: SegmentResult) -> list[Flag]:
    if result.failure is not None:
        return []
    hypothesis = result.hypothesis
    truncated_at = (
        len(hypothesis.target_tokens) if hypothesis is not None and hypothesis.truncated else None
    )
    score = result.score if hypothesis is not None else None
    # Flags enforcement already set (a lost sentence) stay.
    found = quality.decoding_flags(source, result.text, score, truncated_at=truncated_at)
    return quality.merge(result.flags, found)


def _capped_only(result: SegmentResult, flags: list[Flag]) -> bool:
    """Cut by the caller's own decoding cap and not looping: a retry under the same cap
    cannot finish (still flagged `truncated`)."""
    hypothesis = result.hypothesis
    capped = hypothesis is not None and hypothesis.capped
    return capped and not _repeats(flags)


def _repeats(flags: list[Flag]) -> bool:
    return any(flag.reason == "repetition" for flag in flags)


def _rank(result: SegmentResult, flags: list[Flag]) -> tuple[int, int, int, float]:
    """Lower is better: no loop, fewer flags, fewer glossary violations, higher score."""
    violated = sum(1 for term in result.terms if not term.found)
    return (int(quality.is_loop(flags)), len(flags), violated, -result.score)


def _retry_loops(
    translator: Translator,
    units: list[_Unit],
    policy: TermPolicy,
    markup: set[str],
    num_hypotheses: int,
    results: list[SegmentResult],
    flags: list[list[Flag]],
) -> None:
    """Decode looping or bound-hitting parts again with repetition penalties; keep the
    better result of the two (in place)."""
    looping = [
        k
        for k, found in enumerate(flags)
        if quality.is_loop(found) and not _capped_only(results[k], found)
    ]
    if not looping:
        return
    # The worst first: loops before mere bound hits, then the lowest scores.
    looping.sort(key=lambda k: (not _repeats(flags[k]), results[k].score))
    budget = max(RETRY_MIN, math.ceil(RETRY_SHARE * len(units)))
    looping = sorted(looping[:budget])
    penalised = translator.with_decoding(**RETRY_DECODING)
    texts = [units[k].part.text for k in looping]
    again = _translate_resilient(
        penalised, texts, policy, [units[k].matches for k in looping], markup, num_hypotheses
    )
    for k, text, result in zip(looping, texts, again, strict=True):
        if result.failure is not None:
            continue
        found = _decoding_flags(text, result)
        if _rank(result, found) < _rank(results[k], flags[k]):
            results[k], flags[k] = result, found


def _assemble(
    text: str,
    members: list[int],
    units: list[_Unit],
    results: list[SegmentResult],
    flags: list[list[Flag]],
    norm: float,
) -> SegmentResult:
    """One text's result from its parts' results."""
    count = len(members)
    failed = [n for n, k in enumerate(members) if results[k].failure is not None]
    if failed:
        where = "" if count == 1 else f" (part {failed[0] + 1}/{count})"
        reason = f"{results[members[failed[0]]].failure}{where}"
        return SegmentResult("", 0.0, [], None, text, parts=count, failure=reason)
    verbatim = tuple(
        m.surface for k in members for m in units[k].matches if "verbatim" in m.entry.flags
    )
    if count == 1:
        result = results[members[0]]
        part_flags = flags[members[0]]
    else:
        pieces = [(units[k].part, results[k]) for k in members]
        joined, offsets = join_parts([p.text for p, _ in pieces], [r.text for _, r in pieces], text)
        result = PartedResult(
            joined,
            sum(r.score for _, r in pieces) / count,
            [term for _, r in pieces for term in r.terms],
            None,
            text,
            pieces=[(p, o, r) for (p, r), o in zip(pieces, offsets, strict=True)],
            stage=max((r.stage for _, r in pieces), key=lambda s: _STAGE_COST[s], default=""),
        )
        part_flags = [
            Flag(f.reason, f"part {n}/{count}: {f.detail}")
            for n, k in enumerate(members, start=1)
            for f in flags[k]
        ]
    lost = quality.missing_verbatim(result.text, verbatim)
    result.terms = [term for term in result.terms if not term.verbatim]
    result.flags = quality.merge(
        part_flags, quality.text_flags(text, result.text, norm), [lost] if lost else []
    )
    result.parts = count
    result.verbatim = verbatim
    return result
