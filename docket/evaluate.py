"""Scoring Docket's events against ACLED-style CSV and CASE 2021 snippets (`docket eval`).

ACLED writes one event per row and describes it in `notes`; Docket reads `notes` as a text
and its events are compared with the row's gold columns. A note can give Docket several
events (the fighting and the shelling that went with it), so one is chosen as the note's
*main event* by `main_event`:

1. leave out negated and hypothetical events, then statistical (aggregate) ones when any
   single incident remains, then `unclassified` ones when any typed event remains;
2. keep the events of the first sentence that has one: a report leads with its event, and
   later sentences add what went with it (the shelling during a battle, a skirmish after a
   protest). Measured against taking the whole note: macro-F1 0.946 against 0.919 (before the
   rules of brief B2; with them the first-sentence choice gives 0.971);
3. among those, take the event ACLED's codebook would code when several happen together
   (`taxonomy.ACLED_PRECEDENCE`: a battle before the remote violence in it, an air strike
   before the shelling that went with it), the first in the text among equals.

Fatalities of a note are the main event's. Summing over all the note's single incidents was
measured too (bench/acled_events.py prints both; on ACLED Ukraine 2022 H1, exact match 0.962
for the main event against 0.954 for the sum; 0.968 for both after brief B2): ACLED notes
describe one event, and deaths told in their later sentences that belong to another act (a
soldier shot during a battle) are the sum's only gain, while totals for a day or a region make
it overcount. ACLED codes deaths not stated as 0, so Docket's None ("not stated") scores as 0;
Docket itself keeps None.

Nothing here prints: the functions return `Table`s for the CLI and the benchmark scripts.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docket.extract.taxonomy import ACLED_PRECEDENCE
from docket.ledger.periods import period
from docket.model import Event


@dataclass(frozen=True)
class Table:
    """A titled table of figures, as printed by `docket eval` and the benchmarks."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


EventsFor = Callable[[str], Sequence[Event]]  # note text -> events


def format_table(table: Table) -> str:
    """A table as aligned plain text, for the CLI and the benchmark scripts."""
    widths = [max(len(str(r[i])) for r in (table.header, *table.rows))
              for i in range(len(table.header))]
    lines = [table.title,
             "  ".join(h.ljust(w) for h, w in zip(table.header, widths, strict=True))]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in table.rows]
    return "\n".join(lines)


def default_events_for(text: str) -> Sequence[Event]:
    """Docket's events for a bare text, through the whole analysis the pipeline runs
    (entities, claims, verification, events, and their assembly)."""
    from docket.extract import analyse_text

    return analyse_text(text).events


def main_event(events: Sequence[Event]) -> Event | None:
    """The event a one-event report is about (module docstring: the rule and why)."""
    real = [e for e in events if e.modality not in ("negated", "hypothetical")]
    single = [e for e in real if not e.aggregate] or real
    typed = [e for e in single if e.category != "unclassified"] or single
    if not typed:
        return None
    lead = min(e.sentence.start for e in typed)
    return min((e for e in typed if e.sentence.start == lead),
               key=lambda e: (ACLED_PRECEDENCE.get(e.category, 99), e.trigger.start))


# --- ACLED ------------------------------------------------------------------------------------

# ACLED actor1 names of forces, and the Docket sides that count as right for each.
_FORCE_SIDES: tuple[tuple[str, frozenset[str]], ...] = (
    ("forces of russia", frozenset({"Russia"})),
    ("forces of ukraine", frozenset({"Ukraine"})),
    ("forces of belarus", frozenset({"Belarus"})),
    ("naf:", frozenset({"DPR", "LPR", "separatists"})),
    ("novorossiya", frozenset({"DPR", "LPR", "separatists"})),
    ("unidentified military forces", frozenset({"unknown"})),
)


def gold_sides(actor1: str) -> frozenset[str] | None:
    """Docket sides that match an ACLED actor1; None when actor1 names no forces."""
    low = actor1.lower()
    for key, sides in _FORCE_SIDES:
        if key in low:
            return sides
    return None


@dataclass(frozen=True)
class NoteResult:
    """One ACLED row against Docket's reading of its notes."""

    row: int
    notes: str
    gold_sub: str
    pred_sub: str
    gold_sides: frozenset[str] | None
    pred_side: str
    baseline_side: str
    gold_fatalities: int
    pred_fatalities: int  # the main event's, None scored as 0
    sum_fatalities: int  # over the note's single incidents
    gold_date: str
    pred_date: str
    gold_admin1: str
    pred_admin1: str
    main: Event | None


def read_acled(csv_path: Path, limit: int | None = None) -> list[dict[str, str]]:
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows[:limit] if limit is not None else rows


def admin_key(name: str | None) -> str:
    """A region name folded for comparison ('Kharkiv Oblast' = 'Kharkivska' = 'kharkiv')."""
    from docket.nlp.translit import fold

    if not name:
        return ""
    key = fold(name)
    for suffix in (" oblast", " city", " region"):
        key = key.removesuffix(suffix)
    return key


