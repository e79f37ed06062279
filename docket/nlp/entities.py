"""Who, where and when: the entity stage over an analysed document's main text.

One spaCy pass gives the candidate spans; specialised recognisers then take over what the
small English model gets wrong or does not know:

- military units (`units.py`) replace the ORG/ORDINAL fragments spaCy makes of them;
- places come from the gazetteer (`places.py`), which also corrects spaCy's labels
  (Kramatorsk tagged PERSON, Bakhmut tagged ORG become places);
- people carry their ranks and roles (`roles.py`); unnamed people ('a 25-year-old conscript')
  stay participants of their own document;
- times are normalised against the publication date (`temporal.py`).

Each mention gets a resolution key (see `Mention`): equal keys across documents are one entity,
so resolution is incremental and costs nothing per existing document. A surname on its own is
tied to a full name in the same document, never across documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from docket.model import Document, Mention

if TYPE_CHECKING:
    from docket.nlp.places import RejectedSpan

PERSON_LABELS = ("PERSON",)
ORG_LABELS = ("ORG",)
PLACE_LABELS = ("GPE", "LOC", "FAC")


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def extract_mentions(doc: Document, backbone: Any, parsed: Any = None) -> tuple[Mention, ...]:
    """Every entity and time mention in `doc.text`, resolved to keys; deterministic.

    `parsed` is spaCy's parse of `doc.text` when the caller already has it (the pipeline parses
    once for entities, claims and events).
    """
    text = doc.text
    if not text.strip():
        return ()
    if parsed is None:
        parsed = backbone.nlp(text)
    ner = [(e.start_char, e.end_char, e.label_) for e in parsed.ents]
    units = _unit_mentions(text)
    taken = [(m.start, m.end) for m in units]
    places, rejected = _place_mentions(text, ner, taken, backbone.label,
                                       getattr(backbone, "trusted_labels", False))
    taken += [(m.start, m.end) for m in places]
    ner = _relabel(ner, rejected)
    out = [
        *units, *places,
        *_person_mentions(doc.id, text, ner, taken, backbone.label, doc.language),
        *_organization_mentions(text, ner, taken, backbone.label, doc.language),
        *_unnamed_mentions(doc.id, text),
        *_time_mentions(doc, text),
    ]
    return tuple(sorted(out, key=lambda m: (m.start, m.end, m.kind)))


def _unit_mentions(text: str) -> list[Mention]:
    from docket.nlp.units import find_units

    return [Mention(u.start, u.end, u.text, "military_unit", u.unit.key(), u.unit.display(),
                    f"units:{u.rule}", "same normalised unit (number, type, branch)",
                    _unit_attributes(u.unit))
            for u in find_units(text)]


# Place recognition and resolution compare every place of a document with the others; a
# document longer than this is handled in windows of about this size (cut at a line or
# sentence end), each window being the context of its own places.
_PLACE_WINDOW = 40_000


def _windows(text: str) -> list[tuple[int, int]]:
    if len(text) <= _PLACE_WINDOW:
        return [(0, len(text))]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + _PLACE_WINDOW)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            end = cut + 1 if cut > start else end
        out.append((start, end))
        start = end
    return out


def _place_mentions(text: str, ner: list[tuple[int, int, str]], taken: list[tuple[int, int]],
                    label: str, trusted: bool = False
                    ) -> tuple[list[Mention], list[RejectedSpan]]:
    out: list[Mention] = []
    rejected: list[RejectedSpan] = []
    for a, b in _windows(text):
        local_ner = [(s - a, e - a, lab) for s, e, lab in ner if a <= s and e <= b]
        local_taken = [(s - a, e - a) for s, e in taken if a <= s and e <= b]
        found, turned_down = _window_places(text[a:b], local_ner, local_taken, label, trusted)
        out += [replace(m, start=m.start + a, end=m.end + a) for m in found]
        rejected += [replace(r, start=r.start + a, end=r.end + a) for r in turned_down]
    return out, rejected


def _relabel(ner: list[tuple[int, int, str]],
             rejected: list[RejectedSpan]) -> list[tuple[int, int, str]]:
    """NER spans corrected by what place recognition learnt about them.

    A word that spaCy called a place but the context shows to be a person ("who gave his name
    as Mykola") becomes a PERSON span; a place word that is part of an agreement's name ("the
    Minsk agreements", "the Normandy format") is neither a person nor an organisation.
    """
    persons = [(r.start, r.end) for r in rejected if r.person]
    agreements = {(r.start, r.end) for r in rejected if r.rule == "name-of-an-agreement"}
    out = []
    for s, e, lab in ner:
        if (s, e) in agreements and lab in PERSON_LABELS + ORG_LABELS:
            continue
        if (s, e) in persons and lab not in PERSON_LABELS:
            lab = "PERSON"
        out.append((s, e, lab))
    known = {(s, e) for s, e, lab in out if lab in PERSON_LABELS}
    out += [(s, e, "PERSON") for s, e in persons
            if (s, e) not in known and not any(s < ke and ks < e for ks, ke in known)
            and not any((s, e) == (ns, ne) for ns, ne, _ in out)]
    return sorted(out)


def _window_places(text: str, ner: list[tuple[int, int, str]], taken: list[tuple[int, int]],
                   label: str, trusted: bool = False
                   ) -> tuple[list[Mention], list[RejectedSpan]]:
    from docket.nlp.places import place_candidates, resolve_places

    # A gazetteer word inside a longer name is part of that name: only a whole ORG span that
    # the gazetteer knows is turned into a place. Inside PERSON spans places.py decides ('Ivanov'
    # in 'Sergei Ivanov' is a name, 'Kostromka' in a mislabelled 'Velyka Kostromka' a village).
    names = [(s, e) for s, e, lab in ner if lab in ORG_LABELS]
    if trusted:
        # The NER's labels stand (Backbone.trusted_labels): its place spans are the places; the
        # gazetteer resolves them but adds none (on Russian news its capitalised-word matches
        # were all common words that are also village names: Правда, Завод, Доля).
        candidates = sorted({(s, e) for s, e, lab in ner if lab in PLACE_LABELS})
        rejected: list[RejectedSpan] = []
    else:
        candidates, rejected = place_candidates(text, ner)
    spans = [
        s for s in candidates
        if not _overlaps(s, taken)
        and not any(ns <= s[0] and s[1] <= ne and (ns, ne) != s for ns, ne in names)
    ]
    out = []
    for p in resolve_places(text, spans):
        if p.place is not None:
            attrs: dict[str, Any] = {
                "lat": p.place.lat, "lon": p.place.lon, "country": p.place.country,
                "admin1": p.place.admin1, "admin2": p.place.admin2,
                "gazetteer_id": p.place.gazetteer_id, "feature_kind": p.place.kind,
                "precision": p.precision, "relation": p.relation, "score": p.score,
                "considered": [c.as_record() for c in p.considered]}
            out.append(Mention(p.start, p.end, p.text, "place", p.place.gazetteer_id,
                               p.place.name, f"{label} + gazetteer", f"gazetteer: {p.why}",
                               attrs))
        else:
            out.append(Mention(p.start, p.end, p.text, "place",
                               "unresolved|" + " ".join(p.text.lower().split()), p.text,
                               f"{label} + gazetteer",
                               f"{p.why}; grouped by its written form",
                               {"precision": None, "relation": p.relation,
                                "latin": _latin(p.text, None),
                                "considered": [c.as_record() for c in p.considered]}))
    return out, rejected


def _written_name(text: str, language: str | None) -> tuple[str, str | None]:
    """A person's name as its entity shows it, and a Latin form where it is Cyrillic: declined
    Ukrainian and Russian names in the nominative ("Олександра Сирського" -> "Олександр
    Сирський", Latin "Oleksandr Syrskyi"), so that keys meet across cases and scripts."""
    from docket.nlp.translit import has_cyrillic

    if not has_cyrillic(text):
        return text, None
    from docket.nlp.crossscript import latin_name, nominative_name

    lang = language if language in ("uk", "ru") else None
    name = nominative_name(text, lang)
    return name, latin_name(name, lang)


def _latin(text: str, language: str | None) -> str | None:
    """A Latin form of a Cyrillic name as written (organisations, unresolved places)."""
    from docket.nlp.translit import has_cyrillic

    if not has_cyrillic(text):
        return None
    from docket.nlp.crossscript import latin_name

    return latin_name(text, language if language in ("uk", "ru") else None)


def _person_mentions(doc_id: str, text: str, ner: list[tuple[int, int, str]],
                     taken: list[tuple[int, int]], label: str,
                     language: str | None = None) -> list[Mention]:
    from docket.nlp.names import parse_person_name
    from docket.nlp.roles import attach_roles

    spans = [(s, e) for s, e, lab in ner if lab in PERSON_LABELS and not _overlaps((s, e), taken)]
    roles = {(r.person_start, r.person_end): r for r in attach_roles(text, spans)}
    written = {(s, e): _written_name(text[s:e], language) for s, e in spans}
    parsed = [(s, e, parse_person_name(written[s, e][0])) for s, e in spans]
    full_names: dict[str, tuple[str, str]] = {}  # folded family name -> (key, display)
    for s, e, person in parsed:
        if person.given and person.family:
            full_names.setdefault(person.key().split("|")[-1], (person.key(), written[s, e][0]))
    out = []
    for s, e, person in parsed:
        attrs: dict[str, Any] = {"given": person.given, "patronymic": person.patronymic,
                                 "family": person.family, "latin": written[s, e][1]}
        role = roles.get((s, e))
        if role is not None:
            attrs |= {"rank": role.rank, "role": role.role, "role_of": role.of,
                      "role_text": role.text}
        family_key = person.key().split("|")[-1]
        if person.given and person.family:
            key, display = person.key(), written[s, e][0]
            resolution = f"name key {key}: transliteration-folded given and family names"
        elif person.family and family_key in full_names:
            key, display = full_names[family_key]
            resolution = f"surname of {display} named in the same document"
        else:
            # An incomplete name is never merged across documents.
            key, display = f"{doc_id}|{person.key()}|{s}", written[s, e][0]
            resolution = "incomplete name: kept to this document"
        out.append(Mention(s, e, text[s:e], "person", key, display, f"{label} PERSON",
                           resolution, attrs))
    return out


def _organization_mentions(text: str, ner: list[tuple[int, int, str]],
                           taken: list[tuple[int, int]], label: str,
                           language: str | None = None) -> list[Mention]:
    from docket.nlp.names import organization_key

    # spaCy often splits "Russia's Defence Ministry" into a place and a bare "Defence Ministry";
    # without its country the ministry would be nobody's, so the country is taken back in.
    owners = {ge: gs for gs, ge, lab in ner if lab in ("GPE", "NORP")}
    out = []
    for s, e, lab in ner:
        if lab in ORG_LABELS and not _overlaps((s, e), taken):
            for gap in ("'s ", "’s ", " "):
                if text[s - len(gap):s] == gap and (s - len(gap)) in owners:
                    s = owners[s - len(gap)]
                    break
            key = organization_key(text[s:e])
            if key:
                latin = _latin(text[s:e], language)
                out.append(Mention(s, e, text[s:e], "organization", key, text[s:e],
                                   f"{label} ORG", f"organization key {key}",
                                   {"latin": latin} if latin else {}))
    return out


def _unnamed_mentions(doc_id: str, text: str) -> list[Mention]:
    from docket.nlp.roles import unnamed_participants

    return [Mention(s, e, text[s:e], "unnamed_person", f"{doc_id}|{s}", description,
                    "roles:unnamed-participant",
                    "unnamed participant: never merged by description", {})
            for s, e, description in unnamed_participants(text)]


def _time_mentions(doc: Document, text: str) -> list[Mention]:
    from docket.nlp.temporal import find_time_expressions

    return [Mention(t.start, t.end, t.text, "time", f"{doc.id}|{t.start}", t.text,
                    f"temporal:{t.rule}", "",
                    {"value": t.value, "precision": t.precision, "anchor": t.anchor})
            for t in find_time_expressions(text, doc.published)]


def _unit_attributes(unit: Any) -> dict[str, Any]:
    parent = unit.parent
    return {"number": unit.number, "honorific": unit.honorific, "unit_type": unit.type,
            "branch": unit.branch, "unit_name": unit.name, "country": unit.country,
            "parent": parent.display() if parent is not None else None,
            "parent_key": parent.key() if parent is not None else None}
