#!/usr/bin/env python3
"""Build examples/warc/pages.warc.gz: a small, deterministic WARC crawl capture.

All pages, outlets, people and events are fictional, written for Docket's
documentation.

Records, in order:
  1. warcinfo
  2. request  (GET for the first page)
  3. response text/html  (The Northern Dispatch, Beryslav)
  4. response text/html  (Kharkiv Ledger, Vovchansk)
  5. response image/png  (a 1x1 pixel; Docket must skip it)
  6. response text/html  (Steppe Monitor, Melitopol)

Determinism: WARC-Record-IDs are uuid5 values derived from the target URI and
record type, WARC-Dates are fixed, and warcio's per-record gzip members are
written by zlib with mtime 0, so re-running this script reproduces the file
byte for byte.

Run with:  python examples/make_warc.py
"""

from __future__ import annotations

import struct
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "warc" / "pages.warc.gz"
MARK = "(Fictional example written for Docket's documentation.)"
NS = uuid.UUID("6f1c0b6e-2d0a-4e0b-9c55-0d0c4e7a2f11")  # fixed namespace for record ids


def record_id(uri: str, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NS, kind + ' ' + uri)}>"


def page(*, site: str, title: str, author: str, published: str, section: str,
         nav: list[str], byline: str, paragraphs: list[str], figure: tuple[str, str],
         related: list[str], comments: list[tuple[str, str]]) -> bytes:
    nav_html = "\n".join(f'      <li><a href="/{n.lower().replace(" ", "-")}/">{n}</a></li>' for n in nav)
    body = "\n".join(f"      <p>{p}</p>" for p in paragraphs)
    rel = "\n".join(f'      <li><a href="/stories/{i}">{r}</a></li>' for i, r in enumerate(related, 1))
    com = "\n".join(
        f'      <div class="comment"><span class="who">{who}</span><p>{what}</p></div>' for who, what in comments
    )
    html = f"""<!DOCTYPE html>
<!-- {MARK} The outlet, people and events are invented. -->
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {site}</title>
  <meta name="author" content="{author}">
  <meta property="og:site_name" content="{site}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{published}">
  <meta property="article:section" content="{section}">
  <link rel="stylesheet" href="/static/main.css">
</head>
<body>
  <div class="cookie-consent">We use cookies for analytics and to remember your preferences. <button>Accept</button> <button>Reject</button></div>
  <header>
    <a class="logo" href="/">{site}</a>
    <nav><ul>
{nav_html}
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">{byline}</p>
      <time datetime="{published}">{published[:10]}</time>
      <figure>
        <img src="/media/{published[:10]}-lead.jpg" alt="{figure[0]}">
        <figcaption>{figure[1]}</figcaption>
      </figure>
{body}
    </article>
    <aside class="related">
      <h2>Related stories</h2>
      <ul>
{rel}
      </ul>
    </aside>
    <section class="comments">
      <h2>Comments</h2>
{com}
      <p><a href="/login">Log in</a> to comment.</p>
    </section>
  </main>
  <footer>
    <p class="fiction-note">{MARK} {site} does not exist.</p>
    <p>&copy; 2023 {site}. All rights reserved. <a href="/privacy">Privacy</a> &middot; <a href="/contact">Contact</a></p>
  </footer>
</body>
</html>
"""
    return html.encode("utf-8")


