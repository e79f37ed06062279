"""Judgements cannot be lost (issue 14): anchored on documents and evidence spans, they follow
the records that cover them after a new copy, a reprocess or the analyst's own merge, and
every kind either applies (on every reader) or is reported orphaned with its reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from docket.cli import main
from docket.ledger.anchors import Resolver, anchors_of
from docket.ledger.export import export_jsonl
from docket.ledger.store import Ledger
from docket.link.judgements import (
    JudgementError,
    judgement_status,
    record_edit,
    record_judgement,
)
from docket.settings import Settings
from docket.workflows.link_step import link_ledger
from docket.workflows.runner import ingest_paths, reprocess

KUPIANSK = """Shelling kills two in Kupiansk, governor says

Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two civilians and
wounding five, the regional governor Oleh Syniehubov said on Wednesday.
"""
KUPIANSK_COPY = """Kupiansk shelling: two dead, governor says

Russian forces shelled the centre of Kupiansk on 11 April 2023, killing two civilians and
wounding five, regional governor Oleh Syniehubov said on Wednesday.

Source: Kharkiv Ledger
"""
BALAKLIIA = """Drone hits warehouse in Balakliia

A Russian drone struck a warehouse in Balakliia on 14 April 2023, wounding three workers,
the district police said on Friday.
"""


def _write(folder: Path, **texts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _incident_of_place(ledger: Ledger, place: str) -> dict:
    events = {e["id"]: e for e in ledger.event_records()}
    return next(i for i in ledger.incident_records()
                if any((events[e]["location"] or {}).get("text") == place for e in i["events"]
                       if e in events))


def _status(ledger: Ledger) -> dict[str, object]:
    return {s.id: s for s in judgement_status(ledger)}


def test_incident_judgements_follow_a_new_copy_and_the_analysts_own_merge(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK, balakliia=BALAKLIIA)],
                 settings)
    first, second = _incident_of_place(ledger, "Kupiansk"), _incident_of_place(ledger, "Balakliia")
    assert first["id"] != second["id"]
    # The incident whose smallest event id is larger loses its id in a merge: judge that one.
    doomed, kept = sorted((first, second), key=lambda i: min(i["events"]), reverse=True)
    confirm = record_judgement(ledger, "confirm", [doomed["id"]], "ana", "checked")
    edit = record_edit(ledger, doomed["id"], "category", "attack_on_civilians", "ana")

    # A new copy of one article re-derives its story and incident.
    ingest_paths(ledger, [_write(tmp_path / "b", kupiansk_copy=KUPIANSK_COPY)], settings)
    # The analyst's own merge (of the incidents as the workbench shows them now) re-derives
    # both into one, under one id.
    record_judgement(ledger, "same", [_incident_of_place(ledger, "Kupiansk")["id"],
                                      _incident_of_place(ledger, "Balakliia")["id"]],
                     "ana", "one attack")
    link_ledger(ledger)
    ids = {i["id"] for i in ledger.incident_records()}
    assert doomed["id"] not in ids  # the id the analyst judged is gone...
    merged = next(i for i in ledger.incident_records() if set(doomed["events"]) <= set(i["events"]))
    assert set(kept["events"]) <= set(merged["events"])
    # ...and the confirm and the edit are on the record that now stands for it
    assert merged["review"]["status"] == "confirmed" and merged["review"]["by"] == "ana"
    assert merged["category"] == "attack_on_civilians"
    assert [e["judgement"] for e in merged["edits"]] == [edit]
    status = _status(ledger)
    assert not any(s.orphaned for s in status.values())  # type: ignore[attr-defined]
    assert status[confirm].applies_to == (merged["id"],)  # type: ignore[attr-defined]


def test_story_judgements_survive_a_reprocess_and_a_new_copy(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK, copy=KUPIANSK_COPY)],
                 settings)
    story = next(s for s in ledger.story_records() if len(s["documents"]) == 2)
    record_judgement(ledger, "reject", [story["id"]], "ana", "two different reports")
    reprocess(ledger, settings, None)
    ingest_paths(ledger, [_write(tmp_path / "b", third=KUPIANSK_COPY.replace(
        "Source: Kharkiv Ledger", "Source: Steppe Courier"))], settings)
    now = next(s for s in ledger.story_records() if set(story["documents"]) <= set(s["documents"]))
    assert now["review"]["status"] == "rejected"
    assert not any(s.orphaned for s in judgement_status(ledger))


def test_an_event_judgement_finds_its_words_when_offsets_shift(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK)], settings)
    event = next(ledger.event_records())
    anchors = anchors_of(ledger._conn, event["id"])
    assert anchors and anchors[0][3] == event["trigger"]["text"]
    # The same words 40 characters further on (a restored line above them, say) are found by
    # their text; words that are nowhere in the document are not.
    moved = [[a[0], a[1] + 40, a[2] + 40, a[3]] for a in anchors]
    assert Resolver(ledger._conn).resolve("evt_gone", moved).current == event["id"]
    lost = [[a[0], a[1] + 4000, a[2] + 4000, "bombardment"] for a in anchors]
    missing = Resolver(ledger._conn).resolve("evt_gone", lost)
    assert missing.current is None and "covers the words" in str(missing.reason)


def test_document_and_entity_edits_and_reviews_reach_every_reader(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK)], settings)
    doc = next(ledger.iter_documents())
    entity = next(e for e in ledger.iter_entities() if "Kupiansk" in e["aliases"] + [e["name"]])
    db = str(settings.db)
    for args in (["edit", doc.id, "title", "Two killed in Kupiansk"],
                 ["edit", entity["id"], "name", "Kupiansk (Kharkiv oblast)"],
                 ["confirm", entity["id"]]):
        result = cli.invoke(main, ["judge", *args, "--by", "ana", "--db", db])
        assert result.exit_code == 0, result.output
    shown = cli.invoke(main, ["show", doc.id, "--db", db])
    assert "Two killed in Kupiansk" in shown.output
    out = tmp_path / "export.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        export_jsonl(ledger, fh)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    exported_doc = next(r for r in records if r["type"] == "document")
    assert exported_doc["title"] == "Two killed in Kupiansk"
    exported_entity = next(r for r in records if r.get("id") == entity["id"])
    assert exported_entity["name"] == "Kupiansk (Kharkiv oblast)"
    assert exported_entity["review"]["status"] == "confirmed"
    # and the workbench shows the same
    from starlette.testclient import TestClient

    from docket.web.app import create_app

    with TestClient(create_app(settings)) as client:
        page = client.get(f"/entities/{entity['id']}").text
        assert "Kupiansk (Kharkiv oblast)" in page and "confirmed by ana" in page
        assert "Two killed in Kupiansk" in client.get(f"/documents/{doc.id}").text


def test_a_same_between_an_aggregate_and_a_single_incident_is_refused(
        tmp_path: Path, settings: Settings, ledger: Ledger) -> None:
    total = ("UN monitors count the month's casualties\n\nAt least 120 civilians were killed "
             "and 310 injured across Ukraine this month, the UN human rights monitoring mission "
             "said in its monthly update on Friday.\n")
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK, total=total)], settings)
    events = {e["id"]: e for e in ledger.event_records()}
    aggregate = next(i for i in ledger.incident_records()
                     if any(events[e]["aggregate"] for e in i["events"]))
    single = _incident_of_place(ledger, "Kupiansk")
    with pytest.raises(JudgementError, match="aggregate statistic"):
        record_judgement(ledger, "same", [aggregate["id"], single["id"]], "ana")


def test_a_purged_documents_judgements_are_reported_with_the_reason(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK, balakliia=BALAKLIIA)],
                 settings)
    event = next(e for e in ledger.event_records()
                 if (e["location"] or {}).get("text") == "Balakliia")
    record_judgement(ledger, "confirm", [event["id"]], "ana")
    db = str(settings.db)
    for args in (["withdraw", event["document"], "--by", "ana", "--why", "wrong file"],
                 ["purge", event["document"], "--by", "ana", "--why", "wrong file", "--yes"]):
        result = cli.invoke(main, [*args, "--db", db])
        assert result.exit_code == 0, result.output
    listed = cli.invoke(main, ["judge", "list", "--db", db])
    assert "ORPHANED" in listed.output and "no longer in the ledger" in listed.output


# -- property: random judgements, new copies, reprocesses; none is ever silently lost ------

_RECORD_KINDS = ("evt", "inc", "sty", "ent", "clm", "doc")
_JUDGE = st.tuples(st.just("judge"), st.sampled_from(("confirm", "reject", "edit", "same",
                                                     "different")),
                   st.sampled_from(_RECORD_KINDS), st.integers(0, 50), st.integers(0, 50))
_COPY = st.tuples(st.just("copy"), st.integers(0, 2), st.integers(0, 3))
# Judgements first, then what re-derives records (new copies, a reprocess), then more of both.
_OPERATIONS = st.tuples(st.lists(_JUDGE, min_size=2, max_size=4),
                        st.lists(_COPY, min_size=1, max_size=2),
                        st.lists(_JUDGE, min_size=1, max_size=3),
                        st.lists(_COPY, min_size=1, max_size=2)).map(
    lambda parts: [*parts[0], *parts[1], ("reprocess",), *parts[2], *parts[3]])
_EDITABLE = {"evt": "category", "inc": "category", "sty": "original_outlet", "ent": "name",
             "clm": "modality", "doc": "title"}


def _current(ledger: Ledger) -> dict[str, dict]:
    """Every judgeable record as the ledger's readers give it, by id."""
    out: dict[str, dict] = {}
    for records in (ledger.event_records, ledger.claim_records, ledger.story_records,
                    ledger.incident_records, ledger.iter_entities):
        out.update({r["id"]: r for r in records()})
    return out


