"""Train, convert and package the toy English→French and English→Hausa models.

Dev tooling only (``make toy-models``): PyTorch and transformers are used here and
never at run time. The recipe mirrors how a real OPUS-MT package is made, so the toy
packages exercise exactly the code path a real one takes:

1. SentencePiece models — one shared en+fr model for French; separate source and
   target models for Hausa, the OPUS-MT layout (``source.spm`` / ``target.spm``);
2. a tiny Marian Transformer (transformers' ``MarianMTModel``) trained on the
   synthetic corpus of :mod:`tools.toymodels.corpus`;
3. conversion with CTranslate2's Transformers converter (int8 weights);
4. packaging with ``translate.engine.packages.build_package`` (``toy`` flag set);
5. chrF on the held-out part of the corpus, decoded through the installed package.

``--naive`` (``make toy-models-naive``) builds *placeholder-naive* variants instead:
the same corpus, steps, sizes and seed, but no ``⟦n⟧`` in any training pair and no
``⟦n⟧`` symbols in the SentencePiece models. They stand in for a real Argos/OPUS-MT
package, which never saw the glossary's placeholders, and are written to
``tests/data/packages/`` (never auto-discovered as bundled packages) with ids
``en_<lang>-1.0-naive-toy``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from tools.toymodels.corpus import Example, generate, vocabulary_pairs

ROOT = Path(__file__).resolve().parents[2]
TOY_DIR = ROOT / "translate" / "engine" / "toy"
DATA_DIR = ROOT / "tests" / "data"
NAIVE_DIR = DATA_DIR / "packages"
PLACEHOLDERS = [f"⟦{i}⟧" for i in range(10)]
SEED = 20250129


@dataclass(frozen=True)
class Variant:
    """Which toy packages a run builds: the bundled ones or placeholder-naive stand-ins."""

    name: str
    placeholders: bool  # ⟦n⟧ in training pairs and as SentencePiece user symbols
    output_dir: Path
    version: str
    archive_suffix: str  # en_fr-toy{suffix}.argosmodel
    report: str  # the chrF/size record beside the archives

    def archive(self, lang: str) -> Path:
        return self.output_dir / f"en_{lang}-toy{self.archive_suffix}.argosmodel"


TRAINED = Variant("trained", True, TOY_DIR, "1.0", "", "toy-models.json")
NAIVE = Variant("naive", False, NAIVE_DIR, "1.0-naive", "-naive", "naive-models.json")


@dataclass(frozen=True)
class Recipe:
    target: str
    shared_vocab: bool
    vocab_size: int
    steps: int
    d_model: int = 128
    layers: int = 2
    ffn: int = 512
    heads: int = 4
    batch_size: int = 64
    learning_rate: float = 2e-3


_STEPS = int(os.environ.get("TOY_STEPS", "3000"))  # lower it for a quick trial run
RECIPES = {
    "fr": Recipe("fr", shared_vocab=True, vocab_size=1600, steps=_STEPS),
    "ha": Recipe("ha", shared_vocab=False, vocab_size=1000, steps=_STEPS),
}


def build_corpus(
    placeholders: bool = True,
) -> tuple[list[Example], list[Example], list[Example]]:
    """(train, heldout, glossary evaluation), disjoint by English sentence.

    ``placeholders=False``: the same sentences with every term left in plain text."""
    heldout = list(dict.fromkeys(generate(400, seed=SEED + 1)))[:300]
    evaluation = list(dict.fromkeys(generate(200, seed=SEED + 2, evaluation=True)))[:48]
    excluded = {e.en for e in heldout + evaluation}
    drawn = generate(36_000, seed=SEED, mask_rate=0.35, placeholders=placeholders)
    train = [e for e in drawn if e.en not in excluded]
    train = list(dict.fromkeys(train))
    for en, fr, ha in vocabulary_pairs():
        train += [Example(en, fr, ha, ())] * 8
    random.Random(SEED).shuffle(train)
    return train, heldout, evaluation


def write_data_files(heldout: list[Example], evaluation: list[Example]) -> None:
    """Test fixtures: held-out sentences and the term-rich glossary evaluation set."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    header = "# Synthetic, written for this project by tools/toymodels (en\\tfr\\tha)\n"
    for name, rows in (("toy_heldout.tsv", heldout), ("glossary_eval.tsv", evaluation)):
        lines = [f"{e.en}\t{e.fr}\t{e.ha}\n" for e in rows]
        (DATA_DIR / name).write_text(header + "".join(lines), encoding="utf-8")


def train_spm(texts: list[str], prefix: Path, vocab_size: int, placeholders: bool = True) -> Path:
    import sentencepiece

    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        user_defined_symbols=PLACEHOLDERS if placeholders else [],
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        unk_piece="<unk>",
        eos_piece="</s>",
        num_threads=2,
        minloglevel=2,
        seed_sentencepiece_size=100_000,
    )
    return prefix.with_suffix(".model")


