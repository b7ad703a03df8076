"""One benchmark method, measured in a fresh process so its peak RSS is its own.

``python -m tools.bench.worker CONFIG.json`` prints one JSON object on its last line.
Model loading and one warm-up sentence are outside the timed region for every method.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

METHODS = ("raw", "pipeline", "pipeline_glossary", "argos")


@dataclass(frozen=True)
class Config:
    method: str
    package_path: str
    articles: list[str]
    work_dir: str
    max_decoding_length: int
    compute_type: str
    beam_size: int
    glossary_paths: list[str]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        return cls(**data)


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _package(config: Config) -> Any:
    """The package the pipeline will pick itself, checked to be the one under test."""
    from translate.engine.packages import all_packages

    wanted = Path(config.package_path).resolve()
    for package in all_packages():
        if package.path.resolve() == wanted:
            return package
    raise SystemExit(f"bench: package {wanted} is not visible to the pipeline")


def _engine_options(config: Config) -> Any:
    from translate.engine.translator import EngineOptions

    return EngineOptions(
        device="cpu",
        compute_type=config.compute_type,
        beam_size=config.beam_size,
        max_decoding_length=config.max_decoding_length,
    )


def _segments(paths: list[str], *, model_only: bool = False) -> list[str]:
    """Segment texts of the articles; ``model_only`` leaves out datelines, which the
    pipeline renders with babel and the glossary instead of sending to the model."""
    from translate.documents import read_documents

    texts: list[str] = []
    for path in paths:
        for document in read_documents(path):
            texts.extend(
                s.text for s in document.segments if not (model_only and s.kind == "dateline")
            )
    return texts


def measure_raw(config: Config) -> dict[str, Any]:
    """The limit: one ``translate_batch`` stream on pre-split, pre-tokenized unique sentences."""
    from translate.engine.translator import CT2Translator

    package = _package(config)
    translator = CT2Translator(package, _engine_options(config))
    segments = _segments(config.articles)
    # The limit is the model's share of the pipeline's work: the same unique
    # sentences the pipeline sends to the model, in one stream.
    unique = list(dict.fromkeys(_segments(config.articles, model_only=True)))
    tokenized = [translator.tokenize(text) for text in unique]
    translator.translate_tokens(tokenized[:1])  # warm-up
    started = time.perf_counter()
    results = translator.translate_tokens(tokenized)
    elapsed = time.perf_counter() - started
    assert len(results) == len(unique)
    return {
        "elapsed_s": elapsed,
        "segments": len(segments),
        "translated": len(unique),
        "source_tokens": sum(len(t) for t in tokenized),
        "target_tokens": sum(len(r.hypotheses[0]) for r in results),
    }


def measure_pipeline(config: Config, *, glossary: bool) -> dict[str, Any]:
    """``translate.pipeline.run`` end to end: read, segment, memory, glossary, engine, store."""
    from translate.engine.translator import load_translator
    from translate.pipeline import RunOptions, run

    package = _package(config)
    options = _engine_options(config)
    translator = load_translator(package, options)  # the pipeline reuses this cached instance
    translator.translate(["Warm-up sentence."])
    strategy = ""
    if glossary:
        from translate.mt.enforce.probe import method_for

        # The one-time probe per package (cached on disk) is not part of a run's cost.
        strategy = method_for(translator).method
    work = Path(config.work_dir)
    db = work / f"{config.method}.db"
    if db.exists():
        db.unlink()
    run_options = RunOptions(
        inputs=config.articles,
        targets=[package.to_code],
        db_path=db,
        out_dir=work / f"out-{config.method}",
        use_default_glossaries=glossary,
        enforce=glossary,
        glossary_paths=[Path(p) for p in config.glossary_paths] if glossary else [],
        engine=options,
    )
    cpu_before = _cpu_s()
    started = time.perf_counter()
    report = run(run_options, log=lambda _message: None)
    elapsed = time.perf_counter() - started
    cpu = _cpu_s() - cpu_before
    targets = [t for a in report.articles for t in a.targets.values()]
    if any(t.package != package.id for t in targets):
        raise SystemExit(f"bench: the pipeline used {targets[0].package}, not {package.id}")
    expected = sum(t.glossary.expected for t in targets)
    passes: dict[str, int] = {}
    for target in targets:
        for stage, count in target.glossary.passes.items():
            passes[stage] = passes.get(stage, 0) + count
    flags = report.flag_counts()
    return {
        "elapsed_s": elapsed,
        "cpu_s": cpu,
        "segments": sum(a.segments for a in report.articles),
        "translated": sum(t.translated for t in targets),
        "reused": sum(t.reused for t in targets),
        "glossary_terms": expected,
        "glossary_violations": report.violations,
        "glossary_strategy": strategy,
        "glossary_passes": passes,
        "sentence_lost": sum(f.get("sentence_lost", 0) for f in flags.values()),
    }


def _cpu_s() -> float:
    """User and system CPU seconds of this process (every engine thread included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure_argos(config: Config) -> dict[str, Any]:
    """What ``argostranslate.translate`` does per article, one ``translate_batch`` per paragraph.

    Reproduces ``PackageTranslation.hypotheses`` + ``apply_packaged_translation`` (argos-translate
    1.9+): the text is split on newlines into paragraphs, each paragraph is sentence-split,
    tokenized with Argos's ``SentencePieceTokenizer`` and translated in ONE ``translate_batch``
    call with Argos's exact parameters (``translate()`` asks for ``num_hypotheses=1``).  The
    translator is created as Argos does (``inter_threads=1, intra_threads=0``).  Argos's own
    sentencizer (MiniSBD/stanza) needs downloaded models, so our rule-based splitter stands in
    for it; its time is included and reported separately.
    """
    import ctranslate2
    from argostranslate import settings
    from argostranslate.tokenizer import SentencePieceTokenizer

    from translate.documents import split_sentences

    package = _package(config)
    translator = ctranslate2.Translator(
        model_path=str(package.model_dir),
        device="cpu",
        inter_threads=settings.inter_threads,  # 1
        intra_threads=settings.intra_threads,  # 0
        compute_type=config.compute_type,
    )
    tokenizer = SentencePieceTokenizer(package.source_spm)
    target_prefix = package.target_prefix
    num_hypotheses = 1  # ITranslation.translate -> hypotheses(input_text, num_hypotheses=1)
    texts = [Path(p).read_text(encoding="utf-8") for p in config.articles]

    def apply_packaged_translation(paragraph: str) -> tuple[str, float, int]:
        nonlocal split_s
        mark = time.perf_counter()
        sentences = split_sentences(paragraph)
        split_s += time.perf_counter() - mark
        tokenized = [tokenizer.encode(sentence) for sentence in sentences]
        prefix = [[target_prefix]] * len(tokenized) if target_prefix != "" else None
        batches = translator.translate_batch(
            tokenized,
            target_prefix=prefix,
            replace_unknowns=True,
            max_batch_size=settings.batch_size,  # 32
            batch_type="tokens",
            beam_size=max(num_hypotheses, settings.beam_size),  # 4
            num_hypotheses=num_hypotheses,
            length_penalty=0.2,
            return_scores=True,
            max_decoding_length=config.max_decoding_length,  # the bench's cap, as everywhere
        )
        tokens: list[str] = []
        score = 0.0
        for batch in batches:
            tokens.extend(batch.hypotheses[0])
            score += batch.scores[0]
        value = tokenizer.decode(tokens)
        if target_prefix != "" and value.startswith(target_prefix):
            value = value[len(target_prefix) :]
        if value[:1] == " ":
            value = value[1:]
        return value, score, len(sentences)

    split_s = 0.0
    apply_packaged_translation("Warm-up sentence.")
    split_s = 0.0
    sentences = 0
    output_chars = 0
    cache: dict[str, str] = {}  # CachedTranslation: paragraphs of the previous call only
    started = time.perf_counter()
    for text in texts:
        translated: list[str] = []
        new_cache: dict[str, str] = {}
        for paragraph in text.split("\n"):  # ITranslation.split_into_paragraphs
            value = cache.get(paragraph)
            if value is None:
                value, _score, count = apply_packaged_translation(paragraph)
                sentences += count
            new_cache[paragraph] = value
            translated.append(value)
        cache = new_cache
        output_chars += len("\n".join(translated).lstrip("\n"))
    elapsed = time.perf_counter() - started
    paragraphs = sum(len(t.split("\n")) for t in texts)
    return {
        "elapsed_s": elapsed,
        "segments": sentences,
        "translated": sentences,
        "paragraph_calls": paragraphs,
        "sentence_split_s": split_s,
        "output_chars": output_chars,
    }


def measure(config: Config) -> dict[str, Any]:
    if config.method == "raw":
        result = measure_raw(config)
    elif config.method == "pipeline":
        result = measure_pipeline(config, glossary=False)
    elif config.method == "pipeline_glossary":
        result = measure_pipeline(config, glossary=True)
    elif config.method == "argos":
        result = measure_argos(config)
    else:
        raise SystemExit(f"bench: unknown method {config.method!r}")
    result["method"] = config.method
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return result


def main(argv: list[str]) -> int:
    config = Config.from_dict(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    print(json.dumps(measure(config)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
