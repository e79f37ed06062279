"""Story fingerprints: what of a document survives reprinting and machine translation.

A reprint keeps most of the wording; a translation reached through one or two machine
translators keeps almost none of it, but keeps the *skeleton*: names, numbers, dates and (in
the same language) quotes. A `Fingerprint` holds both, computed once per document from its
text alone, and only as strings, ints and bytes so the ledger can store it:

- `exact`: a hash of the normalised text (case, punctuation and spacing folded), for the
  exact-copy pass;
- `minhash`: a MinHash (datasketch, affine32 scheme) of CHARACTER 5-gram shingles. Word
  shingles break on every inflection a translator changes; character shingles degrade slowly;
- `skeleton_minhash`: a MinHash of the skeleton tokens, so candidate search also finds copies
  whose wording differs sentence by sentence;
- `numbers` ("15,000", "15 000" and "15.000" are all "15000"; "1,5 Millionen" is "1500000"),
  `dates` (day and month, in seven languages), `names` (entity keys plus capitalised words that
  do not start a sentence, transliteration-folded), `quotes` (folded words of quotations);
- `sentences`: per sentence its hash, length and skeleton tokens, so scoring can tell text two
  pages share (a reprint, or an outlet's footer) from what they do not share.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash

from docket.model import StoryInput
from docket.nlp.translit import fold, has_cyrillic, keys

SHINGLE = 5  # characters; 5-grams keep word fragments that survive inflection changes
NUM_PERM = 64  # char MinHash size: 64 gives a Jaccard standard error of about 0.06
SKELETON_PERM = 32
SEED = 1
SCHEME = "affine32"
MIN_SENTENCE = 20  # characters: shorter pieces (bylines, "Read more") carry no story

_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")
# Sentence ends: . ! ? and their CJK/Arabic forms, or a line break between paragraphs.
_SENTENCE = re.compile(r"(?<=[.!?。！？؟])[\"'”»’)]*\s+|\n\s*\n|[。！？]")
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[ ,.\u00a0\u202f\u2009']\d{3})+|\d+(?:[.,]\d+)?)(?![\d])"
    r"(?:\s*(million|millionen|millones|millions|milioni|milion\w*|миллион\w*|мільйон\w*|mln"
    r"|thousand|tausend|mil|mille|тысяч\w*|тисяч\w*|billion|milliarde\w*|миллиард\w*))?",
    re.IGNORECASE,
)
_MULTIPLIERS = {"mil": 1_000, "mille": 1_000, "thousand": 1_000, "tausend": 1_000,
                "mln": 1_000_000}
_QUOTE = re.compile(r"[\"“„«‹]([^\"“”„«»‹›]{12,400})[\"”“»›]")
_CAPITALISED = re.compile(r"[^\W\d_][\w'’\-]*")

# Month names (nominative and genitive stems) of the languages the news copies come in.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    "january jan januar janvier enero gennaio января январь січня styczeń stycznia",
    "february feb februar février fevrier febrero febbraio февраля февраль лютого luty lutego",
    "march mar märz marz mars marzo марта март березня marzec marca",
    "april apr avril abril aprile апреля апрель квітня kwiecień kwietnia",
    "may mai mayo maggio мая май травня maj maja",
    "june jun juni juin junio giugno июня июнь червня czerwiec czerwca",
    "july jul juli juillet julio luglio июля июль липня lipiec lipca",
    "august aug août aout agosto августа август серпня sierpień sierpnia",
    "september sep sept septembre septiembre settembre сентября сентябрь вересня wrzesień "
    "września",
    "october oct oktober octobre octubre ottobre октября октябрь жовтня październik "
    "października",
    "november nov novembre noviembre ноября ноябрь листопада listopad listopada",
    "december dec dezember décembre decembre diciembre dicembre декабря декабрь грудня "
    "grudzień grudnia",
), start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number
# Any word beside a day number; the word is then looked up in _MONTHS. One alternation of
# all month names, case-insensitive, made date search the slowest step of fingerprinting.
_DAY_MONTH = re.compile(r"\b([0-3]?\d)\.?(?:\s+de)?\s+([^\W\d_]+)")
# Anchored at a word's start and no longer than the longest month name: unanchored, a long run
# of letters was tried from every position inside it (time growing with the square of the run).
_MONTH_DAY = re.compile(r"\b([^\W\d_]{2,12})\.?\s+([0-3]?\d)(?:st|nd|rd|th)?\b")
_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Capitalised words that are not names even in mid-sentence (English and German pronouns,
# titles): they would make every pair of pages share "skeleton".
_NOT_NAMES = frozenset({
    "i", "mr", "mrs", "ms", "dr", "sir", "sie", "ich", "er", "wir", "ihr", "ihnen", "es", "der",
    "die", "das", "the", "a", "an", "in", "on", "at", "of", "and",
    # Weekdays: capitalised mid-sentence in English and German, shared by half of all news.
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
})


@dataclass(frozen=True)
class Sentence:
    """One sentence of a fingerprinted text: its hash, its length and its skeleton tokens."""

    hash: int
    chars: int
    skeleton: tuple[str, ...]


@dataclass(frozen=True)
class Fingerprint:
    """What two documents are compared on; storable (strings, ints and bytes only)."""

    id: str
    exact: str
    minhash: bytes  # NUM_PERM little-endian uint32 values
    skeleton_minhash: bytes  # SKELETON_PERM values; empty when the skeleton is too small
    numbers: frozenset[str]
    dates: frozenset[str]
    names: frozenset[str]
    quotes: tuple[tuple[str, ...], ...]
    sentences: tuple[Sentence, ...]
    length: int
    language: str | None = None

    def as_record(self) -> dict[str, Any]:
        """A JSON-ready form for the ledger (bytes as hex, sets sorted)."""
        return {
            "id": self.id, "exact": self.exact, "minhash": self.minhash.hex(),
            "skeleton_minhash": self.skeleton_minhash.hex(), "numbers": sorted(self.numbers),
            "dates": sorted(self.dates), "names": sorted(self.names),
            "quotes": [list(q) for q in self.quotes],
            "sentences": [[s.hash, s.chars, list(s.skeleton)] for s in self.sentences],
            "length": self.length, "language": self.language,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Fingerprint:
        """The fingerprint `as_record` stored."""
        return cls(
            id=record["id"], exact=record["exact"], minhash=bytes.fromhex(record["minhash"]),
            skeleton_minhash=bytes.fromhex(record["skeleton_minhash"]),
            numbers=frozenset(record["numbers"]), dates=frozenset(record["dates"]),
            names=frozenset(record["names"]),
            quotes=tuple(tuple(q) for q in record["quotes"]),
            sentences=tuple(Sentence(h, c, tuple(k)) for h, c, k in record["sentences"]),
            length=record["length"], language=record.get("language"),
        )

    @property
    def skeleton(self) -> frozenset[str]:
        """Names, numbers and dates as one set of tagged tokens ("n:", "#:", "d:")."""
        return skeleton_tokens(self.names, self.numbers, self.dates)


def skeleton_tokens(names: frozenset[str] | set[str], numbers: frozenset[str] | set[str],
                    dates: frozenset[str] | set[str]) -> frozenset[str]:
    return frozenset({f"n:{n}" for n in names} | {f"#:{n}" for n in numbers}
                     | {f"d:{d}" for d in dates})


def normalise(text: str) -> str:
    """Case, accents' composition, punctuation and spacing folded: what an exact copy keeps."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WS.sub(" ", _NON_WORD.sub(" ", text)).strip()


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (Python's `hash` is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _hash32(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest(), "little")


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    # Building a MinHash draws its permutations from a RandomState; do that once per size.
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a, b


def minhash_of(values: list[int], num_perm: int) -> MinHash:
    """A datasketch MinHash of already hashed 32-bit values (datasketch pre-mixes them)."""
    m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_identity,
                permutations=_permutations(num_perm), scheme=SCHEME)
    m.update_batch(values)
    return m


