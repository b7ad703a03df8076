"""Routes to a target language: one package, or two through the English pivot, and the
multi-leg translation of unique texts along a route."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.engine.packages import PackageInfo, best_package, require_package
from translate.engine.translator import EngineOptions, load_translator
from translate.errors import NoModelError
from translate.glossary import Glossary, Match
from translate.i18n import _
from translate.mt.enforce import TermPolicy
from translate.mt.guard import translate_guarded
from translate.mt.result import SegmentResult
from translate.mt.verbatim import surfaces_in

PIVOT_LANG = "en"


@dataclass
class Route:
    """How to reach a target: one package, or two through the pivot language."""

    legs: list[PackageInfo]

    @property
    def pivot(self) -> str | None:
        return self.legs[0].to_code if len(self.legs) > 1 else None

    @property
    def package_id(self) -> str:
        return "+".join(p.id for p in self.legs)

    @property
    def version(self) -> str:
        return "+".join(p.version for p in self.legs)


def resolve_route(source: str, target: str, pool: list[PackageInfo]) -> Route:
    """A direct package if there is one, else source→en→target through two packages."""
    try:
        return Route([require_package(source, target, pool)])
    except NoModelError:
        if PIVOT_LANG in (source, target):
            raise
        try:
            return Route(
                [
                    require_package(source, PIVOT_LANG, pool),
                    require_package(PIVOT_LANG, target, pool),
                ]
            )
        except NoModelError:
            pairs = ", ".join(sorted({p.pair for p in pool})) or _("none")
            # Argos publishes pairs to and from English: suggest the legs that are missing.
            missing = [
                f"`translate models install {a} {b}`"
                for a, b in ((source, PIVOT_LANG), (PIVOT_LANG, target))
                if best_package(a, b, pool) is None
            ]
            commands = (
                _("{first} and {second}").format(first=missing[0], second=missing[1])
                if len(missing) == 2
                else missing[0]
            )
            raise NoModelError(
                _(
                    "no model for {source}→{target}, directly or through English (installed "
                    "pairs: {pairs}); run {commands}, or install a {source}→{target} package "
                    "from a file"
                ).format(source=source, target=target, pairs=pairs, commands=commands)
            ) from None


@dataclass(frozen=True)
class Decoding:
    """How the engine is driven along a route."""

    engine: EngineOptions
    enforce: bool = True
    num_hypotheses: int = 4


def translate_along(
    texts: Sequence[str],
    route: Route,
    glossary: Glossary | None,
    decoding: Decoding,
    *,
    markup: set[str] | frozenset[str] = frozenset(),
    matches: Sequence[list[Match]] | None = None,
    verbatim: Sequence[list[tuple[int, int]]] | None = None,
) -> dict[str, SegmentResult]:
    """Translate unique texts along a route; glossary enforced on the leg out of English.

    ``markup``: texts whose inline markup must be carried (they need attention);
    ``matches``: the glossary terms already found in each text (direct routes);
    ``verbatim``: character ranges of each text that stay verbatim."""
    done: dict[str, SegmentResult] = {}
    pending = list(texts)  # texts still going through the legs
    current = list(texts)  # what the next leg reads for each of them
    ranges = list(verbatim) if verbatim is not None else [[] for _t in texts]
    earlier: dict[str, SegmentResult] = {}  # first-leg results through a pivot
    for index, package in enumerate(route.legs):
        translator = load_translator(package, decoding.engine)
        last = index == len(route.legs) - 1
        policy = TermPolicy(glossary if (last and decoding.enforce) else None, package.to_code)
        # Through a pivot the last leg reads English text: its terms are found there.
        known = list(matches) if matches is not None and index == 0 else None
        results = translate_guarded(
            translator,
            current,
            policy,
            num_hypotheses=decoding.num_hypotheses,
            markup=set(markup) if last else set(),
            matches=known if last else None,
            verbatim=ranges,
            source_lang=package.from_code,
            length_norm=package.length_ratio,
        )
        if last:
            for text, result in zip(pending, results, strict=True):
                done[text] = through_pivot(earlier[text], result) if text in earlier else result
            return done
        next_pending, current, ranges = [], [], []
        for text, result in zip(pending, results, strict=True):
            if result.failure is not None:
                done[text] = result  # failed on the way to the pivot: nothing to go on with
                continue
            earlier[text] = result
            next_pending.append(text)
            current.append(result.text)
            ranges.append(surfaces_in(result.text, result.verbatim))
        pending = next_pending
        if not pending:
            return done
    raise AssertionError("a route has at least one leg")


def through_pivot(first: SegmentResult, last: SegmentResult) -> SegmentResult:
    """The last leg's result, with what the first leg found about its own decoding."""
    last.flags = [*first.flags, *(f for f in last.flags if f not in first.flags)]
    last.parts = max(first.parts, last.parts)
    return last
