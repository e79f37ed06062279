"""Article metadata the text itself states: title, outlet, byline, date, translation, origin.

Plain-text pages (copies, feeds, machine translations) rarely come with usable HTML metadata, yet
their header lines (masthead, headline, byline, date) and footer lines (copyright, "Source: ...",
translation disclaimers) still say who published what, when, and from where. Every value here is
a substring of `full_text` (an ALL-CAPS masthead is title-cased) and carries the offsets of the
words it came from. When the text does not say, the field stays None: a guessed outlet or year
would read as evidence in the ledger. The URL is never a source of values; it only corroborates
a masthead line.

Work is bounded: header fields read the first 60 lines / 20,000 characters, footer fields the last
5,000; only the cited-source search reads the whole text, with one regex of trigger phrases, a cap
on hits and a short window after each.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from docket.clean.dates import parse_published
from docket.model import PublishedDate, Span

log = logging.getLogger(__name__)

_HEADER_CHARS = 20_000
_HEADER_LINES = 60
_TOP_LINES = 15  # where a title, byline or bare date line can still be
_TAIL_CHARS = 5_000
_TAIL_LINES = 40
_MAX_LINE = 400  # longer lines are body text; header patterns never run on them
_MAX_CITE_HITS = 500
_CITE_WINDOW = 120
_MAX_DATEPARSER_CALLS = 3  # free-text fallback is slow (milliseconds per call)

# Lines in these spans are someone else's content (other stories, pictures), not this article's.
_FOREIGN = frozenset({"related_list", "other_story", "caption", "credit", "ticker",
                      "advertisement", "media_listing", "comment_form", "pull_quote"})


@dataclass(frozen=True)
class TextMetadata:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None  # person name(s) only, without "By" and the outlet/desk part
    published: PublishedDate | None = None  # origin "text:date_header", "text:unix_timestamp",
    #                                         "text:published_line" or "text:dateline"
    translated_from: str | None = None  # ISO 639-1 code of the language machine-translated from
    translation_note: str | None = None  # the words that say so, verbatim (a short excerpt)
    cited_source: str | None = None  # the outlet/agency the text cites as origin of the story
    evidence: tuple[tuple[str, int, int], ...] = ()  # (field, start, end) offsets into full_text


# --- lines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # at most _MAX_LINE characters
    long: bool
    reason: str | None  # reason of the removed span the line starts in
    para_first: bool
    next_text: str  # the next line of the same paragraph, "" when the paragraph ends here


class _Page:
    def __init__(self, text: str, removed: Sequence[Span], url: str | None) -> None:
        self.text = text
        spans = [s for s in removed if isinstance(s, Span)
                 and isinstance(s.start, int) and isinstance(s.end, int)
                 and 0 <= s.start < s.end <= len(text)]
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self.spans]
        head_stop = min(len(text), _HEADER_CHARS)
        self.head = self._lines(0, head_stop, _HEADER_LINES)
        tail_start = max(head_stop, len(text) - _TAIL_CHARS)
        if tail_start < len(text) and text[tail_start - 1] != "\n":
            nl = text.find("\n", tail_start)
            tail_start = len(text) if nl < 0 else nl + 1
        self.tail = self._lines(tail_start, len(text), _TAIL_LINES, last=True)
        self.url_key = _host_key(url)
        self.dateparser_calls = 0
        self.used: set[int] = set()  # starts of lines a field was taken from

    def reason_at(self, pos: int) -> str | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        # Spans are non-overlapping in practice; look back a little in case they are not.
        for span in self.spans[max(0, i - 3): i + 1]:
            if span.start <= pos < span.end:
                return span.reason
        return None

    def _lines(self, start: int, stop: int, limit: int, last: bool = False) -> list[_Line]:
        raw: list[tuple[int, int]] = []
        pos = start
        while pos < stop:
            nl = self.text.find("\n", pos, stop)
            end = stop if nl < 0 else nl
            raw.append((pos, end))
            pos = end + 1
        if last:
            raw = raw[-limit * 2:]
        out: list[_Line] = []
        prev_blank = True
        for i, (s, e) in enumerate(raw):
            if not self.text[s:min(e, s + _MAX_LINE)].strip():
                prev_blank = True
                continue
            nxt = ""
            if i + 1 < len(raw):
                ns, ne = raw[i + 1]
                nxt = self.text[ns:min(ne, ns + _MAX_LINE)].strip()
            lead = len(self.text[s:min(e, s + _MAX_LINE)]) - len(
                self.text[s:min(e, s + _MAX_LINE)].lstrip())
            out.append(_Line(s, e, self.text[s:min(e, s + _MAX_LINE)], e - s > _MAX_LINE,
                             self.reason_at(s + lead), prev_blank, nxt))
            prev_blank = False
            if len(out) >= limit * (2 if last else 1):
                break
        return out[-limit:] if last else out

    def around(self) -> list[_Line]:
        """Header and footer lines, each once."""
        seen = {line.start for line in self.head}
        return self.head + [line for line in self.tail if line.start not in seen]


@dataclass
class _Found:
    values: dict[str, object] = field(default_factory=dict)
    evidence: list[tuple[str, int, int]] = field(default_factory=list)

    def put(self, name: str, value: object, start: int, end: int) -> None:
        if name not in self.values and value is not None:
            self.values[name] = value
            self.evidence.append((name, start, end))

    def has(self, name: str) -> bool:
        return name in self.values

    def result(self) -> TextMetadata:
        v = self.values

        def text(name: str) -> str | None:
            value = v.get(name)
            return value if isinstance(value, str) else None

        published = v.get("published")
        return TextMetadata(
            title=text("title"), outlet=text("outlet"), byline=text("byline"),
            published=published if isinstance(published, PublishedDate) else None,
            translated_from=text("translated_from"), translation_note=text("translation_note"),
            cited_source=text("cited_source"), evidence=tuple(self.evidence),
        )


def _host_key(url: str | None) -> str:
    try:
        return _letters(urlsplit(url).hostname or "") if isinstance(url, str) else ""
    except ValueError:  # a malformed URL corroborates nothing
        return ""


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _strip_span(text: str, start: int, end: int, chars: str = " \t") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


# --- dates -----------------------------------------------------------------------------------

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "січня", "січень", "января", "январь", "januar", "jänner", "janvier",
        "enero", "stycznia", "styczeń"),
    2: ("february", "feb", "лютого", "лютий", "февраля", "февраль", "februar", "février",
        "febrero", "lutego", "luty"),
    3: ("march", "mar", "березня", "березень", "марта", "март", "märz", "mars", "marzo", "marca",
        "marzec"),
    4: ("april", "apr", "квітня", "квітень", "апреля", "апрель", "avril", "abril", "kwietnia",
        "kwiecień"),
    5: ("may", "травня", "травень", "мая", "май", "mai", "mayo", "maja", "maj"),
    6: ("june", "jun", "червня", "червень", "июня", "июнь", "juni", "juin", "junio", "czerwca",
        "czerwiec"),
    7: ("july", "jul", "липня", "липень", "июля", "июль", "juli", "juillet", "julio", "lipca",
        "lipiec"),
    8: ("august", "aug", "серпня", "серпень", "августа", "август", "août", "agosto", "sierpnia",
        "sierpień"),
    9: ("september", "sep", "sept", "вересня", "вересень", "сентября", "сентябрь", "septembre",
        "septiembre", "września", "wrzesień"),
    10: ("october", "oct", "жовтня", "жовтень", "октября", "октябрь", "oktober", "octobre",
         "octubre", "października", "październik"),
    11: ("november", "nov", "листопада", "листопад", "ноября", "ноябрь", "novembre", "noviembre",
         "listopada"),
    12: ("december", "dec", "грудня", "грудень", "декабря", "декабрь", "dezember", "décembre",
         "diciembre", "grudnia", "grudzień"),
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names}
_MON = "|".join(sorted((re.escape(n) for n in _MONTHS), key=len, reverse=True))
_NOT_LETTER_NEXT = r"(?![^\W\d_])"
_DMY = re.compile(
    rf"(?<![\d.])(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<mon>{_MON}){_NOT_LETTER_NEXT}"
    rf"\.?,?\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)", re.I)
_MDY = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_MON}){_NOT_LETTER_NEXT}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
    rf"\s+(?P<y>\d{{4}})(?!\d)", re.I)
_DOTTED = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)")
_SLASHED = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?!\d)")
_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2}))?(?:\.\d+)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)")
# A day and month without a year: recognised (so a dateline is seen) but never completed.
_NO_YEAR = re.compile(
    rf"^\s*(?:(?P<mon>{_MON}){_NOT_LETTER_NEXT}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}\.?\s+(?P<mon2>{_MON}){_NOT_LETTER_NEXT}\.?)\s*$", re.I)
_TZ = (r"(?P<tz>(?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|UTC|GMT|MSK|EEST|EET"
       r"|CEST|CET|Z)")
_TIME = (rf"(?P<h>\d{{1,2}})[:h](?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?"
         rf"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?![^\W\d_]))?(?:\s*{_TZ}(?![^\W\d_]))?")
_TIME_AFTER = re.compile(
    rf"\s*(?:[,|/•·]|at|um|о|в|à|a las|[-–—])?\s*(?:,\s*)?{_TIME}(?!\d)", re.I)
_TIME_BEFORE = re.compile(rf"(?<!\d){_TIME}\s*(?:[,|/•·]|[-–—])?\s*$", re.I)
_ZONES = {"z": "+00:00", "utc": "+00:00", "gmt": "+00:00", "msk": "+03:00", "eet": "+02:00",
          "eest": "+03:00", "cet": "+01:00", "cest": "+02:00"}
_YEARISH = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_UNIX_LINE = re.compile(r"\s*(\d{9,10})\s*")


@dataclass(frozen=True)
class _DateHit:
    published: PublishedDate | None  # None: a day and month were stated without a year
    start: int  # within the searched text
    end: int


def _zone_offset(tz: str | None) -> str | None:
    if not tz:
        return ""
    key = tz.replace(" ", "").lower()
    if key in _ZONES:
        return _ZONES[key]
    m = re.fullmatch(r"(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?", key)
    if not m or int(m.group(2)) > 14:
        return None
    return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"


def _clock(m: re.Match[str]) -> str | None:
    """"THH:MM:SS±zone" from a time match, or None when the time is not a real one."""
    groups = m.groupdict()  # the ISO pattern has no am/pm group: read groups by name, if any
    hour, minute = int(groups["h"]), int(groups["mi"])
    second = int(groups.get("s") or 0)
    ampm = (groups.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    zone = _zone_offset(groups.get("tz"))
    if hour > 23 or minute > 59 or second > 59 or zone is None:
        return None
    return f"T{hour:02d}:{minute:02d}:{second:02d}{zone}"


def _find_date(text: str, origin: str) -> _DateHit | None:
    """The first stated date (with its time, when one is next to it) in a short text."""
    best: tuple[int, int, int, int, int, str] | None = None  # start, end, y, m, d, clock
    for pattern in (_DMY, _MDY, _DOTTED, _SLASHED, _ISO):
        m = pattern.search(text)
        if not m or (best is not None and m.start() >= best[0]):
            continue
        groups = m.groupdict()
        if "mon" in groups:
            month = _MONTHS[groups["mon"].lower()]
        elif "a" in groups:
            a, b = int(groups["a"]), int(groups["b"])
            if a <= 12 and b <= 12 and a != b:
                continue  # 03/04/2023: day-first or month-first is a guess; say nothing
            month, groups["d"] = (b, groups["a"]) if a > 12 or a == b else (a, groups["b"])
        else:
            month = int(groups["m"])
        clock = ""
        if groups.get("h"):
            clock = _clock(m) or ""
        best = (m.start(), m.end(), int(groups["y"]), month, int(groups["d"]), clock)
    if best is None:
        return None
    start, end, year, month, day, clock = best
    if not clock:
        after = _TIME_AFTER.match(text, end, min(len(text), end + 40))
        before = _TIME_BEFORE.search(text, max(0, start - 30), start)
        if after and (clock := _clock(after) or ""):
            end = after.end()
        elif before and (clock := _clock(before) or ""):
            start = before.start()
    published = parse_published(f"{year:04d}-{month:02d}-{day:02d}{clock}", origin)
    return _DateHit(published, start, end) if published else None


def _free_text_date(page: _Page, text: str, origin: str) -> _DateHit | None:
    """dateparser on a short stated date our patterns do not know (other languages, forms)."""
    start, end = _strip_span(text, 0, len(text), " \t,.;:|-–—")
    raw = text[start:end]
    if (not raw or len(raw) > 60 or not _YEARISH.search(raw)
            or page.dateparser_calls >= _MAX_DATEPARSER_CALLS):
        return None
    page.dateparser_calls += 1
    published = parse_published(raw, origin)
    return _DateHit(published, start, end) if published else None


def _date_only(text: str, hit: _DateHit) -> bool:
    """A date header line: the date plus at most a weekday, a place or a name around it."""
    rest = text[:hit.start] + " " + text[hit.end:]
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3 and not re.search(r"\d{3,}", rest)


# --- names -----------------------------------------------------------------------------------

_AGENCIES = (
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "TASS", "ТАСС",
    "RIA Novosti", "РИА Новости", "Interfax-Ukraine", "Interfax", "Интерфакс-Украина",
    "Интерфакс", "Інтерфакс-Україна", "Інтерфакс", "Ukrinform", "Укрінформ", "Укринформ",
    "UNIAN", "УНІАН", "УНИАН", "BBC News", "BBC", "Бі-Бі-Сі", "Би-би-си", "CNN", "dpa", "DPA",
    "Bloomberg", "Al Jazeera", "Meduza", "Медуза", "Mediazona", "Медиазона", "Suspilne",
    "Суспільне", "RBC-Ukraine", "РБК-Україна", "Ukrainska Pravda", "Українська правда",
    "Украинская правда", "Kyiv Independent", "Kyiv Post", "New York Times", "Washington Post",
    "Guardian", "Financial Times", "Wall Street Journal", "Le Monde", "Der Spiegel", "Spiegel",
    "RFE/RL", "Radio Liberty", "Radio Free Europe", "Радіо Свобода", "Радио Свобода",
    "Deutsche Welle", "DW", "Euronews", "Sky News", "Anadolu", "Xinhua", "Kommersant",
    "Коммерсантъ", "Коммерсант", "Novaya Gazeta", "Новая газета", "RT", "Sputnik", "Izvestia",
    "Известия", "ANSA", "EFE", "PAP", "Hromadske", "Громадське", "TSN", "ТСН", "Espreso",
    "Еспресо", "The Insider", "Politico", "NBC News", "CBS News", "ABC News", "Fox News",
    "Kyodo", "Yonhap", "Haaretz", "Al Arabiya", "BelTA", "БелТА", "Vedomosti", "Ведомости",
)
_AGENCY_AT = re.compile(
    "(?:[Tt]he\\s+|[lL]['’])?(?P<name>"
    + "|".join(sorted((re.escape(a) for a in _AGENCIES), key=len, reverse=True)) + ")")
_KNOWN = {a.lower() for a in _AGENCIES}
_OUTLET_WORDS = frozenset({
    "ledger", "times", "post", "news", "herald", "courier", "gazette", "tribune", "journal",
    "daily", "weekly", "observer", "express", "telegraph", "monitor", "review", "chronicle",
    "dispatch", "bulletin", "sentinel", "mirror", "insider", "press", "tv", "radio", "media",
    "правда", "новини", "новости", "газета", "вісник", "вестник", "вісті", "вести", "zeitung",
    "rundschau", "kurier", "anzeiger", "nachrichten", "tageblatt", "gazeta", "wiadomości",
})
_TAGLINE_WORDS = ("news", "independent", "since", "journalism", "reporting", "newspaper",
                  "daily", "weekly", "online", "voice", "новини", "новости", "незалежн",
                  "независим", "nachrichten", "zeitung", "journal", "information", "media")
_NAV_WORDS = frozenset({
    "home", "news", "world", "europe", "ukraine", "russia", "politics", "war", "live", "breaking",
    "opinion", "sport", "sports", "business", "menu", "search", "latest", "video", "analysis",
    "economy", "culture", "subscribe", "login", "головна", "новини", "главная", "новости",
    "startseite", "nachrichten", "accueil", "inicio", "in", "the", "of",
})
_SMALL_WORDS = frozenset({"of", "the", "and", "in", "for", "on", "at", "de", "la", "le", "du",
                          "des", "y", "i", "і", "и", "та", "für", "am", "an", "&"})
_DESK_WORDS = frozenset({
    "staff", "desk", "agencies", "agency", "editorial", "editor", "editors", "newsroom", "team",
    "correspondent", "correspondents", "reporter", "reporters", "writer", "wire", "wires",
    "news", "редакція", "редакция", "redaktion", "агентства",
    "агенції", "служба", "staff writer", "online", "web",
})
_CALENDAR_WORDS = frozenset(_MONTHS) | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
}
_GENERIC_SOURCES = frozenset({
    "agencies", "news agencies", "wires", "wire services", "social media", "open sources",
    "media reports", "local media", "own information", "агентства", "агенції", "змі", "сми",
    "agenturen", "соцмережі", "соцсети",
})
_NOT_OUTLET = (_DESK_WORDS - {"news", "online"}) | _CALENDAR_WORDS
_NOT_PERSON = _DESK_WORDS | _CALENDAR_WORDS | _OUTLET_WORDS | {"the", "our", "this", "that"}
_PARTICLES = frozenset({"de", "da", "di", "do", "dos", "das", "du", "van", "von", "der", "den",
                        "la", "le", "al", "el", "bin", "ibn", "ter", "ten"})
_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’.\-]*")
_ACRONYM_VOWELS = set("aeiouyаеєиіїоуюяыэё")


def _title_case(text: str) -> str:
    """An ALL-CAPS masthead as a name: 'THE KYIV LEDGER' -> 'The Kyiv Ledger', BBC stays."""
    words = []
    for i, word in enumerate(text.split(" ")):
        low = word.lower()
        if low in _KNOWN or (len(word) <= 4 and not set(low) & _ACRONYM_VOWELS):
            words.append(word)
        elif i and low in _SMALL_WORDS:
            words.append(low)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower()
                                  for part in word.split("-")))
    return " ".join(words)


def _all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _capitalised(tokens: Sequence[str]) -> bool:
    """Every word starts with a capital (or digit), bar small connectors inside a name."""
    if not tokens or not (tokens[0][:1].isupper() or tokens[0][:1].isdigit()):
        return False
    return all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _SMALL_WORDS for t in tokens)


def _outlet_like(name: str, *, strict: bool) -> bool:
    """A name that can be an outlet. strict: also needs a sign it is one (list, word, caps)."""
    tokens = name.split()
    if not 1 <= len(tokens) <= 6 or len(name) > 60 or not _capitalised(tokens):
        return False
    lowered = [t.lower().strip(".,:;") for t in tokens]
    if any(t in _NOT_OUTLET for t in lowered):
        return False
    if name.lower() in _GENERIC_SOURCES or any(ch.isdigit() for ch in name):
        return False
    known = name.lower() in _KNOWN or any(t in _OUTLET_WORDS for t in lowered)
    acronym = _all_caps(name) and len(tokens) == 1 and 2 <= len(name) <= 8
    if strict or len(tokens) == 1:
        return known or acronym
    return True


def _person(text: str) -> bool:
    """A person's name: two to four capitalised words, particles allowed, no desk or date."""
    tokens = text.split()
    core = [t for t in tokens if t.lower() not in _PARTICLES]
    if not 2 <= len(core) <= 4 or len(tokens) > 5 or tokens[0].lower() in _PARTICLES:
        return False
    caps = _all_caps(text)
    for token in core:
        if not _NAME_TOKEN.fullmatch(token) or not token[:1].isupper():
            return False
        low = token.lower().strip(".")
        if low in _NOT_PERSON or low in _KNOWN:
            return False
        if not caps and len(token) > 3 and token.isupper() and token is core[0]:
            return False
    return True