def _identity(value: int) -> int:
    return value


def char_shingles(norm: str, k: int = SHINGLE) -> list[int]:
    """Distinct 32-bit hashes of the character k-grams of a normalised text, vectorised.

    A polynomial hash over code points, computed for every window at once with numpy: hashing
    each shingle in Python is what makes MinHash slow at a million documents.
    """
    if not norm:
        return []
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h = h * np.uint64(1_000_003) + codes[j : j + n]
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    values: list[int] = np.unique(h & np.uint64(0xFFFFFFFF)).tolist()
    return values


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def find_numbers(text: str) -> set[str]:
    """Numbers in a form that survives translation: thousands separators and scale words gone.

    A separator followed by exactly three digits is a thousands separator in every language
    the copies come in ("15,000", "15.000", "15 000"); other separators are decimal points.
    Single digits are left out: they are too common to say two texts are one story.
    """
    out: set[str] = set()
    for m in _NUMBER.finditer(text):
        raw, scale = m.group(1), (m.group(2) or "").casefold()
        if re.fullmatch(r"\d{1,3}(?:[ ,.\u00a0\u202f\u2009']\d{3})+", raw):
            value = float(re.sub(r"\D", "", raw))
        else:
            value = float(raw.replace(",", "."))
        if scale:
            value *= _MULTIPLIERS.get(scale, _scale_of(scale))
        if value < 10 and not scale:
            continue
        out.add(f"{value:.10g}" if value != int(value) else str(int(value)))
    return out


