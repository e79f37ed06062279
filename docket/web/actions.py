"""The workbench's write side: review actions and the audit log.

Every action is the same attributed judgement the CLI records (`docket judge`, `docket
restore`), stored in the ledger's `judgement` table with `by` = the logged-in user, so it
survives every re-run and shows on /audit. Each POST checks, in order: a logged-in user (else
a redirect to /login, nothing written), the session's CSRF token (else 403, nothing written),
then the record; a judgement that cannot be recorded answers 400 with the reason.

Judgements, edits and withdrawals go through docket/workflows/review.py, as the CLI's do. The
request only records them (a short write) and hands the long work to the workbench's background
writer (docket/workflows/background.py): re-deriving stories and incidents, and reprocessing a
document after a restore (checked in the request first, so a bad span number still answers
400). Pages say when that work is still running; /audit lists how each job ended. Withdrawing a
document
leaves a tombstone in its custody log and keeps the document and its evidence: purging
evidence is deliberately not offered here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from docket.errors import DocketError, JudgementError
from docket.ledger.store import Ledger
from docket.ledger.views import record_span
from docket.model import REVIEW_STATUS
from docket.settings import Settings
from docket.web.auth import app_settings, background_writer, csrf_valid, current_user, safe_next
from docket.web.templating import render, span_href
from docket.workflows import review
from docket.workflows.background import BackgroundWriter, Job
from docket.workflows.runner import RunSummary

# An action records its judgement with a writable ledger, the user and the form, and queues
# what follows on the background writer; it raises DocketError when the judgement cannot be
# recorded as given.
Action = Callable[[Ledger, Settings, str, FormData, BackgroundWriter], None]

def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _why(form: FormData) -> str | None:
    return _field(form, "why") or None


# -- the actions ---------------------------------------------------------------------------


def _review(kind: str) -> Action:
    def act(ledger: Ledger, settings: Settings, user: str, form: FormData,
            writer: BackgroundWriter) -> None:
        review.judge(ledger, settings, kind, [_field(form, "record")], user, _why(form),
                     relink=False)
        writer.relink()
    return act


def _pair(kind: str) -> Action:
    def act(ledger: Ledger, settings: Settings, user: str, form: FormData,
            writer: BackgroundWriter) -> None:
        review.judge(ledger, settings, kind, [_field(form, "first"), _field(form, "second")],
                     user, _why(form), relink=False)
        writer.relink()
    return act


def _edit(ledger: Ledger, settings: Settings, user: str, form: FormData,
          writer: BackgroundWriter) -> None:
    raw = form.get("value")
    review.edit(ledger, settings, _field(form, "record"), _field(form, "field"),
                raw if isinstance(raw, str) else None, user, _why(form), relink=False)
    writer.relink()


def _restore(ledger: Ledger, settings: Settings, user: str, form: FormData,
             writer: BackgroundWriter) -> None:
    try:
        spans = [int(part) for part in _field(form, "spans").split()]
    except ValueError as exc:
        raise JudgementError("spans are the removed-span numbers, separated by spaces") from exc
    if not spans:
        raise JudgementError("say which removed spans to restore")
    document, why = _field(form, "document"), _why(form)
    review.check_restore(ledger, document, spans)

    writer.submit(f"restore {document}", user, _reprocessing(
        lambda own: review.restore(own, settings, document, spans, user, why),
        f"restored text in {document} and reprocessed it"))


def _place(ledger: Ledger, settings: Settings, user: str, form: FormData,
           writer: BackgroundWriter) -> None:
    try:
        start = int(_field(form, "start"))
    except ValueError as exc:
        raise JudgementError("start is the offset where the place name begins") from exc
    document, gazetteer_id, why = _field(form, "document"), _field(form, "place"), _why(form)
    review.check_place(ledger, document, start, gazetteer_id)

    writer.submit(f"place {document}:{start}", user, _reprocessing(
        lambda own: review.pick_place(own, settings, document, start, gazetteer_id, user, why),
        f"the name at {start} of {document} is now {gazetteer_id}; reprocessed"))


def _reprocessing(work: Callable[[Ledger], RunSummary], done: str) -> Job:
    """A background job that records a judgement and reprocesses its document: `done` when
    the run had no failure, else the failures' reasons (shown on /audit)."""
    def job(own: Ledger) -> str:
        summary = work(own)
        if summary.failures:
            raise JudgementError("; ".join(f.reason for f in summary.failures))
        return done
    return job


def _withdraw(ledger: Ledger, settings: Settings, user: str, form: FormData,
              writer: BackgroundWriter) -> None:
    review.withdraw(ledger, settings, _field(form, "document"), user,
                    _field(form, "reason") or "", relink=False)
    writer.relink()


