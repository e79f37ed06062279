"""Page text and main text from HTML: docket.clean.html.read_html_page."""

from __future__ import annotations

import pytest

from docket.clean.html import HtmlPage, read_html_page

# A fictional news page with the furniture real pages carry around an article.
ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shelling hits Velyka Tysha market - The Riverside Courier</title>
<meta name="author" content="Marta Hollis">
<meta property="og:site_name" content="The Riverside Courier">
<meta property="article:published_time" content="2024-03-14T09:30:00+00:00">
<style>body { font-family: serif; } .secret-style-rule { color: red; }</style>
<script>var trackingSecret = "never show this";</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent">
  <p>We use cookies to improve your experience. <a href="/privacy">Accept all cookies</a></p>
</div>
<nav class="main-menu">
  <ul>
    <li><a href="/">Home</a></li>
    <li><a href="/world">World</a></li>
    <li><a href="/politics">Politics</a></li>
    <li><a href="/sport">Sport</a></li>
    <li><a href="/weather">Weather</a></li>
  </ul>
</nav>
<main>
<article>
<h1>Shelling hits Velyka Tysha market</h1>
<p class="byline">By Marta Hollis, 14 March 2024</p>
<p id="first">Artillery shells struck the covered market in the village of Velyka Tysha early on
Thursday morning, killing three people and wounding at least eleven, the regional governor said
in a statement published two hours after the attack.</p>
<p id="second">Witnesses told the Courier that the first shell landed near the bread stalls at
about half past seven, when the market was filling with shoppers. A second impact followed a few
minutes later near the bus stop on the main road, damaging two buses and a pharmacy.</p>
<p>The regional military administration blamed forces positioned across the river, about twelve
kilometres to the east. A spokesman for the opposing side denied that its units had fired on the
village and said the claim could not be verified independently.</p>
<p>Local volunteers cleared debris through the afternoon while a mobile clinic treated the
wounded. The village council said the market would stay closed until engineers had checked the
roof, and asked residents to avoid the area after dark.</p>
<p>It was the fourth time this month that Velyka Tysha had come under fire, according to a tally
kept by the village council. Schools in the district have moved classes online until the end of
the month, and the council has opened two more shelters.</p>
</article>
</main>
<aside class="related">
  <h2>Related stories</h2>
  <ul>
    <li><a href="/a1">Bridge near Stara Hora closed after strike</a></li>
    <li><a href="/a2">Aid convoy reaches the northern villages</a></li>
    <li><a href="/a3">Council votes to rebuild the school gym</a></li>
  </ul>
</aside>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <div class="comment"><p>rivergull: Stay safe everyone, thinking of you all.</p></div>
  <div class="comment"><p>oldmiller: Same thing happened last spring, nobody listens.</p></div>
</section>
<footer class="site-footer">
  <p>Copyright 2024 The Riverside Courier. All rights reserved.</p>
  <p><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/terms">Terms</a></p>
</footer>
<script>document.write("injected tracking text");</script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def article() -> HtmlPage:
    return read_html_page(ARTICLE_PAGE, url="https://courier.example/world/velyka-tysha")


def kept_text(page: HtmlPage) -> str:
    return "\n".join(b.text for b, k in zip(page.blocks, page.kept, strict=True) if k)


def block_with(page: HtmlPage, fragment: str) -> int:
    found = [i for i, b in enumerate(page.blocks) if fragment in b.text]
    assert len(found) == 1, f"{fragment!r} is in {len(found)} blocks"
    return found[0]


def test_article_paragraphs_are_kept(article: HtmlPage) -> None:
    for fragment in (
        "Artillery shells struck the covered market",
        "first shell landed near the bread stalls",
        "regional military administration blamed",
        "Local volunteers cleared debris",
        "fourth time this month",
    ):
        assert article.kept[block_with(article, fragment)], fragment


@pytest.mark.parametrize(
    "fragment",
    [
        "We use cookies",
        "Politics",
        "Related stories",
        "Aid convoy reaches the northern villages",
        "Stay safe everyone",
        "nobody listens",
        "All rights reserved",
        "About us",
    ],
)
def test_page_furniture_is_not_kept(article: HtmlPage, fragment: str) -> None:
    assert not article.kept[block_with(article, fragment)]


