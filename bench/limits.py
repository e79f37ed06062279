"""Benchmark: time limits on hostile and very large inputs.

The tests check that these inputs are handled and give the right outcome; how long that takes
depends on the machine and on what else runs on it, so the limits live here instead, where a
run on a quiet machine can be compared with the figures in docs/benchmarks.md. Each case
builds its input (the same inputs as the tests named beside it, written again here), times the
call and prints the seconds taken next to its limit. Exit status 1 if any limit is exceeded.
Needs no corpus; the claims case loads the spaCy model once, outside the timing.

    python bench/limits.py [--repeat N]   (best of N runs per case; default 1)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docket.clean.textmeta import extract_text_metadata  # noqa: E402
from docket.model import PublishedDate  # noqa: E402
from docket.nlp.names import match_people, organization_key, parse_person_name  # noqa: E402
from docket.nlp.roles import attach_roles, unnamed_participants  # noqa: E402
from docket.nlp.temporal import find_time_expressions  # noqa: E402
from docket.nlp.units import find_units  # noqa: E402


@dataclass(frozen=True)
class Case:
    """One timed input: what it is, the test that checks its outcome, and its limit."""

    name: str
    test: str
    limit: float  # seconds
    measure: Callable[[], float]  # builds the input untimed, returns the seconds of the call


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _names() -> float:
    def call() -> None:
        parse_person_name("Ivan " * 400_000)
        organization_key("Ministry of Defence " * 100_000)
        match_people("A" * 2_000_000, "Sergei Kravets")

    return _timed(call)


def _units_paragraph() -> float:
    sentence = ("Gunners of the 64th Separate Motor Rifle Brigade and the Sparta Battalion "
                "fired on Dubrava while the Eastern Group of Forces said nothing. ")
    text = (sentence * (2_000_000 // len(sentence) + 1))[:2_000_000]
    return _timed(lambda: find_units(text))


def _units_dashes() -> float:
    text = "A-" * 1_000_000
    return _timed(lambda: find_units(text))


def _claims() -> float:
    from docket.extract.claims import find_claims
    from docket.nlp.backbone import load_backbone

    paragraph = ('"The shelling started at dawn," the mayor said. Officials said two '
                 "bridges were destroyed. According to the army, the road is open.\n\n")
    text = paragraph * (200_000 // len(paragraph))
    parsed = load_backbone().nlp(text)  # the parse is spaCy's cost, not the claim finder's
    return _timed(lambda: find_claims(text, parsed, (), "doc_long"))


def _gazetteer_load() -> float:
    from docket.nlp.gazetteer import Gazetteer

    return _timed(Gazetteer.load)  # first in CASES: nothing has loaded it before


def _furniture_line() -> float:
    from docket.clean.furniture import find_furniture

    line = ("Shelling continued through the night and the town was left without power. "
            * 70000)
    text = line.strip() + "\n"
    return _timed(lambda: find_furniture(text))


def _furniture_page() -> float:
    from docket.clean.furniture import find_furniture
    from docket.clean.normalize import normalize_text

    text = normalize_text((ROOT / "tests" / "pages" / "war_report_en.txt").read_text(
        encoding="utf-8"))
    find_furniture(text)  # the model loads once, outside the timing
    return _timed(lambda: [find_furniture(text) for _ in range(50)]) / 50


def _nesting() -> float:
    from docket.ingest.limits import check_nesting

    inputs = ["<a" * 100_000, "<!--" * 100_000, "</b>" * 100_000, "<" * 400_000,
              "<![CDATA[" * 50_000, "<script>" * 50_000]
    return max(_timed(lambda g=g: check_nesting(g, 512)) for g in inputs)  # type: ignore[misc]


def _letter_run() -> float:
    from docket.link.fingerprint import find_dates

    text = "On 12 April shells fell. " + "a" * 200_000 + " 12 and then Sept. 9 again."
    return _timed(lambda: find_dates(text))


def _letter_run_ingest() -> float:
    """Issue 14's aim end to end: `docket ingest` of an article holding a 200,000-letter run,
    and a reprint of it, through analysis and the link step (model loading included, as a
    user waits for it). Both must come out linked, in one story."""
    import dataclasses
    import tempfile

    from docket.ledger.store import Ledger
    from docket.settings import Settings
    from docket.workflows.runner import ingest_paths

    body = ("Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two "
            "civilians and wounding five, the regional governor said on Wednesday. "
            + "a" * 200_000 + " 12 and then Sept. 9 again.\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        (folder / "article.txt").write_text("Shelling in Kupiansk\n\n" + body)
        (folder / "reprint.txt").write_text("Kupiansk shelled\n\n" + body
                                            + "\nSource: Kharkiv Ledger\n")
        settings = dataclasses.replace(Settings.load(db=Path(tmp) / "docket.db"),
                                       operator="bench")
        started = time.perf_counter()
        with Ledger.open(settings) as ledger:
            summary = ingest_paths(ledger, [folder], settings, workers=1)
            seconds = time.perf_counter() - started
            stories = [st["documents"] for st in ledger.story_records()]
            left_out = ledger.not_linked()
    if summary.failures or left_out or [len(s) for s in stories] != [2]:
        print(f"  not ingested and linked as one story: failures {summary.failures}, "
              f"not linked {left_out}, stories {stories}")
        return float("inf")
    return seconds


def _live_blog() -> float:
    """A live blog: 400 short updates, each an event mention, through the whole analysis
    (parse included: the limit is the per-document time limit's order of magnitude)."""
    from docket.extract import analyse_text

    towns = ["Kupiansk", "Izium", "Balakliia", "Vovchansk", "Chuhuiv", "Lozova", "Kherson",
             "Nikopol"]
    text = "\n\n".join(f"Russian forces shelled {towns[i % len(towns)]} again, the governor "
                       f"said. One house was damaged." for i in range(400)) + "\n"
    analyse_text("Russian forces shelled Kupiansk.")  # load the model outside the timing
    return _timed(lambda: analyse_text(text, PublishedDate("2023-03-16", "day", "bench")))


def _temporal() -> float:
    published = PublishedDate("2023-03-14", "day", "bench")
    text = ("Convoys crossed the damaged bridge on Saturday while 2014 residents waited for "
            "water near the checkpoint, officials said in 2014. ") * 16_000
    return _timed(lambda: find_time_expressions(text, published))


def _roles() -> float:
    sentence = ("Colonel Ivan Petrenko, commander of the 64th brigade, told a 25-year-old "
                "conscript that the soldier had left. ")
    text = (sentence * (2_000_000 // len(sentence) + 1))[:2_000_000]
    persons = [(i + 8, i + 21) for i in range(0, len(text) - len(sentence), len(sentence))]

    def call() -> None:
        attach_roles(text, persons)
        unnamed_participants(text)

    return _timed(call)


_PAGE = """\
KHARKIV LEDGER — independent news from Kharkiv

Drones strike power substation in northern Kharkiv

By Iryna Soloviova, Kharkiv Ledger

Tuesday, 14 March 2023 | 18:42

KHARKIV, March 14 (Reuters) - Russian drones struck an electrical substation in the northern \
Saltivskyi district overnight, the regional governor said, leaving about 3,000 households \
without power.

According to the governor, repair crews reached the site by morning. According to Meduza, \
the strike was one of eleven that night.

Source: Kharkiv Ledger
"""


def _textmeta_line() -> float:
    text = ("Residents said the shelling went on according to " * 110_000) + "\n"
    return _timed(lambda: extract_text_metadata(text))


def _textmeta_lines() -> float:
    text = _PAGE + "Shelling continued in the north, according to him.\n\n" * 100_000
    return _timed(lambda: extract_text_metadata(text))


def _textmeta_ordinary() -> float:
    text = _PAGE + (
        "Residents queued for water in the damaged district, volunteers said.\n\n" * 20)
    extract_text_metadata(text)  # warm up regex caches
    return statistics.median(_timed(lambda: extract_text_metadata(text)) for _ in range(20))


CASES = (
    Case("gazetteer: first load", "test_gazetteer.py::test_load_is_cached", 2.0,
         _gazetteer_load),
    Case("names: 2 MB person, organisation and match inputs",
         "test_names.py::test_huge_input_is_handled", 3.0, _names),
    Case("units: 2 MB paragraph", "test_units.py::test_two_megabyte_paragraph", 8.0,
         _units_paragraph),
    Case("units: 'A-' * 1,000,000", "test_units.py::test_two_megabyte_paragraph", 5.0,
         _units_dashes),
    Case("claims: 200 kB text, parse excluded",
         "test_claims.py::test_long_text_finds_every_claim", 20.0, _claims),
    Case("furniture: one 5 MB line", "test_furniture.py::test_one_enormous_line_is_kept", 10.0,
         _furniture_line),
    Case("furniture: ordinary page, mean of 50", "test_furniture.py (ordinary pages)", 0.02,
         _furniture_page),
    Case("nesting scan: worst pathological markup",
         "test_limits.py::test_nesting_scan_accepts_pathological_markup", 1.0, _nesting),
    Case("link: dates in a 200,000-letter run", "test_stories.py::test_date_search_on_a_long_"
         "run_of_letters_is_linear_and_still_finds_dates", 1.0, _letter_run),
    Case("ingest + link: 200,000-letter run and a reprint, end to end",
         "test_link_limits.py (a document over the limit is not linked)", 60.0,
         _letter_run_ingest),
    Case("events: live blog of 400 mentions, whole analysis",
         "test_happenings.py::test_a_live_blog_of_many_mentions_gives_bounded_records", 60.0,
         _live_blog),
    Case("times: 2 MB paragraph", "test_temporal.py::test_two_megabyte_paragraph_is_bounded",
         15.0, _temporal),
    Case("roles: 2 MB paragraph", "test_roles.py::test_two_megabyte_paragraph", 10.0, _roles),
    Case("text metadata: 5 MB single line",
         "test_textmeta.py::test_enormous_single_line", 2.0, _textmeta_line),
    Case("text metadata: 100,000 lines", "test_textmeta.py::test_enormous_page_with_many_lines",
         2.0, _textmeta_lines),
    Case("text metadata: 2 kB page, median of 20",
         "test_textmeta.py::test_ordinary_page", 0.005, _textmeta_ordinary),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per case")
    args = parser.parse_args()
    over = 0
    width = max(len(case.name) for case in CASES)
    print(f"{'case':<{width}}  {'seconds':>8}  {'limit':>7}")
    for case in CASES:
        seconds = min(case.measure() for _ in range(max(1, args.repeat)))
        verdict = "ok" if seconds < case.limit else "OVER"
        over += verdict == "OVER"
        print(f"{case.name:<{width}}  {seconds:8.3f}  {case.limit:7.3f}  {verdict}", flush=True)
    print(f"{over} of {len(CASES)} over the limit" if over else "all within their limits")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
