"""What a non-editable install carries: a wheel must enforce the glossary and speak fr/ha."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.slow
def test_wheel_ships_glossaries_locales_and_toy_models(tmp_path: Path) -> None:
    # pip builds in an isolated environment with the setuptools pyproject.toml asks for.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "translate/glossaries/fr.po",
        "translate/glossaries/ha.po",
        "translate/locales/fr/typography.toml",
        "translate/locales/ha/typography.toml",
        "translate/locales/fr/LC_MESSAGES/translate.po",
        "translate/locales/ha/LC_MESSAGES/translate.po",
        "translate/engine/toy/en_fr-toy.argosmodel",
        "translate/engine/toy/en_ha-toy.argosmodel",
    ):
        assert needed in names, needed
    # The shipped copies are the reviewers' files, not stale duplicates.
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("translate/glossaries/ha.po") == (ROOT / "glossaries" / "ha.po").read_bytes()
