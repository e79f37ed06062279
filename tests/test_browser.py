"""The workbench end to end in a real browser: Debian's chromium driven by selenium.

Never a browser download: the test uses /usr/bin/chromium and its chromedriver (Debian's
`chromium` and `chromium-driver` packages, which .ci/run installs). Where they are missing it
skips, unless DOCKET_REQUIRE_BROWSER is set (as .ci/run sets it), where it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.workflows.runner import ingest_paths

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

if not (CHROMIUM and DRIVER):
    if os.environ.get("DOCKET_REQUIRE_BROWSER"):
        raise RuntimeError("chromium and chromedriver are required here (apt install chromium "
                           "chromium-driver)")
    pytest.skip("chromium / chromedriver not installed", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _arrive(d: Any, path_part: str) -> None:
    """Wait until the browser has loaded a page whose URL holds `path_part`."""
    WebDriverWait(d, 15).until(
        lambda drv: path_part in drv.current_url
        and drv.execute_script("return document.readyState") == "complete")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(settings: Settings, examples: Path) -> Iterator[str]:
    from docket.web.auth import add_user

    with Ledger.open(settings) as ledger:
        ingest_paths(ledger, [examples], settings)
        add_user(ledger, "analyst", "correct horse battery")
    yield from _serve(settings)


@pytest.fixture
def cyrillic_server(settings: Settings, tmp_path: Path) -> Iterator[str]:
    from test_crossscript_search import REPORTS

    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps({"text": text, "language": key[:2]},
                                       ensure_ascii=False) + "\n"
                            for key, text in REPORTS.items() if key != "homoglyph"),
                    encoding="utf-8")
    with Ledger.open(settings) as ledger:
        ingest_paths(ledger, [path], settings)
    yield from _serve(settings)


def _serve(settings: Settings) -> Iterator[str]:
    import uvicorn

    from docket.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the workbench did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1600"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def test_search_incident_evidence_and_review_in_a_browser(
        server: str, browser: Any, tmp_path: Path) -> None:
    d: Any = browser
    d.get(server + "/")
    assert "Docket" in d.title

    box = d.find_element(By.NAME, "q")
    box.send_keys("Kivsharivka")
    box.submit()
    _arrive(d, "/search?")
    assert "Kivsharivka" in d.page_source
    assert d.find_elements(By.CSS_SELECTOR, "a[href^='/documents/doc_']")

    d.get(server + "/incidents")
    links = d.find_elements(By.CSS_SELECTOR, "a[href^='/incidents/inc_']")
    assert links, "the incident table lists incidents"
    links[0].click()
    _arrive(d, "/incidents/inc_")
    incident_url = d.current_url
    assert "/incidents/inc_" in incident_url

    evidence = d.find_elements(By.CSS_SELECTOR, "a[href*='#span-']")
    assert evidence, "an incident page links to the words of its evidence"
    evidence[0].click()
    _arrive(d, "#span-")
    fragment = urlparse(d.current_url).fragment
    assert fragment.startswith("span-")
    marked = d.find_element(By.ID, fragment)
    assert marked.tag_name == "mark" and marked.text.strip()

    # A review change: sign in, confirm the incident, see it in the audit log.
    d.get(server + "/login?next=" + urlparse(incident_url).path)
    d.find_element(By.NAME, "name").send_keys("analyst")
    password = d.find_element(By.NAME, "password")
    password.send_keys("correct horse battery")
    password.submit()
    _arrive(d, "/incidents/inc_")
    assert urlparse(d.current_url).path == urlparse(incident_url).path
    d.find_element(By.CSS_SELECTOR, "form.review-confirm button").click()
    WebDriverWait(d, 15).until(lambda drv: "CONFIRMED" in drv.page_source.upper())
    d.get(server + "/audit")
    _arrive(d, "/audit")
    WebDriverWait(d, 15).until(lambda drv: "analyst" in drv.page_source)
    assert "confirm" in d.page_source

    shot = tmp_path / "workbench.png"
    d.get(incident_url)
    assert d.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_a_latin_query_finds_the_cyrillic_pages_and_names_show_a_latin_form(
        cyrillic_server: str, browser: Any) -> None:
    d: Any = browser
    d.get(cyrillic_server + "/")
    box = d.find_element(By.NAME, "q")
    box.send_keys("Kupiansk")  # the pages say Куп'янську, Купянску and Kupyansk
    box.submit()
    _arrive(d, "/search?")
    assert len(d.find_elements(By.CSS_SELECTOR, "a[href^='/documents/doc_']")) == 3

    d.get(cyrillic_server + "/search?q=Беседін")
    _arrive(d, "/search?")
    person = d.find_element(By.CSS_SELECTOR, "a[href^='/entities/ent_']")
    assert "Андрій Беседін" in person.text
    assert person.find_element(By.CSS_SELECTOR, ".latin").text == "(Andrii Besedin)"
    person.click()
    _arrive(d, "/entities/ent_")
    heading = d.find_element(By.TAG_NAME, "h1")
    assert "Андрій Беседін" in heading.text and "Andrii Besedin" in heading.text
    words = {a.text for a in d.find_elements(By.CSS_SELECTOR, "table.mentions a.evidence")}
    assert {"Андрій Беседін", "Андрей Беседин"} <= words  # one person in both scripts


def test_browse_sort_page_and_follow_a_row_in_a_browser(
        server: str, browser: Any, tmp_path: Path) -> None:
    d: Any = browser
    d.get(server + "/")
    d.find_element(By.CSS_SELECTOR, "header nav a[href='/events']").click()
    _arrive(d, "/events")
    assert d.find_element(By.TAG_NAME, "h1").text == "Events"

    d.get(server + "/events?per=5")
    _arrive(d, "per=5")
    d.find_element(By.CSS_SELECTOR, "a.sort[data-sort='category']").click()
    _arrive(d, "sort=category")
    header = d.find_element(By.CSS_SELECTOR, "th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    cats = [c.text for c in d.find_elements(By.CSS_SELECTOR, "table.browse tbody td .cat")]
    assert len(cats) == 5 and cats == sorted(cats)
    first_page = [r.get_attribute("data-id") for r in
                  d.find_elements(By.CSS_SELECTOR, "table.browse tbody tr[data-id]")]

    d.find_element(By.CSS_SELECTOR, "nav.pages a[rel='next']").click()
    _arrive(d, "offset=5")
    assert "sort=category" in d.current_url
    second_page = [r.get_attribute("data-id") for r in
                   d.find_elements(By.CSS_SELECTOR, "table.browse tbody tr[data-id]")]
    assert len(second_page) == 5 and not set(first_page) & set(second_page)
    assert d.save_screenshot(str(tmp_path / "browse-events.png"))

    d.get(server + "/incidents?sort=sources")
    _arrive(d, "sort=sources")
    row = d.find_element(By.CSS_SELECTOR, "table.incidents tbody a.row-link")
    title = row.text
    assert "“" in title  # category, place, date and the first headline
    row.click()
    _arrive(d, "/incidents/inc_")
    assert d.find_element(By.TAG_NAME, "h1").text == title
    assert d.save_screenshot(str(tmp_path / "browse-incident.png"))
