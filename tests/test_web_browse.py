"""The browse pages (issue 19, item 1): every kind of record listed, sorted, paged, faceted and
downloaded, over a ledger of the bundled examples plus a Ukrainian report.

The ledger is built once for the module (ingest runs spaCy). What a page lists is checked
against what the ledger holds, read through the ledger's own iterators.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from web_ledger import examples_workbench

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web.app import SECURITY_HEADERS
from docket.web.titles import human_date, incident_title, story_title

PAGES = ("documents", "entities", "events", "claims", "stories", "incidents", "contradictions")

UKRAINIAN = json.dumps({
    "url": "https://example.org/uk/kupiansk", "outlet": "Слобідський вісник",
    "title": "Росіяни обстріляли Куп'янськ: загинули двоє цивільних",
    "published": "2024-03-12",
    "text": "У вівторок, 12 березня 2024 року, російські війська обстріляли Куп'янськ, "
            "загинули двоє цивільних, повідомив голова Харківської обласної військової "
            "адміністрації Олег Синєгубов.",
}, ensure_ascii=False)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Settings]]:
    yield from examples_workbench(tmp_path_factory.mktemp("browse"), {"uk.jsonl": UKRAINIAN + "\n"})


@pytest.fixture(scope="module")
def client(web: tuple[TestClient, Settings]) -> TestClient:
    return web[0]


@pytest.fixture(scope="module")
def held(web: tuple[TestClient, Settings]) -> dict[str, list[Any]]:
    """Every record of each kind, as the ledger's iterators give them."""
    with Ledger.open(web[1], readonly=True) as ledger:
        return {
            "documents": [d for d in ledger.iter_documents()
                          if d.id not in ledger.withdrawn_ids()],
            "entities": list(ledger.iter_entities()),
            "events": [e for d in ledger.iter_documents() for e in ledger.event_records(d.id)],
            "claims": [c for d in ledger.iter_documents() for c in ledger.claim_records(d.id)],
            "stories": list(ledger.story_records()),
            "incidents": list(ledger.incident_records()),
            "contradictions": list(ledger.contradiction_records()),
        }


def _id(record: Any) -> str:
    return str(record["id"] if isinstance(record, dict) else record.id)


def _row_ids(html: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-id="([^"]+)"', html)


def _download(client: TestClient, kind: str, fmt: str, **params: str) -> str:
    r = client.get(f"/{kind}", params={**params, "download": fmt})
    assert r.status_code == 200, r.text[-400:]
    assert "attachment" in r.headers["content-disposition"]
    return r.text


def _csv_ids(text: str) -> list[str]:
    return [row["id"] for row in csv.DictReader(io.StringIO(text, newline=""))]


# -- every page lists what the ledger holds ------------------------------------------------------


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_lists_what_the_ledger_holds(client: TestClient, held: dict[str, list[Any]],
                                               kind: str) -> None:
    assert held[kind], f"the examples give no {kind}"
    r = client.get(f"/{kind}", params={"per": "500"})
    assert r.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value
    assert sorted(_row_ids(r.text)) == sorted(_id(x) for x in held[kind])


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_is_linked_from_the_home_page_and_every_navigation(
        client: TestClient, kind: str) -> None:
    assert f'href="/{kind}"' in client.get("/").text
    assert f'href="/{kind}"' in client.get("/audit").text
    assert f'href="/{kind}"' in client.get("/documents").text


@pytest.mark.parametrize("kind", PAGES)
def test_downloads_hold_every_selected_row_not_only_the_page(
        client: TestClient, held: dict[str, list[Any]], kind: str) -> None:
    page = client.get(f"/{kind}", params={"per": "2"}).text
    assert len(_row_ids(page)) == min(2, len(held[kind]))
    want = sorted(_id(x) for x in held[kind])
    assert sorted(_csv_ids(_download(client, kind, "csv", per="2"))) == want
    lines = _download(client, kind, "jsonl", per="2").splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == want


# -- sorting and paging ----------------------------------------------------------------------------


def test_sorting_orders_the_rows_and_flips(client: TestClient,
                                           held: dict[str, list[Any]]) -> None:
    r = client.get("/entities", params={"sort": "name", "dir": "asc", "per": "500"})
    names = re.findall(r'class="row-link" href="/entities/[^"]+">([^<(]*)', r.text)
    stored = sorted(e["name"] for e in held["entities"])
    assert [html.unescape(n).strip() for n in names] == [n.strip() for n in stored]
    ids_asc = _row_ids(r.text)
    r = client.get("/entities", params={"sort": "name", "dir": "desc", "per": "500"})
    desc = _row_ids(r.text)
    # Names repeat across kinds (ties break by id both ways), so compare the names' order.
    assert sorted(desc) == sorted(ids_asc) and desc != ids_asc
    assert 'aria-sort="descending"' in r.text