PAGES = [
    {
        "uri": "https://northern-dispatch.example.com/world/2023/03/16/beryslav-aid-hub-shelling",
        "date": "2023-03-17T08:14:05Z",
        "server_date": "Fri, 17 Mar 2023 08:14:05 GMT",
        "html": page(
            site="The Northern Dispatch",
            title="Aid distribution point in Beryslav hit by shelling, at least two killed",
            author="Anna Kravets",
            published="2023-03-16T18:20:00+02:00",
            section="World",
            nav=["World", "Ukraine war", "Politics", "Opinion", "Newsletters"],
            byline="By Anna Kravets, The Northern Dispatch",
            paragraphs=[
                "At least two people were killed and five wounded when shells struck a humanitarian aid "
                "distribution point in Beryslav, in Kherson region, on Thursday, the head of the regional "
                "military administration said.",
                "Roman Mazur said on Telegram that Russian forces fired from the left bank of the Dnipro at "
                "about 11 a.m., when several dozen residents were queuing outside a former cinema where "
                "volunteers hand out food parcels. A 70-year-old man and a volunteer in her thirties were "
                "killed, he said. Three of the wounded were in a serious condition.",
                "\u201cThey knew exactly what day the parcels are handed out,\u201d Mazur said. "
                "\u201cThis was a strike on a bread queue.\u201d",
                "Russia\u2019s Defence Ministry did not comment on the incident. Kirill Stepanov, a spokesman "
                "for the Russian-installed administration on the occupied left bank, said Russian artillery "
                "had fired at \u201cUkrainian mortar crews\u201d in Beryslav that had shelled Nova Kakhovka, "
                "and that reports of civilian casualties were \u201cstaged\u201d. He gave no evidence.",
                "The volunteer organisation that runs the distribution point, Pomich Khersonu, said it was "
                "suspending deliveries in Beryslav for at least a week. Its coordinator, Iryna Danylenko, "
                "said there were no soldiers at the site.",
                "Beryslav, which was retaken by Ukrainian forces in November, lies on the right bank of the "
                "Dnipro opposite Nova Kakhovka, within range of Russian artillery. Fewer than a quarter of "
                "its pre-war residents remain. The Northern Dispatch could not independently verify the "
                "casualty figures.",
                MARK,
            ],
            figure=("Smoke over a street in Beryslav",
                    "Smoke rises over central Beryslav on March 16, 2023. Photograph: The Northern Dispatch"),
            related=["Kherson\u2019s right bank, four months after liberation",
                     "Volunteers keep the bread vans running along the Dnipro"],
            comments=[("olga_k", "Terrible. Those volunteers are heroes."),
                      ("J. Whitfield", "Who is checking these numbers?")],
        ),
    },
    {
        "uri": "https://kharkiv-ledger.example.org/news/2023-03-15/vovchansk-aerial-bombs",
        "date": "2023-03-17T08:14:41Z",
        "server_date": "Fri, 17 Mar 2023 08:14:41 GMT",
        "html": page(
            site="Kharkiv Ledger",
            title="Two killed in Vovchansk as aerial bombs hit town centre, police say",
            author="Dmytro Hai",
            published="2023-03-15T13:05:00+02:00",
            section="War",
            nav=["News", "War", "Kharkiv", "Region", "Donate"],
            byline="Dmytro Hai, Kharkiv Ledger",
            paragraphs=[
                "Two civilians were killed and at least three injured on Wednesday when Russian aircraft "
                "dropped guided aerial bombs on the centre of Vovchansk, in the north of Kharkiv region, "
                "regional police said.",
                "Police said two bombs hit the town at about 9:30 a.m., one of them landing next to the "
                "administrative building on Soborna Street and the other in a private yard nearby. A "
                "63-year-old man and a 58-year-old woman were killed. Rescuers pulled a third person from "
                "the rubble of a house alive.",
                "Regional governor Taras Bilokon said the bombs were dropped by Russian Su-34 aircraft "
                "flying over Belgorod region, on the Russian side of the border, about five kilometres "
                "away. \u201cVovchansk is being destroyed from the sky without the planes ever crossing "
                "the border,\u201d he said.",
                "The Russian Defence Ministry said in its daily briefing that aircraft had struck "
                "\u201ca command post and ammunition depot of the Ukrainian armed forces\u201d in the "
                "Vovchansk area. It did not mention civilian casualties.",
                "Fewer than 3,000 people remain in Vovchansk, out of a pre-war population of about 17,000, "
                "according to the town council. Officials say most of those who stay are elderly and depend "
                "on aid deliveries. The Kharkiv Ledger could not independently verify either side\u2019s account.",
                MARK,
            ],
            figure=("Rubble of a house",
                    "Rescuers search the rubble of a house in Vovchansk on March 15, 2023. Photo: Kharkiv Ledger"),
            related=["Read also: Kivsharivka shelling leaves at least four dead",
                     "Evacuation buses leave Vovchansk twice a week"],
            comments=[("Tetiana_V", "My grandmother lives two streets away. She says she is fine, thank God.")],
        ),
    },
    {
        "uri": "https://steppe-monitor.example.org/war/2023/03/17/melitopol-strike-claims/",
        "date": "2023-03-17T08:15:12Z",
        "server_date": "Fri, 17 Mar 2023 08:15:12 GMT",
        "html": page(
            site="Steppe Monitor",
            title="Ukraine says it struck Russian command post in Melitopol; occupation officials say caf\u00e9 hit",
            author="Marko Dovhan",
            published="2023-03-17T07:45:00+02:00",
            section="Zaporizhzhia",
            nav=["War", "Zaporizhzhia", "Kherson", "Reprints", "About"],
            byline="Marko Dovhan",
            paragraphs=[
                "Ukraine\u2019s military said on Friday it had struck a Russian command post in occupied "
                "Melitopol overnight, while Russian-installed officials said a Ukrainian missile had hit a "
                "caf\u00e9 in the city, killing three civilians.",
                "Ukraine\u2019s General Staff said in its morning update that its forces had hit "
                "\u201ca command post of the occupiers\u201d in Melitopol and a concentration of troops "
                "nearby, \u201cwith losses being clarified\u201d. It did not identify the weapon used.",
                "Grigory Tulin, an official in the Russian-installed administration in occupied Zaporizhzhia "
                "region, said on Telegram that the strike had hit a caf\u00e9 near the central market shortly "
                "before midnight. He said three people, including a waitress, were killed and at least nine "
                "wounded, and described the attack as \u201ca terrorist act against peaceful residents\u201d.",
                "Andriy Shevel, the Ukrainian mayor of Melitopol who has worked from Zaporizhzhia since the "
                "city was occupied, said local residents had told him that Russian officers regularly met in "
                "the building. He said he had no information about civilian casualties.",
                "Steppe Monitor could not independently verify either account. Russian-installed authorities "
                "restrict access to Melitopol for independent journalists.",
                MARK,
            ],
            figure=("Map of Zaporizhzhia region",
                    "Melitopol lies about 120 kilometres south of the front line. Graphic: Steppe Monitor"),
            related=["Vasylivka strike: what each side says",
                     "Source: Kharkiv Ledger \u2014 At least four killed as shelling hits Kivsharivka"],
            comments=[],
        ),
    },
]


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built byte by byte (no timestamps)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x80", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def http_response(writer: WARCWriter, uri: str, date: str, server_date: str,
                  content_type: str, body: bytes):
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Date", server_date),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
            ("Connection", "close"),
        ],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body), http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": record_id(uri, "response"), "WARC-Date": date,
                           "WARC-IP-Address": "192.0.2.10"},
    )


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        info = (
            b"software: docket-examples make_warc.py (warcio)\r\n"
            b"format: WARC File Format 1.0\r\n"
            b"operator: Docket documentation (fictional crawl)\r\n"
            b"description: Fictional news pages written for Docket's documentation. "
            b"No real outlet, person or event is depicted.\r\n"
            b"isPartOf: docket-examples\r\n"
        )
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=BytesIO(info), length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": record_id("pages.warc.gz", "warcinfo"),
                               "WARC-Date": "2023-03-17T08:14:00Z",
                               "WARC-Filename": "pages.warc.gz"},
        ))

        first = PAGES[0]
        req_body = b""
        req_headers = StatusAndHeaders(
            "GET /world/2023/03/16/beryslav-aid-hub-shelling HTTP/1.1",
            [
                ("Host", "northern-dispatch.example.com"),
                ("User-Agent", "Mozilla/5.0 (compatible; docket-example-crawler/1.0)"),
                ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                ("Accept-Language", "en-GB,en;q=0.8,uk;q=0.5"),
                ("Connection", "close"),
            ],
            is_http_request=True,
        )
        writer.write_record(writer.create_warc_record(
            first["uri"], "request", payload=BytesIO(req_body), length=0, http_headers=req_headers,
            warc_headers_dict={"WARC-Record-ID": record_id(first["uri"], "request"),
                               "WARC-Date": first["date"],
                               "WARC-Concurrent-To": record_id(first["uri"], "response")},
        ))

        ctype = "text/html; charset=utf-8"
        writer.write_record(http_response(writer, first["uri"], first["date"], first["server_date"],
                                          ctype, first["html"]))
        second = PAGES[1]
        writer.write_record(http_response(writer, second["uri"], second["date"], second["server_date"],
                                          ctype, second["html"]))
        writer.write_record(http_response(
            writer, "https://kharkiv-ledger.example.org/static/img/pixel.png",
            "2023-03-17T08:14:42Z", "Fri, 17 Mar 2023 08:14:42 GMT", "image/png", tiny_png()))
        third = PAGES[2]
        writer.write_record(http_response(writer, third["uri"], third["date"], third["server_date"],
                                          ctype, third["html"]))


if __name__ == "__main__":
    main()