def _first_force_side(text: str) -> str:
    from docket.extract.sides import find_forces

    forces = find_forces(text)
    return forces[0].side if forces else "unknown"


def _date_as_coded(date: Mapping[str, Any], time_precision: str) -> str:
    """Docket's date as ACLED codes it on a row: a week, a month or a coarser period is coded
    as its first day when the row's `time_precision` is 2 or 3 (Docket's ACLED export writes
    them so); on other rows (a day) the value is compared as it is."""
    value = str(date.get("value") or "")
    if time_precision.strip() in ("2", "3"):
        found = period(value, date.get("precision"))
        if found:
            return found[0].isoformat()
    return value


def _sum_fatalities(events: Sequence[Event]) -> int:
    seen: set[int] = set()
    total = 0
    for e in events:
        if e.modality in ("negated", "hypothetical") or e.aggregate or e.trigger.start in seen:
            continue
        seen.add(e.trigger.start)  # a trigger split over several places counts once
        total += e.fatalities or 0
    return total


def score_notes(rows: Iterable[dict[str, str]], events_for: EventsFor) -> list[NoteResult]:
    """Docket's main event for each ACLED row, next to the row's gold values."""
    out = []
    for i, row in enumerate(rows):
        text = row.get("notes", "")
        events = list(events_for(text))
        main = main_event(events)
        loc = main.location if main else None
        date = main.date.attributes if main and main.date else {}
        out.append(NoteResult(
            row=i, notes=text, gold_sub=row.get("sub_event_type", ""),
            pred_sub=main.sub_event_type if main else "",
            gold_sides=gold_sides(row.get("actor1", "")),
            pred_side=main.perpetrator.side if main else "unknown",
            baseline_side=_first_force_side(text),
            gold_fatalities=int(row.get("fatalities") or 0),
            pred_fatalities=(main.fatalities or 0) if main else 0,
            sum_fatalities=_sum_fatalities(events),
            gold_date=row.get("event_date", ""),
            pred_date=_date_as_coded(date, row.get("time_precision", "")),
            gold_admin1=admin_key(row.get("admin1")),
            pred_admin1=admin_key(str(loc.attributes.get("admin1") or "")) if loc else "",
            main=main))
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def class_table(title: str, pairs: Sequence[tuple[str, str]], min_support: int = 5,
                classes: Iterable[str] | None = None) -> Table:
    """Per-class P/R/F1 of (gold, predicted) labels, macro-F1 over classes with enough
    support, and accuracy."""
    support = Counter(g for g, _ in pairs)
    labels = sorted(set(classes) if classes is not None else set(support))
    rows = []
    macro = []
    for label in sorted(labels, key=lambda lab: -support[lab]):
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = support[label] - tp
        p, r, f = _prf(tp, fp, fn)
        rows.append((label or "(none)", f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", str(support[label])))
        if support[label] >= min_support:
            macro.append(f)
    n = len(pairs)
    acc = sum(1 for g, p in pairs if g == p) / n if n else 0.0
    mf = sum(macro) / len(macro) if macro else 0.0
    rows.append((f"macro-F1 (classes with >= {min_support})", "", "", f"{mf:.3f}",
                 str(len(macro))))
    rows.append(("accuracy", "", "", f"{acc:.3f}", str(n)))
    return Table(title, ("class", "P", "R", "F1", "support"), tuple(rows))


def acled_tables(results: Sequence[NoteResult]) -> list[Table]:
    """The four ACLED tables from scored notes."""
    n = len(results) or 1
    tables = [class_table("ACLED sub_event_type (main event of each note)",
                          [(r.gold_sub, r.pred_sub) for r in results])]
    forces = [r for r in results if r.gold_sides is not None]
    named = [r for r in forces if r.baseline_side != "unknown"]
    others = [r for r in results if r.gold_sides is None]

    def share(items: Sequence[NoteResult], ok: Callable[[NoteResult], bool]) -> str:
        return f"{sum(1 for r in items if ok(r)) / len(items):.3f}" if items else "-"

    tables.append(Table("Perpetrator side (ACLED actor1)", ("notes", "n", "Docket",
                                                          "baseline: first forces named"), (
        ("actor1 names forces", str(len(forces)),
         share(forces, lambda r: r.pred_side in (r.gold_sides or ())),
         share(forces, lambda r: r.baseline_side in (r.gold_sides or ()))),
        ("  of which the note names a force", str(len(named)),
         share(named, lambda r: r.pred_side in (r.gold_sides or ())),
         share(named, lambda r: r.baseline_side in (r.gold_sides or ()))),
        ("actor1 names no forces (side should be unknown)", str(len(others)),
         share(others, lambda r: r.pred_side == "unknown"),
         share(others, lambda r: r.baseline_side == "unknown")),
    )))
    dead = [r for r in results if r.gold_fatalities >= 1]
    tables.append(Table("Fatalities, exact match (None scored as 0, ACLED's convention)",
                        ("notes", "n", "main event", "sum of incidents", "baseline: always 0"), (
        ("all", str(len(results)), share(results, lambda r: r.pred_fatalities ==
                                         r.gold_fatalities),
         share(results, lambda r: r.sum_fatalities == r.gold_fatalities),
         share(results, lambda r: r.gold_fatalities == 0)),
        (">= 1 death", str(len(dead)), share(dead, lambda r: r.pred_fatalities ==
                                             r.gold_fatalities),
         share(dead, lambda r: r.sum_fatalities == r.gold_fatalities), share(dead, lambda r:
                                                                             False)),
    )))
    tables.append(Table("Date and place of the main event", ("value", "n", "exact"), (
        ("event_date (day)", str(len(results)),
         f"{sum(1 for r in results if r.pred_date == r.gold_date) / n:.3f}"),
        ("admin1", str(len(results)),
         f"{sum(1 for r in results if r.pred_admin1 and r.pred_admin1 == r.gold_admin1) / n:.3f}"),
    )))
    return tables


def score_acled(csv_path: Path, events_for: EventsFor | None = None,
                limit: int | None = None) -> list[Table]:
    """Tables of Docket's events against an ACLED CSV export (notes in, gold columns out)."""
    results = score_notes(read_acled(csv_path, limit), events_for or default_events_for)
    return acled_tables(results)


# --- CASE 2021 --------------------------------------------------------------------------------

# CASE 2021 task 2 labels that correspond to Docket categories (each gold label -> the
# categories that count as right). Labels outside this map are counted, not scored.
CASE_LABELS: dict[str, frozenset[str]] = {
    "AIR_STRIKE": frozenset({"air_strike", "drone_strike"}),
    "ARMED_CLASH": frozenset({"armed_clash"}),
    "ART_MISS_ATTACK": frozenset({"shelling"}),
    "ABDUCT_DISSAP": frozenset({"abduction"}),
    "SEX_VIOL": frozenset({"sexual_violence"}),
    "REM_EXPLOS": frozenset({"remote_explosive"}),
    "GRENADE": frozenset({"grenade"}),
    "SUIC_BOMB": frozenset({"suicide_bomb"}),
    "CHEM_WEAP": frozenset({"chemical_weapon"}),
    "DISR_WEAP": frozenset({"disrupted_weapons"}),
    "PEACE_PROTEST": frozenset({"peaceful_protest"}),
    "PROTEST_WITH_INTER": frozenset({"protest_with_intervention"}),
    "FORCE_AGAINST_PROTEST": frozenset({"excessive_force_against_protesters"}),
    "VIOL_DEMONSTR": frozenset({"violent_demonstration"}),
    "MOB_VIOL": frozenset({"mob_violence"}),
    "ARREST": frozenset({"arrest"}),
    "ATTACK": frozenset({"attack_on_civilians", "execution", "torture"}),
    "PROPERTY_DISTRUCT": frozenset({"property_destruction", "looting"}),
    "GOV_REGAINS_TERIT": frozenset({"territory_regained"}),
    "NON_STATE_ACTOR_OVERTAKES_TER": frozenset({"territory_taken"}),
    "NON_VIOL_TERRIT_TRANSFER": frozenset({"territory_transferred"}),
    "AGREEMENT": frozenset({"agreement"}),
}


def case_label(category: str | None) -> str:
    """The CASE label a Docket category predicts ("" for none or an unmapped category)."""
    if category is None:
        return ""
    for label, cats in CASE_LABELS.items():
        if category in cats:
            return label
    return ""


def score_case2021(tsv_path: Path, events_for: EventsFor | None = None,
                   limit: int | None = None) -> list[Table]:
    """Per-label P/R/F1 on CASE 2021 task 2 snippets whose label maps to Docket's categories.

    A snippet's predicted label is the category of its first event that is not negated or
    hypothetical (the first event at all when every one is).
    """
    find = events_for or default_events_for
    with tsv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    if limit is not None:
        rows = rows[:limit]
    pairs: list[tuple[str, str]] = []
    unmapped: Counter[str] = Counter()
    for row in rows:
        gold = row.get("SubType", "")
        if gold not in CASE_LABELS:
            unmapped[gold] += 1
            continue
        events = list(find(row.get("EventSnippet", "")))
        real = [e for e in events if e.modality not in ("negated", "hypothetical")] or events
        pairs.append((gold, case_label(real[0].category if real else None)))
    table = class_table("CASE 2021 task 2, mapped labels (first event of each snippet)", pairs,
                        classes=CASE_LABELS)
    skipped = Table("CASE 2021 snippets whose label has no Docket category",
                    ("label", "snippets"),
                    tuple((k, str(v)) for k, v in unmapped.most_common()))
    return [table, skipped]
