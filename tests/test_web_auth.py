"""Workbench login, CSRF and review actions: who may write, and what each write leaves behind."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.testclient import TestClient

from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web import auth
from docket.web.auth import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    UserError,
    add_user,
    hash_password,
    make_session,
    read_session,
    verify_password,
)
from docket.web.throttle import LoginThrottle
from docket.workflows.runner import ingest_paths, reprocess
from tests.test_place_context import ingest_andriivka

PASSWORD = "correct horse battery"

ORIGINAL = """Strike hits depot near Vovchansk, officials say

A drone strike hit a fuel depot on the edge of Vovchansk on 2 May 2023, injuring three
workers, the district administration said on Tuesday. Firefighters worked through the night to
contain the blaze beside the railway line, which stayed closed until noon.
"""
REPRINT = """Vovchansk fuel depot struck, three injured

A drone strike hit a fuel depot on the edge of Vovchansk on 2 May 2023, injuring three
workers, the district administration said on Tuesday. Firefighters worked through the night to
contain the blaze beside the railway line, which stayed closed until noon.

Source: Slobozhanshchyna Herald
"""


def _create_app(settings: Settings) -> Starlette:
    from docket.web.app import create_app

    return create_app(settings)


@pytest.fixture
def docs(tmp_path: Path, settings: Settings, ledger: Ledger) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("original.txt", ORIGINAL), ("reprint.txt", REPRINT)):
        (folder / name).write_text(text, encoding="utf-8")
    ingest_paths(ledger, [folder], settings)
    add_user(ledger, "olena", PASSWORD)
    return {Path(d.source.path).stem: d.id for d in ledger.iter_documents()}


@pytest.fixture
def client(settings: Settings, docs: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(_create_app(settings), follow_redirects=False) as opened:
        yield opened


def _settled(client: TestClient) -> None:
    # Relinking after a judgement runs on the app's background writer, after the redirect.
    assert client.app.state.writer.wait_idle(120)  # type: ignore[attr-defined]


def _form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def _login(client: TestClient, password: str = PASSWORD, name: str = "olena") -> str:
    """Log in as `name`; return the session's CSRF token ('' when the login failed)."""
    token = _form_csrf(client.get("/login").text)
    answer = client.post("/login", data={"name": name, "password": password, "csrf": token,
                                         "next": "/audit"})
    if answer.status_code != 303:
        return ""
    return _form_csrf(client.get("/login").text)  # the logout form carries the session's


def _judgements(settings: Settings) -> list[dict[str, str]]:
    with Ledger.open(settings, readonly=True) as ledger:
        return [dict(row) for row in ledger.judgements()]


def test_passwords_are_salted_scrypt_hashes_that_only_the_password_opens() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("scrypt$16384$8$1$") and PASSWORD not in stored
    assert stored != hash_password(PASSWORD)  # a fresh salt each time
    assert verify_password(PASSWORD, stored)
    assert not verify_password("correct horse battery!", stored)
    assert not verify_password(PASSWORD, "scrypt$not$a$hash")


def test_add_user_refuses_empty_names_short_passwords_and_taken_names(ledger: Ledger) -> None:
    add_user(ledger, "mykola", PASSWORD)
    for name, password in (("  ", PASSWORD), ("petro", "short"), ("mykola", PASSWORD + "x")):
        with pytest.raises(UserError):
            add_user(ledger, name, password)
    stored = ledger._conn.execute("SELECT password_hash FROM user").fetchall()
    assert len(stored) == 1 and verify_password(PASSWORD, stored[0][0])


def test_sessions_are_signed_and_expire() -> None:
    key, other = b"k" * 32, b"o" * 32
    cookie = make_session(key, "olena", now=1_000_000)
    assert read_session(key, cookie, now=1_000_060)["user"] == "olena"  # type: ignore[index]
    assert read_session(other, cookie, now=1_000_060) is None
    assert read_session(key, cookie, now=1_000_000 + SESSION_SECONDS + 1) is None
    body, _, signature = cookie.partition(".")
    assert read_session(key, body[:-2] + "xx." + signature, now=1_000_060) is None


def test_login_sets_a_strict_httponly_cookie_and_a_wrong_password_does_not(
        client: TestClient) -> None:
    assert _login(client, "wrong password here") == ""
    assert SESSION_COOKIE not in client.cookies
    token = _form_csrf(client.get("/login").text)
    answer = client.post("/login", data={"name": "olena", "password": PASSWORD, "csrf": token,
                                         "next": "/audit"})
    assert answer.status_code == 303 and answer.headers["location"] == "/audit"
    cookie = answer.headers["set-cookie"].lower()
    assert SESSION_COOKIE in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert "olena" in client.get("/login").text


