"""The spaCy backbone: the pinned model loads, and a tampered or wrong one is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from docket.nlp.backbone import (
    PINNED_PACKAGE,
    ModelError,
    load_backbone,
    model_folder,
    verify_pinned,
)


def test_pinned_model_loads_offline() -> None:
    backbone = load_backbone()
    assert backbone.pinned and backbone.version == "3.8.0"
    doc = backbone.nlp("The governor of Kharkiv region, Oleh Syniehubov, spoke on Monday.")
    assert any(ent.label_ == "PERSON" for ent in doc.ents)


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(model_folder(PINNED_PACKAGE), target)
    return target


def test_tampered_weights_are_refused(model_copy: Path) -> None:
    verify_pinned(model_copy)  # the untouched copy passes
    weights = model_copy / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[100] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="ner/model has SHA-256"):
        verify_pinned(model_copy)


def test_other_version_or_sources_are_refused(model_copy: Path) -> None:
    meta_path = model_copy / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps(meta | {"version": "3.7.1"}))
    with pytest.raises(ModelError, match="pinned to 3.8.0"):
        verify_pinned(model_copy)
    meta_path.write_text(json.dumps(meta | {"sources": [{"name": "Some other corpus"}]}))
    with pytest.raises(ModelError, match="training sources"):
        verify_pinned(model_copy)


def test_missing_pipeline_says_how_to_install() -> None:
    with pytest.raises(ModelError, match="not installed"):
        load_backbone("en_core_web_nonexistent")


def test_headlines_and_blocks_end_sentences_but_wrapped_lines_do_not() -> None:
    from docket.nlp.backbone import load_backbone, split_blocks

    text = ("Two killed as bombs hit Vovchansk\nRescuers searched the rubble.\n"
            "The mayor said the\nshells fell at night.\n\nlater paragraph")
    assert "".join(split_blocks(text)) == text
    sentences = [s.text.strip() for s in load_backbone().parse(text).sents]
    assert sentences[0] == "Two killed as bombs hit Vovchansk"
    assert "The mayor said the\nshells fell at night." in sentences
    assert split_blocks("a\nb", lines_are_blocks=True) == ["a\n", "b"]