# --- outlet ----------------------------------------------------------------------------------

# Each separator starts where a run of spaces starts ((?<!\s)): tried from every space of a long
# run, a leading \s+ costs time growing with the square of the run (bench/regex_growth.py,
# issue 14).
_TITLE_SEP = re.compile(r"(?<!\s)\s+[|—–-]\s+")  # "Headline | Outlet"
_MAST_SEP = re.compile(r"(?<!\s)\s+[—–|·•-]\s+")
_COPYRIGHT = re.compile(
    r"\s*(?:©|\([cC]\)|[Cc]opyright)\s*(?:©\s*)?(?:(?:\d{4}\s*[-–]\s*)?\d{4}\s*,?\s*)?"
    r"(?P<name>[^\W\d_][^\n|;,.©]{1,60}?)\s*(?:\d{4}|[|;,.]|All rights|Усі права|Все права"
    r"|Alle Rechte|Tous droits|Todos los derechos|Wszelkie prawa|$)")
_STAFF = re.compile(r"(?:[Bb][Yy]\s+)?(?![Bb][Yy]\s)(?P<name>[^\W\d_].{1,50}?)"
                    r"\s+(?:[Ss]taff|STAFF|[Nn]ewsroom)(?:\s+(?:[Ww]riters?|[Rr]eporters?|[Rr]eport))?\s*[.]?\s*")


