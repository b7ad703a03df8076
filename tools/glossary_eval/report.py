"""The readable tables of ``make eval``: one per variant, languages and sets as blocks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tools.glossary_eval.metrics import Figures
from tools.glossary_eval.records import HOW
from tools.glossary_eval.run import MIN_TERM_SUCCESS, LanguageReport
from translate.mt.enforce import STAGES

_HEAD = (
    f"{'set':<9}{'strategy':<24}{'success':>8}{'present':>8}{'silent':>7}{'flag':>5}"
    f"{'lost':>5}{'consist':>8}{'chrF':>6}{'<½src':>6}{'<½pl':>5}{'ratio':>6}  "
    + " ".join(f"{h[:5]:>5}" for h in HOW)
    + " "
    + " ".join(f"{s[:5]:>5}" for s in STAGES)
    + f"{'s':>6}"
)


def _share(value: float, total: int) -> str:
    return f"{round(value * total)}"


def _row(set_name: str, strategy: str, f: Figures) -> str:
    baseline = strategy == "none"
    consist = "—" if f.consistency is None else f"{f.consistency:.2f}"
    chrf = "—" if f.chrf is None else f"{f.chrf:.1f}"
    how = " ".join(f"{f.how.get(h, 0):>5}" for h in HOW) if not baseline else " " * 35
    how += " " + (
        " ".join(f"{f.stages.get(s, 0):>5}" for s in STAGES) if not baseline else " " * 17
    )
    silent = "—" if baseline else str(f.silent)
    flagged = "—" if baseline else str(f.flagged)
    lost = "—" if baseline else str(f.lost)
    under_plain = "—" if baseline else _share(f.under_half_unenforced, f.segments)
    return (
        f"{set_name:<9}{strategy:<24}{f.term_success:>8.3f}{f.term_presence:>8.3f}"
        f"{silent:>7}{flagged:>5}{lost:>5}{consist:>8}{chrf:>6}"
        f"{_share(f.under_half_source, f.segments):>6}{under_plain:>5}{f.median_ratio:>6.2f}  "
        f"{how}{'' if baseline else f'{f.seconds:>6.1f}'}"
    )


def render(reports: Sequence[LanguageReport]) -> str:
    lines: list[str] = []
    for variant in dict.fromkeys(r.variant for r in reports):
        lines.append(f"=== {variant} variant ===")
        for report in (r for r in reports if r.variant == variant):
            probe = report.probe
            lines.append(
                f"en→{report.lang}  {report.package}  probe: copies ⟦n⟧ in "
                f"{probe.copied}/{probe.sentences} canned sentences → second pass: {probe.method}"
            )
            first = next(iter(report.sets.values()))["none"]
            counts = ", ".join(
                f"{name}: {figs['none'].segments} segments, {figs['none'].terms} terms "
                f"({figs['none'].unspellable} the target vocabulary cannot spell)"
                for name, figs in report.sets.items()
            )
            lines.append(f"  {counts}" if first else "")
            lines.append("  " + _HEAD)
            for set_name, figures in report.sets.items():
                for strategy, f in figures.items():
                    lines.append("  " + _row(set_name, strategy, f))
            lines.append(
                f"  goals (term success ≥ {MIN_TERM_SUCCESS}, 0 silent, chrF ≥ none, "
                "no collapse beyond none):"
            )
            for strategy, goals in report.goals.items():
                marks = " ".join(f"{'✓' if ok else '✗'} {name}" for name, ok in goals.met.items())
                delta = "—" if goals.chrf_delta is None else f"{goals.chrf_delta:+.1f}"
                lines.append(
                    f"    {strategy:<24} success {goals.term_success:.3f}  silent "
                    f"{goals.silent:>3}  ΔchrF {delta:>5}   {marks}"
                )
            lines.append(f"  best measured: {report.winner}")
            if "production" in report.goals:
                goals = report.goals["production"]
                verdict = (
                    "all goals met"
                    if all(goals.met.values())
                    else "goals missed: "
                    + ", ".join(name for name, ok in goals.met.items() if not ok)
                )
                lines.append(
                    f"  production (second pass for this package: {probe.method}): {verdict}"
                )
                missed = Counter[str]()
                for figures in report.sets.values():
                    missed.update(figures["production"].missed)
                if missed:
                    lines.append(
                        "  production misses: "
                        + ", ".join(f"{term} ×{count}" for term, count in missed.most_common())
                    )
            lines.append("")
    lines.append(
        "success: exact target form (NFC) in a segment that kept its sentence; present: "
        "exact form anywhere; silent: failed terms in segments not flagged needs_review; "
        "flag: segments flagged; lost: glossary segments whose sentence was lost "
        "(under half as long, a list of terms, or placeholder residue, against the "
        "unenforced translation); <½src / <½pl: segments "
        "under half the source / unenforced word count; ratio: median target/source words."
    )
    return "\n".join(lines)