def test_the_column_header_links_sort_and_keep_the_filters(client: TestClient) -> None:
    r = client.get("/events", params={"category": "shelling"})
    link = re.search(r'<a class="sort" data-sort="verification" href="([^"]+)"', r.text)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert "category=shelling" in href and "sort=verification" in href
    assert client.get(href).status_code == 200


def test_pages_follow_each_other_without_gaps_or_repeats(
        client: TestClient, held: dict[str, list[Any]]) -> None:
    seen: list[str] = []
    href = "/claims?per=7&sort=kind"
    while href:
        r = client.get(href)
        seen += _row_ids(r.text)
        nxt = re.search(r'<a rel="next" href="([^"]+)"', r.text)
        href = nxt.group(1).replace("&amp;", "&") if nxt else ""
    assert len(seen) == len(set(seen)) == len(held["claims"])
    assert f"{len(held['claims'])} claims match; showing 1–7" in client.get(
        "/claims?per=7").text


# -- facets ------------------------------------------------------------------------------------


def _count(client: TestClient, path: str, **params: str) -> int:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text[-400:]
    return len(_row_ids(r.text))


def test_each_facet_narrows(client: TestClient, held: dict[str, list[Any]]) -> None:
    events = held["events"]
    for name, get in (("category", lambda e: e["category"]),
                      ("side", lambda e: e["perpetrator"]["side"]),
                      ("verification", lambda e: e["verification"]["status"]),
                      ("modality", lambda e: e["modality"])):
        value = get(events[0])
        want = sum(1 for e in events if get(e) == value)
        assert _count(client, "/events", per="500", **{name: value}) == want, name
    claims = held["claims"]
    kind = claims[0]["kind"]
    assert _count(client, "/claims", per="500", kind=kind) == sum(
        1 for c in claims if c["kind"] == kind)
    speaker = next(c["source"]["text"] for c in claims if c.get("source"))
    assert _count(client, "/claims", per="500", speaker=speaker) == sum(
        1 for c in claims
        if c.get("source") and speaker.lower() in c["source"]["text"].lower())
    docs = held["documents"]
    assert _count(client, "/documents", per="500", language="uk") == sum(
        1 for d in docs if d.language == "uk") >= 1
    outlet = next(d.outlet for d in docs if d.outlet)
    assert _count(client, "/documents", per="500", outlet=outlet) == sum(
        1 for d in docs if d.outlet == outlet)
    assert _count(client, "/entities", per="500", kind="place") == sum(
        1 for e in held["entities"] if e["kind"] == "place")
    con = held["contradictions"][0]
    assert _count(client, "/contradictions", field=con["field"]) >= 1
    assert _count(client, "/contradictions", scope=con["scope"]) == sum(
        1 for c in held["contradictions"] if c["scope"] == con["scope"])
    other = "incident" if con["scope"] == "story" else "story"  # known, if none is held
    assert _count(client, "/contradictions", scope=other) == sum(
        1 for c in held["contradictions"] if c["scope"] == other)


def test_date_facets_read_written_dates(client: TestClient,
                                        held: dict[str, list[Any]]) -> None:
    docs = held["documents"]
    assert _count(client, "/documents", per="500", since="1 March 2024") == sum(
        1 for d in docs if d.published and d.published.value >= "2024-03-01")
    day = next(e["date"]["value"][:10] for e in held["events"]
               if e.get("date") and len(e["date"]["value"] or "") >= 10)
    assert _count(client, "/events", per="500", since=day, until=day) == sum(
        1 for e in held["events"]
        if e.get("date") and (e["date"]["value"] or "")[:10] == day)


def test_facet_menus_carry_counts(client: TestClient, held: dict[str, list[Any]]) -> None:
    r = client.get("/events")
    shelling = sum(1 for e in held["events"] if e["category"] == "shelling")
    assert f'<option value="shelling">shelling ({shelling})</option>' in r.text


def test_review_status_facet(client: TestClient, held: dict[str, list[Any]]) -> None:
    total = len(held["incidents"])
    assert _count(client, "/incidents", review="unreviewed", per="500") == total
    assert _count(client, "/incidents", review="confirmed", per="500") == 0


@pytest.mark.parametrize(("path", "query", "name"), [
    ("/events", "category=parade", "category"),
    ("/events", "since=yesterdayish", "since"),
    ("/documents", "language=xx-nonsense", "language"),
    ("/stories", "min_copies=many", "min_copies"),
    ("/claims", "sort=speaker_height", "sort"),
    ("/claims", "dir=sideways", "dir"),
    ("/incidents", "review=maybe", "review"),
    ("/entities", "per=lots", "per"),
    ("/contradictions", "download=pdf", "download"),
])
def test_a_malformed_facet_is_refused_naming_it(client: TestClient, path: str, query: str,
                                                name: str) -> None:
    r = client.get(f"{path}?{query}")
    assert r.status_code == 400
    assert f"Cannot use the filter &#39;{name}&#39;" in r.text
    assert r.headers["X-Frame-Options"] == "DENY"