# -- the POST wrapper ----------------------------------------------------------------------


def _post(action: Action) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        form = await request.form()
        back = safe_next(form.get("next"))
        user = current_user(request)
        if user is None:
            return RedirectResponse(f"/login?next={quote(back)}", status_code=303)
        if not csrf_valid(request, form):
            return Response("Missing or wrong CSRF token: reload the page and try again.",
                            status_code=403, media_type="text/plain")
        try:
            await run_in_threadpool(_run, action, app_settings(request), user, form,
                                    background_writer(request))
        except DocketError as exc:
            # Plain text: the message may quote what the user typed, and is never markup.
            return Response(f"Not recorded: {exc}", status_code=400, media_type="text/plain")
        return RedirectResponse(back, status_code=303)
    return endpoint


def _run(action: Action, settings: Settings, user: str, form: FormData,
         writer: BackgroundWriter) -> None:
    # The ledger is opened in the worker thread that uses it (sqlite3 connections are
    # bound to their thread) and closed before the redirect.
    with Ledger.open(settings) as ledger:
        action(ledger, settings, user, form, writer)


# -- the audit log -------------------------------------------------------------------------


async def audit(request: Request) -> Response:
    rows = await run_in_threadpool(audit_rows, app_settings(request))
    return render(request, "audit.html", rows=rows,
                  background=background_writer(request).outcomes())


def audit_rows(settings: Settings) -> list[dict[str, Any]]:
    """Every judgement, newest first: who, when, kind, records (with links), before, after."""
    with Ledger.open(settings, readonly=True) as ledger:
        status: dict[str, str] = {}  # each record's review before the judgement at hand
        rows = []
        for applied in ledger.applied_judgements():
            row = applied.row
            before, after = _before_after(row["kind"], row["subject"], row["value"], status)
            records = [row["subject"]] + ([row["object"]] if row["object"] else [])
            rows.append({
                "id": row["id"], "at": row["at"], "by": row["by"], "kind": row["kind"],
                "field": row["field"], "why": row["why"], "before": before, "after": after,
                "records": [{"id": r, "url": record_url(ledger, r)} for r in records],
                # where it applies now: the records that stand for what it judged
                "applies_to": [{"id": r, "url": record_url(ledger, r)} for r in applied.targets
                               if r not in records],
                "orphaned": applied.orphan_reason,
            })
    rows.reverse()
    return rows


def _before_after(kind: str, subject: str, value: str | None,
                  status: dict[str, str]) -> tuple[str, str]:
    data = json.loads(value) if value else {}
    if kind in ("confirm", "reject"):
        before = status.get(subject, "not reviewed")
        status[subject] = REVIEW_STATUS[kind]
        return before, status[subject]
    if data.get("purged"):  # the document was purged: its text is no longer kept
        return "(text purged with its document)", "(text purged with its document)"
    if kind == "edit":
        return _shown(data.get("before")), _shown(data.get("after"))
    if kind == "restore":
        reasons = ", ".join(sorted(set(data.get("reasons", []))))
        return f"removed ({reasons})", "restored: " + " / ".join(data.get("lines", []))
    if kind in ("same", "different"):
        return "", "one cluster" if kind == "same" else "kept apart"
    if kind == "withdraw":
        return "in the ledger", "withdrawn (kept, with a tombstone in its custody log)"
    return "", _shown(data) if data else ""


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def record_url(ledger: Ledger, record_id: str) -> str | None:
    """Where a record is shown in the workbench; None when the ledger no longer holds it."""
    if not ledger.record_exists(record_id):
        return None
    prefix = record_id.split("_", 1)[0]
    pages = {"doc": "/documents/", "ent": "/entities/", "sty": "/stories/",
             "inc": "/incidents/"}
    if prefix in pages:
        return pages[prefix] + record_id
    span = record_span(ledger, record_id)
    return None if span is None else span_href(*span)


def action_routes() -> list[BaseRoute]:
    """The review POSTs and GET /audit, to mount in the workbench app."""
    actions: dict[str, Action] = {
        "confirm": _review("confirm"), "reject": _review("reject"),
        "same": _pair("same"), "different": _pair("different"),
        "edit": _edit, "restore": _restore, "withdraw": _withdraw, "place": _place,
    }
    routes: list[BaseRoute] = [Route(f"/review/{name}", _post(action), methods=["POST"],
                                     name=f"review_{name}")
                               for name, action in actions.items()]
    routes.append(Route("/audit", audit, methods=["GET"], name="audit"))
    return routes