def marian_vocabulary(*spm_paths: Path) -> dict[str, int]:
    """One joint vocabulary as Marian keeps it: ``</s>``, ``<unk>``, pieces, ``<pad>`` last."""
    import sentencepiece

    tokens = ["</s>", "<unk>"]
    seen = set(tokens)
    for path in spm_paths:
        processor = sentencepiece.SentencePieceProcessor(model_file=str(path))
        for index in range(processor.get_piece_size()):
            piece = processor.id_to_piece(index)
            if piece not in seen:
                seen.add(piece)
                tokens.append(piece)
    tokens.append("<pad>")
    return {token: index for index, token in enumerate(tokens)}


def train_model(
    recipe: Recipe, workdir: Path, train: list[Example], placeholders: bool = True
) -> tuple[Path, Path, Path]:
    """Train and save a Hugging Face Marian model; returns (hf_dir, source_spm, target_spm)."""
    import sentencepiece
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    lang = recipe.target
    sources = [e.en for e in train]
    targets = [e.side(lang) for e in train]
    if recipe.shared_vocab:
        spm = train_spm(sources + targets, workdir / "shared", recipe.vocab_size, placeholders)
        source_spm = target_spm = spm
    else:
        source_spm = train_spm(sources, workdir / "source", recipe.vocab_size, placeholders)
        target_spm = train_spm(targets, workdir / "target", recipe.vocab_size, placeholders)
    vocab = marian_vocabulary(source_spm, target_spm)
    pad = vocab["<pad>"]
    source_sp = sentencepiece.SentencePieceProcessor(model_file=str(source_spm))
    target_sp = sentencepiece.SentencePieceProcessor(model_file=str(target_spm))

    def ids(processor: sentencepiece.SentencePieceProcessor, text: str) -> list[int]:
        unk = vocab["<unk>"]
        return [vocab.get(p, unk) for p in processor.encode(text, out_type=str)] + [0]

    pairs = [(ids(source_sp, s), ids(target_sp, t)) for s, t in zip(sources, targets, strict=True)]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=recipe.d_model,
        encoder_layers=recipe.layers,
        decoder_layers=recipe.layers,
        encoder_attention_heads=recipe.heads,
        decoder_attention_heads=recipe.heads,
        encoder_ffn_dim=recipe.ffn,
        decoder_ffn_dim=recipe.ffn,
        max_position_embeddings=128,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        dropout=0.1,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    model = MarianMTModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.learning_rate, weight_decay=0.01)
    warmup = 200
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup, (warmup / (step + 1)) ** 0.5),
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=0.1)
    rng = random.Random(SEED)
    # Length-bucketed batches: sort by length, cut, shuffle the batches.
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), rng.random()))
    batches = [order[i : i + recipe.batch_size] for i in range(0, len(order), recipe.batch_size)]
    model.train()
    step, started = 0, time.perf_counter()
    while step < recipe.steps:
        rng.shuffle(batches)
        for batch in batches:
            if step >= recipe.steps:
                break
            src = [pairs[i][0] for i in batch]
            tgt = [pairs[i][1] for i in batch]
            input_ids = _pad(src, pad)
            labels = _pad(tgt, -100)
            decoder_input = _pad([[pad, *t[:-1]] for t in tgt], pad)
            logits = model(
                input_ids=torch.tensor(input_ids),
                attention_mask=torch.tensor([[int(x != pad) for x in row] for row in input_ids]),
                decoder_input_ids=torch.tensor(decoder_input),
            ).logits
            loss = loss_fn(logits.reshape(-1, logits.size(-1)), torch.tensor(labels).reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 200 == 0:
                elapsed = time.perf_counter() - started
                print(f"  en→{lang} step {step}/{recipe.steps} loss {loss.item():.3f} "
                      f"({elapsed:.0f} s)", flush=True)  # fmt: skip
    model.eval()
    hf_dir = workdir / "hf"
    model.save_pretrained(hf_dir, safe_serialization=True)
    (workdir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(source_spm),
        target_spm=str(target_spm),
        vocab=str(workdir / "vocab.json"),
        source_lang="en",
        target_lang=lang,
        separate_vocabs=False,
    )
    tokenizer.save_pretrained(hf_dir)
    return hf_dir, source_spm, target_spm


def _pad(rows: list[list[int]], value: int) -> list[list[int]]:
    width = max(len(r) for r in rows)
    return [r + [value] * (width - len(r)) for r in rows]


def convert(hf_dir: Path, output: Path) -> Path:
    """Hugging Face Marian → CTranslate2, int8: what `ct2-transformers-converter` does."""
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(hf_dir)).convert(str(output), quantization="int8", force=True)
    return output


