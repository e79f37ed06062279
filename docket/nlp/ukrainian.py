"""Ukrainian names: rules over natasha's Russian model, pymorphy3's Ukrainian dictionary and the
gazetteer.

No Ukrainian NER model ships on PyPI, so Ukrainian names are found by rules, each named (the
name is the `source` of what it finds) and measured on ner-ukru's uk_dev (docs/benchmarks.md):

- `legal-form`: an organisation's legal form and its quoted name, ``ТОВ «Альфа-Буд»``,
  ``ДП «НАЕК «Енергоатом»`` (the form, the quotes and what they hold);
- `quoted-name`: a capitalised name in «» after a word for a company, party, outlet... (the
  name inside the quotes: ``фірма «Київ»`` names ``Київ``);
- `institution`: a body named by its head noun (рада, суд, міністерство, управління, комітет...)
  with the adjectives before it and its genitive tail (``Золочівської районної ради``,
  ``Вищий господарський суд України``);
- `acronym`: a capitalised abbreviation that is not a legal form or a common noun (АМКУ, СБУ);
  the few that name countries or occupied areas (США, РФ, ДНР) are places;
- `compound-name`: a one-word body made of clipped words (Укравтодор, Київрада, Міноборони);
- `address`: a street with its abbreviation and house number (``вул. Садова, 12``);
- `person`: natasha's person spans, cut at lowercase words and stripped of words the dictionary
  knows as something else (Він, Останній, Львівського), plus runs of capitalised words that
  pymorphy3 tags as given name, patronymic or family name (``Ірина Заремба``, ``Петренко В. І.``);
- `place`: natasha's place spans, plus capitalised words whose dictionary form the gazetteer
  knows as a country, region or town (``у Мелітополі``), or as any settlement after a
  settlement word (``с. Тарасівка``).

Where two findings overlap, the rule earlier in `_PRIORITY` wins, then the longer span.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docket.nlp.cyrillic_ner import FoundEntity


@lru_cache(maxsize=1)
def morphology() -> Any:
    """pymorphy3 with its Ukrainian dictionary (pymorphy3-dicts-uk), loaded once per process."""
    from docket.nlp.backbone import ModelError

    try:
        import pymorphy3
    except ImportError as exc:
        raise ModelError("pymorphy3 is missing; Ukrainian needs it: pip install pymorphy3 "
                         "pymorphy3-dicts-uk") from exc
    try:
        return pymorphy3.MorphAnalyzer(lang="uk")
    except (OSError, ValueError) as exc:
        raise ModelError(f"pymorphy3's Ukrainian dictionary cannot be loaded ({exc}): pip "
                         "install pymorphy3-dicts-uk") from exc


_UPPER = "A-ZА-ЯІЇЄҐ"
_LOWER = "a-zа-яіїєґё"
_APOS = "'’ʼ"
_WORD = re.compile(rf"[{_UPPER}{_LOWER}{_APOS}0-9]+(?:-[{_UPPER}{_LOWER}{_APOS}0-9]+)*")

# Legal forms of Ukrainian (and some Russian) organisations, as written before the name.
_LEGAL_FORMS = frozenset(re.split(r"\s+", """
ТОВ ТзОВ ДП ПП ПАТ ПрАТ ПАО КП ЗАТ ВАТ ТД ГО НВП НВФ ФОП АТ НАК ПФ ФГ СП КНП ВКФ ПВКФ ОСББ БФ ДК
ДАК КО ППФ МПП ЧП ООО ОАО ЗАО НПП СТОВ ПСП ВКП ВП НВО ПТ КМКП КГПС ВО ІА ФК ОК ОГ ДПІ ТДВ КВП
ПВНЗ СГ ПМП ПКП МП ПВП ВАК ДЗ КЗ КУ КПП ЛТД
""".strip()))
# Legal forms written as words; capitalised at the start of a sentence.
_LEGAL_WORDS = re.compile(
    r"(?:[Тт]овариств[оау]|[Пп]ідприємств[оау]|[Кк]омпані[яїю]|[Фф]ірм[аиіу]|[Кк]орпораці[яїю]|"
    r"[Кк]онцерн[уі]?|[Кк]омбінат[уі]?|[Зз]авод[уі]?|[Фф]абрик[аиіу]|[Пп]арті[яїю]|[Бб]анк[уі]?|"
    r"[Гг]азет[аиіу]|[Вв]идання|[Кк]анал[уі]?|[Аа]гентств[оау]|[Оо]рганізаці[яїю]|[Оо]б'єднання|"
    r"[Аа]соціаці[яїю]|[Фф]онд[уі]?|[Цц]ентр[уі]?|[Кк]луб[уі]?|[Кк]ооператив[уі]?|[Гг]руп[аиіу]|"
    r"[Хх]олдинг[уі]?|[Сс]пілк[аиіу]|[Рр]ух[уі]?|[Бб]лок[уі]?|[Кк]онсорціум[уі]?|[Шш]кол[аиіу]|"
    r"[Уу]ніверситет[уі]?|[Лл]ікарн[яіюі]|[Сс]танці[яїю]|[Шш]ахт[аиіу])")
# Acronyms that are common nouns or units, not a body (ЗМІ 'the media', ПДВ 'VAT').
_NOT_AN_ORG = frozenset(re.split(r"\s+", """
ЗМІ ПІБ ЖКГ ПДВ НПЗ АЕС ТЕС ТЕЦ АЗС ЖК ПСГ ДСТУ ГРН ТИС МЛН МЛРД КВ ГА ЄДРПОУ ІПН КЕКВ ТБО ПММ
ОТГ ДТП ВВП ЄДР СІЗО УБД ЗС НДР
""".strip()))
_PLACE_ACRONYMS = frozenset(re.split(r"\s+", "США РФ ДНР ЛНР АРК ОАЕ ФРН СРСР УРСР РРФСР ЄС ОРДЛО "
                                              "КНР КНДР"))
# Head nouns of public bodies: the stem and its endings (every case, both numbers).
_INSTITUTION_HEADS = re.compile(
    r"(?:рад[аиіуо]|райрад[аиіу]|міськрад[аиіу]|облрад[аиіу]|сільрад[аиіу]|суд[уіом]?|судів|"
    r"райсуд[уі]?|госпсуд[уі]?|міністерств[оаіу]|управлінн[яюі]|департамент[уі]?|комітет[уі]?|"
    r"служб[аиіу]|фонд[уі]?|університет[уі]?|адміністраці[яїю]|інспекці[яїю]|агентств[оаіу]|"
    r"палат[аиіу]|прокуратур[аиіу]|поліці[яїю]|інститут[уі]?|академі[яїю]|комісі[яїю]|"
    r"казначейств[оаіу]|кабінет[уі]?|парті[яїю]|банк[уі]?|залізниц[яіюь]|відділенн[яюі]|"
    r"відділ[уі]?|дирекці[яїю]|колегі[яїю]|рахункова|організаці[яїю]|асоціаці[яїю]|спілк[аиіу]|"
    r"об'єднанн[яюі]|центр[уі]?|лікарн[яіюі]|театр[уі]?|музе[йюї]|бюро|трибунал[уі]?|"
    r"ОТВ|ОДА|РДА|НПЗ|ТЕС|ТЕЦ|ГЗК|АЕС)$", re.I)
_SETTLEMENT_WORDS = re.compile(r"(?:\b(?:м|с|смт|сел|міст[оа]|сел[оіа]|селищ[еіа]|"
                               r"місті|містечк[оау])\.?\s+)$")
_STREET = re.compile(
    rf"(?<![\w{_APOS}])(?:вул|вулиц[яіюе]|просп|пр-т|пр|пров|бул|б-р|пл|пл-ща|узв|шосе|наб)\.?"
    rf"[ \n]?(?:[{_UPPER}]\. ?)?[{_UPPER}0-9][\w{_APOS}-]*(?: [{_UPPER}][\w{_APOS}-]*){{0,3}}"
    rf"(?:,? \d+[а-яА-Я]?(?: ?/ ?\d+)?)?")
# Words that put a place after them: prepositions of place and settlement abbreviations.
_PLACE_CUE = re.compile(r"(?:^|[\s(])(?:у|в|на|з|із|зі|до|від|біля|під|поблизу|через|"
                        r"м\.|с\.|смт|сел\.|місто|місті|міста|село|селі|села)\s+$", re.I)
_REGION_WORDS = re.compile(r"(?:област[ьіею]|обл\.|район[уіом]?|р-н[уі]?|округ[уі]?|"
                           r"громад[аиіу]|край|краю|регіон[уі]?)$")
_QUOTED = re.compile(r"«([^«»\n]{1,120})»")
_INITIALS = re.compile(rf"(?:[{_UPPER}]\.\s?){{1,2}}")

# Which rule wins where two overlap: earlier in this list, then the longer span.
_PRIORITY = ("legal-form", "address", "quoted-name", "institution", "region", "cued-place",
             "person-morphology", "natasha-person", "acronym", "compound-name",
             "two-word-place", "natasha-place", "gazetteer-place", "natasha-organization")
# Sources whose span may be cut where a higher-priority finding overlaps it.
_CUTTABLE = frozenset({"natasha-place", "natasha-person", "natasha-organization"})


def _parses(word: str) -> list[Any]:
    return list(morphology().parse(word))


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """natasha's list of given names (Russian spellings), folded so that the Ukrainian forms
    meet them (Володимир = Владимир, Микола = Николай: `fold_name`)."""
    from docket.nlp.cyrillic import natasha_data
    from docket.nlp.names import fold_name

    path = natasha_data() / "dict" / "first.txt"
    with path.open(encoding="utf-8") as handle:
        return frozenset(fold_name(line.split("#")[0].strip()) for line in handle
                         if line.split("#")[0].strip())


_PATRONYMIC = re.compile(r"(?:ович|евич|євич|йович|ївна|івна|овна|евна|ична)$")
_FUNCTION_WORDS = frozenset({"NPRO", "CONJ", "PREP", "PRCL", "ADVB", "INTJ", "NUMR"})


@lru_cache(maxsize=100_000)
def _name_part(word: str) -> str | None:
    """'given', 'patronymic' or 'family' when the dictionary reads `word` as one, else None."""
    from docket.nlp.names import fold_name

    parses = [p for p in _parses(word) if p.score >= 0.1]
    if any(str(p.tag.POS) in _FUNCTION_WORDS for p in parses):
        return None  # "Вона" is 'she' before it is anybody's surname
    for p in parses:
        if "Name" in p.tag:
            return "given"
    for p in parses:
        if "Patr" in p.tag or (str(p.tag.POS) == "NOUN" and _PATRONYMIC.search(p.normal_form)):
            return "patronymic"
    for p in parses:
        if str(p.tag.POS) == "NOUN" and fold_name(p.normal_form) in _given_names():
            return "given"
    for p in parses:
        if "Surn" in p.tag:
            return "family"
    return None


@lru_cache(maxsize=100_000)
def _common_word(word: str) -> bool:
    """Whether the dictionary reads `word` (capitalised) only as an ordinary word: a pronoun,
    adverb, conjunction, verb, adjective or common noun, never as a name."""
    parses = [p for p in _parses(word) if p.score >= 0.05]
    if not parses or not any(p.is_known for p in parses):
        return False
    return not any(t in p.tag for p in parses for t in ("Name", "Surn", "Patr", "Abbr"))


@lru_cache(maxsize=100_000)
def _pos(word: str) -> frozenset[str]:
    return frozenset(str(p.tag.POS) for p in _parses(word) if p.tag.POS)


@lru_cache(maxsize=100_000)
def _lemmas(word: str) -> tuple[str, ...]:
    out: list[str] = []
    for p in _parses(word):
        if p.normal_form not in out:
            out.append(p.normal_form)
    return tuple(out[:4])


@lru_cache(maxsize=50_000)
def _known_place(word: str, any_settlement: bool) -> bool:
    """Whether a dictionary form of `word` is a place the gazetteer knows: a country, a region
    or a town of some size, or (`any_settlement`) any settlement."""
    from docket.nlp.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    for lemma in (word, *_lemmas(word)):
        name = lemma[:1].upper() + lemma[1:]
        for place in gaz.candidates(name):
            if any_settlement or place.kind in ("country", "admin1", "admin2", "region") or (
                    (place.population or 0) >= 20_000):
                return True
    return False


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"«(–—-")
    return not before or before[-1] in ".!?\n:;"


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _quotes(text: str) -> list[tuple[int, int, int, int]]:
    """Each «…» name: (open, content start, content end, close end). A nested opening quote
    shares the outer one's closing quote, as Ukrainian writes it (``«Компанія «Альфа»``): the
    content then runs to that quote inclusive (``Компанія «Альфа»``)."""
    out: list[tuple[int, int, int, int]] = []
    pos = 0
    while True:
        open_ = text.find("«", pos)
        if open_ < 0:
            return out
        close = text.find("»", open_ + 1)
        newline = text.find("\n", open_ + 1)
        if close < 0 or close - open_ > 160 or 0 <= newline < close:
            pos = open_ + 1
            continue
        nested = "«" in text[open_ + 1:close]
        end = close + 1
        if text[end:end + 1] == "»":  # «A «B»»
            end += 1
        content_end = close + 1 if nested else close
        out.append((open_, open_ + 1, content_end, end))
        pos = end
    return out


_CAPS_WORD = re.compile(rf"[{_UPPER}][{_UPPER}{_LOWER}]{{0,6}}")


def _legal_form_before(text: str, open_: int) -> int | None:
    """Start of the legal form(s) right before an opening quote (ТОВ «, ТОВ НПП «, УМГ «,
    ТОВ фірма «), else None."""
    start = None
    end = open_
    for _ in range(2):
        m = re.search(rf"([{_UPPER}{_LOWER}]+)\s*$", text[max(0, end - 20):end])
        if not m:
            break
        word = m.group(1)
        s = end - len(m.group())
        form = word in _LEGAL_FORMS or (word.isupper() and 2 <= len(word) <= 6
                                        and word not in _PLACE_ACRONYMS
                                        and word not in _NOT_AN_ORG)
        if form or (start is not None and word in ("фірма", "компанія", "підприємство")):
            start = s
        else:
            break
        end = s
    return start


def _name_quote(text: str, s: int, e: int) -> bool:
    """Whether «text[s:e]» reads as a name: capitalised, short, not a law's title ("Про …"),
    not a quoted sentence."""
    inner = text[s:e]
    if not inner or not (inner[0].isupper() or inner[0].isdigit()):
        return False
    if len(inner.split()) > 6 or inner.startswith("Про ") or inner.rstrip("»")[-1:] in "?!.":
        return False
    before = text[max(0, s - 12):s - 1].rstrip().lower()
    return not before.endswith((":", "закон", "закону", "законом", "зу", "постанова",
                                "постанови", "наказ", "наказу", "програма", "програми",
                                "проект", "проекту", "книга", "книги", "книжок"))


def _descriptor_before(text: str, open_: int) -> int | None:
    """Start of a capitalised descriptor right before a quote (Фірма «, Міжнародний аеропорт «,
    Дочірнє підприємство «), else None."""
    m = re.search(rf"((?:[{_UPPER}{_LOWER}'’-]+ ){{1,3}})$", text[max(0, open_ - 60):open_])
    if not m:
        return None
    words = m.group(1).split()
    last = words[-1]
    if "NOUN" not in _pos(last) or _name_part(last) is not None:
        return None
    if not _LEGAL_WORDS.fullmatch(last) and not _INSTITUTION_HEADS.match(last):
        return None  # "Власниками «…»": not a word for a kind of organisation
    for k, word in enumerate(words):
        if word[:1].isupper() and all(w[:1].islower() for w in words[k + 1:]) and all(
                _pos(w) & {"ADJF", "PRTF", "NOUN"} for w in words[k:]):
            start = open_ - len(" ".join(words[k:])) - 1
            if k == len(words) - 1 and _sentence_start(text, start):
                return None  # "Фірма «Київ»" opening a sentence: the name is in the quotes
            return start
    return None


_SOLE_TRADER = re.compile(rf"\bФОП (?:[{_UPPER}][{_LOWER}'’-]+(?: |$)){{1,3}}|"
                          rf"\bФОП [{_UPPER}][{_LOWER}'’-]+ (?:[{_UPPER}]\. ?){{1,2}}")


def _sole_traders(text: str) -> list[FoundEntity]:
    """A sole trader is named as an organisation: "ФОП Петренко Олег Іванович"."""
    return [FoundEntity(m.start(), m.end() - (1 if m.group().endswith(" ") else 0), "ORG",
                        "legal-form") for m in _SOLE_TRADER.finditer(text)]


def _quoted_orgs(text: str) -> list[FoundEntity]:
    out = []
    for open_, s, e, end in _quotes(text):
        if not _name_quote(text, s, e):
            continue
        legal = _legal_form_before(text, open_)
        if legal is not None:
            out.append(FoundEntity(legal, end, "ORG", "legal-form"))
            continue
        described = _descriptor_before(text, open_)
        if described is not None:
            out.append(FoundEntity(described, end, "ORG", "legal-form"))
            continue
        out.append(FoundEntity(s, e, "ORG", "quoted-name"))
    return out


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _case_of(word: str, case: str) -> bool:
    return any(case in p.tag and str(p.tag.POS) in ("NOUN", "ADJF", "PRTF")
               for p in _parses(word) if p.score >= 0.05)


def _tail(text: str, words: list[re.Match[str]], head: int) -> int:
    """Index of the last word of a body's name whose head noun is `words[head]`: its genitive
    tail ("України", "міста Києва", "екологічної політики та техногенної безпеки", "з питань
    надзвичайних ситуацій") and where it sits ("в Луганській області", "у м. Києві")."""
    end = head
    k = head + 1
    while k < len(words) and k - head <= 10:
        gap = text[words[k - 1].end():words[k].start()]
        word = words[k].group()
        if gap not in (" ", ". ") or (gap == ". " and words[k - 1].group() != "м"):
            break
        nxt = words[k + 1].group() if k + 1 < len(words) else ""
        if (word == "м" or (word in ("та", "і", "й") and nxt[:1].islower())
                or (word == "з" and (nxt == "питань" or "ADJF" in _pos(nxt)))):
            k += 1
            continue
        if (_capitalised(word) and _name_part(word) in ("given", "family")
                and not _known_place(word, False)):
            break  # "Партії регіонів Бориса Колеснікова": the tail ends before a person
        if word in ("в", "у") and k + 1 < len(words):
            nxt = words[k + 1].group()
            if (nxt[:1].isupper() or nxt in ("м", "місті")) and _case_of(nxt, "loct") or \
                    nxt == "м":
                k += 1
                continue
            break
        if (_case_of(word, "gent") or (word.isupper() and len(word) >= 2)
                or (words[k - 1].group() in ("в", "у", "м") and _case_of(word, "loct"))
                or (_case_of(word, "loct") and words[k - 2].group() in ("в", "у")
                    and word in ("області", "місті", "районі"))):
            end = k
            k += 1
            continue
        break
    return end


def _institution_orgs(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    out = []
    i = 0
    while i < len(words):
        first = words[i].group()
        acronym = (first.isupper() and 2 <= len(first) <= 8 and first.isalpha()
                   and first not in _LEGAL_FORMS and first not in _NOT_AN_ORG
                   and first not in _PLACE_ACRONYMS)
        if not first[:1].isupper() or (_sentence_start(text, words[i].start())
                                       and not _INSTITUTION_HEADS.match(first)
                                       and "ADJF" not in _pos(first)):
            i += 1
            continue
        # Capitalised first word, then adjectives (or several joined by commas and "і"), up
        # to a head noun: "Золочівської районної ради", "Кременчуцький, Дрогобицький і
        # Надвірнянський НПЗ". An acronym is its own head ("ДСНС України").
        j = i
        head = i if acronym else None
        while head is None and j < len(words) and j - i < 8:
            word = words[j].group()
            gap = text[words[j - 1].end():words[j].start()] if j > i else " "
            if gap not in (" ", ", "):
                break
            if _INSTITUTION_HEADS.match(word) and not (j == i and word.isupper() and
                                                        word in ("ОДА", "РДА", "ОТВ")):
                head = j
                break
            if word in ("і", "та", "й") and j > i:
                j += 1
                continue
            if not (_pos(word) & {"ADJF", "PRTF"}):
                break
            j += 1
        if head is None:
            i += 1
            continue
        end = _tail(text, words, head)
        if end == head == i and _sentence_start(text, words[i].start()):
            i += 1
            continue  # "Суд встановив": a common noun opening a sentence
        if acronym and end == head:
            i += 1
            continue  # a bare acronym: the acronym rule's
        out.append(FoundEntity(words[i].start(), words[end].end(), "ORG", "institution"))
        i = end + 1
    return out


def _acronyms(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    out = []
    for w in words:
        word = w.group()
        if not (2 <= len(word) <= 8 and word.isupper() and word.isalpha()):
            continue
        if word in _PLACE_ACRONYMS:
            out.append(FoundEntity(w.start(), w.end(), "LOC", "acronym"))
        elif word not in _LEGAL_FORMS and word not in _NOT_AN_ORG:
            out.append(FoundEntity(w.start(), w.end(), "ORG", "acronym"))
    return out


_COMPOUND = re.compile(r"^(?:Укр|Мін|Держ|Нац|Обл|Міськ|Райрад|Київрад|Київміськ|Мінрегіон|"
                       r"Наф|Газ|Енерго).{3,}|.{3,}(?:рад[аиіу]|енерго|газ[уі]?|буд[уі]?|"
                       r"банк[уі]?|трансгаз[уі]?|автодор[уі]?|інвест[уі]?|торг[уі]?|пром[уі]?|"
                       r"сервіс[уі]?|тепло|вод[аиіу]канал[уі]?)$")


def _compound_orgs(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    out = []
    for w in words:
        word = w.group()
        if (_capitalised(word) and _COMPOUND.match(word) and _name_part(word) is None
                and not _known_place(word, False)
                and not any("anim" in p.tag and p.is_known for p in _parses(word))):
            out.append(FoundEntity(w.start(), w.end(), "ORG", "compound-name"))
    return out


def _addresses(text: str) -> list[FoundEntity]:
    return [FoundEntity(m.start(), m.end(), "LOC", "address") for m in _STREET.finditer(text)]


def _person_runs(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    """Runs of capitalised words the dictionary reads as name parts, with initials."""
    out = []
    i = 0
    while i < len(words):
        run: list[int] = []
        j = i
        while j < len(words):
            word = words[j].group()
            if run and text[words[j - 1].end():words[j].start()] != " ":
                break
            if not _capitalised(word) or _name_part(word) is None:
                break
            run.append(j)
            j += 1
        if not run:
            i += 1
            continue
        s, e = words[run[0]].start(), words[run[-1]].end()
        parts = [_name_part(words[k].group()) for k in run]
        initials = _INITIALS.match(text, e + 1) if text[e:e + 1] == " " else None
        if initials and parts == ["family"]:
            e = initials.end() - (1 if text[initials.end() - 1] == " " else 0)
            e = e if text[e - 1] == "." else e
        before = _INITIALS.search(text[max(0, s - 6):s])
        if parts == ["family"] and before and before.end() == s - max(0, s - 6):
            s = s - len(before.group())
        # One word alone is a name only when it is a family name not opening a sentence, and
        # not an adjective before its noun ("Черкаської області", "Чорного моря").
        adjective = "ADJF" in _pos(words[run[0]].group()) and re.match(
            rf" [{_LOWER}]", text[e:e + 2]) is not None
        if len(run) >= 2 or (parts == ["family"] and not adjective and (
                not _sentence_start(text, s) or initials is not None)):
            out.append(FoundEntity(s, e, "PER", "person-morphology"))
        i = j
    return out


def _clean_person(text: str, ent: FoundEntity) -> FoundEntity | None:
    """natasha's person span cut to its capitalised name words (none: not a person)."""
    words = list(_WORD.finditer(text, ent.start, ent.end))
    keep: list[re.Match[str]] = []
    for w in words:
        word = w.group()
        if not word[:1].isupper():
            keep = []  # "Мелітополі з Оленою Івановою": the name is after the lowercase word
            continue
        if not keep and _common_word(word) and _name_part(word) is None:
            continue  # "Він", "Останній", "Львівського" opening the span
        keep.append(w)
    if not keep:
        return None
    if len(keep) == 1 and "ADJF" in _pos(keep[0].group()) and _name_part(keep[0].group()) is None:
        return None
    s, e = keep[0].start(), keep[-1].end()
    if text[e:e + 1] == "." and re.fullmatch(rf"[{_UPPER}]", text[e - 1:e]):
        e += 1
    return FoundEntity(s, e, "PER", "natasha-person")


def _places(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    out = []
    for w in words:
        word = w.group()
        if not _capitalised(word) or len(word) < 3 or _name_part(word) is not None:
            continue
        after_settlement_word = bool(_SETTLEMENT_WORDS.search(text[max(0, w.start() - 12):
                                                                   w.start()]))
        if _sentence_start(text, w.start()) and not after_settlement_word:
            continue
        if _known_place(word, after_settlement_word):
            out.append(FoundEntity(w.start(), w.end(), "LOC", "gazetteer-place"))
    return out


def _regions(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    """A capitalised adjective and a word for a region or district: "Рівненської області",
    "Кремінському районі", "Донецької обл."."""
    out = []
    for a, b in zip(words, words[1:], strict=False):
        if (_capitalised(a.group()) and text[a.end():b.start()] == " "
                and "ADJF" in _pos(a.group())):
            end = b.end() + (1 if text[b.end():b.end() + 1] == "." else 0)
            if _REGION_WORDS.match(text[b.start():end]):
                out.append(FoundEntity(a.start(), end, "LOC", "region"))
    return out


def _cued_places(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    """A capitalised word after a preposition of place or a settlement word whose dictionary
    form the gazetteer knows ("з Луцька", "на Печерську", "у Києві"): a place, even where the
    word is also a family name."""
    out = []
    for w in words:
        word = w.group()
        if not _capitalised(word) or len(word) < 3:
            continue
        if _PLACE_CUE.search(text[max(0, w.start() - 10):w.start()]) and \
                _known_place(word, True) and (_name_part(word) != "given"
                                              or _known_place(word, False)):
            nxt = text[w.end():w.end() + 30]
            if re.match(rf" [{_UPPER}][{_LOWER}]", nxt) and _name_part(nxt[1:].split()[0].strip(
                    ".,;:")) is not None:
                continue  # "з Луцька Сергій …" is fine, "у Петренка Олега" is not
            out.append(FoundEntity(w.start(), w.end(), "LOC", "cued-place"))
    return out


def _two_word_places(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    """An adjective and a noun that together name a settlement ("Софіївська Борщагівка",
    "Новій Дофіновці"): looked up in the nominative."""
    from docket.nlp.gazetteer import Gazetteer

    out = []
    for a, b in zip(words, words[1:], strict=False):
        if not (_capitalised(a.group()) and _capitalised(b.group())
                and text[a.end():b.start()] == " "):
            continue
        firsts = {a.group()}
        for p in _parses(a.group()):
            if "ADJF" in p.tag:
                nom = p.inflect({"nomn"})
                if nom is not None:
                    firsts.add(nom.word.capitalize())
        seconds = {b.group(), *(x.capitalize() for x in _lemmas(b.group()))}
        if any(Gazetteer.load().knows(f"{x} {y}") for x in firsts for y in seconds):
            out.append(FoundEntity(a.start(), b.end(), "LOC", "two-word-place"))
    return out


def _pieces(text: str, f: FoundEntity, kept: list[FoundEntity]) -> list[FoundEntity]:
    """What is left of `f` outside the spans already kept, as capitalised whole words."""
    out = []
    cuts = sorted((k.start, k.end) for k in kept if f.start < k.end and k.start < f.end)
    pos = f.start
    for a, b in [*cuts, (f.end, f.end)]:
        piece = text[pos:max(pos, a)]
        stripped = piece.strip(" ,.;:–—-\n")
        if stripped and stripped[0].isupper() and (pos == f.start or text[pos - 1] in " \n"):
            s = pos + piece.index(stripped)
            e = s + len(stripped)
            if e == f.end or text[e:e + 1] in " ,.;:\n":
                out.append(FoundEntity(s, e, f.label, f.source))
        pos = max(pos, b)
    return out


def _resolve(text: str, found: list[FoundEntity]) -> list[FoundEntity]:
    rank = {name: i for i, name in enumerate(_PRIORITY)}
    ordered = sorted(found, key=lambda f: (rank.get(f.source, len(rank)), -(f.end - f.start),
                                           f.start))
    kept: list[FoundEntity] = []
    for f in ordered:
        if f.end <= f.start:
            continue
        if any(f.start < k.end and k.start < f.end for k in kept):
            if f.source in _CUTTABLE:
                kept += [p for p in _pieces(text, f, kept)
                         if not any(p.start < k.end and k.start < p.end for k in kept)]
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def ukrainian_entities(text: str, model: list[FoundEntity]) -> list[FoundEntity]:
    """The names of Ukrainian `text`, from natasha's spans on its Russian respelling and the
    rules above."""
    words = _words(text)
    found: list[FoundEntity] = []
    found += _quoted_orgs(text)
    found += _sole_traders(text)
    found += _institution_orgs(text, words)
    found += _acronyms(text, words)
    found += _compound_orgs(text, words)
    found += _addresses(text)
    found += _person_runs(text, words)
    found += _places(text, words)
    found += _regions(text, words)
    found += _cued_places(text, words)
    found += _two_word_places(text, words)
    for ent in model:
        if ent.label == "PER":
            person = _clean_person(text, ent)
            if person is not None:
                found.append(person)
        elif ent.label == "LOC":
            found.append(FoundEntity(ent.start, ent.end, "LOC", "natasha-place"))
        else:
            found.append(FoundEntity(ent.start, ent.end, "ORG", "natasha-organization"))
    return _resolve(text, found)