def _scale_of(word: str) -> int:
    if word.startswith(("milliard", "миллиард", "billion")):
        return 1_000_000_000
    if word.startswith(("тысяч", "тисяч")):
        return 1_000
    return 1_000_000


def find_dates(text: str) -> set[str]:
    """Day-and-month dates as "MM-DD", whatever the language and order they are written in."""
    out: set[str] = set()
    if not _DIGIT.search(text):
        return out
    for m in _DAY_MONTH.finditer(text):
        month = _MONTHS.get(m.group(2).casefold())
        if month:
            _add_date(out, month, int(m.group(1)))
    for m in _MONTH_DAY.finditer(text):
        month = _MONTHS.get(m.group(1).casefold())
        if month and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            _add_date(out, month, int(m.group(2)))
    for m in _ISO_DATE.finditer(text):
        _add_date(out, int(m.group(2)), int(m.group(3)))
    return out


def _add_date(out: set[str], month: int, day: int) -> None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        out.add(f"{month:02d}-{day:02d}")


def find_names(sentence: str) -> set[str]:
    """Folded capitalised words that do not open the sentence: names, in most languages."""
    out: set[str] = set()
    for i, m in enumerate(_CAPITALISED.finditer(sentence)):
        word = m.group(0)
        if i == 0 or not word[0].isupper() or len(word) < 2:
            continue
        low = word.casefold().rstrip("'’s")
        if low in _NOT_NAMES or low in _MONTHS or word.casefold() in _NOT_NAMES:
            continue
        key = _name_key(word)
        if key and not key.isdigit():
            out.add(key)
    return out


@lru_cache(maxsize=65536)
def _name_key(word: str) -> str:
    if has_cyrillic(word):
        # The dictionary form, so that a declined name meets its translation ("Федорова",
        # "Запоріжжю" -> fedorov, zaporizhia: the English copy's "Fedorov", "Zaporizhzhia").
        from docket.nlp.crossscript import word_lemmas

        found = keys(word_lemmas(word)[0])
        return found[0] if found else ""
    # Possessives and genitive endings differ between copies ("Kyiv's", "Kyivs").
    word = re.sub(r"['’]s?$", "", word)
    return fold(word).replace(" ", "")


def find_quotes(text: str) -> tuple[tuple[str, ...], ...]:
    """Quotations of four words or more, as folded word tuples, in order of appearance."""
    out: list[tuple[str, ...]] = []
    for m in _QUOTE.finditer(text):
        words = tuple(normalise(m.group(1)).split())
        if len(words) >= 4 and words not in out:
            out.append(words)
    return tuple(out)


def fingerprint(doc: StoryInput) -> Fingerprint:
    """Compute a document's fingerprint from its text (and its entity keys, when given)."""
    norm = normalise(doc.text)
    sentences: list[Sentence] = []
    names: set[str] = {f"k:{k}" for k in doc.names}
    numbers: set[str] = set()
    dates: set[str] = set()
    for raw in split_sentences(doc.text):
        s_names, s_numbers, s_dates = find_names(raw), find_numbers(raw), find_dates(raw)
        names |= s_names
        numbers |= s_numbers
        dates |= s_dates
        s_norm = normalise(raw)
        if len(s_norm) >= MIN_SENTENCE:
            tokens = skeleton_tokens(s_names, s_numbers, s_dates)
            sentences.append(Sentence(stable_hash(s_norm), len(s_norm), tuple(sorted(tokens))))
    char_mh = minhash_of(char_shingles(norm), NUM_PERM)
    skeleton = skeleton_tokens(names, numbers, dates)
    skel_bytes = b""
    if len(skeleton) >= 4:  # fewer tokens would put every short page in one bucket
        skel_mh = minhash_of([_hash32(t) for t in sorted(skeleton)], SKELETON_PERM)
        skel_bytes = skel_mh.hashvalues.astype("<u4").tobytes()
    return Fingerprint(
        id=doc.id,
        exact=hashlib.sha256(norm.encode("utf-8")).hexdigest(),
        minhash=char_mh.hashvalues.astype("<u4").tobytes(),
        skeleton_minhash=skel_bytes,
        numbers=frozenset(numbers),
        dates=frozenset(dates),
        names=frozenset(names),
        quotes=find_quotes(doc.text),
        sentences=tuple(sentences),
        length=len(norm),
        language=doc.language,
    )


def minhash_values(data: bytes) -> np.ndarray:
    """The uint32 MinHash values stored in a fingerprint."""
    return np.frombuffer(data, dtype="<u4")