@dataclass(frozen=True)
class _Mast:
    """A top line read as a possible masthead: the name before the first separator (``head``,
    at ``start:end`` of the line) and the tagline or section after it (``tail``)."""

    page: _Page
    line: _Line
    first: bool  # the page's first line
    head: str
    start: int
    end: int
    tail: str
    tokens: list[str]
    caps: bool  # ALL CAPS, three letters or more: title-cased as a name
    nav: bool  # the furniture stage took the line for navigation


def _read_mast(page: _Page, line: _Line, first: bool) -> _Mast:
    text = line.text
    sep = _MAST_SEP.search(text)
    head_start, head_end = _strip_span(text, 0, sep.start() if sep else len(text))
    head = text[head_start:head_end]
    tail = text[sep.end():].strip() if sep else ""
    caps = _all_caps(head) and len([c for c in head if c.isalpha()]) >= 3
    return _Mast(page, line, first, head, head_start, head_end, tail, head.split(), caps,
                 line.reason == "navigation")


def _not_name_shaped(m: _Mast) -> bool:
    return not 1 <= len(m.tokens) <= 5 or len(m.head) > 50 or not _capitalised(m.tokens)


def _menu_or_date(m: _Mast) -> bool:
    return (all(t.lower() in _NAV_WORDS for t in m.tokens)
            or _find_date(m.line.text, "") is not None)


def _desk_or_calendar_word(m: _Mast) -> bool:
    return any(t.lower().strip(".,") in _NOT_OUTLET for t in m.tokens)


def _sentence_or_byline(m: _Mast) -> bool:
    return m.head[-1:] in ".!?" or bool(_BYLINE_PREFIX.match(m.head))


# Why a top line is not a masthead, whatever else it looks like: tried in order, any one is enough.
_NOT_A_MASTHEAD: tuple[tuple[str, Callable[[_Mast], bool]], ...] = (
    ("not-name-shaped", _not_name_shaped),
    ("menu-or-date", _menu_or_date),
    ("desk-or-calendar-word", _desk_or_calendar_word),
    ("sentence-or-byline", _sentence_or_byline),
)


def _named_in_url(m: _Mast) -> bool:
    key = _letters(m.head)
    return len(key) >= 4 and key in m.page.url_key


def _with_tagline(m: _Mast) -> bool:
    return (bool(m.tail) and any(w in m.tail.lower() for w in _TAGLINE_WORDS)
            and len(m.tokens) <= 4)


def _capitals_with_company(m: _Mast) -> bool:
    # An ALL-CAPS first line alone may be a shouted headline ('KHARKIV UNDER FIRE'): it needs
    # an outlet word, a known name, a tagline, a navigation bar or the URL to count.
    return m.caps and bool(m.nav or m.tail or (m.first and m.head.lower() in _KNOWN))


def _outlet_word(m: _Mast) -> bool:
    return (any(t.lower().strip(".,") in _OUTLET_WORDS for t in m.tokens)
            and len(m.tokens) <= 4 and (not m.tail or m.nav))


def _first_in_navigation(m: _Mast) -> bool:
    return m.nav and m.first and len(m.tokens) >= 2


# What says a name-shaped top line is the outlet's masthead: any one is enough.
_MASTHEAD_SIGNS: tuple[tuple[str, Callable[[_Mast], bool]], ...] = (
    ("named-in-the-url", _named_in_url),
    ("with-a-tagline", _with_tagline),
    ("capitals-with-company", _capitals_with_company),
    ("outlet-word", _outlet_word),
    ("first-in-a-navigation-bar", _first_in_navigation),
)


def _masthead(page: _Page, line: _Line, first: bool) -> tuple[str, int, int] | None:
    """The outlet's name from a top line (value, start, end), or None when it is none."""
    if line.long or len(line.text) > 140:
        return None
    m = _read_mast(page, line, first)
    if any(test(m) for _, test in _NOT_A_MASTHEAD):
        return None
    if not any(sign(m) for _, sign in _MASTHEAD_SIGNS):
        return None
    value = _title_case(m.head) if m.caps else m.head
    return value, line.start + m.start, line.start + m.end


def _find_outlet(page: _Page, found: _Found) -> None:
    top = [line for line in page.head[:8] if line.reason in (None, "navigation", "other")]
    for i, line in enumerate(top[:4]):
        hit = _masthead(page, line, first=(i == 0 and line is page.head[0]))
        if hit:
            found.put("outlet", hit[0], hit[1], hit[2])
            page.used.add(line.start)
            return
    for line in page.around():
        if line.long or (line.reason in _FOREIGN and line.reason != "credit"):
            continue
        m = _COPYRIGHT.match(line.text)
        if m:
            start, end = _strip_span(line.text, m.start("name"), m.end("name"))
            name = line.text[start:end]
            # A footer '© 2023 Outlet' is often tagged as a credit; a photographer's is a person.
            if line.reason == "credit" and (_person(name) or not re.search(r"\d{4}", line.text)):
                continue
            if _outlet_like(name, strict=False) and not name.lower().startswith("all rights"):
                found.put("outlet", _title_case(name) if _all_caps(name) else name,
                          line.start + start, line.start + end)
                page.used.add(line.start)
                return
    for line in page.head[:_TOP_LINES]:
        m = _STAFF.fullmatch(line.text.strip())
        if m and not line.long and line.reason in (None, "byline_desk"):
            name = m.group("name").strip()
            if _outlet_like(name, strict=False):
                offset = line.text.index(name)
                found.put("outlet", name, line.start + offset, line.start + offset + len(name))
                page.used.add(line.start)
                return


# --- byline ----------------------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(
    r"\s*(?:(?:By|BY|Written by|Words by|Reporting by|Text by|Von|VON|Par|Por)\s+"
    r"|(?:Author|Authors|Автор|Авторка|Автори|Авторы|Autor|Autorin|Text|Текст|Texte)\s*[:：]\s*)")
# As _MAST_SEP, each begins where a run of spaces begins; "(" and "," may also stand alone.
_TAIL_SEP = re.compile(r"(?<!\s)\s+[|•·/]\s+|(?<!\s)\s+[—–-]\s+|(?:(?<!\s)\s+)?\("
                       r"|(?<!\s)\s+(?P<place>in|at|у|в|aus|en)\s+"
                       r"|(?<!\s)\s+(?:for|für|pour|para|dla|для)\s+")
_AND_SEP = re.compile(r"(?:(?<!\s)\s+)?,\s*|(?<!\s)\s+(?P<and>and|&|і|й|та|и|und|et|y|i)\s+")


def _byline_from(page: _Page, found: _Found, line: _Line, *, bare: bool) -> bool:
    """Persons (and an outlet after them) from one byline line; bare: no 'By' needed."""
    text = line.text
    m = _BYLINE_PREFIX.match(text)
    if not m and not bare:
        return False
    begin = m.end() if m else len(text) - len(text.lstrip())
    body_end = len(text.rstrip(" .;"))
    tail_m = _TAIL_SEP.search(text, begin, body_end)
    names_end = tail_m.start() if tail_m else body_end
    tail: tuple[int, int] | None = None
    if tail_m and not tail_m.group("place"):
        tail = (tail_m.end(), body_end)
    if _STAFF.fullmatch(text[begin:names_end]):
        return False  # "By Kharkiv Ledger staff": a desk, found as outlet elsewhere
    # Split into pieces; names joined by commas only count as a list when an 'and' follows.
    pieces: list[tuple[int, int]] = []
    seps: list[bool] = []  # True: an 'and'-type separator before the next piece
    pos = begin
    for sep in _AND_SEP.finditer(text, begin, names_end):
        pieces.append((pos, sep.start()))
        seps.append(bool(sep.group("and")))
        pos = sep.end()
    pieces.append((pos, names_end))
    count = seps.index(True) + 2 if True in seps else 1
    persons: list[tuple[int, int]] = []
    for start, end in pieces[:count]:
        if not _person(text[start:end]):
            break
        persons.append((start, end))
    if count < len(pieces) and tail is None and not seps[count - 1]:
        tail = (pieces[count][0], body_end)
    if tail and not found.has("outlet"):
        seg = _MAST_SEP.split(text[tail[0]:tail[1]])[0]
        t_start, t_end = _strip_span(text, tail[0], tail[0] + len(seg), " \t,.")
        name = text[t_start:t_end]
        if _outlet_like(name, strict=False) and _find_date(name, "") is None:
            found.put("outlet", _title_case(name) if _all_caps(name) else name,
                      line.start + t_start, line.start + t_end)
    if not persons or (not m and _all_caps(text[persons[0][0]:persons[-1][1]])):
        return bool(m)  # a desk, or a bare shouted line (a headline?): nothing to invent
    start, end = persons[0][0], persons[-1][1]
    value = text[start:end]
    found.put("byline", _title_case(value) if _all_caps(value) else value,
              line.start + start, line.start + end)
    return True


def _find_byline(page: _Page, found: _Found) -> None:
    desk = [line for line in page.head if line.reason == "byline_desk"]
    for line in desk + page.head[:_TOP_LINES]:
        if line.long or line.reason in _FOREIGN or len(line.text) > 160:
            continue
        if _byline_from(page, found, line, bare=line.reason == "byline_desk"):
            page.used.add(line.start)
            if found.has("byline"):
                return


# --- published -------------------------------------------------------------------------------

_PUBLISHED_KW = re.compile(
    r"(?<![^\W\d_])(?:first published|published(?: on| at)?|posted(?: on| at)?|опубліковано"
    r"|опубликовано|дата публікації|дата публикации|veröffentlicht(?: am)?|erschienen am"
    r"|publié le|publicado(?: el)?|opublikowano)(?![^\W\d_])\s*[:：]?", re.I)
_UPDATED_KW = re.compile(
    r"(?<![^\W\d_])(?:last updated|updated(?: on| at)?|оновлено|обновлено|aktualisiert(?: am)?"
    r"|mis à jour(?: le)?|actualizado(?: el)?|zaktualizowano)(?![^\W\d_])\s*[:：]?", re.I)
_DATELINE = re.compile(
    r"(?P<city>[^\W\d_][^\W\d_'’. ]{1,30}?(?:-[^\W\d_]+)?)(?:,\s*(?P<date>[^()\n,]{3,30}?))?"
    r"(?:,\s*(?P<year>\d{4}))?\s*(?:\((?P<agency>[^()\n]{2,40})\)\s*)?[—–-]{1,2}\s")


def _keyword_date(page: _Page, text: str, kw: re.Pattern[str], other: re.Pattern[str],
                  origin: str) -> _DateHit | None:
    """The date right after 'Published'/'Updated' near the start of a header line."""
    m = kw.search(text)
    if not m or ((before := text[:m.start()].rstrip()) and before[-1] not in "|•·—–-/"):
        return None  # 'the report, published on ...' is body text, not the page's date
    stop = len(text)
    o = other.search(text, m.end())
    if o:
        stop = o.start()
    segment = text[m.end():stop]
    hit = _find_date(segment, origin)
    if (hit is None or hit.start > 12) and (
            hit := _free_text_date(page, segment, origin)) is None:
        return None
    return _DateHit(hit.published, m.end() + hit.start, m.end() + hit.end)


def _find_published(page: _Page, found: _Found) -> None:
    candidates: list[tuple[int, PublishedDate, int, int]] = []  # rank, date, start, end

    def add(rank: int, line: _Line, hit: _DateHit | None) -> None:
        if hit and hit.published:
            candidates.append((rank, hit.published, line.start + hit.start, line.start + hit.end))

    header = [line for line in page.head if not line.long and line.reason not in _FOREIGN]
    for line in header:
        pub = _keyword_date(page, line.text, _PUBLISHED_KW, _UPDATED_KW, "text:published_line")
        if line.reason == "date_header":
            if pub:
                add(0, line, pub)
            elif not _UPDATED_KW.search(line.text):
                hit = _find_date(line.text, "text:date_header")
                add(0, line, hit or _free_text_date(page, line.text, "text:date_header"))
        add(1, line, pub)
        add(4, line, _keyword_date(page, line.text, _UPDATED_KW, _PUBLISHED_KW,
                                   "text:published_line"))
    for line in header[:_TOP_LINES]:
        hit = _find_date(line.text, "text:date_header")
        if hit and _date_only(line.text, hit) and not _UPDATED_KW.search(line.text):
            add(2, line, hit)
        if m := _UNIX_LINE.fullmatch(line.text):
            stamp = parse_published(m.group(1), "text:unix_timestamp")
            if stamp and stamp.value[:4] >= "1990":
                add(3, line, _DateHit(stamp, m.start(1), m.end(1)))
    if not candidates:
        for line, m in _datelines(page):
            if m.group("date") and m.group("year"):
                date = f"{m.group('date')}, {m.group('year')}"
                hit = _find_date(date, "text:dateline")
                if hit and hit.published:
                    candidates.append((5, hit.published, line.start + m.start("date"),
                                       line.start + m.end("year")))
            elif m.group("date"):
                hit = _find_date(m.group("date"), "text:dateline")
                if hit:  # a stated year; without one the dateline gives no date
                    add(5, line, _DateHit(hit.published, m.start("date") + hit.start,
                                          m.start("date") + hit.end))
    if candidates:
        _, stated, start, end = min(candidates, key=lambda c: (c[0], c[2]))
        found.put("published", stated, start, end)


def _lede_lines(page: _Page) -> list[_Line]:
    """The first kept lines of prose: where a dateline or 'The BBC reports' stands."""
    return [line for line in page.head if line.reason is None and (
        line.long or len(line.text) >= 80 or (line.text.rstrip().endswith(".")
                                               and len(line.text.split()) >= 8))][:3]


def _datelines(page: _Page) -> Iterable[tuple[_Line, re.Match[str]]]:
    """'KYIV, March 14 (Reuters) -' at the start of the first paragraphs of the body."""
    for line in _lede_lines(page):
        m = _DATELINE.match(line.text[:160])
        if not m:
            continue
        city, date, agency = m.group("city"), m.group("date"), m.group("agency")
        dated = bool(date) and (_NO_YEAR.match(date) is not None
                                or _find_date(date, "") is not None)
        if date and not dated and not agency:
            continue  # 'KYIV, Ukraine (Reuters) -' is a dateline; 'KYIV, the capital -' is not
        if (city.isupper() and (dated or agency)) or (agency and city[:1].isupper()):
            yield line, m


# --- title -----------------------------------------------------------------------------------

_FURNITURE_START = re.compile(
    r"\s*(?:photo|фото|foto|video|відео|видео|read more|read also|читайте також|читайте также"
    r"|listen|share|subscribe|advertisement|реклама|related|tags?|теги|source|джерело|источник"
    r"|quelle|©|\(c\)|copyright|menu|home)\b", re.I)
_FUNCTION_END = re.compile(r"(?:,|\b(?:the|a|an|and|of|to|in|on|for|with|by|at|from))$", re.I)


def _title_line(page: _Page, line: _Line) -> bool:
    text = line.text.strip()
    words = text.split()
    if not 2 <= len(words) <= 25 or not 10 <= len(text) <= 160 or line.reason is not None:
        return False
    first = next((ch for ch in text if ch.isalnum()), "")
    if not first or first.islower() or text[-1] in ".,;:" or _FUNCTION_END.search(text):
        return False
    if line.next_text[:1].islower():
        return False  # the first line of a wrapped paragraph
    if _all_caps(text) and len(words) <= 4:
        return False  # a section label
    if (_FURNITURE_START.match(text) or _BYLINE_PREFIX.match(text) or _PUBLISHED_KW.search(text)
            or _UPDATED_KW.search(text) or _UNIX_LINE.fullmatch(text) or _machine_note(text)):
        return False
    if len(re.findall(r"\s[|•·›»]\s", text)) >= 2:
        return False  # a navigation bar
    hit = _find_date(text, "")
    return not (hit and _date_only(text, hit))


def _find_title(page: _Page, found: _Found) -> None:
    outlet = found.values.get("outlet")
    outlet_key = _letters(outlet) if isinstance(outlet, str) else ""
    for line in page.head[:_TOP_LINES]:
        text = line.text
        if line.reason is None and (line.long or (text.rstrip().endswith(".")
                                                  and len(text.split()) >= 5)):
            return  # the body has started: a title now would be a body sentence
        if line.start in page.used or (outlet_key and _letters(text) == outlet_key):
            continue
        if not _title_line(page, line):
            continue
        start, end = _strip_span(text, 0, len(text))
        # "Headline | Outlet": the tail names the outlet, not the story.
        parts = list(_TITLE_SEP.finditer(text[start:end]))
        if parts:
            cut = parts[-1]
            tail_s, tail_e = start + cut.end(), end
            tail = text[tail_s:tail_e]
            if (outlet_key and _letters(tail) == outlet_key) or _outlet_like(tail, strict=True):
                if not found.has("outlet"):
                    found.put("outlet", tail, line.start + tail_s, line.start + tail_e)
                end = start + cut.start()
        found.put("title", text[start:end], line.start + start, line.start + end)
        return


# --- translation -----------------------------------------------------------------------------

_MACHINE = re.compile(r"machine|automatic|auto-translat|google translate|deepl|yandex|maschinell"
                      r"|automatisch|автоматич|машинн|automatiquement|automátic|automatic"
                      r"|maszynow|automatyczn|آلي", re.I)
_TRANSLATE = re.compile(r"translat|übersetz|uebersetz|перекла|перевед|перевод|tradu|tłumacz"
                        r"|ترجم", re.I)
