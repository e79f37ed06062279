"""The atheris fuzz targets in fuzz/ run clean: briefly under atheris, or over their seeds.

With atheris installed each target fuzzes for a few seconds in a subprocess (libFuzzer exits
non-zero on a crash, leak or timeout). Without it the seeds are replayed through each target's
TestOneInput, so the targets and seeds cannot rot unnoticed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
TARGETS = ("text", "html", "jsonl", "warc", "feed", "names")
HAVE_ATHERIS = importlib.util.find_spec("atheris") is not None


def _seeds(target: str) -> list[Path]:
    return sorted(p for p in (FUZZ / "seeds" / target).iterdir() if p.is_file())


@pytest.fixture
def fuzz_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(FUZZ))
    yield


def _test_one_input(target: str) -> Callable[[bytes], None]:
    spec = importlib.util.spec_from_file_location(f"fuzz_{target}", FUZZ / f"fuzz_{target}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[bytes], None] = module.TestOneInput
    return function


@pytest.mark.parametrize("target", TARGETS)
def test_every_target_has_seeds(target: str) -> None:
    assert len(_seeds(target)) >= 2, f"fuzz/seeds/{target} needs a few seed files"


@pytest.mark.parametrize("target", TARGETS)
def test_seeds_replay_through_the_target(target: str, fuzz_on_path: None) -> None:
    # Runs with or without atheris: a crash on a seed is a crash on input we wrote ourselves.
    test_one_input = _test_one_input(target)
    for seed in _seeds(target):
        test_one_input(seed.read_bytes())


@pytest.mark.skipif(not HAVE_ATHERIS, reason="atheris not installed; seeds replayed instead")
@pytest.mark.parametrize("target", TARGETS)
def test_target_fuzzes_briefly_without_a_crash(target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    done = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{target}.py"), str(corpus),
         str(FUZZ / "seeds" / target), "-max_total_time=3", "-runs=2000", "-timeout=30",
         f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr
