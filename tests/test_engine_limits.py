"""Every package's position limits are known and respected by the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from translate.engine import packages
from translate.engine.limits import DEFAULT_POSITIONS, stored_positions, variable_shapes
from translate.engine.translator import (
    CT2Translator,
    EngineOptions,
    decoding_bound,
    load_translator,
    resolve_device,
)
from translate.errors import EngineError, PackageError, SourceTooLongError

RUNAWAY = "The African Union warned on Tuesday that the vote would be postponed until 2497."


@pytest.fixture(scope="module")
def toy() -> dict[str, packages.PackageInfo]:
    return {p.to_code: p for p in packages.bundled_toy_packages()}


def _rewrite_metadata(package: packages.PackageInfo, **changes: object) -> None:
    path = package.path / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata.update(changes)
    path.write_text(json.dumps(metadata))


def test_toy_limits_are_read_from_the_model_file(toy: dict[str, packages.PackageInfo]) -> None:
    for package in toy.values():
        shapes = variable_shapes(package.model_dir / "model.bin")
        # The encoder's table is an alias of the decoder's in a converted Marian model.
        assert shapes["encoder/position_encodings/encodings"] == (128, 128)
        assert shapes["decoder/position_encodings/encodings"] == (128, 128)
        limits = package.limits()
        assert (limits.source_positions, limits.target_positions) == (128, 128)
        assert (limits.source_origin, limits.target_origin) == ("model.bin", "model.bin")


def test_metadata_is_used_first(tmp_path: Path, toy_archive: dict[str, Path]) -> None:
    installed = packages.install_archive(toy_archive["fr"], tmp_path)
    _rewrite_metadata(installed, max_source_positions=100, max_target_positions=90)
    limits = packages.load_package(installed.path).limits()
    assert (limits.source_positions, limits.target_positions) == (100, 90)
    assert limits.source_origin == limits.target_origin == "metadata"
    # Nonsense values make the package broken, with the field named (issue 10: metadata
    # is checked against its schema), rather than being silently replaced.
    _rewrite_metadata(installed, max_source_positions="many", max_target_positions=-3)
    with pytest.raises(packages.PackageError, match="max_source_positions must be a positive"):
        packages.load_package(installed.path)


def test_a_model_without_a_table_gets_the_documented_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toy: dict[str, packages.PackageInfo]
) -> None:
    """A model with sinusoidal encodings (OpenNMT-py, most Argos packages) stores none."""
    from tools.bench import realistic

    for name, value in {"LAYERS": 1, "D_MODEL": 16, "HEADS": 2, "FFN": 32, "VOCAB": 600}.items():
        monkeypatch.setattr(realistic, name, value)
    model = realistic.build_model(toy["fr"].source_spm, tmp_path / "sinusoidal")
    assert stored_positions(model) == (None, None)
    archive = packages.build_package(
        model_dir=model, source_spm=toy["fr"].source_spm, from_code="en", to_code="fr",
        output=tmp_path / "s.argosmodel",
    )  # fmt: skip
    built = packages.install_archive(archive, tmp_path / "pkgs")
    limits = built.limits()
    assert (limits.source_positions, limits.source_origin) == (DEFAULT_POSITIONS, "default")
    # Its author can declare what it was trained on.
    archive = packages.build_package(
        model_dir=model, source_spm=toy["fr"].source_spm, from_code="en", to_code="fr",
        output=tmp_path / "s2.argosmodel", max_source_positions=150, max_target_positions=180,
    )  # fmt: skip
    declared = packages.install_archive(archive, tmp_path / "pkgs2").limits()
    assert (declared.source_positions, declared.target_positions) == (150, 180)


def test_models_build_records_the_limits_and_refuses_more_than_the_model_holds(
    tmp_path: Path, toy: dict[str, packages.PackageInfo], packages_dir: Path
) -> None:
    original = toy["ha"]
    common = ["models", "build", str(original.model_dir), "--from", "en", "--to", "ha",
              "--spm", str(original.source_spm), "--target-spm", str(original.target_spm),
              "--source-suffix", "</s>"]  # fmt: skip
    out = tmp_path / "ha.argosmodel"
    assert run_cli(*common, "-o", str(out)).returncode == 0
    built = packages.install_archive(out, packages_dir)
    metadata = json.loads((built.path / "metadata.json").read_text())
    assert (metadata["max_source_positions"], metadata["max_target_positions"]) == (128, 128)
    assert built.limits().source_origin == "metadata"

    refused = run_cli(*common, "--max-source-positions", "512", "-o", str(tmp_path / "x.zip"))
    assert refused.returncode == 1
    (line,) = refused.stderr.strip().splitlines()
    assert "max_source_positions=512" in line and "128" in line
    assert not (tmp_path / "x.zip").exists()


def test_models_list_shows_the_limits(toy: dict[str, packages.PackageInfo]) -> None:
    result = run_cli("models", "list", "--json")
    assert result.returncode == 0
    limits = {p["to"]: p["limits"] for p in json.loads(result.stdout)}
    assert limits["fr"]["source_positions"] == 128
    assert limits["fr"]["source_origin"] == "model.bin"


def test_the_runaway_sentence_decodes_within_the_model(
    toy: dict[str, packages.PackageInfo],
) -> None:
    """Before: `No position encodings are defined for positions >= 128`. The decoder is
    now bounded by the input length and the model's 128 positions, and a hypothesis that
    reaches its bound says so."""
    translator = load_translator(toy["fr"])
    protected = RUNAWAY.replace("African Union", "⟦0⟧")
    (nbest,) = translator.translate([protected], num_hypotheses=4, return_attention=True)
    source_tokens = translator.count_tokens(protected)
    bound = decoding_bound(source_tokens, 128, 0, EngineOptions().max_decoding_length)
    assert bound <= 128
    for hypothesis in nbest:
        assert len(hypothesis.target_tokens) <= bound
        assert hypothesis.truncated == (len(hypothesis.target_tokens) == bound)


def test_decoding_bound_follows_input_length_and_model_limit() -> None:
    assert decoding_bound(10, 128, 0, 1024) == 48  # 2 × 10 + 16, rounded up to 16
    assert decoding_bound(100, 128, 0, 1024) == 128  # the model's positions
    assert decoding_bound(100, 1024, 1, 1024) == 224  # target prefix included
    assert decoding_bound(10, 1024, 0, 32) == 32  # an explicit cap wins


def test_an_input_longer_than_the_model_is_refused_not_truncated(
    toy: dict[str, packages.PackageInfo],
) -> None:
    translator = load_translator(toy["ha"])
    long = " ".join(["Niamey"] * 200)
    assert translator.count_tokens(long) > translator.source_limit
    with pytest.raises(SourceTooLongError, match="the model takes 128"):
        translator.translate(["Hello.", long])


def test_cuda_without_a_gpu_is_one_error_and_auto_falls_back_to_cpu(
    toy: dict[str, packages.PackageInfo], tmp_path: Path
) -> None:
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a GPU")
    with pytest.raises(EngineError, match="no usable CUDA GPU"):
        resolve_device("cuda")
    assert CT2Translator(toy["fr"], EngineOptions(device="auto")).device == "cpu"
    db = tmp_path / "t.db"
    result = run_cli(
        "run", str(ROOT / "samples" / "niger-air-defence.txt"), "--to", "fr", "--device", "cuda",
        "--db", str(db), "--out-dir", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "translate: error: --device cuda: no usable CUDA GPU (CTranslate2 sees none); "
        "use --device cpu"
    ]
    assert not db.exists()  # refused before anything was written


def test_a_corrupt_model_is_one_package_error(tmp_path: Path, toy_archive: dict[str, Path]) -> None:
    installed = packages.install_archive(toy_archive["fr"], tmp_path)
    (installed.model_dir / "model.bin").write_bytes(b"\x06\x00\x00\x00garbage")
    package = packages.load_package(installed.path)
    assert package.limits().source_origin == "default"  # unreadable header: no crash
    with pytest.raises(PackageError, match="the model does not load"):
        load_translator(package, EngineOptions(device="cpu"))
