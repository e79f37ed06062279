"""Analysts' picks of the place a name means (issue 16): applied after the resolver, on every run.

A pick is a `place` judgement on a document: the words, where they were, and the gazetteer id
chosen (`docket judge place`, or the entity page's list of namesakes considered). Each run
resolves the document as always, then puts every picked name on the chosen place: the mention's
entity, point and precision, and the location of each event that stands on it. The resolver's
own pick stays in the mention's reason, so nothing is lost. A pick is anchored on its words:
after the text shifts (a restored line, a cleaning change) it applies to the same words nearest
where they were, and a pick whose words are gone applies to nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docket.model import Document, Mention, PlaceChoice
from docket.nlp.gazetteer import Gazetteer, Place


def apply_place_choices(doc: Document, choices: Sequence[PlaceChoice]) -> Document:
    """The document with each pick applied to the place mention it names (a later pick of the
    same words wins)."""
    if not choices:
        return doc
    gazetteer = Gazetteer.load()
    changed: dict[tuple[int, int], Mention] = {}
    for choice in choices:
        place = gazetteer.by_id(choice.gazetteer_id)
        target = _nearest(doc.mentions, choice)
        if place is None or target is None:
            continue
        changed[(target.start, target.end)] = _chosen(target, place, choice)
    if not changed:
        return doc
    mentions = tuple(changed.get((m.start, m.end), m) if m.kind == "place" else m
                     for m in doc.mentions)
    events = tuple(
        replace(e, location=changed[(e.location.start, e.location.end)])
        if e.location is not None and (e.location.start, e.location.end) in changed else e
        for e in doc.events)
    return replace(doc, mentions=mentions, events=events)


def _nearest(mentions: Sequence[Mention], choice: PlaceChoice) -> Mention | None:
    same = [m for m in mentions if m.kind == "place" and m.text == choice.words]
    return min(same, key=lambda m: abs(m.start - choice.start), default=None)


def _chosen(mention: Mention, place: Place, choice: PlaceChoice) -> Mention:
    was = mention.name if mention.key != place.gazetteer_id else "the same place"
    attributes = {**mention.attributes, "lat": place.lat, "lon": place.lon,
                  "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
                  "gazetteer_id": place.gazetteer_id, "feature_kind": place.kind,
                  "precision": place.precision, "chosen_by": choice.by}
    why = f": {choice.why}" if choice.why else ""
    return replace(mention, key=place.gazetteer_id, name=place.name, attributes=attributes,
                   resolution=f"chosen by {choice.by}{why} (the resolver had chosen {was}: "
                              f"{mention.resolution})")
