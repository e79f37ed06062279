"""Figures that copies of one report give differently, sentence by sentence (link/figures)."""

from __future__ import annotations

from pathlib import Path

from docket.ledger.store import Ledger
from docket.link.figures import align, figure_contradictions, paired_counts
from docket.settings import Settings
from docket.workflows.runner import ingest_paths

LEAD = ("Local officials in Kharkiv region said on Tuesday that about {n} had been taken "
        "out of the village of Dvorichna overnight, as shelling of the area continued for a "
        "third day.")
REST = """
"Buses came at night because in the daytime the road is under fire," said Olena, a volunteer
who helped organise the convoy. She said most of those who left were elderly residents who had
stayed through the winter.

Officials said the evacuees were taken to temporary shelters in Kharkiv, where they received
food, medicine and documents. The regional administration said another convoy was planned for
the end of the week if the road could be used safely.
"""


def copy(n: str, reworded: bool = False) -> str:
    lead = LEAD.format(n=n)
    if reworded:  # a second rendering of the same report, as machine translation gives it
        lead = lead.replace("taken out of", "taken from").replace("as shelling", "while the "
                                                                   "shelling")
    return f"Evacuation continues in Kharkiv region villages\n\nKharkiv, 14 March 2023\n\n" \
           f"{lead}\n{REST}"


def test_a_garbled_figure_in_matching_sentences_is_a_contradiction(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_text(copy("40 people"), encoding="utf-8")
    (folder / "second.txt").write_text(copy("40,000 people", reworded=True), encoding="utf-8")
    ingest_paths(ledger, [folder], settings)
    figures = [c for c in ledger.contradiction_records() if c["field"] == "figure"]
    assert len(figures) == 1, figures
    found = figures[0]
    assert found["scope"] == "story"
    assert {v["count"] for v in found["values"]} == {40, 40000}
    texts = sorted(e["text"] for e in found["evidence"])
    assert texts == ["about 40 people", "about 40,000 people"]
    for ev in found["evidence"]:  # the words are the document's own, at their offsets
        doc = ledger.get_document(ev["document"])
        assert doc is not None and doc.text[ev["start"]:ev["end"]] == ev["text"]


def test_copies_that_agree_give_no_figure_contradiction(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_text(copy("40 people"), encoding="utf-8")
    (folder / "second.txt").write_text(copy("40 people", reworded=True), encoding="utf-8")
    ingest_paths(ledger, [folder], settings)
    assert not [c for c in ledger.contradiction_records() if c["field"] == "figure"]


def test_a_part_and_its_whole_are_no_contradiction() -> None:
    a = "Four people were killed in the shelling of Kivsharivka, the governor said."
    b = "Two men were killed in the shelling of Kivsharivka, the governor said."
    [(span_a, span_b, _)] = align(a, b)
    assert paired_counts(a, span_a, b, span_b) == []  # "four" people and "two men": not paired
    garbled = "Four hundred people were killed in the shelling of Kivsharivka, the governor said."
    [(span_a, span_c, _)] = align(a, garbled)
    [(x, y)] = paired_counts(a, span_a, garbled, span_c)
    assert (x.value, y.value) == (4, 400)


def test_sentences_that_do_not_match_are_never_compared() -> None:
    a = "About 40 people were evacuated from Dvorichna. The school reopened in September."
    b = "Residents of Kupiansk queued for bread. About 40,000 people live in the city."
    events = [{"id": "evt_a", "document": "doc_a", "evidence": [{"start": 0, "end": 10}]},
              {"id": "evt_b", "document": "doc_b", "evidence": [{"start": 0, "end": 10}]}]
    found = figure_contradictions({"doc_a": a, "doc_b": b}, {"doc_a": "s", "doc_b": "s"},
                                  events)
    assert found == []
