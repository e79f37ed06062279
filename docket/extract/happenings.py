"""One record per happening, its fields read from the whole article.

`events.py` reads sentence by sentence: every trigger becomes an event, and a field the
trigger's sentence does not state stays empty. Real articles spread one happening over the
headline, the lead, a quote and a later paragraph: the attacker in the headline, the village two
sentences earlier, the day in the lead, the toll in a quote, the claimant at the end. This stage
reads the document as a careful reader does, in two steps:

1. **Fill** each mention's missing fields from where a reader looks next (`_fill`): the
   paragraph, the article's earlier paragraphs, the headline, the publication date. Every value
   keeps a `FieldSource`: `stated` (in the trigger's sentence) or `inferred` (the words and the
   rule that gave it), so an analyst can see and overrule it.
2. **Merge** mentions of one happening into one record (`_merge`): same or compatible category,
   no conflicting place, date or perpetrator. A mention that names its own place joins an
   earlier happening at that place; a mention that names none joins the latest compatible
   happening close before it. Two strikes on two towns stay two. The record keeps every
   mention (`Event.mentions`) with the id it had on its own, so judgements made on it follow.

Only rules here, no model: each reading is named in its `FieldSource.rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from docket.extract.happening_fields import (
    Article,
    fill_fields,
    iso_week,
    read_article,
    stated_sides,
)
from docket.extract.happening_lexicon import (
    DEFINITE_BEFORE,
    JOIN_PARAGRAPHS,
    LOOK_BACK,
    REMOTE,
    STATUS_BY_CATEGORY,
    TOTAL,
)
from docket.extract.taxonomy import categories_compatible
from docket.model import Claim, Event, FieldSource, Mention, PublishedDate
from docket.nlp.gazetteer import REGIONS


def document_events(text: str, title: str | None, published: PublishedDate | None,
                    events: Sequence[Event], claims: Sequence[Claim],
                    mentions: Sequence[Mention],
                    sentences: Sequence[tuple[int, int]] = ()) -> tuple[Event, ...]:
    """The document's events, one per happening, with their fields read from the article."""
    if not events:
        return ()
    art = read_article(text, title, published, events, claims, mentions, sentences)
    sides = stated_sides(events)
    filled = [fill_fields(e, art, sides) for e in events]
    return tuple(_merge(filled, art))


# --- merge ------------------------------------------------------------------------------------

_ASSERTED = ("asserted", "reported", "alleged")


def _same_place(a: Mention | None, b: Mention | None) -> bool | None:
    """True: one place (or one inside the other's area); False: two places; None: unknown."""
    if a is None or b is None or a.attributes.get("lat") is None \
            or b.attributes.get("lat") is None:
        return None
    if a.entity_id == b.entity_id:
        return True
    ka, kb = a.attributes.get("feature_kind"), b.attributes.get("feature_kind")
    if ka in ("country", "admin1", "region") or kb in ("country", "admin1", "region"):
        if a.attributes.get("country") != b.attributes.get("country"):
            return False
        if ka == "country" or kb == "country":
            return True
        for outer, inner in ((a, b), (b, a)):  # Donbas holds Sievierodonetsk
            held = REGIONS.get(str(outer.attributes.get("gazetteer_id") or ""))
            if held is not None:
                return (inner.attributes.get("country"), inner.attributes.get("admin1")) in held
        return a.attributes.get("admin1") == b.attributes.get("admin1")
    return False


def _date_value(e: Event) -> str:
    return str(e.date.attributes.get("value") or "") if e.date else ""


def _dates_agree(a: Event, b: Event) -> bool:
    va, vb = _date_value(a), _date_value(b)
    if not va or not vb or va.startswith(vb) or vb.startswith(va):
        return True
    # a week and a day inside it ("2023-W11" and "2023-03-14")
    return any("-W" in x and len(y) >= 10 and iso_week(y) == x[:8]
               for x, y in ((va, vb), (vb, va)))


def _stated(e: Event, field_name: str) -> bool:
    src = e.fields.get(field_name)
    return src is not None and src.how == "stated"


def _specific(e: Event) -> bool:
    """Whether the mention's own sentence names a place finer than a country."""
    return _stated(e, "place") and e.location is not None and \
        e.location.attributes.get("feature_kind") != "country"