def test_login_form_from_another_site_is_refused(client: TestClient) -> None:
    answer = client.post("/login", data={"name": "olena", "password": PASSWORD,
                                         "csrf": "0" * 64})
    assert answer.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_a_review_without_login_goes_to_the_login_page_and_writes_nothing(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    answer = client.post("/review/confirm", data={"record": docs["original"], "next": "/"})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert _judgements(settings) == []


@pytest.mark.parametrize("token", [None, "0" * 64])
def test_a_review_without_the_csrf_token_is_forbidden_and_writes_nothing(
        client: TestClient, settings: Settings, docs: dict[str, str], token: str | None) -> None:
    assert _login(client)
    data = {"record": docs["original"], "next": "/"} | ({"csrf": token} if token else {})
    assert client.post("/review/reject", data=data).status_code == 403
    assert _judgements(settings) == []


def test_confirm_and_reject_are_attributed_and_shown_in_the_audit_log(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    for kind, record, why in (("confirm", docs["original"], "checked with the district"),
                              ("reject", docs["reprint"], "unsourced <b>copy</b>")):
        answer = client.post(f"/review/{kind}", data={"record": record, "why": why,
                                                      "csrf": csrf, "next": "/audit"})
        assert answer.status_code == 303 and answer.headers["location"] == "/audit"
    rows = _judgements(settings)
    assert [(r["kind"], r["subject"], r["by"]) for r in rows] == [
        ("confirm", docs["original"], "olena"), ("reject", docs["reprint"], "olena")]
    page = client.get("/audit").text
    assert "checked with the district" in page and "unsourced &lt;b&gt;copy" in page
    assert "<b>copy" not in page  # what analysts type is text, never markup
    assert "olena" in page and "rejected" in page and docs["reprint"] in page


def test_after_logout_the_session_writes_nothing(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert SESSION_COOKIE not in client.cookies
    answer = client.post("/review/confirm", data={"record": docs["original"], "csrf": csrf})
    assert answer.headers["location"].startswith("/login") and _judgements(settings) == []


def test_an_edit_records_the_value_before_and_after(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    answer = client.post("/review/edit", data={
        "record": docs["reprint"], "field": "outlet", "value": "Slobozhanshchyna Herald",
        "why": "stated at the foot", "csrf": csrf})
    assert answer.status_code == 303
    (row,) = _judgements(settings)
    assert (row["kind"], row["field"], row["by"]) == ("edit", "outlet", "olena")
    assert '"after": "Slobozhanshchyna Herald"' in row["value"] and '"before"' in row["value"]
    unknown = client.post("/review/edit", data={"record": docs["reprint"], "field": "colour",
                                                "value": "red", "csrf": csrf})
    assert unknown.status_code == 400 and len(_judgements(settings)) == 1


def test_a_split_from_the_workbench_survives_a_reprocess(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    def story_of(ledger: Ledger) -> dict[str, str]:
        return {d: st["id"] for st in ledger.story_records() for d in st["documents"]}

    with Ledger.open(settings, readonly=True) as ledger:
        before = story_of(ledger)
    assert before[docs["original"]] == before[docs["reprint"]]  # the machine joins a reprint
    csrf = _login(client)
    answer = client.post("/review/different", data={
        "first": docs["original"], "second": docs["reprint"], "why": "two separate reports",
        "csrf": csrf, "next": "/"})
    assert answer.status_code == 303
    _settled(client)
    with Ledger.open(settings) as ledger:
        assert story_of(ledger)[docs["original"]] != story_of(ledger)[docs["reprint"]]
        reprocess(ledger, settings, None)
        after = story_of(ledger)
    assert after[docs["original"]] != after[docs["reprint"]]
    assert [(r["kind"], r["by"]) for r in _judgements(settings)] == [("different", "olena")]


def test_withdrawing_leaves_a_tombstone_and_keeps_the_document(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    data = {"document": docs["reprint"], "reason": "ingested from the wrong folder",
            "csrf": csrf}
    assert client.post("/review/withdraw", data=data).status_code == 303
    with Ledger.open(settings, readonly=True) as ledger:
        doc = ledger.get_document(docs["reprint"])
        assert doc is not None  # the document stays
        (entry,) = [r for r in ledger.custody_log(doc.source.sha256)
                    if r["action"] == "withdrawn"]
    assert entry["document_id"] == doc.id
    assert "ingested from the wrong folder" in entry["detail"] and "olena" in entry["detail"]
    assert client.post("/review/withdraw", data=data).status_code == 400  # once is enough


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/",
                                    "/\\evil.example"])
def test_next_never_leads_to_another_site(
        client: TestClient, docs: dict[str, str], target: str) -> None:
    csrf = _login(client)
    answer = client.post("/review/confirm", data={"record": docs["original"], "csrf": csrf,
                                                  "next": target})
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_review_forms_show_only_to_a_logged_in_user(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    with Ledger.open(settings, readonly=True) as ledger:
        story = next(st["id"] for st in ledger.story_records()
                     if docs["original"] in st["documents"])
    page = f"/stories/{story}"
    assert client.get(page).status_code == 200
    assert 'action="/review/confirm"' not in client.get(page).text
    csrf = _login(client)
    shown = client.get(page).text
    assert 'action="/review/confirm"' in shown and 'action="/review/reject"' in shown
    assert f'name="record" value="{story}"' in shown and f'value="{csrf}"' in shown
    assert re.search(rf'name="next"\s+value="{page}"', shown)


# -- the web under pressure (issue 14) -------------------------------------------------------


def _attempt(client: TestClient, password: str, name: str = "olena") -> Any:
    token = _form_csrf(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token})


def _limited_client(settings: Settings, **limits: Any) -> TestClient:
    return TestClient(_create_app(dataclasses.replace(settings, **limits)),
                      follow_redirects=False)


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per scrypt run: whether it ran on a thread with a running event loop."""
    runs: list[bool] = []
    scrypt = auth._scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        try:
            asyncio.get_running_loop()
            runs.append(True)
        except RuntimeError:
            runs.append(False)
        return scrypt(*args, **kwargs)

    monkeypatch.setattr(auth, "_scrypt", counted)
    return runs


def test_passwords_are_checked_off_the_event_loop(client: TestClient,
                                                  hashes: list[bool]) -> None:
    assert _login(client, "wrong password here") == ""
    assert _login(client)
    assert len(hashes) == 2 and not any(hashes)  # scrypt ran, never on the event loop


def test_failed_logins_for_one_account_are_refused_without_hashing(
        settings: Settings, docs: dict[str, str], hashes: list[bool]) -> None:
    client = _limited_client(settings, login_failures_per_account=3)
    for _ in range(3):
        answer = _attempt(client, "wrong password here")
        assert answer.status_code == 400 and "Wrong name or password" in answer.text
    assert len(hashes) == 3
    for password in ("wrong password here", PASSWORD):  # even the right one waits
        answer = _attempt(client, password)
        assert answer.status_code == 429
        assert "Too many failed sign-ins for this name" in answer.text
        assert int(answer.headers["retry-after"]) > 0
        assert "Content-Security-Policy" in answer.headers
    assert len(hashes) == 3  # refused before any password was hashed
    assert SESSION_COOKIE not in client.cookies
    assert _attempt(client, PASSWORD, name="mykola").status_code == 400  # other names may try


def test_a_successful_login_starts_the_account_count_afresh(
        settings: Settings, docs: dict[str, str]) -> None:
    client = _limited_client(settings, login_failures_per_account=3)
    for _ in range(2):
        assert _attempt(client, "wrong password here").status_code == 400
    csrf = _login(client)
    assert csrf
    client.post("/logout", data={"csrf": csrf})
    for _ in range(3):
        assert _attempt(client, "wrong password here").status_code == 400
    assert _attempt(client, PASSWORD).status_code == 429


def test_failed_logins_from_one_address_are_refused_whatever_the_name(
        settings: Settings, docs: dict[str, str]) -> None:
    client = _limited_client(settings, login_failures_per_account=100,
                             login_failures_per_address=4)
    for name in ("anna", "petro", "ivan", "olena"):
        assert _attempt(client, "wrong password here", name=name).status_code == 400
    answer = _attempt(client, PASSWORD)
    assert answer.status_code == 429 and "from this address" in answer.text


def test_the_login_limit_lifts_as_failures_leave_the_window() -> None:
    now = [1000.0]
    throttle = LoginThrottle(per_account=2, per_address=50, window_seconds=60,
                             clock=lambda: now[0])
    assert throttle.attempt("olena", "10.0.0.1") is None
    now[0] += 30
    assert throttle.attempt("olena", "10.0.0.2") is None
    refused = throttle.attempt("olena", "10.0.0.3")
    assert refused is not None and (refused.limit, refused.retry_after) == ("account", 30)
    now[0] += 30  # the first failure has left the window
    assert throttle.attempt("olena", "10.0.0.3") is None
    throttle.succeeded("olena", "10.0.0.3")
    assert throttle.attempt("olena", "10.0.0.3") is None  # a success starts afresh


def test_the_login_limit_remembers_a_bounded_number_of_names() -> None:
    now = [0.0]
    throttle = LoginThrottle(per_account=1, per_address=10**6, window_seconds=60,
                             clock=lambda: now[0], max_keys=100)
    for n in range(1000):
        throttle.attempt(f"made-up-{n}", "10.0.0.1")
    assert len(throttle._names.attempts) <= 100
    assert throttle.attempt("made-up-999", "10.0.0.1") is not None  # the latest still count


def test_a_cookie_replayed_after_logout_signs_in_no_one(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    cookie = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    client.cookies.set(SESSION_COOKIE, cookie)  # a copy kept by someone else, sent again
    answer = client.post("/review/confirm", data={"record": docs["original"], "csrf": csrf})
    assert answer.headers["location"].startswith("/login") and _judgements(settings) == []
    assert 'action="/logout"' not in client.get("/login").text


def test_logging_out_ends_that_session_only(
        settings: Settings, docs: dict[str, str]) -> None:
    laptop, desktop = (TestClient(_create_app(settings), follow_redirects=False)
                       for _ in range(2))
    laptop_csrf, desktop_csrf = _login(laptop), _login(desktop)
    laptop.post("/logout", data={"csrf": laptop_csrf})
    answer = desktop.post("/review/confirm", data={"record": docs["original"],
                                                   "csrf": desktop_csrf})
    assert answer.status_code == 303 and not answer.headers["location"].startswith("/login")
    assert [(r["kind"], r["by"]) for r in _judgements(settings)] == [("confirm", "olena")]


def _cli(settings: Settings, *args: str, input: str | None = None) -> Any:
    from docket.cli import main

    return CliRunner().invoke(main, ["user", *args, "--db", str(settings.db)], input=input)


def test_user_passwd_asks_twice_and_ends_the_users_sessions(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    new = "a new password for spring"
    result = _cli(settings, "passwd", "olena", input=f"{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    assert "New password" in result.output and "sessions have ended" in result.output
    answer = client.post("/review/confirm", data={"record": docs["original"], "csrf": csrf})
    assert answer.headers["location"].startswith("/login") and _judgements(settings) == []
    assert _login(client) == ""  # the old password no longer opens
    assert _login(client, new)


def test_user_list_names_each_user_with_their_live_sessions(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    _login(client)
    listed = [json.loads(line) for line in _cli(settings, "list", "--json").output.splitlines()]
    assert [(u["name"], u["live_sessions"]) for u in listed] == [("olena", 1)]
    assert "olena" in _cli(settings, "list").output
    _cli(settings, "remove", "olena")
    assert "0 user(s)" in _cli(settings, "list").output


def test_user_remove_ends_the_users_sessions_and_keeps_their_judgements(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    csrf = _login(client)
    client.post("/review/confirm", data={"record": docs["original"], "csrf": csrf})
    result = _cli(settings, "remove", "olena")
    assert result.exit_code == 0, result.output
    answer = client.post("/review/reject", data={"record": docs["original"], "csrf": csrf})
    assert answer.headers["location"].startswith("/login")
    assert _login(client) == ""
    assert [(r["kind"], r["by"]) for r in _judgements(settings)] == [("confirm", "olena")]


@pytest.mark.parametrize("args", [("remove", "nobody"), ("passwd", "nobody"),
                                  ("passwd", "nobody", "--password", "long enough password")])
def test_user_commands_refuse_an_unknown_user(
        settings: Settings, docs: dict[str, str], args: tuple[str, ...]) -> None:
    result = _cli(settings, *args, input="")
    assert result.exit_code != 0
    assert "there is no user 'nobody'" in result.output
    assert "New password" not in result.output  # refused before asking for one


def test_user_passwd_refuses_a_short_password_and_keeps_the_old_one(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    result = _cli(settings, "passwd", "olena", "--password", "short")
    assert result.exit_code != 0 and "at least" in result.output
    assert _login(client)


def test_a_judgement_answers_before_the_relink_and_the_pages_say_it_is_running(
        client: TestClient, settings: Settings, docs: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import docket.workflows.review as review

    release, started = threading.Event(), threading.Event()
    real = review.link_ledger

    def slow_link(ledger: Ledger, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(60)
        return real(ledger, **kwargs)

    monkeypatch.setattr(review, "link_ledger", slow_link)
    csrf = _login(client)
    answer = client.post("/review/different", data={
        "first": docs["original"], "second": docs["reprint"], "csrf": csrf, "next": "/"})
    # The page answered although the link step has not finished (it is held above).
    assert answer.status_code == 303 and started.wait(60)
    assert "being re-derived" in client.get("/audit").text
    with Ledger.open(settings, readonly=True) as ledger:
        assert ledger.judgements()[0]["kind"] == "different"  # recorded in the request
        assert ledger.link_pending_count() > 0
    release.set()
    _settled(client)
    audit = client.get("/audit").text
    assert "being re-derived" not in audit and "linked 2 documents" in audit
    with Ledger.open(settings, readonly=True) as ledger:
        stories = {d: st["id"] for st in ledger.story_records() for d in st["documents"]}
        assert ledger.link_pending_count() == 0
    assert stories[docs["original"]] != stories[docs["reprint"]]


def test_a_relink_while_a_run_writes_is_left_queued_for_that_run(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    from docket.ledger.lock import writer_lock
    from docket.workflows.link_step import link_ledger

    csrf = _login(client)
    with writer_lock(settings, "ingest"):  # a run in another process holds the ledger
        answer = client.post("/review/different", data={
            "first": docs["original"], "second": docs["reprint"], "csrf": csrf})
        assert answer.status_code == 303
        _settled(client)
        assert "another run holds the ledger" in client.get("/audit").text
        with Ledger.open(settings, readonly=True) as ledger:
            assert ledger.link_pending_count() > 0  # not lost: still queued in the ledger
    with Ledger.open(settings) as ledger:
        link_ledger(ledger)  # what that run's own link step does at its end
        stories = {d: st["id"] for st in ledger.story_records() for d in st["documents"]}
    assert stories[docs["original"]] != stories[docs["reprint"]]


def test_a_restore_is_checked_in_the_request_and_done_in_the_background(
        client: TestClient, settings: Settings, docs: dict[str, str]) -> None:
    with Ledger.open(settings, readonly=True) as ledger:
        doc = ledger.get_document(docs["reprint"])
        assert doc is not None and doc.removed
        removed = [i for i, span in enumerate(doc.removed, 1) if span.reason != "segment"]
    assert removed, "the reprint's fixture must have removed furniture to restore"
    csrf = _login(client)
    refused = client.post("/review/restore", data={
        "document": docs["reprint"], "spans": str(len(doc.removed) + 5), "csrf": csrf})
    assert refused.status_code == 400 and "removed spans 1 to" in refused.text
    answer = client.post("/review/restore", data={
        "document": docs["reprint"], "spans": str(removed[0]), "csrf": csrf})
    assert answer.status_code == 303
    _settled(client)
    assert f"restored text in {docs['reprint']}" in client.get("/audit").text
    span = doc.removed[removed[0] - 1]
    line = doc.full_text[span.start:span.end].strip().splitlines()[0].strip()
    with Ledger.open(settings, readonly=True) as ledger:
        after = ledger.get_document(docs["reprint"])
    assert after is not None and line in after.text


def test_an_analyst_picks_another_namesake_on_the_entity_page(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    ingest_andriivka(tmp_path, settings, ledger)
    add_user(ledger, "olena", PASSWORD)
    entity, mention = next((e, m) for e in ledger.iter_entities() if e["kind"] == "place"
                           for m in e["mentions"] if m["text"] == "Andriivka" and m["start"] > 30)
    other = mention["considered"][1]["gazetteer_id"]
    with TestClient(_create_app(settings), follow_redirects=False) as client:
        assert "this place is meant" not in client.get(f"/entities/{entity['id']}").text
        csrf = _login(client)
        page = client.get(f"/entities/{entity['id']}").text
        assert f'name="place" value="{other}"' in page
        form = {"document": mention["document"], "start": str(mention["start"]),
                "place": other, "csrf": csrf, "why": "the report's village"}
        refused = client.post("/review/place", data=form | {"start": "1"})
        assert refused.status_code == 400 and "no place name starts at 1" in refused.text
        assert client.post("/review/place", data=form).status_code == 303
        _settled(client)
        assert "is now " + other in client.get("/audit").text
    (doc,) = list(ledger.iter_documents())
    picked = next(m for m in doc.mentions if m.start == mention["start"])
    assert picked.key == other and picked.resolution.startswith("chosen by olena")