_LANG_STEMS: dict[str, tuple[str, ...]] = {
    "ru": ("russian", "russisch", "russe", "ruso", "русск", "російськ", "rosyjsk", "الروسية"),
    "uk": ("ukrain", "украинск", "українськ", "ucranian", "ukraińsk", "الأوكرانية"),
    "en": ("english", "englisch", "английск", "англійськ", "anglais", "inglés", "ingles",
           "angielsk", "الإنجليزية", "الانجليزية"),
    "de": ("german", "deutsch", "немецк", "німецьк", "allemand", "alemán", "aleman", "niemieck",
           "الألمانية"),
    "fr": ("french", "französisch", "французск", "французьк", "français", "francais", "francés",
           "francusk", "الفرنسية"),
    "es": ("spanish", "spanisch", "испанск", "іспанськ", "espagnol", "español", "espanol",
           "hiszpańsk"),
    "pl": ("polish", "polnisch", "польск", "польськ", "polonais", "polaco", "polsk"),
    "ar": ("arabic", "arabisch", "арабск", "арабськ", "arabe", "árabe", "arabsk", "العربية"),
    "be": ("belarus", "weißruss", "weissruss", "белорусск", "білоруськ", "biélorusse",
           "bielorrus", "białorusk"),
    "tr": ("turkish", "türkisch", "турецк", "турецьк", "turc", "turco", "tureck"),
    "it": ("italian", "italienisch", "итальянск", "італійськ", "italien", "italiano", "włosk"),
    "zh": ("chinese", "chinesisch", "китайск", "китайськ", "chinois", "chino", "chińsk"),
    "he": ("hebrew", "hebräisch", "иврит", "іврит", "hébreu", "hebreo", "hebrajsk"),
    "fa": ("persian", "farsi", "persisch", "персидск", "перськ", "persan", "persa", "persk"),
    "ka": ("georgian", "georgisch", "грузинск", "грузинськ", "géorgien", "georgiano", "gruzińsk"),
}
_FROM_WORDS = frozenset({"from", "aus", "von", "с", "со", "з", "із", "зі", "de", "du", "del",
                         "des", "desde", "z", "ze", "من", "original", "оригінал", "оригинал"})
