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
_LEGAL_FORMS = frozenset("""
ТОВ ТзОВ ДП ПП ПАТ ПрАТ ПАО КП ЗАТ ВАТ ТД ГО НВП НВФ ФОП АТ НАК ПФ ФГ СП КНП ВКФ ПВКФ ОСББ БФ ДК
ДАК КО ППФ МПП ЧП ООО ОАО ЗАО НПП СТОВ ПСП ВКП ВП НВО ПТ КМКП КГПС ВО ІА ФК ОК ОГ ДПІ ТДВ КВП
ПВНЗ СГ ПМП ПКП МП ПВП ВАК ДЗ КЗ КУ КПП ЛТД
""".split())
# Legal forms written as words; capitalised at the start of a sentence.
_LEGAL_WORDS = re.compile(
    r"(?:[Тт]овариств[оау]|[Пп]ідприємств[оау]|[Кк]омпані[яїю]|[Фф]ірм[аиіу]|[Кк]орпораці[яїю]|"
    r"[Кк]онцерн[уі]?|[Кк]омбінат[уі]?|[Зз]авод[уі]?|[Фф]абрик[аиіу]|[Пп]арті[яїю]|[Бб]анк[уі]?|"
    r"[Гг]азет[аиіу]|[Вв]идання|[Кк]анал[уі]?|[Аа]гентств[оау]|[Оо]рганізаці[яїю]|[Оо]б'єднання|"
    r"[Аа]соціаці[яїю]|[Фф]онд[уі]?|[Цц]ентр[уі]?|[Кк]луб[уі]?|[Кк]ооператив[уі]?|[Гг]руп[аиіу]|"
    r"[Хх]олдинг[уі]?|[Сс]пілк[аиіу]|[Рр]ух[уі]?|[Бб]лок[уі]?|[Кк]онсорціум[уі]?|[Шш]кол[аиіу]|"
    r"[Уу]ніверситет[уі]?|[Лл]ікарн[яіюі]|[Сс]танці[яїю]|[Шш]ахт[аиіу])")
# Acronyms that are common nouns or units, not a body (ЗМІ 'the media', ПДВ 'VAT').
_NOT_AN_ORG = frozenset("""
ЗМІ ПІБ ЖКГ ПДВ НПЗ АЕС ТЕС ТЕЦ АЗС ЖК ПСГ ДСТУ ГРН ТИС МЛН МЛРД КВ ГА ЄДРПОУ ІПН КЕКВ ТБО ПММ
ОТГ ДТП ВВП ЄДР СІЗО УБД ЗСУ НГУ ЗС ОПЗЖ ЦВК СРСР УРСР РРФСР ФРН ЄСПЛ ПП НДР
""".split()) - {"ЗСУ", "НГУ", "ОПЗЖ", "ЦВК", "ЄСПЛ"}
_PLACE_ACRONYMS = frozenset("США РФ ДНР ЛНР АРК ОАЕ ФРН СРСР УРСР РРФСР ЄС ОРДЛО КНР КНДР".split())
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
    rf"\s*[{_UPPER}0-9][\w{_APOS}.-]*(?:\s+[{_UPPER}][\w{_APOS}-]*){{0,3}}(?:,\s*\d+[а-яА-Я]?"
    rf"(?:\s*/\s*\d+)?)?")
_QUOTED = re.compile(r"«([^«»\n]{1,120})»")
_INITIALS = re.compile(rf"(?:[{_UPPER}]\.\s?){{1,2}}")

# Which rule wins where two overlap: earlier in this list, then the longer span.
_PRIORITY = ("legal-form", "address", "quoted-name", "institution", "person-morphology",
             "natasha-person", "acronym", "compound-name", "natasha-place", "gazetteer-place",
             "natasha-organization")


def _parses(word: str) -> list[Any]:
    return list(morphology().parse(word))


@lru_cache(maxsize=100_000)
def _name_part(word: str) -> str | None:
    """'given', 'patronymic' or 'family' when the dictionary reads `word` as one, else None."""
    for p in _parses(word):
        if p.score < 0.1:
            continue
        tag = p.tag
        if "Name" in tag:
            return "given"
        if "Patr" in tag:
            return "patronymic"
        if "Surn" in tag:
            return "family"
    return None


@lru_cache(maxsize=100_000)
def _common_word(word: str) -> bool:
    """Whether the dictionary reads `word` (capitalised) only as an ordinary word: a pronoun,
    adverb, conjunction, verb, adjective or common noun, never as a name."""
    parses = [p for p in _parses(word) if p.score >= 0.05]
    if not parses or not any(p.is_known for p in parses):
        return False
    if any(t in p.tag for p in parses for t in ("Name", "Surn", "Patr", "Abbr")):
        return False
    return True


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