def _joins(h: Event, m: Event, art: Article) -> bool:
    if m.aggregate != h.aggregate or m.modality not in _ASSERTED or h.modality not in _ASSERTED:
        return False
    more = _telling_more(h, m)
    # within one article a strike told as "aerial bombs hit the town" and then "two bombs
    # hit" is one act whatever the weapon words: any two strikes from afar may be one
    remote = h.category in REMOTE and m.category in REMOTE
    if h.category != m.category and categories_compatible(h.category, m.category) is None \
            and not more and not remote:
        return False
    ps, hs = m.perpetrator.side, h.perpetrator.side
    if _stated(m, "perpetrator") and _stated(h, "perpetrator") and ps != hs:
        return False
    # a place the mention only inherited from the article says nothing about which happening
    place = _same_place(h.location, m.location) if _stated(m, "place") else None
    if _stated(m, "place") and _stated(h, "place") and place is False:
        return False
    if _stated(m, "date") and _stated(h, "date") and not _dates_agree(h, m):
        return False
    if _specific(m) and place is True:
        return True
    if _specific(m) and not _specific(h) and place is not False:
        return True  # the headline-like lead names no place, the later mention does
    # A mention that names no place of its own (or only the country): the latest compatible
    # happening close before, when the mention tells of it again ("the strike", "was hit",
    # the deaths) rather than of a new act with its own actor ("Russia also struck ...").
    near = art.paragraph(m.sentence.start) - art.paragraph(h.mentions[-1].sentence.start)
    return not _specific(m) and near <= JOIN_PARAGRAPHS and place is not False and (
        more or _tells_again(m, art))


def _tells_again(m: Event, art: Article) -> bool:
    before = art.text[max(m.sentence.start, m.trigger.start - 24):m.trigger.start]
    if DEFINITE_BEFORE.search(before):
        return True  # "the attack", "this strike", "the Russian shelling"
    return not _stated(m, "perpetrator")


def _telling_more(h: Event, m: Event) -> bool:
    """A mention that adds to a violent happening rather than naming another: deaths told
    with no act of their own ("Two residents were killed, the governor said"), or an act the
    text does not type ("the attack on the village")."""
    violent = h.category in REMOTE or h.category in STATUS_BY_CATEGORY
    casualty = m.rule.startswith(("trigger:casualty:", "trigger:verb:kill",
                                  "trigger:verb:die")) and not _stated(m, "perpetrator") \
        and not TOTAL.search(m.sentence.text)
    # "fired on people standing in line" in the account of a shelling: the same act
    fire = h.category in REMOTE and m.category == "attack_on_civilians" \
        and m.rule.startswith(("trigger:verb:fire", "trigger:noun:fire")) \
        and m.perpetrator.side in ("unknown", h.perpetrator.side)
    return violent and (casualty or fire or m.category == "unclassified")


def _merge(events: Sequence[Event], art: Article) -> list[Event]:
    happenings: list[Event] = []
    for e in events:
        target = None
        if e.modality in _ASSERTED:
            # the latest happenings only: a live blog of hundreds of mentions stays linear
            for i in range(len(happenings) - 1, max(-1, len(happenings) - 1 - LOOK_BACK), -1):
                if _joins(happenings[i], e, art):
                    target = i
                    break
        if target is None:
            happenings.append(e)
        else:
            happenings[target] = _absorb(happenings[target], e)
    return [_as_the_record_reads(e) for e in happenings]


def _better(h: Event, m: Event, name: str) -> bool:
    """Whether `m`'s value of field `name` should replace `h`'s."""
    hs, ms = h.fields.get(name), m.fields.get(name)
    rank = {"stated": 2, "inferred": 1, "not_found": 0}
    return rank[ms.how if ms else "not_found"] > rank[hs.how if hs else "not_found"]


Merge = Callable[[Event, Event, dict[str, Any], dict[str, FieldSource]], None]


def _carried(field: str, when: Callable[[Event, Event], bool], attributes: tuple[str, ...],
             source: bool = True) -> Merge:
    """A merge that takes `m`'s attributes (and its source for `field`) when `when` holds."""
    def merge(h: Event, m: Event, changes: dict[str, Any],
              fields: dict[str, FieldSource]) -> None:
        if when(h, m):
            for name in attributes:
                changes[name] = getattr(m, name)
            if source:
                fields[field] = m.fields[field]
    return merge


