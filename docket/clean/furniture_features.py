"""What a line of extracted text still tells about itself: shape, words, position, company.

`read_lines` measures each non-empty line of a page once (`LineShape`); `page_features` turns a
page of shapes into the feature matrix the furniture model scores, one row per line, columns
named in `FEATURES`. Everything here is deterministic and linear in the page's size: a line is
measured on its first `_MEASURE_CHARS` characters and its word count scaled up, so one enormous
line costs no more than a long paragraph.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from docket.clean.furniture_lexicon import STOP_WORDS, LexiconHit, lexicon_hits

_MEASURE_CHARS = 4000
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Scripts the stop-word lists cover; a line in another script gets a neutral stop-word share
# rather than the zero that would make it look like a list of names.
_COVERED = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff\u0600-\u06ff]")
_TERMINAL = re.compile(r"[.!?…。！？؟;][\"'”’»)\]]*$")
_INNER_SENTENCE = re.compile(r"[a-zа-яіїєґ\u00e0-\u024f)\]\"”’][.!?] +[\"“«]?[A-ZА-ЯІЇЄҐ]")
_URLISH = re.compile(r"https?://|www\.|\.(com|org|net|ua|ru)\b|@\w|#\w")
_SEPARATORS = re.compile(r"[|•·›»>/]")
_MARKUP = re.compile(r"[<>{}=\[\]]|&\w+;")
_BULLET = re.compile(r"^(?:[-–—•*▪►]\s|\d{1,2}[.)]\s)")
_QUOTE_OPEN = re.compile(r"^[\"“«„'‘]")
_CLOCK_TOKEN = re.compile(r"\d{1,4}(?:am|pm|a|p|h|hrs|г|р|th|st|nd|rd)")
# Starts where a run of spaces starts and takes runs whole: the same splits, in linear time on a
# long run of spaces (a leading \s* tried from each of them cost its square; issue 14).
_NAME_JOIN = re.compile(r"(?<!\s)\s*+(?:,|&|\band\b|\bі\b|\bи\b|\bund\b|\bet\b|\by\b)\s*+")
_NAME_PARTICLES = frozenset(("de", "van", "von", "der", "al", "el", "la", "da", "bin"))
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DIGIT = re.compile(r"\d")
_SYMBOL = re.compile(r"[^\w\s]|_")
_LETTER = re.compile(r"[^\W\d_]")

# Vocabulary of a line that is only a date or time ("Published 14 March 2023, 10:15").
_DATE_TEXT = """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    січень лютий березень квітень травень червень липень серпень вересень жовтень листопад
    грудень понеділок вівторок середа четвер пятниця п'ятниця субота неділя
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    понедельник вторник среда четверг пятница суббота воскресенье
    januar februar märz maerz april mai juni juli august september oktober november dezember
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    lundi mardi mercredi jeudi vendredi samedi dimanche
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    lunes martes miércoles jueves viernes sábado domingo
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada
    grudnia poniedziałek wtorek środa czwartek piątek sobota niedziela
    يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
    published updated posted last modified on at am pm a m p est edt gmt utc cet cest eet eest
    msk bst pst pdt cst cdt time today yesterday ago min mins minutes hour hours day days
    опубліковано оновлено опубликовано обновлено року рік р о об г года год в сьогодні вчора
    сегодня вчера хв год тому назад
    veröffentlicht aktualisiert am um uhr heute gestern vor
    publié mis à jour le aujourd hui hier il y a h
    publicado actualizado el a las de del hoy ayer hace
    opublikowano zaktualizowano w dniu godz dzisiaj wczoraj temu
    نشر تحديث في الساعة
    """
_DATE_WORDS = frozenset(_DATE_TEXT.split())

# Names of the model's inputs, in column order. Renaming one invalidates the shipped model.
FEATURES: tuple[str, ...] = (
    "log_words", "under4", "under8", "over25", "terminal", "colon_end", "ellipsis_end",
    "inner_sentence", "stop_share", "cap_share", "digit_share", "symbol_share", "urlish",
    "separators", "bullet", "all_caps", "title_like", "name_like", "date_like", "quote_open",
    "pos_top", "first3", "last3", "rel_len", "repeated", "outlet_repeat", "headline_sim",
    "lexicon", "prose", "prev_prose", "next_prose", "window_prose", "before_main", "after_main",
    "dist_main", "short_block", "before_headline", "page_overlap", "between_prose",
)


@dataclass(frozen=True)
class LineShape:
    """One non-empty line of a page and what its surface says."""

    start: int
    end: int
    text: str
    key: str
    words: float
    tokens: tuple[str, ...]  # lower-cased words of the measured prefix
    terminal: bool
    inner_sentence: bool
    stop_share: float
    cap_share: float
    digit_share: float
    symbol_share: float
    urlish: bool
    separators: int
    markup: bool
    bullet: bool
    all_caps: bool
    quote_open: bool
    colon_end: bool
    ellipsis_end: bool
    date_like: bool
    has_time: bool
    hits: tuple[LexiconHit, ...]

    @property
    def title_like(self) -> bool:
        """Reads like a headline: a few words, no closing full stop, no markup or digits soup."""
        return (
            2 <= self.words <= 22
            and not self.inner_sentence
            and not self.markup
            and not self.urlish
            and self.digit_share < 0.25
            and (not self.terminal or self.text.rstrip("\"'”’»").endswith(("?", "!")))
            and not self.date_like
            and (self.text[:1].isupper() or self.quote_open or self.text[:1].isdigit())
        )

    @property
    def name_like(self) -> bool:
        """Only names of two to four capitalised words ("Ann Lee and Bo Kim"): a byline."""
        if self.digit_share or self.terminal or self.words > 12 or self.urlish:
            return False
        names = _NAME_JOIN.split(self.text.strip("—–-•· "))
        return all(
            2 <= len(name.split()) <= 4
            and all(w[:1].isupper() for w in name.split() if w.lower() not in _NAME_PARTICLES)
            for name in names
        )

    @property
    def several_names(self) -> bool:
        """A byline of two or more people ("Ann Lee and Bo Kim")."""
        return self.name_like and bool(_NAME_JOIN.search(self.text))

    @property
    def prose(self) -> bool:
        """Running prose: enough words, sentence punctuation, function words."""
        return (
            self.words >= 12
            and ((self.terminal and not self.ellipsis_end) or self.words >= 25)
            and self.stop_share >= 0.12
            and not self.markup
        )


def line_key(line: str) -> str:
    """Normalisation for repetition: lower-case, digits -> '0', whitespace collapsed, stripped."""
    lowered = re.sub(r"\d", "0", line.lower())
    return " ".join(lowered.split())


def is_date_like(tokens: list[str]) -> bool:
    if not tokens or len(tokens) > 14:
        return False
    return any(t[:1].isdigit() for t in tokens) and all(
        t.isdigit() or t in _DATE_WORDS or _CLOCK_TOKEN.fullmatch(t) for t in tokens
    )


def measure_line(text: str, start: int) -> LineShape:
    """The surface of one line; cost is bounded by `_MEASURE_CHARS`."""
    head = text[:_MEASURE_CHARS]
    raw_tokens = _WORD.findall(head)
    cjk = len(_CJK.findall(head))
    words = float(sum(1 for t in raw_tokens if not _CJK.search(t))) + cjk / 1.5
    if len(text) > len(head) and head:
        words *= len(text) / len(head)
    lowered = [t.lower() for t in raw_tokens]
    alpha = [t for t in raw_tokens if not t.isdigit()]
    if _COVERED.search(head) and lowered:
        stop_share = sum(t in STOP_WORDS for t in lowered) / len(lowered)
    else:
        stop_share = 0.35 if words >= 8 else 0.0
    cap_share = sum(t[:1].isupper() for t in alpha) / len(alpha) if alpha else 0.0
    n = max(len(head), 1)
    # Character classes counted by regex: a per-character Python loop was most of the page cost.
    digits = len(_DIGIT.findall(head))
    symbols = len(_SYMBOL.findall(head))
    stripped = text.rstrip()
    return LineShape(
        start=start,
        end=start + len(text),
        text=text,
        key=line_key(head),
        words=words,
        tokens=tuple(lowered[:400]),
        terminal=bool(_TERMINAL.search(stripped[-12:])),
        inner_sentence=bool(_INNER_SENTENCE.search(head)),
        stop_share=stop_share,
        cap_share=cap_share,
        digit_share=digits / n,
        symbol_share=symbols / n,
        urlish=bool(_URLISH.search(head)),
        separators=len(_SEPARATORS.findall(head)),
        markup=bool(_MARKUP.search(head)),
        bullet=bool(_BULLET.match(head)),
        all_caps=len(_LETTER.findall(head)) >= 4 and head == head.upper(),
        quote_open=bool(_QUOTE_OPEN.match(head)),
        colon_end=stripped.endswith(":"),
        ellipsis_end=stripped.endswith(("...", "…")),
        date_like=is_date_like(lowered),
        has_time=bool(_TIME.search(head)),
        hits=tuple(lexicon_hits(head, int(words))),
    )


def read_lines(full_text: str) -> list[LineShape]:
    """Every non-empty line of `full_text`, measured, with its offsets."""
    shapes: list[LineShape] = []
    pos = 0
    for raw in full_text.split("\n"):
        if raw.strip():
            shapes.append(measure_line(raw, pos))
        pos += len(raw) + 1
    return shapes


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _content_words(shape: LineShape) -> Counter[str]:
    return Counter(t for t in shape.tokens[:200] if len(t) > 3 and t not in STOP_WORDS
                   and not t.isdigit())


def main_region(shapes: list[LineShape]) -> tuple[int, int]:
    """First and last prose line (the article runs between them); (-1, -1) when there is none."""
    prose = [i for i, s in enumerate(shapes) if s.prose]
    return (prose[0], prose[-1]) if prose else (-1, -1)


def _distance_to_prose(prose: list[bool]) -> list[int]:
    """Distance (in lines) to the nearest prose line, both ways, in two linear passes."""
    n = len(prose)
    dist = [n] * n
    d = n
    for i in range(n):
        d = 0 if prose[i] else d + 1
        dist[i] = d
    d = n
    for i in range(n - 1, -1, -1):
        d = 0 if prose[i] else d + 1
        dist[i] = min(dist[i], d)
    return dist


def _page_overlaps(shapes: list[LineShape], prose: list[bool]) -> list[float]:
    """Each line's share of content words the page's prose also uses (0.5 with none).

    The vocabulary of the page's prose: a teaser of another story or a menu shares little of it.
    A prose line's own words are left out of the count it is measured against.
    """
    vocabulary: Counter[str] = Counter()
    content = [_content_words(s) for s in shapes]
    for words_of, p in zip(content, prose, strict=True):
        if p:
            vocabulary.update(words_of)
    overlaps = []
    for own, p in zip(content, prose, strict=True):
        if own:
            shared = sum(1 for w in own if vocabulary[w] - (own[w] if p else 0) > 0)
            overlaps.append(shared / len(own))
        else:
            overlaps.append(0.5)
    return overlaps


@dataclass(frozen=True)
class _PageView:
    """What a page says around each of its lines, measured once for the whole page."""

    n: int
    counts: Counter[str]  # how often each line key occurs on the page
    median_len: int
    prose: list[bool]
    first: int  # the main region (``main_region``)
    last: int
    dist: list[int]  # lines to the nearest prose line
    prefix: list[int]  # prose lines before each index
    short_prefix: list[int]  # lines of fewer than 8 words before each index
    overlaps: list[float]  # share of content words the page's prose also uses
    headline: int | None
    title_tokens: set[str]
    outlet_lines: frozenset[str]


def _view_page(shapes: list[LineShape], headline: int | None, title_tokens: set[str],
               outlet_lines: frozenset[str]) -> _PageView:
    n = len(shapes)
    lengths = sorted(len(s.text) for s in shapes)
    prose = [s.prose for s in shapes]
    first, last = main_region(shapes)
    prefix = [0]
    short_prefix = [0]
    for s, p in zip(shapes, prose, strict=True):
        prefix.append(prefix[-1] + p)
        short_prefix.append(short_prefix[-1] + (s.words < 8))
    return _PageView(
        n=n, counts=Counter(s.key for s in shapes), median_len=max(lengths[n // 2], 20),
        prose=prose, first=first, last=last, dist=_distance_to_prose(prose), prefix=prefix,
        short_prefix=short_prefix, overlaps=_page_overlaps(shapes, prose), headline=headline,
        title_tokens=title_tokens, outlet_lines=outlet_lines,
    )


def _line_features(i: int, s: LineShape, page: _PageView) -> tuple[float | bool, ...]:
    """One row of the feature matrix, in the order of ``FEATURES``."""
    n, prose, first = page.n, page.prose, page.first
    lo, hi = max(0, i - 3), min(n, i + 4)
    window_prose = (page.prefix[hi] - page.prefix[lo] - prose[i]) / max(hi - lo - 1, 1)
    short_block = (page.short_prefix[hi] - page.short_prefix[lo]) / (hi - lo)
    sim = _jaccard(set(s.tokens[:60]), page.title_tokens) if page.title_tokens else 0.0
    return (
        math.log1p(s.words),
        s.words < 4,
        s.words < 8,
        s.words > 25,
        s.terminal,
        s.colon_end,
        s.ellipsis_end,
        s.inner_sentence,
        s.stop_share,
        s.cap_share,
        min(s.digit_share * 3, 1.0),
        min(s.symbol_share * 3, 1.0),
        s.urlish,
        min(s.separators, 5) / 5,
        s.bullet,
        s.all_caps,
        s.title_like,
        s.name_like,
        s.date_like,
        s.quote_open,
        i / max(n - 1, 1),
        i < 3,
        i >= n - 3,
        min(len(s.text) / page.median_len, 4.0) / 4,
        page.counts[s.key] > 1,
        s.key in page.outlet_lines,
        sim,
        bool(s.hits),
        prose[i],
        i > 0 and prose[i - 1],
        i + 1 < n and prose[i + 1],
        window_prose,
        first >= 0 and i < first,
        first >= 0 and i > page.last,
        min(math.log1p(page.dist[i]), 3.0) / 3 if first >= 0 else 1.0,
        short_block,
        page.headline is not None and i < page.headline,
        page.overlaps[i],
        0 < i < n - 1 and prose[i - 1] and prose[i + 1],
    )


def page_features(
    shapes: list[LineShape],
    headline: int | None,
    title_tokens: set[str],
    outlet_lines: frozenset[str],
) -> np.ndarray:
    """The feature matrix of a page: one row per line, columns as `FEATURES`."""
    out = np.zeros((len(shapes), len(FEATURES)), dtype=float)
    if not shapes:
        return out
    page = _view_page(shapes, headline, title_tokens, outlet_lines)
    for i, s in enumerate(shapes):
        out[i] = _line_features(i, s, page)
    return out