def _legal_form_orgs(text: str) -> list[FoundEntity]:
    out = []
    for m in _QUOTED.finditer(text):
        start = m.start()
        # Legal forms (and capitalised abbreviations) right before the opening quote.
        before = list(re.finditer(rf"[{_UPPER}][{_UPPER}{_LOWER}]{{0,5}}\s*$", text[:start]))
        if not before:
            continue
        head = before[-1]
        word = head.group().strip()
        if word not in _LEGAL_FORMS:
            continue
        s = head.start()
        prev = re.search(rf"([{_UPPER}][{_UPPER}{_LOWER}]{{0,5}})\s+$", text[:s])
        if prev and prev.group(1) in _LEGAL_FORMS:  # ТОВ НПП «...»
            s = prev.start(1)
        e = m.end()
        if text[e:e + 1] == "»":  # «A «B»»
            e += 1
        out.append(FoundEntity(s, e, "ORG", "legal-form"))
    return out


def _quoted_orgs(text: str) -> list[FoundEntity]:
    out = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1).strip()
        if not inner or not inner[0].isupper() or len(inner.split()) > 6:
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if _LEGAL_WORDS.search(before.rstrip().split(" ")[-1] if before.strip() else "") is None:
            continue
        s = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
        e = s + len(inner)
        if text[m.end():m.end() + 1] == "»":  # «A «B»» is handled by legal-form
            continue
        out.append(FoundEntity(s, e, "ORG", "quoted-name"))
    return out


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _institution_orgs(text: str, words: list[re.Match[str]]) -> list[FoundEntity]:
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        if not (w.group()[:1].isupper() and not _sentence_start(text, w.start())
                or w.group()[:1].isupper() and _INSTITUTION_HEADS.match(w.group())):
            i += 1
            continue
        # Capitalised first word, then adjectives, up to a head noun, all one space apart.
        j = i
        head = None
        while j < len(words) and j - i < 6:
            word = words[j].group()
            if j > i and text[words[j - 1].end():words[j].start()] not in (" ",):
                break
            if _INSTITUTION_HEADS.match(word):
                head = j
                break
            if not (_pos(word) & {"ADJF", "PRTF"}) and not (j == i and word.isupper()):
                break
            j += 1
        if head is None:
            i += 1
            continue
        end = head
        # The genitive tail: "України", "міста Києва", "м. Києва", "Київської області",
        # "з надзвичайних ситуацій", "екологічної політики та техногенної безпеки".
        k = head + 1
        while k < len(words) and k - head <= 8:
            gap = text[words[k - 1].end():words[k].start()]
            word = words[k].group()
            if gap not in (" ", ". ") or (gap == ". " and words[k - 1].group() != "м"):
                break
            parses = [p for p in _parses(word) if p.score >= 0.05]
            gent = any("gent" in p.tag and str(p.tag.POS) in ("NOUN", "ADJF", "PRTF")
                       for p in parses)
            if word in ("та", "і", "й", "з", "м") and k + 1 < len(words):
                k += 1
                continue
            if gent or (word.isupper() and len(word) >= 2):
                end = k
                k += 1
                continue
            break
        s, e = words[i].start(), words[end].end()
        if end == i and not words[i].group()[:1].isupper():
            i += 1
            continue
        if end > i or words[i].group()[:1].isupper():
            out.append(FoundEntity(s, e, "ORG", "institution"))
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
                and not _known_place(word, False)):
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
        # One word alone is a name only when it is a family name not opening a sentence.
        if len(run) >= 2 or (parts == ["family"] and (not _sentence_start(text, s)
                                                     or initials is not None)):
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


def _resolve(found: list[FoundEntity]) -> list[FoundEntity]:
    rank = {name: i for i, name in enumerate(_PRIORITY)}
    ordered = sorted(found, key=lambda f: (rank.get(f.source, len(rank)), -(f.end - f.start),
                                           f.start))
    kept: list[FoundEntity] = []
    for f in ordered:
        if f.end <= f.start or any(f.start < k.end and k.start < f.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def ukrainian_entities(text: str, model: list[FoundEntity]) -> list[FoundEntity]:
    """The names of Ukrainian `text`, from natasha's spans on its Russian respelling and the
    rules above."""
    words = _words(text)
    found: list[FoundEntity] = []
    found += _legal_form_orgs(text)
    found += _quoted_orgs(text)
    found += _institution_orgs(text, words)
    found += _acronyms(text, words)
    found += _compound_orgs(text, words)
    found += _addresses(text)
    found += _person_runs(text, words)
    found += _places(text, words)
    for ent in model:
        if ent.label == "PER":
            person = _clean_person(text, ent)
            if person is not None:
                found.append(person)
        elif ent.label == "LOC":
            found.append(FoundEntity(ent.start, ent.end, "LOC", "natasha-place"))
        else:
            found.append(FoundEntity(ent.start, ent.end, "ORG", "natasha-organization"))
    return _resolve(found)