def _merge_victims(h: Event, m: Event, changes: dict[str, Any],
                   fields: dict[str, FieldSource]) -> None:
    """Victims' status, side and count, each from whichever mention found it better."""
    victims = changes.get("victims", h.victims)
    if _better(h, m, "victims_status"):
        victims = replace(victims, status=m.victims.status, text=m.victims.text or victims.text)
        fields["victims_status"] = m.fields["victims_status"]
    if _better(h, m, "victims_side"):
        victims = replace(victims, side=m.victims.side)
        fields["victims_side"] = m.fields["victims_side"]
    if victims.count is None and m.victims.count is not None:
        victims = replace(victims, count=m.victims.count, qualifier=m.victims.qualifier,
                          count_text=m.victims.count_text)
    changes["victims"] = victims


def _finer_place(h: Event, m: Event) -> bool:
    """A place found better, or a stated place finer than the happening's."""
    return m.location is not None and (_better(h, m, "place") or (
        _stated(m, "place") and _finer(m.location, h.location)))


def _longer_date(h: Event, m: Event) -> bool:
    """A date found better, or both stated and `m`'s the more precise."""
    return _better(h, m, "date") or (_stated(m, "date") and _stated(h, "date") and len(
        _date_value(m)) > len(_date_value(h)))


def _more(name: str) -> Callable[[Event, Event], bool]:
    """A toll (or count of wounded) that is higher than the happening's, or the first."""
    def more(h: Event, m: Event) -> bool:
        found, held = getattr(m, name), getattr(h, name)
        return found is not None and (held is None or found > held)
    return more


def _named_speaker(h: Event, m: Event) -> bool:
    """A claimant found better, or a speaker where the happening has only the outlet."""
    return _better(h, m, "claimant") or (h.fields.get("claimant") is not None and h.fields[
        "claimant"].rule.startswith("claimant:outlet") and m.claim is not None
        and not m.fields["claimant"].rule.startswith("claimant:outlet"))


# (name, merge), in the order the fields are taken: each keeps the best-found value of two.
MERGES: tuple[tuple[str, Merge], ...] = (
    ("perpetrator", _carried("perpetrator", lambda h, m: _better(h, m, "perpetrator"),
                             ("perpetrator",))),
    ("victims", _merge_victims),
    ("place", _carried("place", _finer_place, ("location",))),
    ("date", _carried("date", _longer_date, ("date",))),
    ("fatalities", _carried("fatalities", _more("fatalities"), ("fatalities",))),
    ("injured", _carried("injured", _more("injured"), ("injured",))),
    ("verification", _carried("verification", lambda h, m: (
        h.verification.status == "not_stated" and m.verification.status != "not_stated"),
        ("verification",), source=False)),
    ("claimant", _carried("claimant", _named_speaker, ("claim", "claimant"))),
    ("modality", _carried("modality", lambda h, m: (
        h.modality != "asserted" and m.modality == "asserted"), ("modality",), source=False)),
)


def _absorb(h: Event, m: Event) -> Event:
    """`h` with mention `m` joined: each field keeps the best-found value of the two
    (`MERGES`)."""
    fields = dict(h.fields)
    changes: dict[str, Any] = {}
    for _name, merge in MERGES:
        merge(h, m, changes, fields)
    for name, source in fields.items():
        if source is m.fields.get(name) and source is not h.fields.get(name):
            fields[name] = replace(source, rule=f"{source.rule};from_mention:{m.id}")
    return replace(h, **changes, fields=fields, mentions=h.mentions + m.mentions,
                   rule=h.rule + f";merged:{m.id}")


def _as_the_record_reads(e: Event) -> Event:
    """A field another mention stated is, for the record (whose trigger is the first
    mention's), inferred from elsewhere in the article."""
    fields = {name: replace(source, how="inferred")
              if source.how == "stated" and ";from_mention:" in source.rule else source
              for name, source in e.fields.items()}
    return replace(e, fields=fields)


def _finer(a: Mention, b: Mention | None) -> bool:
    if b is None:
        return True
    order = {"country": 4, "admin1": 3, "region": 3, "admin2": 2}
    return order.get(str(a.attributes.get("feature_kind") or ""), 0) < order.get(
        str(b.attributes.get("feature_kind") or ""), 0)