def test_empty_and_unknown_parameters_mean_any(client: TestClient,
                                               held: dict[str, list[Any]]) -> None:
    assert _count(client, "/events", per="500", category="", side="", since="",
                  colour="blue") == len(held["events"])


# -- hostile and non-Latin values ----------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' OR 1=1 --",
    "99999999999999999999999999", "-5", "Куп'янськ", "‮evil", "%00", "a" * 5000,
])
@pytest.mark.parametrize("kind", PAGES)
def test_hostile_values_are_escaped_and_never_500(client: TestClient, kind: str,
                                                  value: str) -> None:
    for name in ("q", "place", "outlet", "category", "since", "offset", "per", "min_copies",
                 "min_sources", "sort"):
        r = client.get(f"/{kind}", params={name: value})
        assert r.status_code in (200, 400), (kind, name, r.status_code)
        assert "<script>alert(1)" not in r.text and "<img src=x" not in r.text


def test_cyrillic_is_shown_and_found(client: TestClient) -> None:
    r = client.get("/documents", params={"q": "Куп'янськ"})
    assert r.status_code == 200
    assert "Росіяни обстріляли Куп" in r.text and len(_row_ids(r.text)) == 1
    assert "Слобідський вісник" in r.text
    text = _download(client, "documents", "csv", language="uk")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and rows[0]["outlet"] == "Слобідський вісник"
    line = _download(client, "documents", "jsonl", language="uk").splitlines()[0]
    assert json.loads(line)["title"].startswith("Росіяни")


# -- titles and dates in words (issue 19, item 4) --------------------------------------------


def test_incidents_and_stories_have_human_titles(client: TestClient,
                                                 held: dict[str, list[Any]]) -> None:
    inc = next(i for i in held["incidents"] if i.get("location") and i.get("date"))
    page = client.get(f"/incidents/{inc['id']}").text
    title = re.search(r"<h1><bdi[^>]*>(.*?)</bdi></h1>", page, re.S)
    assert title is not None
    words = title.group(1)
    assert inc["category"].replace("_", " ") in words.lower()
    assert inc["location"]["name"].replace("'", "&#39;") in words
    assert "“" in words  # the first report's headline
    listed = client.get("/incidents", params={"per": "500"}).text
    assert words in listed
    story = max(held["stories"], key=lambda s: len(s["documents"]))
    page = client.get(f"/stories/{story['id']}").text
    assert "Story: <bdi" in page and "“" in page
    assert story_title(story, {"title": "A", "outlet": "B", "published": "2022-SU",
                               "precision": "season"}).startswith("“A” — B, summer 2022")


@pytest.mark.parametrize(("value", "precision", "words"), [
    ("2023-03", "month", "March 2023"),
    ("2022-SU", "season", "summer 2022"),
    ("2022-WI", "season", "winter 2022–23"),
    ("2022-W27", "week", "week of 4 July 2022"),
    ("2022-W27-WE", "week", "weekend of 9 July 2022"),
    ("2023-03-15", "day", "15 March 2023"),
    ("2023-03-15T16:40:12.123456+00:00", "datetime", "15 March 2023, 16:40 UTC"),
    ("2023-03-15T16:40:00Z", None, "15 March 2023, 16:40 UTC"),
    ("2023-Q2", "quarter", "second quarter of 2023"),
    ("2023-H1", "half", "first half of 2023"),
    ("2023", "year", "2023"),
    ("202", "decade", "the 2020s"),
    ("2023-13", "month", "2023-13"),  # not a month: shown as stored
    (None, None, ""),
])
def test_dates_are_shown_in_their_precision(value: str | None, precision: str | None,
                                            words: str) -> None:
    assert human_date(value, precision) == words


def test_no_page_shows_a_season_code_or_microseconds(client: TestClient) -> None:
    for kind in ("incidents", "events", "stories", "documents"):
        text = client.get(f"/{kind}", params={"per": "500"}).text
        cells = re.sub(r'(title|href|value)="[^"]*"', "", text)
        assert not re.search(r">\s*\d{4}-(SP|SU|FA|WI)\s*<", cells), kind
        assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", cells), kind


def test_incident_title_reads_as_words() -> None:
    inc = {"category": "attack_on_civilians", "location": {"name": "Kupiansk"},
           "date": {"value": "2023-03", "precision": "month"}}
    assert incident_title(inc, {"title": "Strike on school"}) == (
        "Attack on civilians in Kupiansk, March 2023: “Strike on school”")


def test_a_download_streams_chunk_after_chunk(client: TestClient, held: dict[str, list[Any]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from docket.ledger import browse

    monkeypatch.setattr(browse, "DOWNLOAD_CHUNK", 7)  # many chunks over the examples
    want = sorted(e["id"] for e in held["events"] if e["category"] == "shelling")
    assert len(want) > 7
    text = _download(client, "events", "csv", category="shelling")
    assert sorted(_csv_ids(text)) == want
    assert text.count("\n") == len(want) + 1  # one header, no repeated one
