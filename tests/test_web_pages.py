"""The workbench's read pages, through the ASGI test client, over the ingested examples.

The ledger is built once for the module (ingesting the examples takes seconds): the bundled
examples plus one hostile article whose text and title carry markup, which every page must
show as text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from web_ledger import examples_workbench

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web.app import SECURITY_HEADERS, create_app
from docket.web.templating import TEMPLATE_DIR
from docket.workflows.runner import ingest_paths

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "Shelling damages school in Kupiansk\n"
    "\n"
    "On 14 March 2023, Russian forces shelled a school in Kupiansk, killing two civilians, "
    f"the regional governor said. Teachers said a message reading {SCRIPT} appeared on the "
    f"school's website an hour before the attack, and a second one, {IMG}, followed at noon. "
    "Residents said the strike hit the gym at dawn and that the building had been empty "
    "since the autumn, when the pupils moved to lessons online.\n"
)
HOSTILE_JSONL = json.dumps({
    "url": "https://example.org/hostile", "title": f"Governor {SCRIPT} says {IMG}",
    "published": "2023-03-15", "outlet": "Hostile Gazette",
    "text": "The governor said that a drone struck a warehouse in Kupiansk on Wednesday. "
            f"{IMG} {SCRIPT} Nobody was hurt, he said.",
})


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Settings]]:
    yield from examples_workbench(tmp_path_factory.mktemp("web"),
                                  {"hostile.txt": HOSTILE_TEXT,
                                   "hostile.jsonl": HOSTILE_JSONL + "\n"})


@pytest.fixture(scope="module")
def client(web: tuple[TestClient, Settings]) -> TestClient:
    return web[0]


@pytest.fixture(scope="module")
def records(web: tuple[TestClient, Settings]) -> dict[str, Any]:
    with Ledger.open(web[1], readonly=True) as ledger:
        return {
            "incidents": list(ledger.incident_records()),
            "stories": list(ledger.story_records()),
            "entities": [e for e in ledger.iter_entities()],
            "documents": list(ledger.iter_documents()),
            "contradictions": list(ledger.contradiction_records()),
        }


def _find(pattern: str, text: str) -> str:
    """The first group of `pattern` in `text`; the test fails when it is not there."""
    m = re.search(pattern, text, re.S)
    assert m is not None, pattern
    return m.group(1)


def _place(records: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in records["entities"] if e["kind"] == "place" and e.get("lat"))


def _hostile_docs(records: dict[str, Any]) -> list[Any]:
    return [d for d in records["documents"] if "alert(1)" in d.full_text + (d.title or "")]


# -- every page answers with what a user looks for ----------------------------------------------


def test_overview_shows_counts_and_the_ingest_run(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "<h1>Overview</h1>" in r.text
    assert "Recent runs" in r.text and "finished" in r.text
    assert _find(r'<dt><a href="/documents">Documents</a></dt><dd>(\d+)</dd>', r.text) == "19"


def test_incident_table_lists_categories_map_data_and_timeline(
        client: TestClient, records: dict[str, Any]) -> None:
    r = client.get("/incidents")
    assert r.status_code == 200
    assert f"{len(records['incidents'])} incident(s) match" in r.text
    assert ">shelling</span>" in r.text
    points = json.loads(_find(
        r'<script type="application/json" id="incident-points">(.*?)</script>', r.text))
    assert points and all(isinstance(p["lat"], float) for p in points)
    assert '<rect class="bar"' in r.text  # the server-drawn timeline


def test_incident_filters_narrow_the_table(client: TestClient,
                                           records: dict[str, Any]) -> None:
    shelling = [i for i in records["incidents"] if i["category"] == "shelling"]
    r = client.get("/incidents", params={"category": "shelling"})
    assert f"{len(shelling)} incident(s) match" in r.text
    assert ">drone strike</span>" not in r.text.split("<table class=\"incidents\">")[1]
    r = client.get("/incidents", params={"min_sources": "99", "since": ""})
    assert r.status_code == 200 and "0 incident(s) match" in r.text
    one = next(i for i in records["incidents"] if i["location"] and i["date"])
    r = client.get("/incidents", params={"place": one["location"]["name"],
                                         "since": one["date"]["value"][:10],
                                         "until": one["date"]["value"][:10]})
    assert one["id"] in r.text
    # the same day written out (issue 19: "15 March 2023" returned every incident before)
    dated = next(i for i in records["incidents"]
                 if i["location"] and i["date"] and len(i["date"]["value"]) >= 10)
    day = dated["date"]["value"][:10]
    written = f"{int(day[8:10])}.{day[5:7]}.{day[:4]}"
    r = client.get("/incidents", params={"place": dated["location"]["name"], "since": written,
                                         "until": written})
    assert r.status_code == 200 and dated["id"] in r.text


def test_incident_page_shows_events_sources_and_evidence_links(
        client: TestClient, records: dict[str, Any]) -> None:
    inc = max(records["incidents"], key=lambda i: len(i["events"]))
    r = client.get(f"/incidents/{inc['id']}")
    assert r.status_code == 200
    assert inc["category"].replace("_", " ") in r.text
    assert "independent source(s)" in r.text
    assert r.text.count('class="event-row') == len(inc["events"])
    # Following an evidence link lands on a marked span of the document.
    href = _find(r'class="evidence" href="([^"]+)"', r.text).replace("&amp;", "&")
    fragment = href.split("#")[1]
    doc = client.get(href.split("#")[0])
    assert doc.status_code == 200 and f'id="{fragment}"' in doc.text


def test_contradictions_show_both_sides(client: TestClient, records: dict[str, Any]) -> None:
    con = next(c for c in records["contradictions"] if c["scope"] == "story")
    story = next(s for s in records["stories"] if set(con["documents"]) <= set(s["documents"]))
    r = client.get(f"/stories/{story['id']}")
    block = r.text.split(f'id="{con["id"]}"')[1].split("</article>")[0]
    assert block.count('class="side"') == 2
    for doc_id in con["documents"]:
        assert f"/documents/{doc_id}" in block


def test_story_page_shows_copies_and_numbers_that_differ(
        client: TestClient, records: dict[str, Any]) -> None:
    story = next(s for s in records["stories"] if len(s["documents"]) > 1)
    r = client.get(f"/stories/{story['id']}")
    assert r.status_code == 200
    for doc_id in story["documents"]:
        assert f'href="/documents/{doc_id}"' in r.text
    assert ">original</span>" in r.text
    assert "Numbers only in the original" in r.text and "Sentences that differ" in r.text


def test_entity_page_shows_mentions_and_a_map_for_places(
        client: TestClient, records: dict[str, Any]) -> None:
    place = _place(records)
    r = client.get(f"/entities/{place['id']}")
    assert r.status_code == 200
    assert place["name"] in r.text
    assert f'data-lat="{place["lat"]}"' in r.text
    first = place["mentions"][0]
    assert (f'/documents/{first["document"]}?span={first["start"]}-{first["end"]}'
            f'#span-{first["start"]}-{first["end"]}') in r.text


def test_document_page_highlights_links_strikes_and_keeps_custody(
        client: TestClient, records: dict[str, Any]) -> None:
    doc = next(d for d in records["documents"] if d.removed and d.mentions)
    r = client.get(f"/documents/{doc.id}")
    assert r.status_code == 200
    place = next(m for m in doc.mentions if m.kind == "place")
    assert re.search(rf'<mark class="mention kind-place[^"]*" id="span-{place.start}-'
                     rf'{place.end}"[^>]*><a href="/entities/{place.entity_id}">', r.text)
    removed = doc.removed[0]
    assert f'<del class="removed reason-{removed.reason}"' in r.text
    assert f'title="removed as {removed.reason} by ' in r.text
    assert doc.source.sha256 in r.text
    assert "Custody log" in r.text and "<td>processed</td>" in r.text


def test_event_marks_link_to_their_incident(web: tuple[TestClient, Settings],
                                            records: dict[str, Any]) -> None:
    client, settings = web
    inc = records["incidents"][0]
    with Ledger.open(settings, readonly=True) as ledger:
        event = next(e for e in ledger.event_records() if e["id"] == inc["events"][0])
    r = client.get(f"/documents/{event['document']}")
    t = event["trigger"]
    assert re.search(rf'id="span-{t["start"]}-{t["end"]}"[^>]*><a href="/incidents/'
                     rf'{inc["id"]}">', r.text)


def test_search_finds_documents_entities_claims_and_events(
        client: TestClient, records: dict[str, Any]) -> None:
    r = client.get("/search", params={"q": "Kivsharivka"})
    assert r.status_code == 200
    assert "<b>Kivsharivka</b>" in r.text  # the matched word in the snippet
    place = next(e for e in records["entities"] if e["name"] == "Kivsharivka")
    assert f'href="/entities/{place["id"]}"' in r.text
    assert 'class="claim-row' in r.text and 'class="event-row' in r.text


@pytest.mark.parametrize("query", ['"unclosed', "AND", "NEAR(", "a:b", "air-defence",
                                   "Куп'янськ", "Russia's"])
def test_search_reads_what_people_type(client: TestClient, query: str) -> None:
    r = client.get("/search", params={"q": query})
    assert r.status_code == 200
    assert "could not read this query" not in r.text


def test_search_with_an_apostrophe_finds_the_documents(client: TestClient) -> None:
    r = client.get("/search", params={"q": "Russia's Defence Ministry"})
    assert r.status_code == 200 and 'href="/documents/doc_' in r.text


@pytest.mark.parametrize("path", ["/incidents/inc_nope", "/stories/sty_nope",
                                  "/entities/ent_nope", "/documents/doc_nope", "/nowhere"])
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "Not found" in r.text


# -- security -----------------------------------------------------------------------------------


def test_security_headers_on_every_response(client: TestClient,
                                            records: dict[str, Any]) -> None:
    paths = ["/", "/search?q=shelling", "/incidents", f"/incidents/{records['incidents'][0]['id']}",
             f"/stories/{records['stories'][0]['id']}", f"/entities/{_place(records)['id']}",
             f"/documents/{records['documents'][0].id}", "/documents/doc_nope",
             "/static/app.css", "/static/vendor/leaflet/leaflet.js"]
    for path in paths:
        r = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value, (path, name)


def test_article_markup_renders_as_text(client: TestClient, records: dict[str, Any]) -> None:
    hostile = _hostile_docs(records)
    assert len(hostile) == 2  # the payloads reached the ledger as text, so the test means it
    pages = [f"/documents/{d.id}" for d in hostile]
    pages += ["/search?q=alert", "/search?q=Kupiansk", "/incidents?place=Kupiansk"]
    pages += [f"/entities/{e['id']}" for e in records["entities"] if e["name"] == "Kupiansk"]
    pages += [f"/stories/{s['id']}" for s in records["stories"]
              if {d.id for d in hostile} & set(s["documents"])]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert SCRIPT not in r.text and "<img src=x" not in r.text, path
        assert "onerror=alert" not in r.text.replace("onerror=alert(1)&gt;", ""), path
    doc = client.get(f"/documents/{hostile[0].id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc


def test_templates_hold_no_inline_script_or_style() -> None:
    for template in TEMPLATE_DIR.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert " style=" not in text and "<style" not in text, template.name
        for tag in re.findall(r"<script[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, template.name


@pytest.mark.parametrize("path", ["/static/vendor/leaflet/leaflet.js",
                                  "/static/vendor/leaflet/leaflet.css",
                                  "/static/vendor/topojson-client.min.js",
                                  "/static/vendor/countries-50m.json",
                                  "/static/vendor/htmx.min.js", "/static/app.css",
                                  "/static/map.js"])
def test_static_assets_are_served_locally(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and len(r.content) > 100


def test_a_logged_in_user_gets_review_forms(web: tuple[TestClient, Settings],
                                            records: dict[str, Any]) -> None:
    from docket.web.auth import add_user

    client, settings = web
    inc = records["incidents"][0]
    assert 'action="/review/confirm"' not in client.get(f"/incidents/{inc['id']}").text
    with Ledger.open(settings) as ledger:
        add_user(ledger, "analyst", "correct horse battery")
    with TestClient(create_app(settings)) as own:
        form = own.get("/login").text
        token = _find(r'name="csrf" value="([^"]+)"', form)
        own.post("/login", data={"csrf": token, "name": "analyst",
                                 "password": "correct horse battery", "next": "/"})
        page = own.get(f"/incidents/{inc['id']}").text
    assert 'action="/review/confirm"' in page
    assert f'name="record" value="{inc["id"]}"' in page


def test_highlight_markup_escapes_text_and_nests_crossing_spans() -> None:
    from html.parser import HTMLParser

    from docket.web.highlight import Highlight, render_spans

    text = f"Officials said {SCRIPT} hit Kupiansk & {IMG} at dawn."
    start = text.index("hit")
    spans = [Highlight(0, start + 3, "mark", "claim", href="#claim-1", ident="span-a"),
             Highlight(start, len(text) - 9, "mark", "event", href="/incidents/i",
                       ident="span-b"),
             Highlight(text.index("Kupiansk"), text.index("Kupiansk") + 8, "mark",
                       "mention", title='a "place"', href="/entities/e")]
    html = str(render_spans(text, spans))
    assert SCRIPT not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;" in html

    class Nesting(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert not (tag == "a" and "a" in self.stack)  # links never nest
            self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag  # every element closes in order

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    parser = Nesting()
    parser.feed(html)
    assert parser.stack == []
    assert "".join(parser.text) == text  # the words are all there, once, in order
    assert html.count('id="span-b"') == 1  # the crossing span is split; its id stays unique


def test_event_rows_say_which_fields_were_read_from_elsewhere(
        web: tuple[TestClient, Settings]) -> None:
    client, settings = web
    with Ledger.open(settings, readonly=True) as ledger:
        event = next(e for e in ledger.event_records()
                     if e["fields"]["place"]["how"] == "inferred" and e["location"]
                     and e["fields"]["place"]["words"])
    r = client.get(f"/documents/{event['document']}")
    assert r.status_code == 200
    place = event["fields"]["place"]
    words = place["words"]["text"]
    assert f'class="found found-inferred" title="{place["rule"]}: “{words}”">inferred' \
        in html.unescape(r.text)


@pytest.mark.parametrize("query", ["min_sources=99999999999999999999",
                                   "offset=99999999999999999999", "offset=-5"])
def test_huge_numbers_in_the_address_are_no_server_error(client: TestClient,
                                                         query: str) -> None:
    r = client.get(f"/incidents?{query}")
    assert r.status_code == 200
    assert "Content-Security-Policy" in r.headers


@pytest.mark.parametrize(("query", "named", "says"), [
    ("since=not-a-date", "since", "is not a date"),
    ("until=2023-13", "until", "is not a date"),
    ("since=2023-02-30", "since", "is not a date"),
    ("min_sources=many", "min_sources", "is not a whole number"),
    ("min_sources=1.5", "min_sources", "is not a whole number"),
    ("offset=next", "offset", "is not a whole number"),
    ("category=rocketry", "category", "is not an incident category"),
    ("side=Atlantis", "side", "is not a perpetrator side"),
    ("verification=probably", "verification", "is not a verification status"),
])
def test_a_malformed_filter_is_refused_with_a_message_naming_it(
        client: TestClient, query: str, named: str, says: str) -> None:
    # Dropping it silently showed every incident, which reads as an answer (issue 14).
    r = client.get(f"/incidents?{query}")
    assert r.status_code == 400
    assert f"Cannot use the filter &#39;{named}&#39;" in r.text and says in r.text
    assert "incident(s) match" not in r.text
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, name


def test_well_formed_filters_with_nothing_to_show_are_not_refused(client: TestClient) -> None:
    # What the filter form sends when left empty, a category no incident has yet, a year.
    for query in ("category=&side=&verification=&since=&until=&place=&min_sources=",
                  "category=arrest&since=2023&until=2023-05", "side=Belarus&min_sources=0"):
        assert client.get(f"/incidents?{query}").status_code == 200, query


def test_a_server_error_still_carries_the_security_headers(
        web: tuple[TestClient, Settings], monkeypatch: pytest.MonkeyPatch) -> None:
    from docket.ledger import views as queries

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a fault inside a page")

    monkeypatch.setattr(queries, "incident_points", broken)
    client = TestClient(web[0].app, raise_server_exceptions=False)
    r = client.get("/incidents")
    assert r.status_code == 500
    assert "Content-Security-Policy" in r.headers and r.headers["X-Frame-Options"] == "DENY"
    assert "a fault inside a page" not in r.text  # no trace leaks to the page


def test_titles_and_file_names_are_isolated_from_the_page_direction(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # A right-to-left override in a title reversed the page text after it (issue 14).
    root = tmp_path_factory.mktemp("bidi")
    (root / "in").mkdir()
    (root / "in" / "rlo.jsonl").write_text(json.dumps({
        "url": "https://example.org/rlo", "title": "News \u202eevil\u202c end",
        "outlet": "Gazette", "text": "Russian forces shelled Kupiansk on Monday."}) + "\n",
        encoding="utf-8")
    settings = Settings.load(db=root / "docket.db", operator="tester")
    with Ledger.open(settings) as ledger:
        ingest_paths(ledger, [root / "in"], settings)
        doc = next(iter(ledger.iter_documents()))
    page = TestClient(create_app(settings)).get(f"/documents/{doc.id}").text
    assert '<h1><bdi dir="auto">News \u202eevil\u202c end</bdi></h1>' in page
    assert '<bdi dir="auto">Gazette</bdi>' in page


def test_a_changed_or_partial_document_id_is_not_found_on_the_web(
        client: TestClient, records: dict[str, Any]) -> None:
    doc = records["documents"][0]
    assert client.get(f"/documents/{doc.id}").status_code == 200
    for wrong in (doc.id[:-3], doc.id.upper(), doc.id.replace("_", "%", 1),
                  "doc" + "_" * (len(doc.id) - 3)):
        assert client.get(f"/documents/{wrong}").status_code == 404, wrong