_SKIP_WORDS = frozenset({"the", "dem", "der", "den", "le", "la", "el", "l", "language",
                         "sprache", "мови", "языка", "języka", "originally"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _machine_note(text: str) -> tuple[int, int] | None:
    """The sentence of a short text that says it was machine-translated."""
    if len(text) > _MAX_LINE or not _MACHINE.search(text) or not _TRANSLATE.search(text):
        return None
    for s in _SENTENCE.finditer(text):
        if _MACHINE.search(s.group()) and _TRANSLATE.search(s.group()):
            start, end = _strip_span(text, s.start(), s.end())
            return start, min(end, start + 200)
    start, end = _strip_span(text, 0, len(text))
    return (start, min(end, start + 200)) if end - start <= 250 else None


def _source_language(text: str) -> tuple[str, int, int] | None:
    """The language named after 'from'/'aus dem'/'з'/'de l'' in a translation note."""
    prev: list[str] = []
    for m in _WORD.finditer(text):
        word, start = m.group().lower(), m.start()
        implied_from = False
        if word[:2] in ("l'", "l’", "d'", "d’"):
            implied_from = word[0] == "d"
            word, start = word[2:], start + 2
        code = next((c for c, stems in _LANG_STEMS.items()
                     if any(word.startswith(stem) for stem in stems)), None)
        if code:
            before = [w for w in prev[-3:] if w not in _SKIP_WORDS]
            if implied_from or (before and before[-1] in _FROM_WORDS):
                return code, start, m.end()
        prev.append(word)
    return None


def _find_translation(page: _Page, found: _Found) -> None:
    texts: list[tuple[int, str]] = []
    for span in page.spans:
        if span.reason == "mt_disclaimer":
            chunk = page.text[span.start:min(span.end, span.start + 2_000)]
            pos = 0
            for part in chunk.split("\n"):
                texts.append((span.start + pos, part))
                pos += len(part) + 1
        if len(texts) > 200:
            break
    texts += [(line.start, line.text) for line in page.around()
              if not line.long and line.reason not in _FOREIGN]
    fallback: tuple[int, int] | None = None
    for base, text in texts:
        note = _machine_note(text)
        if not note:
            continue
        lang = _source_language(text[note[0]:note[1]])
        if lang:
            found.put("translation_note", text[note[0]:note[1]], base + note[0], base + note[1])
            found.put("translated_from", lang[0], base + note[0] + lang[1],
                      base + note[0] + lang[2])
            return
        fallback = fallback or (base + note[0], base + note[1])
    if fallback:
        found.put("translation_note", page.text[fallback[0]:fallback[1]], *fallback)


# --- cited source ----------------------------------------------------------------------------

_SOURCE_LINE = re.compile(
    r"^[ \t]*(?:Sources?|Джерело|Джерела|Источники?|Quellen?|Fuente|Źródło)[ \t]*[:：]",
    re.I | re.M)
# Literal phrases, found with str.find on a lower-cased copy: an alternation regex over a 5 MB
# page costs half a second, a dozen finds a few milliseconds.
_ORIGIN_TRIGGERS = (
    "originally published by", "originally published in", "originally published on",
    "first published by", "first published in", "first published on", "originally appeared in",
    "originally appeared on", "first appeared in", "first appeared on", "reprinted from",
    "republished from", "reposted from", "reprinted with permission of",
    "reprinted with permission from", "republished with permission of",
    "republished with permission from", "based on materials from", "based on materials of",
    "based on reporting by", "based on reporting from", "based on reports by",
    "based on reports from", "за матеріалами", "по материалам", "mit material von",
)
_REPORT_TRIGGERS = (
    "according to", "as reported by", "за даними", "за інформацією", "по данным",
    "по информации", "laut", "selon", "según", "według", "повідомляє", "сообщает", "передає",
    "передает",
)
_MAX_FINDS = 2_000  # per phrase, counting occurrences inside longer words
_CAP = r"[A-ZА-ЯЁІЇЄҐ0-9][\w'’.&/\-]*"
_CITED_NAME = rf"{_CAP}(?:\s+(?:of\s+|de\s+)?{_CAP}){{0,5}}"
_DESCRIPTOR = (r"(?:news agency|news service|agency|newspaper|outlet|media outlet|broadcaster"
               r"|TV channel|channel|news site|website|portal|publication|magazine"
               r"|агентство|агентства|інформагентство|информагентство|видання|издание|газета"
               r"|газети|газеты|телеканал|телеканалу|Nachrichtenagentur|Zeitung|agence|journal"
               r"|agencia|diario|agencja|gazeta)")
_NAME_THEN_DESC = re.compile(rf"(?:the\s+)?(?P<name>{_CITED_NAME})\s+{_DESCRIPTOR}(?![^\W\d_])")
_DESC_THEN_NAME = re.compile(
    rf"(?:the\s+)?(?:[\w'’\-]+\s+){{0,2}}?{_DESCRIPTOR}\s+(?P<name>{_CITED_NAME})")
_PLAIN_NAME = re.compile(rf"(?:the\s+|The\s+)?(?P<name>{_CITED_NAME})")
_LEDE_REPORTS = re.compile(
    rf"(?:The\s+)?(?P<name>{_CITED_NAME})\s+(?:has\s+)?(?:reported|reports|writes|wrote"
    r"|повідомляє|сообщает|пише|пишет|berichtet|berichtete)(?![^\W\d_])")


def _known_at(text: str, pos: int) -> tuple[int, int] | None:
    m = _AGENCY_AT.match(text, pos)
    if not m:
        return None
    end = m.end("name")
    rest = re.match(r"[^\W\d_]*", text[end:end + 6])
    suffix = len(rest.group()) if rest else 0
    # Cyrillic names decline ('за даними Укрінформу'); keep the stated stem, not the ending.
    if suffix and not (suffix <= 3 and re.search(r"[а-яіїєґё]$", m.group("name"), re.I)):
        return None
    return m.start("name"), end


def _cited_after(text: str, pos: int, explicit: bool) -> tuple[int, int] | None:
    """The outlet named right after a trigger; explicit triggers accept any capitalised name."""
    window = text[pos:pos + _CITE_WINDOW].split("\n", 1)[0]
    lead = len(window) - len(window.lstrip())
    if known := _known_at(text, pos + lead):
        return known
    local = window[lead:]
    for pattern in (_DESC_THEN_NAME, _NAME_THEN_DESC):
        m = pattern.match(local)
        if m and _outlet_like(_trim_name(m.group("name")), strict=False):
            start = pos + lead + m.start("name")
            return start, start + len(_trim_name(m.group("name")))
    m = _PLAIN_NAME.match(local)
    if m:
        name = _trim_name(m.group("name"))
        if _outlet_like(name, strict=not explicit):
            start = pos + lead + m.start("name")
            return start, start + len(name)
    return None


def _trim_name(name: str) -> str:
    return name.rstrip(".,;:'’-/")


def _source_line_value(text: str, pos: int) -> tuple[int, int] | None:
    """The value of a 'Source: X' line, up to the end of the line or the first separator."""
    nl = text.find("\n", pos, pos + 200)
    line_end = nl if nl >= 0 else min(len(text), pos + 200)
    cut = re.search(r"[;|]|\s[—–]\s|\.\s|\(", text[pos:line_end])
    end = pos + cut.start() if cut else line_end
    start, end = _strip_span(text, pos, end, " \t.,")
    value = text[start:end]
    if not value or len(value.split()) > 8 or value.lower() in _GENERIC_SOURCES:
        return None
    if value.lower().startswith(("http://", "https://", "www.")) or _outlet_like(
            value, strict=False) or value.lower() in _KNOWN:
        return start, end
    return None


def _trigger_ends(text: str, triggers: Sequence[str]) -> list[int]:
    """Where each whole-word trigger phrase ends, earliest first, at most _MAX_CITE_HITS each."""
    low = text.lower()
    if len(low) != len(text):  # a few letters lengthen when lower-cased; offsets would drift
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    ends: list[int] = []
    for trigger in triggers:
        pos, finds, kept = low.find(trigger), 0, 0
        while pos >= 0 and finds < _MAX_FINDS and kept < _MAX_CITE_HITS:
            finds += 1
            end = pos + len(trigger)
            if (pos == 0 or not low[pos - 1].isalnum()) and (
                    end >= len(low) or not low[end].isalpha()):
                ends.append(end)
                kept += 1
            pos = low.find(trigger, end)
    return sorted(ends)


def _find_cited_source(page: _Page, found: _Found) -> None:
    text = page.text
    best: tuple[int, int, int, int] | None = None  # rank, position, start, end

    def offer(rank: int, span: tuple[int, int] | None) -> None:
        nonlocal best
        if span and (best is None or (rank, span[0]) < best[:2]):
            best = (rank, span[0], span[0], span[1])

    for count, m in enumerate(_SOURCE_LINE.finditer(text)):
        if count >= _MAX_CITE_HITS:
            break
        if page.reason_at(m.start()) not in _FOREIGN:  # not a picture credit
            offer(0, _source_line_value(text, m.end()))
    for rank, triggers, explicit in ((1, _ORIGIN_TRIGGERS, True),
                                     (4, _REPORT_TRIGGERS, False)):
        for end in _trigger_ends(text, triggers):
            if best is not None and best[0] <= rank:
                break
            if page.reason_at(end) not in _FOREIGN:  # not another story's line
                offer(rank, _cited_after(text, end, explicit=explicit))
    for line, m in _datelines(page):
        agency = m.group("agency")
        if agency and (agency.lower() in _KNOWN or _outlet_like(agency, strict=True)):
            offer(2, (line.start + m.start("agency"), line.start + m.end("agency")))
    for line in _lede_lines(page)[:2]:
        lede = _LEDE_REPORTS.match(line.text)
        if lede:
            name = _trim_name(lede.group("name"))
            if name.lower() in _KNOWN or _outlet_like(name, strict=True):
                start = line.start + lede.start("name")
                offer(3, (start, start + len(name)))
    if best is not None:
        found.put("cited_source", text[best[2]:best[3]], best[2], best[3])


# --- entry point -----------------------------------------------------------------------------

_STEPS: tuple[Callable[[_Page, _Found], None], ...] = (
    _find_translation, _find_outlet, _find_byline, _find_published, _find_title,
    _find_cited_source,
)


def extract_text_metadata(
    full_text: str, removed: Sequence[Span] = (), *, url: str | None = None
) -> TextMetadata:
    """What the text says about itself; None for every field it does not state. Never raises.

    `removed` spans (page furniture found by another stage) are hints: a `date_header` span is
    read first for the date, a `byline_desk` span for the byline, an `mt_disclaimer` span for the
    translation note; lines of other stories, captions and credits are never read as this
    article's metadata. `url` only corroborates a masthead line; no value is taken from it.
    """
    if not isinstance(full_text, str) or not full_text.strip():
        return TextMetadata()
    try:
        page = _Page(full_text, tuple(removed or ()), url)
    except Exception:  # noqa: BLE001 - malformed hints must not lose the document
        log.exception("text metadata: could not read the page's lines; no metadata")
        return TextMetadata()
    found = _Found()
    for step in _STEPS:
        try:
            step(page, found)
        except Exception:  # noqa: BLE001 - one field's bug must not cost the others
            log.exception("text metadata: %s failed", step.__name__)
    return found.result()