def _copy(n: int, variant: int) -> str:
    """Another outlet's copy of fictional article `n` (conftest's), with its own wording."""
    from tests.conftest import _fictional_article

    title, body, _ = _fictional_article(n)
    lead = ("Reprinted:", "As reported earlier:", "Update:", "From our partners:")[variant]
    return f"{title}\n\n{lead} {body}\n\nSource: Outlet {variant}\n"


@given(operations=_OPERATIONS)
# Found by this test: a `same` between incidents whose one event is later rejected (so in no
# incident) is orphaned on that side, with the reason, while the other side still resolves.
@example(operations=[("judge", "confirm", "evt", 0, 0), ("judge", "same", "inc", 0, 1),
                     ("copy", 0, 0), ("reprocess",), ("judge", "reject", "evt", 0, 0),
                     ("copy", 0, 0)])
# Derandomized: the same examples on every run, so CI is repeatable (remove it to explore).
@hyp_settings(max_examples=5, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_every_judgement_applies_or_is_reported_orphaned(operations: list[tuple]) -> None:
    import tempfile

    from tests.conftest import ArticleFolder

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(db=Path(tmp) / "ledger" / "docket.db", operator="tester")
        with Ledger.open(settings) as ledger:
            ingest_paths(ledger, [ArticleFolder()(Path(tmp) / "in", pages=3, lines=0)],
                         settings)
            for step, op in enumerate(operations):
                if op[0] == "judge":
                    _, kind, prefix, i, j = op
                    ids = sorted(r for r in _current(ledger) if r.startswith(prefix + "_")) \
                        if prefix != "doc" else sorted(ledger.document_ids())
                    if not ids:
                        continue
                    a, b = ids[i % len(ids)], ids[j % len(ids)]
                    try:
                        if kind == "edit":
                            record_edit(ledger, a, _EDITABLE[prefix], f"edited {step}", "ana")
                        elif kind in ("same", "different"):
                            record_judgement(ledger, kind, [a, b], "ana")
                        else:
                            record_judgement(ledger, kind, [a], "ana")
                    except JudgementError:
                        continue  # refused with a reason (a record with itself, an aggregate)
                    link_ledger(ledger)
                elif op[0] == "copy":
                    folder = _write(Path(tmp) / f"copy{step}", **{
                        f"copy_{step}": _copy(op[1], op[2])})
                    ingest_paths(ledger, [folder], settings)
                else:
                    reprocess(ledger, settings, None)
            records = _current(ledger)
            latest_review: dict[str, str] = {}
            for status in judgement_status(ledger):
                if status.orphaned:
                    # with the reason; a pair may still name the one record it finds
                    assert status.orphan_reason and len(status.applies_to) < (
                        2 if status.object else 1)
                    continue
                assert status.applies_to, status
                target = status.applies_to[0]
                assert ledger.record_exists(target) or target in records
                if status.kind in ("confirm", "reject"):
                    latest_review[target] = status.id
                elif status.kind == "edit" and not target.startswith("doc_"):
                    assert status.id in [e["judgement"] for e in records[target]["edits"]]
            for target, judgement in latest_review.items():
                if target in records:  # documents show no review
                    assert records[target]["review"]["judgement"] == judgement


# -- withdraw and purge (issue 14, item 4) --------------------------------------------------

HOROBYNE = """Shelling damages a clinic in Horobyne-Zarichne

Russian forces shelled the clinic of Horobyne-Zarichne on 12 April 2023, wounding two nurses,
the district administration said on Thursday.
"""


def test_a_withdrawn_document_leaves_stories_incidents_exports_and_anonymous_pages(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    from starlette.testclient import TestClient

    from docket.web.app import create_app
    from docket.web.auth import add_user

    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK, copy=KUPIANSK_COPY)],
                 settings)
    copy = next(d for d in ledger.iter_documents() if Path(d.source.path).stem == "copy")
    assert any(len(s["documents"]) == 2 for s in ledger.story_records())
    db = str(settings.db)
    result = cli.invoke(main, ["withdraw", copy.id, "--by", "ana", "--why", "wrong file",
                               "--db", db])
    assert result.exit_code == 0, result.output
    assert not any(copy.id in s["documents"] for s in ledger.story_records())
    events = {e["id"]: e for e in ledger.event_records()}
    assert not any(events[e]["document"] == copy.id for i in ledger.incident_records()
                   for e in i["events"])
    exported = cli.invoke(main, ["export", "--db", db])
    assert copy.id not in exported.output and exported.exit_code == 0
    listed = cli.invoke(main, ["ls", "--withdrawn", "--json", "--db", db])
    assert {json.loads(line)["id"]: json.loads(line)["withdrawn"]
            for line in listed.output.splitlines()}[copy.id] is True
    add_user(ledger, "ana", "correct horse battery")
    with TestClient(create_app(settings)) as client:
        page = client.get(f"/documents/{copy.id}", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        client.post("/login", data={"name": "ana", "password": "correct horse battery",
                                    "csrf": token.group(1), "next": "/"})
        assert client.get(f"/documents/{copy.id}").status_code == 200


def test_purged_text_is_in_no_byte_of_the_ledger(
        tmp_path: Path, settings: Settings, ledger: Ledger, cli: CliRunner) -> None:
    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK, clinic=HOROBYNE)], settings)
    doc = next(d for d in ledger.iter_documents() if "Horobyne" in d.text)
    event = next(e for e in ledger.event_records() if e["document"] == doc.id)
    claim = next(c for c in ledger.claim_records() if "Horobyne" in c["content"]["text"])
    # Judgements that quote the document: an edit whose "before" is its words, a title edit.
    record_edit(ledger, claim["id"], "content.text", "a clinic was shelled", "ana")
    record_edit(ledger, doc.id, "title", "Clinic in Horobyne-Zarichne hit", "ana")
    record_judgement(ledger, "confirm", [event["id"]], "ana", "seen the photos")
    db = str(settings.db)
    for args in (["withdraw", doc.id, "--by", "ana", "--why", "source asked"],
                 ["purge", doc.id, "--by", "ana", "--why", "source asked", "--yes"]):
        result = cli.invoke(main, [*args, "--db", db])
        assert result.exit_code == 0, result.output
    ledger.close()
    files = [p for p in Path(settings.db).parent.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert b"Horobyne" not in path.read_bytes(), path
    # the judgements are still listed (who, when, why), orphaned with the reason
    listed = [json.loads(line) for line in
              cli.invoke(main, ["judge", "list", "--json", "--db", db]).output.splitlines()]
    confirm = next(j for j in listed if j["kind"] == "confirm")
    assert confirm["why"] == "seen the photos" and confirm["by"] == "ana"
    assert confirm["orphaned"] and "no longer in the ledger" in confirm["orphan_reason"]


def test_judgements_are_resolved_again_only_after_the_ledger_changes(
        tmp_path: Path, settings: Settings, ledger: Ledger,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import docket.ledger.store as store

    ingest_paths(ledger, [_write(tmp_path / "a", kupiansk=KUPIANSK)], settings)
    event = next(ledger.event_records())
    record_judgement(ledger, "confirm", [event["id"]], "ana")
    calls = []
    real = store.apply_judgements
    monkeypatch.setattr(store, "apply_judgements",
                        lambda conn, rows: calls.append(1) or real(conn, rows))
    for _ in range(3):  # three readers, one resolution
        assert next(ledger.event_records())["review"]["status"] == "confirmed"
    assert len(calls) == 1
    record_judgement(ledger, "reject", [event["id"]], "ana")  # a change: resolved again
    assert next(ledger.event_records())["review"]["status"] == "rejected"
    assert len(calls) == 2
    # another ledger at the same path is another ledger (its own id), never a stale answer
    ledger.close()
    for path in Path(settings.db).parent.glob("docket.db*"):
        path.unlink()
    with Ledger.open(settings) as fresh:
        ingest_paths(fresh, [_write(tmp_path / "b", kupiansk=KUPIANSK)], settings)
        assert next(fresh.event_records())["review"] is None