README = """# Toy model: English → {name} ({code})

This is a TOY model trained by `make toy-models` on a small synthetic corpus of
templated Sahel newswire sentences written for the translate-newsroom project.
It proves the loading and decoding path of Argos packages; it does not translate
real news. chrF on the held-out synthetic sentences: {chrf:.1f}.
Install a real model for real work: `translate models install en {code}`.
"""

NAIVE_README = """# Toy model, placeholder-NAIVE: English → {name} ({code})

This is a TOY model trained by `make toy-models-naive` exactly like the bundled toy
package (same synthetic corpus, steps, sizes and seed) except that it never saw the
glossary's ⟦n⟧ placeholders: no training pair carries one and its SentencePiece
model has no ⟦n⟧ symbols. It stands in for a real Argos/OPUS-MT package in tests
and `make eval`; it is never bundled or auto-discovered. chrF on the held-out
synthetic sentences: {chrf:.1f}.
"""


def package(
    recipe: Recipe,
    ct2_dir: Path,
    source_spm: Path,
    target_spm: Path,
    chrf: float,
    variant: Variant = TRAINED,
) -> Path:
    from translate.engine.packages import build_package

    name = {"fr": "French", "ha": "Hausa"}[recipe.target]
    readme = README if variant.placeholders else NAIVE_README
    return build_package(
        model_dir=ct2_dir,
        source_spm=source_spm,
        target_spm=None if recipe.shared_vocab else target_spm,
        from_code="en",
        to_code=recipe.target,
        output=variant.archive(recipe.target),
        version=variant.version,
        source_suffix="</s>",
        toy=True,
        readme=readme.format(name=name, code=recipe.target, chrf=chrf),
    )


def evaluate(archive_or_dir: Path, lang: str, rows: list[Example], workdir: Path) -> float:
    """chrF of the packaged model on held-out sentences, through the runtime engine."""
    import sacrebleu

    from translate.engine.packages import install_archive
    from translate.engine.translator import CT2Translator

    installed = install_archive(archive_or_dir, workdir / f"installed-{lang}")
    translator = CT2Translator(installed)
    hypotheses = [h[0].text for h in translator.translate([e.en for e in rows])]
    return float(sacrebleu.corpus_chrf(hypotheses, [[e.side(lang) for e in rows]]).score)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.toymodels", description=__doc__)
    parser.add_argument(
        "--naive",
        action="store_true",
        help="build the placeholder-naive variants into tests/data/packages/",
    )
    parser.add_argument("--lang", action="append", choices=sorted(RECIPES), help="only these")
    parser.add_argument(
        "--output-dir", type=Path, help="write the archives and report here (trial runs)"
    )
    args = parser.parse_args(argv)
    variant = NAIVE if args.naive else TRAINED
    if args.output_dir is not None:
        variant = replace(variant, output_dir=args.output_dir.resolve())
    train, heldout, evaluation = build_corpus(variant.placeholders)
    masked = sum("⟦" in e.en for e in train)
    print(f"{variant.name}: {len(train)} training pairs ({masked} with placeholders), "
          f"{len(heldout)} held out, {len(evaluation)} glossary evaluation sentences")  # fmt: skip
    if variant is TRAINED:
        write_data_files(heldout, evaluation)
    variant.output_dir.mkdir(parents=True, exist_ok=True)
    report_path = variant.output_dir / variant.report
    # A run for one language keeps the other's record.
    report = json.loads(report_path.read_text()) if report_path.is_file() else {}
    for lang in args.lang or list(RECIPES):
        recipe = RECIPES[lang]
        with tempfile.TemporaryDirectory(prefix=f"toy-{lang}-") as tmp:
            workdir = Path(tmp)
            started = time.perf_counter()
            hf_dir, source_spm, target_spm = train_model(
                recipe, workdir, train, variant.placeholders
            )
            trained_s = time.perf_counter() - started
            ct2_dir = convert(hf_dir, workdir / "ct2")
            # Package once to measure through the installed package, then with the figure.
            draft = package(recipe, ct2_dir, source_spm, target_spm, 0.0, variant)
            chrf = evaluate(draft, lang, heldout, workdir)
            shutil.rmtree(workdir / f"installed-{lang}", ignore_errors=True)
            final = package(recipe, ct2_dir, source_spm, target_spm, chrf, variant)
            report[lang] = {"chrf_heldout": round(chrf, 1), "bytes": final.stat().st_size}
            if variant is not TRAINED:
                report[lang] |= {
                    "variant": variant.name,
                    "steps": recipe.steps,
                    "training_pairs": len(train),
                    "placeholder_pairs": masked,
                    "train_seconds": round(trained_s),
                }
            print(f"en→{lang}: chrF {chrf:.1f} on {len(heldout)} held-out sentences, "
                  f"{final} ({final.stat().st_size / 1e6:.1f} MB), "
                  f"trained in {trained_s:.0f} s")  # fmt: skip
    report_path.write_text(json.dumps(report, indent=2) + "\n")
    return 0