def test_furniture_stays_in_blocks_as_evidence(article: HtmlPage) -> None:
    text = "\n".join(b.text for b in article.blocks)
    assert "We use cookies" in text and "Stay safe everyone" in text
    assert len(article.blocks) == len(article.kept)


def test_metadata(article: HtmlPage) -> None:
    assert article.title is not None and "Shelling hits Velyka Tysha market" in article.title
    assert article.author == "Marta Hollis"
    assert article.date == "2024-03-14"
    assert article.sitename == "The Riverside Courier"
    assert article.extractor.startswith("trafilatura ")


def test_head_and_scripts_never_become_blocks(article: HtmlPage) -> None:
    text = "\n".join(b.text for b in article.blocks)
    for hidden in ("trackingSecret", "never show this", "secret-style-rule", "injected tracking"):
        assert hidden not in text
    # The <title> is metadata; the page's only copy of that line in blocks is the <h1>.
    assert not any(" - The Riverside Courier" in b.text for b in article.blocks)


def test_sourcelines_point_at_the_block_element(article: HtmlPage) -> None:
    lines = ARTICLE_PAGE.splitlines()
    for marker, fragment in (('<p id="first">', "Artillery shells"), ("<h1>", "Shelling hits")):
        expected = next(n for n, line in enumerate(lines, start=1) if marker in line)
        assert article.blocks[block_with(article, fragment)].sourceline == expected


def test_blocks_have_collapsed_whitespace(article: HtmlPage) -> None:
    for block in article.blocks:
        assert block.text and block.text == " ".join(block.text.split())


def test_block_boundaries() -> None:
    page = read_html_page(
        "<html><body><div>Kh<b>ar</b>kiv road<br>second line<p>para <i>one</i></p>tail</div>"
        "<ul><li>first item</li><li>second item</li></ul></body></html>"
    )
    assert [b.text for b in page.blocks] == [
        "Kharkiv road",
        "second line",
        "para one",
        "tail",
        "first item",
        "second item",
    ]


def test_meta_charset_does_not_redecode_text() -> None:
    page = read_html_page(
        '<html><head><meta charset="iso-8859-1"></head><body><p>Zoë in Kyïv</p></body></html>'
    )
    assert [b.text for b in page.blocks] == ["Zoë in Kyïv"]


def test_short_page_keeps_its_one_paragraph() -> None:
    page = read_html_page(
        "<html><body><p><a href='/'>Home</a></p><p>Two drones were shot down over the lake "
        "district on Sunday night, the air force said, and nobody was hurt by the debris that "
        "fell on farmland.</p></body></html>"
    )
    assert page.kept[block_with(page, "Two drones")]
    assert not page.kept[block_with(page, "Home")]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "<html></html>",
        "<html><body></body></html>",
        "<p>unclosed <b>bold <div>nested <table><tr><td>cell",
        bytes(range(256)).decode("latin-1"),
        "\x00\x01\x02<p>nul bytes</p>\x00",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>declared</p></body></html>",
        "<p>lone surrogate \udcff here</p>",
        "<!-- only a comment -->",
        "<script>alert(1)</script>",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
        "</p></div></body></html>",
    ],
)
def test_bad_markup_never_raises(html: str) -> None:
    page = read_html_page(html)
    assert len(page.blocks) == len(page.kept)
    assert all(b.text for b in page.blocks)
    assert not any("alert(1)" in b.text for b in page.blocks)


@pytest.mark.parametrize("html", ["", "<html></html>", "  "])
def test_empty_pages_have_no_blocks_and_no_metadata(html: str) -> None:
    page = read_html_page(html)
    assert page.blocks == () and page.kept == ()
    assert (page.title, page.author, page.date, page.sitename) == (None, None, None, None)


def test_favor_options() -> None:
    for favor in ("balanced", "precision", "recall"):
        page = read_html_page(ARTICLE_PAGE, favor=favor)
        assert page.kept[block_with(page, "Artillery shells struck")]
    with pytest.raises(ValueError):
        read_html_page(ARTICLE_PAGE, favor="everything")


def test_deeply_nested_text_is_not_lost() -> None:
    # Runs of unclosed inline tags nest deeper than libxml2's default limit of 256 levels.
    page = read_html_page("<html><body>" + "<font>" * 600 + "<p>deep text</p></body></html>")
    assert [b.text for b in page.blocks] == ["deep text"]
