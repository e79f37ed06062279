"""Page furniture in plain text: appeals, 'read also' lists, captions, bylines, tickers ...

Text that was already extracted, copied or machine-translated still carries the page around the
article, and no extractor removes it from plain text. This stage decides, line by line, what is
furniture; the pipeline turns each decision into a removed `Span` with its reason, so the text is
kept as evidence and can be restored.

How a line is decided, first match wins:

1. transparent rules for kinds that are unambiguous (rule names say which fired): a lexicon
   phrase (`furniture_lexicon`), a date- or timestamp-only line, a ticker, a byline, a photo
   credit or captioned credit, a second copy of the headline, a pull quote (a short line that
   repeats a sentence of the body), a second copy of the article, a 'Read also' header and the
   headlines listed under it;
2. otherwise a small logistic-regression model over line features (`furniture_features`),
   fitted by `bench/fit_furniture.py` and shipped as feature names and weights only
   (`docket/data/furniture_model.json`); the kind of a line it drops comes from the line's shape;
3. then the page's main body, the densest run of prose (`main_body`, costed with the model's
   verdicts on the short lines), takes the place of the page: prose below it, or above it past a
   menu's worth of furniture, is another story's teaser, a sidebar's blurb or a comment
   (`region:below-main-body`, `region:above-main-body`) when the body holds most of the prose.

The article's headline (the title the container states, else the last headline-like line above
the first paragraph) is never dropped by the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from docket.clean.furniture_features import (
    FEATURES,
    LineShape,
    is_date_like,
    main_region,
    page_features,
    read_lines,
)
from docket.clean.furniture_features import line_key as _line_key
from docket.clean.furniture_lexicon import SECTION_WORDS
from docket.errors import DocketError
from docket.model import Span

KINDS: tuple[str, ...] = (
    "navigation", "section_label", "byline_desk", "read_time", "date_header", "ticker",
    "related_list", "appeal", "share_prompt", "comment_form", "cookie", "caption", "credit",
    "mt_disclaimer", "advertisement", "media_listing", "repeated_headline", "pull_quote",
    "other_story", "code_residue", "other",
)

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "furniture_model.json"


@dataclass(frozen=True)
class FurnitureContext:
    """What is known about a page beyond its text."""

    title: str | None = None  # title stated by the container (JSONL/feed/HTML meta), if any
    outlet_lines: frozenset[str] = frozenset()  # line_key()s seen on >=2 OTHER pages of the outlet


@dataclass(frozen=True)
class LineVerdict:
    """The decision on one non-empty line of `full_text`."""

    start: int  # the line in full_text, without its newline
    end: int
    drop: bool
    kind: str  # a KINDS value when drop, else "headline" or "body"
    rule: str  # what decided: "lexicon:appeal", "model:furniture-lr v1 (p=0.93)", ...
    score: float  # model probability of furniture (1.0 / 0.0 for hard rules)


def line_key(line: str) -> str:
    """Normalisation for repetition: lower-case, digits -> '0', whitespace collapsed, stripped."""
    return _line_key(line)


@dataclass(frozen=True)
class FurnitureModel:
    """A logistic regression over standardised line features; weights only, no text."""

    name: str
    version: int
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        z = ((matrix - self.mean) / self.scale) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FurnitureModel:
        features = tuple(data["features"])
        if features != FEATURES:
            raise ValueError("model features do not match furniture_features.FEATURES")
        return cls(
            name=str(data["name"]),
            version=int(data["version"]),
            features=features,
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            weights=np.asarray(data["weights"], dtype=float),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )

    def to_json(self, **extra: Any) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "features": list(self.features),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "weights": [round(float(x), 6) for x in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            **extra,
        }


@lru_cache(maxsize=1)
def shipped_model() -> FurnitureModel:
    """The model in docket/data. A missing or unreadable model is an installation fault: it
    stops the run with advice rather than quietly cleaning pages with the rules alone."""
    try:
        return FurnitureModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DocketError(f"the furniture model {MODEL_PATH} cannot be read ({exc}); "
                          "reinstall Docket (pip install .)") from exc


# --- transparent rules -------------------------------------------------------------------------

_UNIX_TIME = re.compile(r"\d{9,10}|\d{12,13}")
_COUNTER = re.compile(r"[\d\s,.]{1,12}")
_CURRENCY_PAIR = re.compile(r"\b[A-Z]{3} ?/ ?[A-Z]{3}\b")
# Only asked whether a line holds one: a sign before the number never decides that, and a number
# is read from the start of its digits, taken whole, so a long run of digits costs linear time
# (tried from each digit it cost the square of the run; issue 14).
_QUOTE_NUMBER = re.compile(
    r"(?<!\d)\d++(?:[.,]\d++)?\s?%|[$€£₴₽¥]\s?\d|\d\s?[$€£₴₽¥]|(?<!\d)\d++\s?°")
_TEMPERATURE = re.compile(r"[+-−]?\d{1,2}\s?°\s?[CF]?\b|[+-−]\d{1,2}\s?°")
# A menu: three or more short items between pipes or breadcrumb arrows.
_MENU_ITEM_SPLIT = re.compile(r"\s[|›»>/]\s|\s·\s")
_BYLINE = re.compile(
    r"^(?:by|von|par|por|przez|від|автор:?|автори:?|—|–|-)\s*(?P<name>[^\d@#:]{3,80})$",
    re.IGNORECASE,
)
# A caption ends with its credit: "[GETTY IMAGES]", "(AP Photo/...)", "Photo: ...", "/ Agency".
_CAPTION_END_I = re.compile(
    r"(?:\[(?:getty|afp|reuters|ap|epa|file|photo)[^\]]{0,60}\]?|"
    r"\((?:ap|afp|reuters|epa|getty)\b[^)]{0,60}\)|\((?:photo|фото|foto)\b[^)]{2,60}\)|"
    r"\b(?:photo|image|foto|фото)(?: credit)?\s?:\s?[^.]{2,60}|via getty images|"
    r"getty images|shutterstock|(?:\bvia|/)\s?(?:ap|afp|reuters|getty images|getty|epa|anadolu"
    r"|tass)\)?\]?)\s*$",
    re.IGNORECASE,
)
_CAPTION_END_SLASH = re.compile(r"[.)]\s/\s[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}\s*$")
_CREDIT = re.compile(
    r"^[\w .'’-]{2,40}\s?[/|]\s?(?:ap|afp|reuters|getty( images)?|epa|tass|anadolu|shutterstock"
    r"|bloomberg|dpa|ukrinform|unian|ria novosti|xinhua)\b.{0,30}$",
    re.IGNORECASE,
)
_EMBEDDED_POST = re.compile(
    r"pic\.twitter\.com/\w+|^— .{2,60}\(@\w+\) \w+ \d{1,2}, \d{4}$|^— .{2,60}\(@\w+\)$"
)
# A rule that keeps a line says so with this kind (it is not a furniture kind).
KEEP = "body"
# "Name Surname/Agency Name": a photographer and the agency, on a line of their own.
_CREDIT_SLASH = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3} ?/ ?[A-Z][\w&'’. -]{1,40}")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_PULL_QUOTE_CHECKS = 300  # candidates searched for in the body, so a huge page stays linear
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+")


def _bare_key(key: str) -> str:
    return _EDGE.sub("", key)


def find_headline(
    shapes: list[LineShape], title: str | None, decided: list[tuple[str, str] | None] | None = None
) -> int | None:
    """The article's own headline: the stated title's line, else a best guess from the top.

    The guess is the last headline-like line above the first paragraph that no rule claimed,
    unless one such line is repeated: a page repeats its own headline, not its menus.
    """
    if title:
        want = _bare_key(line_key(title))
        for i, s in enumerate(shapes):
            if want and _bare_key(s.key) == want:
                return i
    first, _ = main_region(shapes)
    # The 30 lines above the body: a map widget or a long menu may push the headline far down.
    end = first if first >= 0 else min(len(shapes), 30)
    undecided = [i for i in range(max(0, end - 30), end) if decided is None or decided[i] is None]
    candidates = _headline_candidates(shapes, undecided, first)
    if not candidates:
        chosen = _first_line_headline(shapes, first, decided)
        return chosen if chosen is not None else _sentence_headline(shapes, undecided)
    repeated = _repeated_candidate(shapes, candidates)
    if repeated is not None:
        return repeated
    last = candidates[-1]
    # Headline, then a standfirst without a full stop, then the body: the standfirst is the last
    # headline-like line, but the headline is the one above it.
    # (A short masthead above a short headline is not a headline above its standfirst.)
    if len(candidates) >= 2 and candidates[-2] == last - 1 \
            and (shapes[last - 1].words >= 4 or shapes[last].words >= 12) \
            and all(shapes[k].terminal and (decided is None or decided[k] is None)
                    for k in range(last + 1, max(first, last + 1))):
        return candidates[-2]
    return last


def _headline_candidates(shapes: list[LineShape], undecided: list[int], first: int) -> list[int]:
    """Headline-like lines of four words or more; a text's very first line may be a headline
    of two or three ("Лекция с фокусами") when the body starts right below it or below its
    standfirst."""
    opening = 0 < first <= 2 and _short_opening(shapes[0])
    return [i for i in undecided
            if ((shapes[i].title_like and shapes[i].words >= 4) or (i == 0 and opening))
            and not shapes[i].hits and not shapes[i].several_names]


def _repeated_candidate(shapes: list[LineShape], candidates: list[int]) -> int | None:
    """A headline the page repeats is the headline, also behind a rubric ("News from Russia:
    <headline>", then "<headline>" alone): the first of the two."""
    seen: dict[str, int] = {}
    for i in candidates:
        key = _bare_key(shapes[i].key)
        if key in seen:
            return seen[key]
        if shapes[i].words >= 5:
            longer = next((j for k, j in seen.items()
                           if k.endswith(" " + key) or k.endswith(": " + key)), None)
            if longer is not None:
                return longer
        seen[key] = i
    return None


def _short_opening(s: LineShape) -> bool:
    """Two to eight words, one sentence at most, full stop or not: a short headline's shape."""
    return 2 <= s.words <= 8 and not s.inner_sentence and not s.date_like and not s.markup \
        and not s.urlish and s.digit_share < 0.25 and (s.text[:1].isupper() or s.quote_open)


def _first_line_headline(shapes: list[LineShape], first: int,
                         decided: list[tuple[str, str] | None] | None) -> int | None:
    """A text that opens with a short line right above its first paragraph opens with its
    headline, however short ("Лекция с фокусами", "Crisis beats fashion.")."""
    if first != 1 or (decided is not None and decided[0] is not None):
        return None
    s = shapes[0]
    if 2 <= s.words <= 22 and not s.inner_sentence and not s.date_like and not s.markup \
            and not s.urlish and not s.prose and (s.text[:1].isupper() or s.quote_open):
        return 0
    return None


def _sentence_headline(shapes: list[LineShape], undecided: list[int]) -> int | None:
    """No headline-like line above the body: a headline may still end with a full stop. The
    first short single sentence above the body, if it is not the body's start, is taken."""
    for i in undecided:
        s = shapes[i]
        if 4 <= s.words <= 20 and not s.inner_sentence and not s.date_like and not s.prose \
                and not s.markup and not s.urlish and s.text[:1].isupper():
            return i
    return None


# A market quote by its currency code: "USD 41,25 EUR 44,90", "OIL72.43".
_CURRENCY_QUOTE = re.compile(r"\b(?:USD|EUR|GBP|RUB|UAH|PLN|CHF|CNY|OIL|BRENT)\s?\d+(?:[.,]\d+)?")


def _ticker(s: LineShape) -> bool:
    if s.words > 8:
        return False
    if _CURRENCY_QUOTE.search(s.text) and not s.terminal:
        return True
    if s.words <= 6 and _TEMPERATURE.search(s.text):
        return True
    if _CURRENCY_PAIR.search(s.text) or (_QUOTE_NUMBER.search(s.text) and s.digit_share >= 0.15):
        return True
    # A world clock: a place name or two, then a date and time.
    if s.has_time and s.words <= 6:
        rest = [t for t in s.text.replace(",", " ").split()
                if not any(c.isdigit() for c in t) and t.lower().strip(".") not in
                ("a.m", "p.m", "am", "pm", "a.m.", "p.m.")]
        return 1 <= len(rest) <= 3 and all(t[:1].isupper() for t in rest)
    return False


def _byline(s: LineShape) -> bool:
    m = _BYLINE.match(s.text)
    if not m or s.words > 9:
        return False
    name = m.group("name").strip()
    parts = [p for p in re.split(r"[,&]|\band\b|\bі\b|\bи\b|\bund\b|\bet\b|\by\b", name)
             if p.strip()]
    return all(
        1 <= len(p.split()) <= 4 and all(w[:1].isupper() for w in p.split()) for p in parts
    )


# "Source: <an official>, on Telegram" names who made the statement: the article's own words.
# "Source: Reuters" or "Джерело: site.ua" names the outlet a reprint took the text from.
_STATED_SOURCE = re.compile(
    r"\b(?:on|in|via) (?:telegram|facebook|x|twitter|instagram|youtube)\b|\breport\b|"
    r"\bstatement\b|\bbriefing\b|\bpress (?:service|office|release)\b|"
    r",\s*(?:the )?(?:head|chief|spokes\w*|commander|governor|mayor|minister|deputy)\b|"
    r"\b(?:у|в) (?:telegram|телеграм\w*|фейсбуці|facebook)\b|\bзвіт\w*|\bзаяв\w*|\bзвернен\w*|"
    r"\bпресслужб\w*|\bпрес-служб\w*|\bпресс-служб\w*|\bсообщени\w*|\bповідомленн\w*|"
    r",\s*(?:голова|керівник|начальник|глава|мер|міністр|министр|губернатор|речник|"
    r"представитель)\b",
    re.IGNORECASE,
)
# A date (and time), then the desk or outlet: "1 April 2025, 07:15 — Agency Name".
_DESK_AFTER_DATE = re.compile(r"\s+[—–|]\s+|\s+-\s+")


_SOURCE_LABEL = re.compile(r"\W*(?:sources?|джерела?|источник|источники)\s*:", re.IGNORECASE)


def _stated_source(s: LineShape, hit_kind: str) -> bool:
    return hit_kind == "byline_desk" and s.words <= 30 and bool(_SOURCE_LABEL.match(s.text)) \
        and bool(_STATED_SOURCE.search(s.text))


def _section_menu(s: LineShape) -> bool:
    """A short line made only of section words: a menu without separators."""
    return 2 <= len(s.tokens) <= 8 and not s.terminal \
        and all(t in SECTION_WORDS for t in s.tokens)


def _date_and_desk(s: LineShape) -> bool:
    parts = _DESK_AFTER_DATE.split(s.text.strip())
    if len(parts) < 2 or s.words > 16 or s.terminal:
        return False
    head = re.findall(r"\w+", parts[0].lower())
    rest = re.findall(r"\w+", " ".join(parts[1:]).lower())
    return is_date_like(head) and 1 <= len(rest) <= 8 and not is_date_like(rest)


def _line_rule(s: LineShape) -> tuple[str, str] | None:
    """Rules that look at one line alone."""
    if s.hits:
        hit = s.hits[0]
        if _stated_source(s, hit.kind):
            return KEEP, "shape:stated-source"
        return hit.kind, f"lexicon:{hit.kind}"
    text = s.text
    if _section_menu(s):
        return "navigation", "shape:section-words"
    if _UNIX_TIME.fullmatch(text):
        return "date_header", "date:unix-timestamp"
    if s.date_like:
        return "date_header", "date:date-only-line"
    if _date_and_desk(s):
        return "byline_desk", "shape:date-and-desk"
    if _COUNTER.fullmatch(text) and any(c.isdigit() for c in text):
        return "other", "shape:bare-number"
    if _ticker(s):
        return "ticker", "shape:ticker"
    if _byline(s):
        return "byline_desk", "shape:byline"
    if s.words <= 20 and not s.terminal:
        items = _MENU_ITEM_SPLIT.split(text)
        if len(items) >= 3 and all(1 <= len(item.split()) <= 3 for item in items):
            return "navigation", "shape:menu"
    if s.words <= 8 and (_CREDIT.match(text) or (not s.terminal and _CREDIT_SLASH.fullmatch(text))):
        return "credit", "shape:photo-credit"
    credited = _CAPTION_END_I.search(text[-120:]) or _CAPTION_END_SLASH.search(text[-80:])
    if s.words >= 4 and credited:
        return "caption", "shape:caption-with-credit"
    return None


def _adjacent_copies(shapes: list[LineShape], decided: list[tuple[str, str] | None]) -> None:
    """Alt text and caption of one picture come out as two adjacent near-identical lines.

    Only longer lines: a short line said twice in a row is more often the headline twice.
    """
    for i in range(len(shapes) - 1):
        a, b = shapes[i], shapes[i + 1]
        if a.words < 12 or b.words < 12:
            continue
        ruled = [r for r in (decided[i], decided[i + 1]) if r is not None]
        if ruled and (len(ruled) == 2 or ruled[0][0] != "caption"):
            continue
        if not ruled and (a.title_like or b.title_like):
            continue  # a headline said twice
        ta, tb = set(a.tokens), set(b.tokens)
        if len(ta & tb) / max(len(ta | tb), 1) >= 0.75:
            for j in (i, i + 1):
                decided[j] = decided[j] or ("caption", "repeat:adjacent-copy")


def _captions_above_credits(
    shapes: list[LineShape], headline: int | None, decided: list[tuple[str, str] | None]
) -> None:
    """A line right above a photo credit is that photo's caption; a short one above a credited
    caption is the picture's alt text or label."""
    for i in range(len(shapes) - 1, 0, -1):
        rule = decided[i]
        above = i - 1
        if rule is None or decided[above] is not None or above == headline:
            continue
        if rule[0] == "credit" and shapes[above].words <= 90:
            decided[above] = ("caption", "shape:above-photo-credit")
        elif rule[1] == "shape:caption-with-credit" and shapes[above].words <= 6 \
                and not shapes[above].terminal:
            decided[above] = ("caption", "shape:label-above-caption")


# A repeated line longer than this is left to the other rules even when the outlet repeats it:
# an outlet's follow-up stories legitimately reuse background paragraphs.
_OUTLET_REPEAT_MAX_WORDS = 20


def _outlet_repeats(shapes: list[LineShape], headline: int | None,
                    decided: list[tuple[str, str] | None], outlet_lines: frozenset[str]) -> None:
    """A line the same outlet prints on at least two other pages is its furniture.

    The newsfurniture pages come one per site, so no model can learn this signal from them;
    it is a rule, fed by the ledger's per-outlet line index.
    """
    if not outlet_lines:
        return
    for i, s in enumerate(shapes):
        if decided[i] is None and i != headline and s.key in outlet_lines \
                and (not s.prose or s.words <= _OUTLET_REPEAT_MAX_WORDS):
            decided[i] = ("other", "repeat:outlet (on 2+ other pages of the outlet)")


_DATED_LIST_GAP = 3  # at most this many lines from one teaser's date to the next


def _teaser_line(s: LineShape) -> bool:
    """A teaser's headline or its cut-off summary, not a sentence of the article."""
    return s.title_like or s.ellipsis_end


def _dated_teasers(shapes: list[LineShape], headline: int | None,
                   decided: list[tuple[str, str] | None]) -> None:
    """Below the start of the article, headlines alternating with bare dates are a list of the
    site's other stories ("<headline> / 29 December 2025, 12:51 / <headline> / ..."). A
    chronology in the article (a date, then what happened in full sentences) is left alone."""
    first_prose = next((i for i, s in enumerate(shapes) if s.prose), None)
    if first_prose is None:
        return
    dates = [i for i in range(first_prose + 1, len(shapes)) if shapes[i].date_like]
    for a, b in zip(dates, dates[1:], strict=False):
        between = range(a + 1, b)
        if not 1 <= b - a <= _DATED_LIST_GAP or not all(
                _teaser_line(shapes[k]) and decided[k] is None and k != headline
                for k in between) or not between:
            continue
        above = a - 1
        for k in [above, *between] if above > first_prose and _teaser_line(shapes[above]) \
                and decided[above] is None and above != headline else list(between):
            decided[k] = ("other_story", "list:dated-teasers")


# "As <outlet> reported earlier, ..." opening a paragraph: what the outlet promotes of its own.
_EARLIER_STORY = re.compile(
    r"(?:как ранее (?:писал|сообщал|рассказывал)\w*|ранее (?:писал|сообщал)\w*|"
    r"як раніше (?:писав|писала|писали|повідомляв|повідомляла|повідомляли|розповідав)\w*|"
    r"as (?:we|[^,]{2,60}) (?:reported|wrote) (?:earlier|previously))\s+(?P<who>[^,]{2,60}),",
    re.IGNORECASE,
)


def _desk_names(shapes: list[LineShape], decided: list[tuple[str, str] | None]) -> set[str]:
    """The outlet or desk names the page's own byline lines give ("<date> — Agency Name")."""
    names = set()
    for s, rule in zip(shapes, decided, strict=True):
        if rule is not None and rule[0] == "byline_desk":
            for part in _DESK_AFTER_DATE.split(s.text.strip())[1:] or [s.text]:
                key = " ".join(re.findall(r"\w+", part.lower()))
                if key:
                    names.add(key)
    return names


def _own_earlier_stories(shapes: list[LineShape], headline: int | None,
                         decided: list[tuple[str, str] | None]) -> None:
    """'As <this outlet> wrote earlier, ...' is the outlet promoting another of its stories,
    not background to this one ("Нагадаємо", "Раніше ми писали" are left to the article)."""
    names = _desk_names(shapes, decided)
    if not names:
        return
    for i, s in enumerate(shapes):
        m = _EARLIER_STORY.match(s.text[:200]) if decided[i] is None and i != headline else None
        if m and " ".join(re.findall(r"\w+", m.group("who").lower())) in names:
            decided[i] = ("other_story", "shape:outlet-earlier-story")


def _opening_sentence(shapes: list[LineShape], headline: int | None,
                      decided: list[tuple[str, str] | None]) -> None:
    """A text whose first line is a full sentence opens with its lede, even one thick with
    names and figures and thin on function words (a procurement notice, a court ruling)."""
    if not shapes or decided[0] is not None or headline == 0:
        return
    s = shapes[0]
    if s.words >= 12 and s.terminal and not s.ellipsis_end and not s.markup and not s.urlish:
        decided[0] = (KEEP, "shape:opening-sentence")


_SUBHEAD_MAX_WORDS = 6


def _subheads(shapes: list[LineShape], headline: int | None,
              decided: list[tuple[str, str] | None]) -> None:
    """A short heading between two paragraphs of the body ("What we know:") is the article's
    own: kept whatever the model says. A caption or a teaser there is told by a rule first."""
    first, last = main_region(shapes)
    for i in range(max(first, 1), min(last, len(shapes) - 1)):
        s = shapes[i]
        if decided[i] is None and i != headline and s.words <= _SUBHEAD_MAX_WORDS \
                and (s.title_like or s.colon_end) and not s.name_like and not s.has_time \
                and shapes[i - 1].prose and shapes[i + 1].prose:
            decided[i] = (KEEP, "shape:subhead")


def _embedded_posts(shapes: list[LineShape], decided: list[tuple[str, str] | None]) -> None:
    """Social posts the article quotes are the article's: keep them whatever the model says."""
    for i, s in enumerate(shapes):
        if decided[i] is None and _EMBEDDED_POST.search(s.text):
            decided[i] = (KEEP, "shape:embedded-post")


def _repeated_headline(
    shapes: list[LineShape], headline: int | None, decided: list[tuple[str, str] | None]
) -> None:
    """The headline again, or a title-like line its start repeats (a shortened headline)."""
    if headline is None:
        return
    head = _bare_key(shapes[headline].key)
    for i, s in enumerate(shapes):
        if i == headline or decided[i]:
            continue
        key = _bare_key(s.key)
        if key == head or (s.words >= 3 and len(key) >= 12 and s.title_like
                           and (head.startswith(key) or head.endswith(" " + key))):
            decided[i] = ("repeated_headline", "repeat:headline")


def _second_copy(
    shapes: list[LineShape], headline: int | None, decided: list[tuple[str, str] | None]
) -> None:
    """A second copy of the article: a run of three or more lines each seen earlier on the page.

    (``headline`` is not read: every rule of ``_REPEAT_RULES`` is called the same way.)
    """
    n = len(shapes)
    seen: set[str] = set()
    earlier = []
    for s in shapes:
        earlier.append(s.key in seen)
        seen.add(s.key)
    i = 0
    while i < n:
        j = i
        while j < n and earlier[j]:
            j += 1
        if j - i >= 3:
            for k in range(i, j):
                if not decided[k]:
                    decided[k] = ("other", "repeat:second-copy")
        i = j + 1 if j == i else j


def _body_sentences(shapes: list[LineShape], headline: int | None, first: int) -> dict[str, int]:
    """Each sentence of the body (its bare key) and the line it first stands in.

    The standfirst (first paragraph) is a summary that may repeat body sentences verbatim: it
    is not a pull quote's source.
    """
    sentences: dict[str, int] = {}
    for i, s in enumerate(shapes):
        if i == first or (headline is not None and i < headline):
            continue
        if s.words >= 8 and len(s.text) < 20000:
            for sentence in _SENTENCE_SPLIT.split(s.text):
                sentences.setdefault(_bare_key(line_key(sentence)), i)
    return sentences


def _pull_quotes(
    shapes: list[LineShape], headline: int | None, decided: list[tuple[str, str] | None]
) -> None:
    """A pull quote repeats a sentence of the body in a line of its own."""
    first, _ = main_region(shapes)
    sentences = _body_sentences(shapes, headline, first)
    # A fragment of a sentence set apart is one too; prose text is searched once per candidate.
    body = "\n".join(s.key for i, s in enumerate(shapes)
                     if s.prose and i != first and (headline is None or i > headline))
    checked = 0
    for i, s in enumerate(shapes):
        if decided[i] or i == headline or not 4 <= s.words <= 40:
            continue
        key = _bare_key(s.key)
        other = sentences.get(key)
        repeats_sentence = (other is not None and other != i
                            and len(shapes[other].text) > len(s.text) * 1.2)
        repeats_fragment = (not s.prose and len(key) >= 20 and checked < _PULL_QUOTE_CHECKS
                            and key in body)
        if repeats_sentence or repeats_fragment:
            decided[i] = ("pull_quote", "repeat:pull-quote")
        checked += 1




def _excerpt_of_body(
    shapes: list[LineShape], headline: int | None, decided: list[tuple[str, str] | None]
) -> None:
    """A reprint's opening summary (the page's meta description) that holds the whole paragraph
    right below it word for word is a copy: the paragraph is kept, the summary dropped. (A
    standfirst whose words the body repeats further down is the article's and stays.)

    Only lines near the top of the body are tried, so a long page costs no more than a short one.
    """
    first, _ = main_region(shapes)
    if first < 0:
        return
    for i in range(max(0, first - 3), min(len(shapes), first + 2)):
        s = shapes[i]
        if decided[i] or i == headline or s.words < 30:
            continue
        key = _bare_key(s.key)
        below = shapes[i + 1] if i + 1 < len(shapes) else None
        if below is not None and below.prose and below.words >= 12 \
                and len(below.key) < len(s.key) and _bare_key(below.key) in key:
            decided[i] = ("other", "repeat:excerpt-of-body")


# Rules that compare lines, in this order: each sees what the ones before it decided.
_REPEAT_RULES = (_repeated_headline, _second_copy, _excerpt_of_body, _pull_quotes)


def _repeat_rules(
    shapes: list[LineShape], headline: int | None, decided: list[tuple[str, str] | None]
) -> None:
    """Rules that compare lines: repeated headline, second copy, pull quotes."""
    for rule in _REPEAT_RULES:
        rule(shapes, headline, decided)


def _related_lists(shapes: list[LineShape], headline: int | None,
                   decided: list[tuple[str, str] | None]) -> None:
    """A 'Read also' header takes the headlines listed under it, up to the next paragraph (the
    article's own headline below a 'Latest news' header ends the list)."""
    n = len(shapes)
    for i, s in enumerate(shapes):
        if not (s.hits and s.hits[0].kind == "related_list" and s.hits[0].how == "whole"):
            continue
        for j in range(i + 1, min(n, i + 16)):
            t = shapes[j]
            if (t.prose and not t.ellipsis_end) or j == headline:
                break
            if decided[j] is None:
                decided[j] = ("related_list", "list:after-related-header")


# "Comments (12)", "12 comments": a link in the share bar as often as a section header, so it
# does not open a comment section on its own. The brackets of "(12)" are non-word characters,
# so "\W* digits \W*" covers them; each run is taken whole (possessive), because two \W* around
# an optional count cost time growing with the square of a long run of brackets (issue 14).
_COMMENT_COUNT = re.compile(r"\W*+(?:\d++\s*+)?(?:comments?|коментар\w*+|комментар\w*+|kommentare?)"
                            r"\W*+\d*+\W*+", re.IGNORECASE)


def _comment_sections(shapes: list[LineShape], decided: list[tuple[str, str] | None]) -> None:
    """Below a comment form or a comments header that follows the article, the page is readers'
    comments and their form: not the article, whatever prose they hold."""
    prose_chars = prose_lines = 0
    for i, s in enumerate(shapes):
        if (prose_lines >= 2 and prose_chars >= 400 and s.hits
                and s.hits[0].kind == "comment_form" and s.hits[0].how != "lead"
                and not _COMMENT_COUNT.fullmatch(s.text)):
            for j in range(i + 1, len(shapes)):
                if decided[j] is None:
                    decided[j] = ("comment_form", "section:below-comments-header")
            return
        if s.prose:
            prose_lines += 1
            prose_chars += len(s.text)


# --- the main body: the densest run of prose ----------------------------------------------------

# Kinds a rule finds inside an article as often as around it (a photo's caption and credit, an
# advert slot, a pull quote): they cost a run of prose almost nothing.
_INLINE_KINDS = frozenset(("caption", "credit", "pull_quote", "advertisement", "media_listing",
                           "repeated_headline", "share_prompt"))
# What a line that is not prose costs the run: a subhead or two inside an article are paid for by
# the next paragraph; a menu, a list of links or a block of teaser headlines is not.
_GAP_COST = 7.0
_INLINE_COST = 1.0
# A paragraph standing alone between short lines counts for less: it is how a teaser (headline,
# one-paragraph summary, date) or a reader's comment (name, text, 'Reply') looks.
_ISOLATED_SHARE = 0.35
_ISOLATED_MAX_WORDS = 60.0
# Below this many words of prose the page has no body worth measuring against.
_BODY_MIN_WORDS = 80.0
# The body must hold this share of the page's prose words for prose outside it to go.
_BODY_MIN_SHARE = 0.6
# Furniture (in `_GAP_COST` units: ten menu items) between prose above the body and the body.
_FAR_ABOVE_COST = 10 * _GAP_COST


def main_body(shapes: list[LineShape], prose: list[bool], cost: list[float]) -> tuple[int, int]:
    """The article's body: the run of lines where prose outweighs everything else the most.

    Each prose line scores its words (a third of them when it stands alone between short lines),
    every other line costs `cost[i]`; the best-scoring contiguous run (Kadane's maximum-sum
    segment, one linear pass) is the body, in the spirit of boilerpipe's and jusText's
    text-density extractors. (-1, -1) when the page has too little prose for a body.
    """
    n = len(shapes)
    best, best_span = 0.0, (-1, -1)
    run, run_start = 0.0, 0
    for i, s in enumerate(shapes):
        if prose[i]:
            alone = (i == 0 or not prose[i - 1]) and (i + 1 >= n or not prose[i + 1])
            weight = min(s.words, 400.0)
            if alone and s.words < _ISOLATED_MAX_WORDS:
                weight *= _ISOLATED_SHARE
        else:
            weight = -cost[i]
        if run <= 0:
            run, run_start = weight, i
        else:
            run += weight
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span if best >= _BODY_MIN_WORDS else (-1, -1)


def _outside_main_body(shapes: list[LineShape], headline: int | None,
                       decided: list[tuple[str, str] | None], furniture: list[bool]) -> None:
    """Prose far from the body is another story's teaser, a sidebar's blurb or a comment.

    `furniture[i]`: the model would drop line i. A line the model keeps (a verse, a list item
    with content) costs the run little; a menu or a teaser's headline costs it `_GAP_COST`.
    Only when the body holds most of the page's prose: a page of many equal posts or sections
    has no single body to measure against.
    """
    prose = [s.prose and (rule is None or rule[0] == KEEP)
             for s, rule in zip(shapes, decided, strict=True)]
    cost = []
    for i, rule in enumerate(decided):
        if rule is None or rule[0] == KEEP:
            cost.append(_GAP_COST if furniture[i] else _INLINE_COST)
        else:
            cost.append(_INLINE_COST if rule[0] in _INLINE_KINDS else _GAP_COST)
    first, last = main_body(shapes, prose, cost)
    if first < 0:
        return
    total = sum(s.words for i, s in enumerate(shapes) if prose[i])
    body = sum(s.words for i, s in enumerate(shapes[first:last + 1], first) if prose[i])
    if body < _BODY_MIN_SHARE * total:
        return
    # Above the body stand the headline, the standfirst and the lede, often parted from the body
    # by a picture, a byline and a date: prose there goes only when a menu's worth of furniture
    # lies between it and the body.
    above_gap = 0.0
    for i in range(first - 1, -1, -1):
        above_gap += 0.0 if prose[i] else cost[i]
        if prose[i] and above_gap >= _FAR_ABOVE_COST and i != headline and decided[i] is None:
            decided[i] = ("other_story", "region:above-main-body")
    for i in range(last + 1, len(shapes)):
        if prose[i] and i != headline and decided[i] is None:
            decided[i] = ("other_story", "region:below-main-body")


def _shape_kind(s: LineShape, i: int, region: tuple[int, int], headline: int | None) -> str:
    """The kind of a line the model drops, from what it looks like and where it stands."""
    first, last = region
    if s.markup or s.symbol_share > 0.3:
        return "code_residue"
    if s.date_like or (s.has_time and s.words <= 8):
        return "date_header"
    if s.name_like:
        return "byline_desk"
    after = first >= 0 and i > last
    if s.title_like and s.words >= 4 and (after or s.ellipsis_end):
        return "other_story"
    if (first >= 0 and i < first) or (headline is not None and i < headline):
        return "navigation" if s.separators or s.words > 3 else "section_label"
    if s.title_like and s.words >= 4:
        return "other_story"
    return "other"


@dataclass(frozen=True)
class PageAnalysis:
    """A page measured and ruled on, before the model speaks (shared with the fitting script)."""

    shapes: list[LineShape]
    headline: int | None
    decided: list[tuple[str, str] | None]  # (kind, rule) where a transparent rule fired
    features: np.ndarray


def analyse_page(full_text: str, context: FurnitureContext | None = None) -> PageAnalysis:
    """Measure every line, find the headline, apply the rules, build the feature matrix."""
    context = context or FurnitureContext()
    shapes = read_lines(full_text)
    decided: list[tuple[str, str] | None] = [_line_rule(s) for s in shapes]
    _adjacent_copies(shapes, decided)
    # Before the headline guess: a line the outlet prints on every page is not this page's title.
    _outlet_repeats(shapes, None, decided, context.outlet_lines)
    headline = find_headline(shapes, context.title, decided)
    if headline is not None:
        decided[headline] = None  # the headline itself is the article's, whatever it says
    _repeat_rules(shapes, headline, decided)
    _captions_above_credits(shapes, headline, decided)
    _related_lists(shapes, headline, decided)
    _comment_sections(shapes, decided)
    _embedded_posts(shapes, decided)
    _dated_teasers(shapes, headline, decided)
    _own_earlier_stories(shapes, headline, decided)
    _opening_sentence(shapes, headline, decided)
    _subheads(shapes, headline, decided)
    title = context.title or (shapes[headline].text if headline is not None else "")
    title_tokens = set(re.findall(r"\w+", title.lower()[:2000])) if title else set()
    features = page_features(shapes, headline, title_tokens, context.outlet_lines)
    return PageAnalysis(shapes, headline, decided, features)


_DEFAULT_MODEL: Any = object()  # sentinel: "use the shipped model"


def classify_lines(
    full_text: str,
    context: FurnitureContext | None = None,
    *,
    model: FurnitureModel | None | Any = _DEFAULT_MODEL,
) -> list[LineVerdict]:
    """One verdict per non-empty line of `full_text`, in order.

    `model` overrides the shipped model (None: rules only); the benchmark uses it to score pages
    with a model refitted without them.
    """
    chosen: FurnitureModel | None = shipped_model() if model is _DEFAULT_MODEL else model
    page = analyse_page(full_text, context)
    shapes, headline = page.shapes, page.headline
    if not shapes:
        return []
    scores = chosen.probabilities(page.features) if chosen is not None else np.zeros(len(shapes))
    region = main_region(shapes)
    threshold = chosen.threshold if chosen is not None else 1.0
    decided = list(page.decided)
    _outside_main_body(shapes, headline, decided, [float(p) >= threshold for p in scores])
    wrapped = _wrapped_prose(shapes)
    verdicts = []
    for i, s in enumerate(shapes):
        rule = decided[i]
        if rule is not None and rule[0] == KEEP:
            verdicts.append(LineVerdict(s.start, s.end, False, KEEP, rule[1], 0.0))
            continue
        if rule is not None:
            verdicts.append(LineVerdict(s.start, s.end, True, rule[0], rule[1], 1.0))
            continue
        p = float(scores[i])
        keep_kind = "headline" if i == headline else "body"
        # Running prose is left to the rules: the model was fitted on 2,000-character page
        # openings and would otherwise learn that a paragraph far from the others is furniture.
        if chosen is not None and i != headline and p >= chosen.threshold and not s.prose \
                and not wrapped[i]:
            kind = _shape_kind(s, i, region, headline)
            verdicts.append(
                LineVerdict(s.start, s.end, True, kind, f"model:{chosen.label} (p={p:.2f})", p)
            )
        elif verdicts and verdicts[-1].kind == "other_story" and s.ellipsis_end and i != headline:
            # The cut-off first paragraph under another story's headline belongs to the teaser.
            verdicts.append(LineVerdict(s.start, s.end, True, "other_story",
                                        "shape:truncated-teaser", p))
        else:
            why = f"model:{chosen.label} (p={p:.2f})" if chosen is not None else "rules:none-fired"
            if chosen is not None and wrapped[i] and p >= chosen.threshold:
                why += "; kept: a hard-wrapped paragraph of prose"
            verdicts.append(LineVerdict(s.start, s.end, False, keep_kind, why, p))
    return _keep_some_text(verdicts)


def _wrapped_prose(shapes: list[LineShape]) -> list[bool]:
    """Lines of one paragraph broken by hard wraps (a line without a closing stop, the next
    starting in lower case) that together read as prose: running text the model would judge
    line by line, each too short to look like prose. The model does not take them; the rules
    still may."""
    out = [False] * len(shapes)
    start = 0
    for i in range(len(shapes)):
        continues = i + 1 < len(shapes) and not shapes[i].terminal \
            and shapes[i + 1].text[:1].islower()
        if continues:
            continue
        group = shapes[start:i + 1]
        if len(group) >= 2 and group[-1].terminal and sum(s.words for s in group) >= 12 \
                and sum(s.stop_share * s.words for s in group) >= 0.12 * sum(
                    s.words for s in group):
            out[start:i + 1] = [True] * len(group)
        start = i + 1
    return out


def _keep_some_text(verdicts: list[LineVerdict]) -> list[LineVerdict]:
    """The model never takes a document's every line: a one-line note ("On 3 March, forces
    shelled X, Kharkiv.") scored like a caption would leave nothing to read. When no line is
    kept, the lines only the model dropped are kept, each saying so; rules' drops stand."""
    if any(not v.drop for v in verdicts):
        return verdicts
    return [replace(v, drop=False, kind="body", rule=f"{v.rule}; kept: the text's only lines")
            if v.rule.startswith("model:") else v for v in verdicts]


def spans_from_verdicts(full_text: str, verdicts: list[LineVerdict]) -> tuple[Span, ...]:
    """Dropped lines as spans: each with its newline; same kind and rule merged across blanks."""
    spans: list[Span] = []
    prev: LineVerdict | None = None
    for v in verdicts:
        if not v.drop:
            prev = v
            continue
        end = v.end + 1 if v.end < len(full_text) and full_text[v.end] == "\n" else v.end
        if spans and prev is not None and prev.drop and prev.kind == v.kind:
            gap = full_text[spans[-1].end:v.start]
            if gap.strip() == "":
                last = spans[-1]
                if last.rule == v.rule:
                    spans[-1] = Span(last.start, end, last.reason, last.rule)
                else:  # the blank line goes with the run of its kind
                    spans[-1] = Span(last.start, v.start, last.reason, last.rule)
                    spans.append(Span(v.start, end, v.kind, v.rule))
                prev = v
                continue
        spans.append(Span(v.start, end, v.kind, v.rule))
        prev = v
    return tuple(spans)


def find_furniture(full_text: str, context: FurnitureContext | None = None) -> tuple[Span, ...]:
    """Spans to remove: each dropped line with its trailing newline, reason = kind, rule = rule.

    Adjacent dropped lines of the same kind and rule are merged; a blank line between two dropped
    lines of the same kind goes with them. (The pipeline, not this function, decides what a
    failure here means for the document: see `pipeline._clean_text`.)
    """
    return spans_from_verdicts(full_text, classify_lines(full_text, context))
