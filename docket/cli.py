"""The `docket` command. Thin: each command parses options and calls one library function."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text as RichText

from docket.errors import DocketError, RequestError, RunInterrupted
from docket.ledger.filter_dates import filter_date
from docket.ledger.lock import EXIT_BUSY, LedgerBusy
from docket.ledger.store import DocumentFilter, Ledger
from docket.model import (
    VERIFICATION_STATUSES,
    Contradiction,
    Incident,
    Review,
    Story,
    judged_export,
)
from docket.settings import Settings
from docket.version import __version__
from docket.workflows.runner import RunSummary

F = TypeVar("F", bound=Callable[..., Any])

# What a page, a feed or a file name holds reaches the terminal in `ls`, `show`, `stories`,
# `runs` ...: escape sequences there could clear the screen, recolour or hide text, retitle the
# window or plant links, and bidi overrides could reverse what is read. Every string rich
# renders (`render_str`) and every `Text` this module builds is neutralised, one character for
# one so that offsets into a document's text still hold; `--json` output and exports keep the
# text exactly (JSON escapes control characters).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures: ESC shows as "␛"
    return "\u2421" if code == 0x7f else "\ufffd"


def neutralise(text: str) -> str:
    """`text` with control characters and bidi controls replaced by visible characters."""
    return _CONTROL.sub(lambda m: _shown(m.group(0)), text)


class Text(RichText):
    """rich's Text, with what the data holds neutralised (see `neutralise`)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(neutralise(text), *args, **kwargs)

    def append(self, text: Any, style: Any = None) -> RichText:
        return super().append(neutralise(text) if isinstance(text, str) else text, style)


class SafeConsole(Console):
    """A rich console that never passes a control or bidi character of the data through."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Any:
        return super().render_str(neutralise(text), *args, **kwargs)


console = SafeConsole()
err_console = SafeConsole(stderr=True)


def db_option(func: F) -> F:
    return click.option(
        "--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Ledger file (default: $DOCKET_DB or ./docket.db).",
    )(func)


def _settings(db: Path | None, **overrides: Any) -> Settings:
    try:
        return Settings.load(db=db, **overrides)
    except DocketError as exc:
        raise click.ClickException(str(exc)) from exc


R = TypeVar("R")


def _write(db: Path | None, action: Callable[[Ledger], R]) -> R:
    """Run one writing action on the ledger; a DocketError becomes a message, not a trace."""
    with _open(_settings(db)) as ledger:
        try:
            return action(ledger)
        except DocketError as exc:
            raise click.ClickException(str(exc)) from exc


def _open(settings: Settings, readonly: bool = False) -> Ledger:
    try:
        return Ledger.open(settings, readonly=readonly)
    except DocketError as exc:
        raise click.ClickException(str(exc)) from exc


class _Busy(click.ClickException):
    exit_code = EXIT_BUSY


class _Interrupted(click.ClickException):
    exit_code = 130  # the shell's status for a command ended by Ctrl-C

    def format_message(self) -> str:
        return self.message  # already says what happened and what to run next


def _refused(exc: DocketError) -> click.ClickException:
    """A DocketError as a message; one refused because another run holds the ledger exits
    with its own status (75, 'try again later'), so a scheduler can tell it from a failure;
    a run stopped with Ctrl-C exits 130 with the command that continues it."""
    if isinstance(exc, RunInterrupted):
        return _Interrupted(str(exc))
    return (_Busy if isinstance(exc, LedgerBusy) else click.ClickException)(str(exc))


def _wait_option(func: F) -> F:
    return click.option(
        "--wait", "wait", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
        help="If another run is writing this ledger, wait up to SECONDS for it to finish "
             "(default: $DOCKET_WRITER_WAIT_SECONDS, or 0: refuse at once, exit status 75).")(func)


class RichReporter:
    """A progress bar over the input (bytes for ingest, documents for reprocess) with documents
    per second, errors so far and the time left."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("ingest", total=None, counts="", rate="")
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        self.progress.update(self.task, total=total)

    def file_started(self, path: str) -> None:
        self.progress.update(self.task, description=_shorten(path))

    def record_done(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        done = self.counts.get("new", 0) + self.counts.get("reprocessed", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        text = "  ".join(f"{k}: {v}" for k, v in sorted(self.counts.items()))
        self.progress.update(self.task, counts=text, rate=f"{done / elapsed:.1f} docs/s")

    def file_done(self, size: int) -> None:
        self.progress.advance(self.task, size)


def _shorten(path: str, width: int = 40) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1):]


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
        TimeRemainingColumn(), TextColumn("{task.fields[counts]}"),
        console=err_console, transient=True,
    )


def _print_summary(summary: RunSummary, what: str) -> None:
    table = Table(title=f"{what} run {summary.run_id}", show_header=False)
    for key in ("new", "reprocessed", "already present", "repaired", "failed"):
        if summary.counts.get(key) or key in ("new", "already present", "failed"):
            table.add_row(key, str(summary.counts.get(key, 0)))
    for reason, count in sorted(summary.skipped.items()):
        table.add_row(f"skipped: {reason}", str(count))
    if summary.links is not None:
        table.add_row("stories with copies", str(summary.links.stories_with_copies))
        table.add_row("incidents", str(summary.links.incidents))
        table.add_row("contradictions", str(summary.links.contradictions))
    console.print(table)
    _print_skipped(summary)
    for failure in summary.failures:
        where = failure.path + (f" ({failure.locator})" if failure.locator else "")
        err_console.print(Text(f"failed: {where}: {failure.reason}", style="red"))


_SKIPS_SHOWN = 20


def _print_skipped(summary: RunSummary) -> None:
    """Which inputs were skipped and why: a count alone left the analyst guessing."""
    shown = summary.skipped_where[:_SKIPS_SHOWN]
    for where, reason in shown:
        err_console.print(Text(f"skipped: {where}: {reason}"), soft_wrap=True)
    rest = sum(summary.skipped.values()) - len(shown)
    if rest > 0:
        err_console.print(Text(f"skipped: {rest} more (counted above by reason)"))


def _workers_option(func: F) -> F:
    return click.option(
        "--workers", type=click.IntRange(min=1), default=None, envvar="DOCKET_WORKERS",
        help="Processes for the per-document stages (default: $DOCKET_WORKERS, or the number "
             "of cores). Each loads the language model once (~300 MB).")(func)


def _engine_options(func: F) -> F:
    from docket.workflows.runner import ENGINES  # the engines registered by name

    func = click.option("--ray-address", default=None,
                        help="With --engine ray: a running Ray cluster ('auto', "
                             "'ray://head:10001'); default: start a local Ray.")(func)
    return click.option("--engine", type=click.Choice(list(ENGINES)), default="local",
                        show_default=True,
                        help="Where the per-document stages run: local processes, or Ray "
                             "Data actors (needs pip install '.[ray]').")(func)


def _workers(given: int | None) -> int:
    from docket.workflows.parallel import default_workers

    return given or default_workers()


@click.group()
@click.version_option(__version__, prog_name="docket")
def main() -> None:
    """Docket: a ledger of allegations from conflict news, traceable to hashed sources."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--force", is_flag=True, help="Reprocess inputs already in the ledger "
              "(from their stored bytes; evidence is never duplicated).")
@click.option("--operator", default=None, help="Who is ingesting (default: $DOCKET_OPERATOR "
              "or your login name); recorded in the custody log.")
@click.option("--keep-furniture", is_flag=True, default=None,
              help="Remove nothing in this run: keep page furniture in the main text.")
@_workers_option
@_engine_options
@_wait_option
def ingest(paths: tuple[Path, ...], db: Path | None, force: bool, operator: str | None,
           keep_furniture: bool | None, workers: int | None, engine: str,
           ray_address: str | None, wait: float | None) -> None:
    """Ingest files and folders (.txt, .html, .jsonl, .warc[.gz], RSS/Atom) into the ledger."""
    from docket.workflows.runner import ingest_paths

    settings = _settings(db, operator=operator, keep_furniture=keep_furniture,
                         writer_wait_seconds=wait)
    with _open(settings) as ledger, _progress() as progress:
        try:
            summary = ingest_paths(ledger, list(paths), settings, force=force,
                                   reporter=RichReporter(progress), workers=_workers(workers),
                                   engine=engine, ray_address=ray_address)
        except DocketError as exc:
            raise _refused(exc) from exc
    _print_summary(summary, "ingest")
    sys.exit(0 if summary.ok else 1)


@main.command()
@click.argument("run_id", required=False, type=int)
@db_option
@_workers_option
@_wait_option
def resume(run_id: int | None, db: Path | None, workers: int | None,
           wait: float | None) -> None:
    """Finish an interrupted ingest run (the latest one, or RUN_ID) with its inputs and options.

    Documents the interrupted run stored are not analysed again; containers it did not finish
    are read again; stories and incidents are derived for everything it left unlinked.
    """
    from docket.workflows.runner import resume_run

    settings = _settings(db, writer_wait_seconds=wait)
    with _open(settings) as ledger, _progress() as progress:
        try:
            summary = resume_run(ledger, settings, run_id, reporter=RichReporter(progress),
                                 workers=_workers(workers))
        except DocketError as exc:
            raise _refused(exc) from exc
    _print_summary(summary, "resume")
    sys.exit(0 if summary.ok else 1)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Reprocess every document.")
@click.option("--keep-furniture", is_flag=True, default=None,
              help="Remove nothing in this run: keep page furniture in the main text.")
@db_option
@_workers_option
@_engine_options
@_wait_option
def reprocess(ids: tuple[str, ...], all_: bool, keep_furniture: bool | None,
              db: Path | None, workers: int | None, engine: str,
              ray_address: str | None, wait: float | None) -> None:
    """Re-run the pipeline over stored evidence, keeping every analyst judgement."""
    from docket.workflows.runner import reprocess as run_reprocess

    if bool(ids) == all_:
        raise click.UsageError("give document ids, or --all (not both)")
    settings = _settings(db, keep_furniture=keep_furniture, writer_wait_seconds=wait)
    with _open(settings) as ledger, _progress() as progress:
        try:
            summary = run_reprocess(ledger, settings, list(ids) or None,
                                    reporter=RichReporter(progress), workers=_workers(workers),
                                    engine=engine, ray_address=ray_address)
        except DocketError as exc:
            raise _refused(exc) from exc
    _print_summary(summary, "reprocess")
    sys.exit(0 if summary.ok else 1)


def _filter_options(func: F) -> F:
    for option in reversed([
        click.option("--language", help="ISO 639-1 code, e.g. en."),
        click.option("--input-format", "input_format", type=click.Choice(["html", "text"]),
                     help="Documents whose text came from HTML or from plain text."),
        click.option("--analysed/--not-analysed", default=None,
                     help="Only documents the analysis stages did (or did not) handle."),
        click.option("--outlet", help="Exact outlet name."),
        click.option("--since", help="Published on or after this date: YYYY[-MM[-DD]] or a "
                     "written date ('15 March 2023', 'March 2023'; day first in 15.03.2023)."),
        click.option("--until", help="Published on or before this date (the same forms; "
                     "'March 2023' takes the whole month)."),
        click.option("--search", "-q", help="Full-text query over title and main text (FTS5)."),
        click.option("--path", help="Source path contains this text."),
        click.option("--withdrawn", is_flag=True,
                     help="Include withdrawn documents (left out by default)."),
    ]):
        func = option(func)
    return func


def _make_filter(kw: dict[str, Any]) -> DocumentFilter:
    from docket.workflows.search_index import fold_query

    try:  # "15 March 2023" is read as a date; a value that is none is refused, not matched
        since = filter_date(kw["since"] or "", "--since") or None
        until = filter_date(kw["until"] or "", "--until") or None
    except RequestError as exc:
        raise click.UsageError(str(exc)) from exc
    return DocumentFilter(language=kw["language"], format=kw["input_format"],
                          analysed=kw["analysed"], outlet=kw["outlet"], since=since,
                          until=until, search=kw["search"], path=kw["path"],
                          withdrawn=kw["withdrawn"],
                          folded=fold_query(kw["search"]) if kw["search"] else ())


@main.command(name="ls")
@db_option
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def ls_command(db: Path | None, as_json: bool, **kw: Any) -> None:
    """List documents, with filters."""
    settings = _settings(db)
    flt = _make_filter(kw)
    with _open(settings, readonly=True) as ledger:
        try:
            docs = list(ledger.iter_documents(flt))
            withdrawn = ledger.withdrawn_ids() if kw["withdrawn"] else frozenset()
        except Exception as exc:  # an FTS5 syntax error comes back as OperationalError
            raise click.ClickException(f"cannot list: {exc}") from exc
    if as_json:
        for doc in docs:
            click.echo(json.dumps({"id": doc.id, "title": doc.title, "path": doc.source.path,
                                   "language": doc.language, "analysed": doc.analysed,
                                   "published": doc.published.value if doc.published else None,
                                   "withdrawn": doc.id in withdrawn},
                                  ensure_ascii=False))
        return
    table = Table(show_lines=False, box=None)
    table.add_column("id", no_wrap=True, min_width=24)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("lang", no_wrap=True, min_width=4)
    table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=50)
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=36)
    for doc in docs:
        table.add_row(doc.id, (doc.published.value if doc.published else "")[:10],
                      (doc.language or "?") + ("" if doc.analysed else "*"),
                      Text(("[WITHDRAWN] " if doc.id in withdrawn else "") + (doc.title or "—")),
                      Text(Path(doc.source.path).name
                                                   + (f" {doc.source.locator}"
                                                      if doc.source.locator else "")))
    console.print(table)
    console.print(f"{len(docs)} document(s); * = not analysed")


@main.command()
@click.argument("document_id")
@db_option
@click.option("--main", "main_only", is_flag=True, help="Show only the main text, without "
              "the removed spans.")
@click.option("--json", "as_json", is_flag=True, help="Print the export record.")
def show(document_id: str, db: Path | None, main_only: bool, as_json: bool) -> None:
    """Show one record: a document (metadata, custody and text; an id prefix is enough), or
    an entity, claim, event, story, incident or contradiction by its id (ent_, clm_, evt_,
    sty_, inc_, con_)."""
    settings = _settings(db)
    if not document_id.startswith("doc_") and document_id.split("_", 1)[0] in _RECORD_PREFIXES:
        _show_record(settings, document_id, as_json)
        return
    with _open(settings, readonly=True) as ledger:
        doc = ledger.get_document(document_id)
        if doc is None:
            raise click.ClickException(f"no document {document_id!r} (try 'docket ls')")
        custody = ledger.custody_log(doc.source.sha256)
        # One file, hashed now: 'show' says when the bytes behind what it shows were altered.
        damage = ledger.evidence.check(doc.source.sha256)
        doc_claims = list(ledger.claim_records(doc.id))
        doc_events = list(ledger.event_records(doc.id))
    if as_json:
        click.echo(json.dumps(doc.as_record(), ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None)
    rows = [
        ("id", doc.id), ("title", doc.title), ("outlet", doc.outlet), ("byline", doc.byline),
        ("published", f"{doc.published.value} ({doc.published.precision}, from "
                      f"{doc.published.origin})" if doc.published else None),
        ("language", f"{doc.language} ({doc.language_score})" if doc.language else None),
        ("analysed", "yes" if doc.analysed else doc.analysis_note),
        ("source", doc.source.path + (f" ({doc.source.locator})" if doc.source.locator else "")),
        ("url", doc.source.url), ("sha256", doc.source.sha256),
        ("evidence", f"DAMAGED: {damage} ('docket verify' checks them all)" if damage
         else "intact (hashed just now)"),
        ("container", doc.source.container_sha256),
        ("encoding", f"{doc.encoding} ({doc.encoding_method})"),
        ("removed", f"{len(doc.removed)} span(s), {sum(s.end - s.start for s in doc.removed)} "
                    "characters"),
    ] + [("note", note) for note in doc.notes]
    for key, value in rows:
        if value:
            table.add_row(Text(key, style="bold"), Text(str(value)))
    console.print(table)
    console.rule("custody")
    for entry in custody:
        console.print(Text(f"{entry['at']}  {entry['action']:<12} run {entry['run_id']}  "
                           f"by {entry['operator']}  docket {entry['tool_version']}"))
    console.rule("main text" if main_only else "page text; removed spans marked and struck through")
    # soft_wrap: the terminal wraps, so copied text keeps its own line breaks
    console.print(Text(doc.text) if main_only else _marked_text(doc), soft_wrap=True)
    if doc_claims:
        console.rule(f"claims ({len(doc_claims)}; 'docket claims --document {doc.id[:12]}')")
        for c in doc_claims:
            console.print(Text(_claim_line(c)))
    if doc_events:
        console.rule(f"events ({len(doc_events)}; 'docket events --document {doc.id[:12]}')")
        for e in doc_events:
            console.print(Text(_event_line(e, with_document=False)))


_RECORD_PREFIXES = {"ent": "entity", "clm": "claim", "evt": "event", "sty": "story",
                    "inc": "incident", "con": "contradiction"}


def _show_record(settings: Settings, record_id: str, as_json: bool) -> None:
    """Any record but a document: its fields, evidence words and review, or its JSON."""
    with _open(settings, readonly=True) as ledger:
        try:
            record = ledger.record(record_id)
        except DocketError as exc:
            raise _refused(exc) from exc
    if record is None:
        kind = _RECORD_PREFIXES[record_id.split("_", 1)[0]]
        listing = "entities" if kind == "entity" else kind + "s"
        raise click.ClickException(f"no {kind} {record_id!r} (try 'docket {listing} --json')")
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, box=None)
    for key, value in record.items():
        shown = _field_text(value)
        if shown:
            table.add_row(Text(key, style="bold"), Text(shown))
    console.print(table)


def _field_text(value: Any, limit: int = 8) -> str:
    """A record's field in a line or a few: evidence by its words, lists by their items."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, dict):
        if "text" in value and isinstance(value["text"], str):
            where = f" ({value['document']} {value.get('start')}-{value.get('end')})" \
                if "document" in value else ""
            return f"“{' '.join(value['text'].split())}”{where}"
        return ", ".join(f"{k}: {_field_text(v, 3)}" for k, v in value.items()
                         if _field_text(v, 3))
    if isinstance(value, list):
        items = [_field_text(v, 3) for v in value[:limit]]
        more = f" … and {len(value) - limit} more" if len(value) > limit else ""
        return "; ".join(i for i in items if i) + more
    return str(value)


def _marked_text(doc: Any) -> Text:
    text = Text()
    cursor = 0
    for number, span in enumerate(doc.removed, start=1):
        text.append(doc.full_text[cursor:span.start])
        # Marked in words as well as style: a piped or colour-less terminal still shows it.
        text.append(f"[removed #{number}: {span.reason} | {span.rule}] ", style="yellow")
        text.append(doc.full_text[span.start:span.end], style="strike dim")
        cursor = span.end
    text.append(doc.full_text[cursor:])
    return text


@main.command()
@db_option
@click.option("--kind", type=click.Choice(["person", "organization", "military_unit", "place",
                                           "unnamed_person", "participant"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="One export record per line.")
def entities(db: Path | None, kind: str | None, as_json: bool) -> None:
    """Entities resolved across documents, with how often and where they are mentioned."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = [e for e in ledger.iter_entities() if kind is None or e["kind"] == kind]
    if as_json:
        for entity in rows:
            click.echo(json.dumps(entity, ensure_ascii=False))
        return
    rows.sort(key=lambda e: (-len(e["mentions"]), e["kind"], e["name"]))
    table = Table(box=None)
    table.add_column("id", no_wrap=True)  # what 'judge same/different' and 'show' take
    for column in ("kind", "name", "mentions", "documents", "details"):
        table.add_column(column, overflow="fold")
    for e in rows:
        details = ""
        if e["kind"] == "place" and e.get("lat") is not None:
            details = f"{e.get('admin1') or ''} {e.get('country')} ({e['lat']:.3f}, {e['lon']:.3f})"
        elif e["kind"] == "place":
            details = "unresolved"
        elif e["kind"] == "military_unit" and e.get("parent"):
            details = f"of {e['parent']}"
        table.add_row(e["id"], e["kind"], Text(e["name"]), str(len(e["mentions"])),
                      str(len({m["document"] for m in e["mentions"]})), Text(details.strip()))
    console.print(table)
    console.print(f"{len(rows)} entit{'y' if len(rows) == 1 else 'ies'}")


def _span_text(span: dict[str, Any] | None, width: int = 0) -> str:
    if not span:
        return ""
    text = " ".join(str(span["text"]).split())
    return text if not width or len(text) <= width else text[: width - 1] + "…"


@main.command()
@db_option
@click.option("--document", "document_id", default=None, help="Only this document's claims.")
@click.option("--json", "as_json", is_flag=True, help="One export record per line.")
def claims(db: Path | None, document_id: str | None, as_json: bool) -> None:
    """Attributed statements: who says what, with the cue and the stated verification."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = list(ledger.claim_records(_full_id(ledger, document_id)))
    if as_json:
        _echo_records(rows)
        return
    for c in rows:
        console.print(Text(f"{c['document'][:12]}  {_claim_line(c)}"))
    console.print(f"{len(rows)} claim(s)")


@main.command()
@db_option
@click.option("--document", "document_id", default=None, help="Only this document's events.")
@click.option("--category", default=None, help="A category of docs/taxonomy.md.")
@click.option("--side", default=None, help="Perpetrator side (Russia, Ukraine, unknown, ...).")
@click.option("--verification", default=None,
              type=click.Choice(VERIFICATION_STATUSES))
@click.option("--json", "as_json", is_flag=True, help="One export record per line.")
def events(db: Path | None, document_id: str | None, category: str | None, side: str | None,
           verification: str | None, as_json: bool) -> None:
    """Events as documents report them: what, by whom, to whom, where, when, who says so."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = [e for e in ledger.event_records(_full_id(ledger, document_id))
                if (category is None or e["category"] == category)
                and (side is None or e["perpetrator"]["side"] == side)
                and (verification is None or e["verification"]["status"] == verification)]
    if as_json:
        _echo_records(rows)
        return
    # One line per event rather than a table: ten columns fold unreadably in 80 characters.
    for e in rows:
        console.print(Text(_event_line(e)))
    console.print(f"{len(rows)} event(s)")


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "gold_format",
              type=click.Choice(["auto", "acled", "case2021", "articles"]), default="auto",
              help="acled: ACLED-style CSV (notes in, other columns gold); case2021: CASE 2021 "
              "task 2 TSV (id, EventSnippet, SubType); articles: Docket's annotated-article "
              "JSONL (docs/eval.md). auto: by extension (.csv, .tsv, else articles).")
@click.option("--limit", type=int, default=None, help="Score only the first N rows/articles.")
def eval_command(gold: Path, gold_format: str, limit: int | None) -> None:
    """Score the claim and event stages against gold data, one table per field."""
    from docket.extract import analyse_text

    if gold_format == "auto":
        gold_format = {".csv": "acled", ".tsv": "case2021"}.get(gold.suffix.lower(), "articles")
    model = _settings(None).spacy_model  # the pipeline the analysis would use

    def events_for(text: str) -> Any:
        return analyse_text(text, model=model).events

    try:
        if gold_format == "acled":
            from docket.evaluate import score_acled

            tables: list[Any] = score_acled(gold, events_for, limit=limit)
        elif gold_format == "case2021":
            from docket.evaluate import score_case2021

            tables = score_case2021(gold, events_for, limit=limit)
        else:
            from docket.gold import score_articles

            tables = score_articles(gold, lambda article: analyse_text(
                article.text, article.published, doc_id=f"gold_{article.id}", model=model),
                limit=limit)
    except DocketError as exc:
        raise click.ClickException(str(exc)) from exc
    for t in tables:
        table = Table(title=t.title, box=None, title_justify="left")
        for column in t.header:
            table.add_column(column)
        for row in t.rows:
            table.add_row(*row)
        console.print(table)


def _claim_line(c: dict[str, Any]) -> str:
    return (f"{_span_text(c['source']) or '(no speaker)'} — {_span_text(c['cue']) or '?'}: "
            f"{_span_text(c['content'], 100)} [{c['kind']}, {c['modality']}, "
            f"{c['verification']['status']}]")


def _event_line(e: dict[str, Any], with_document: bool = True) -> str:
    victims = e["victims"]
    told = " ".join(str(v) for v in (victims.get("qualifier"), victims.get("count"),
                                     victims.get("status")) if v) or "victims not stated"
    killed = "" if e["fatalities"] is None else f", {e['fatalities']} killed"
    place = (e["location"] or {}).get("text") or "place not stated"
    date = (e["date"] or {}).get("value") or "date not stated"
    claimant = (e["claimant"] or {}).get("name") or "—"
    head = f"{e['document'][:12]}  " if with_document else ""
    if e.get("review"):
        head += f"[{e['review']['status'].upper()} by {e['review']['by']}] "
    return (f"{head}{e['category']}{' (aggregate)' if e['aggregate'] else ''} by "
            f"{e['perpetrator']['side']}; {told}{killed}; {place}; {date}; per {claimant} "
            f"[{e['modality']}, {e['verification']['status']}]: "
            f"{_span_text(e['evidence'][0], 90)}")


@main.command()
@db_option
@click.option("--all", "show_all", is_flag=True, help="Also stories of a single document.")
@click.option("--json", "as_json", is_flag=True, help="One export record per line.")
def stories(db: Path | None, show_all: bool, as_json: bool) -> None:
    """Stories: documents that carry one report (copies, reprints, translations)."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = [st for st in ledger.stories() if show_all or len(st.documents) > 1]
        titles = ledger.titles([d for st in rows for d in st.documents])
    if as_json:
        _echo_records(rows)
        return
    for st in rows:
        console.print(Text(f"{st.id}  {len(st.documents)} document(s); original: "
                           f"{st.original_outlet or st.original or '?'}"
                           f"{_review_tag(st.review)}", style="bold"))
        for d in st.documents:
            console.print(Text(f"  {d}  {titles.get(d) or '—'}"))
        console.print(Text(f"  why: {st.why}", style="dim"))
    console.print(f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}")


def _echo_records(rows: Sequence[dict[str, Any] | Story | Incident | Contradiction]) -> None:
    """Export records, one JSON object per line (the `--json` of the listing commands)."""
    for record in rows:
        shown = record if isinstance(record, dict) else judged_export(record)
        click.echo(json.dumps(shown, ensure_ascii=False))


def _review_tag(review: Review | None) -> str:
    return f" [{review.status.upper()} by {review.by}]" if review else ""


@main.command()
@db_option
@click.option("--category", default=None, help="A category of docs/taxonomy.md.")
@click.option("--min-sources", type=int, default=1, help="At least this many independent "
              "sources.")
@click.option("--json", "as_json", is_flag=True, help="One export record per line.")
def incidents(db: Path | None, category: str | None, min_sources: int, as_json: bool) -> None:
    """Incidents: events of different reports that describe one happening, with corroboration."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = [i for i in ledger.incidents()
                if (category is None or i.category == category)
                and i.independent_sources >= min_sources]
    if as_json:
        _echo_records(rows)
        return
    for i in rows:
        place = (i.location or {}).get("name") or "place not stated"
        date = (i.date or {}).get("value") or "date not stated"
        console.print(Text(f"{i.id}  {i.category}; {place}; {date}; {len(i.events)} "
                           f"event(s) in {len(i.stories)} stor(ies); "
                           f"{i.independent_sources} independent source(s)"
                           f"{_review_tag(i.review)}"))
    console.print(f"{len(rows)} incident(s)")


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="One export record per line.")
def contradictions(db: Path | None, as_json: bool) -> None:
    """Where copies of a story or reports of an incident disagree, with both values' words."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = list(ledger.contradictions())
    if as_json:
        _echo_records(rows)
        return
    for c in rows:
        console.print(Text(f"{c.id}  {c.field} ({c.scope}): {c.why}", style="bold"))
        for doc, evidence in zip(c.documents, c.evidence, strict=False):
            console.print(Text(f"  {doc}: {_span_text(evidence, 110)}"))
    console.print(f"{len(rows)} contradiction(s)")


@main.group()
def judge() -> None:
    """Analysts' judgements: same / different / confirm / reject, kept across every re-run."""


def _judge(kind: str, ids: tuple[str, ...], by: str, why: str | None, db: Path | None) -> None:
    from docket.workflows import review

    settings = _settings(db)
    with _open(settings) as ledger:
        try:
            judgement_id, links = review.judge(ledger, settings, kind, ids, by, why)
        except DocketError as exc:
            raise click.ClickException(str(exc)) from exc
    if links is None:
        console.print(f"recorded {kind} {' '.join(ids)} by {by} ({judgement_id}); "
                      f"{review.DEFERRED}")
        return
    console.print(f"recorded {kind} {' '.join(ids)} by {by} ({judgement_id}); now "
                  f"{links.stories_with_copies} stories with copies, {links.incidents} "
                  f"incidents, {links.contradictions} contradictions")


_BY = click.option("--by", required=True, help="Who decides (recorded with the judgement).")
_WHY = click.option("--why", default=None, help="Why (recorded with the judgement).")


@judge.command("same")
@click.argument("first")
@click.argument("second")
@_BY
@_WHY
@db_option
def judge_same(first: str, second: str, by: str, why: str | None, db: Path | None) -> None:
    """FIRST and SECOND are one story, incident, entity or event (merge them)."""
    _judge("same", (first, second), by, why, db)


@judge.command("different")
@click.argument("first")
@click.argument("second")
@_BY
@_WHY
@db_option
def judge_different(first: str, second: str, by: str, why: str | None,
                    db: Path | None) -> None:
    """FIRST and SECOND must never be grouped together (split them)."""
    _judge("different", (first, second), by, why, db)


@judge.command("confirm")
@click.argument("record")
@_BY
@_WHY
@db_option
def judge_confirm(record: str, by: str, why: str | None, db: Path | None) -> None:
    """An analyst checked RECORD (an event, claim, story, incident or entity) and holds it right."""
    _judge("confirm", (record,), by, why, db)


@judge.command("reject")
@click.argument("record")
@_BY
@_WHY
@db_option
def judge_reject(record: str, by: str, why: str | None, db: Path | None) -> None:
    """An analyst holds RECORD wrong: it stays in the ledger, flagged as rejected."""
    _judge("reject", (record,), by, why, db)


@judge.command("edit")
@click.argument("record")
@click.argument("field")
@click.argument("value")
@_BY
@_WHY
@db_option
def judge_edit(record: str, field: str, value: str, by: str, why: str | None,
               db: Path | None) -> None:
    """Correct FIELD of RECORD to VALUE (dotted for nested fields: victims.count, date.value).

    The machine's value is kept with the edit; every reader and export shows the correction.
    """
    from docket.workflows import review

    settings = _settings(db)
    with _open(settings) as ledger:
        try:
            judgement_id, links = review.edit(ledger, settings, record, field, value, by, why)
        except DocketError as exc:
            raise click.ClickException(str(exc)) from exc
    console.print(Text(f"recorded edit of {field} on {record} by {by} ({judgement_id})"
                       + ("" if links else f"; {review.DEFERRED}")))


@judge.command("place")
@click.argument("document")
@click.argument("start", type=int)
@click.argument("gazetteer_id")
@_BY
@_WHY
@db_option
def judge_place(document: str, start: int, gazetteer_id: str, by: str, why: str | None,
                db: Path | None) -> None:
    """Say which place the name at offset START of DOCUMENT means (GAZETTEER_ID: one of the
    namesakes considered, listed in the export's mentions[].considered and on the entity page).

    Every later run applies it after the resolver; the document is reprocessed now.
    """
    from docket.workflows import review

    settings = _settings(db)
    with _open(settings) as ledger:
        try:
            summary = review.pick_place(ledger, settings, document, start, gazetteer_id, by, why)
        except DocketError as exc:
            raise click.ClickException(str(exc)) from exc
    if summary.failures:
        raise click.ClickException("; ".join(f.reason for f in summary.failures))
    console.print(Text(f"recorded: the name at {start} of {document} is {gazetteer_id} "
                       f"(by {by}); document reprocessed"))


@judge.command("list")
@click.option("--json", "as_json", is_flag=True, help="One object per line.")
@db_option
def judge_list(as_json: bool, db: Path | None) -> None:
    """Every judgement, and those whose records a re-run no longer produces (orphaned)."""
    from dataclasses import asdict

    from docket.link.judgements import judgement_status

    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = judgement_status(ledger)
    if as_json:
        for row in rows:
            click.echo(json.dumps(asdict(row) | {"orphaned": row.orphaned}, ensure_ascii=False))
        return
    for row in rows:
        pair = f"{row.subject} {row.object}" if row.object else row.subject
        state = f"ORPHANED: {row.orphan_reason}" if row.orphaned \
            else f"applies to {' '.join(row.applies_to)}"
        console.print(Text(f"{row.at}  {row.kind:<9} {pair}  by {row.by}"
                           f"{f' ({row.why})' if row.why else ''}  [{state}]"))
    orphaned = sum(r.orphaned for r in rows)
    console.print(f"{len(rows)} judgement(s), {orphaned} orphaned")


def _full_id(ledger: Ledger, document_id: str | None) -> str | None:
    """A document id from a unique prefix, or a clear error."""
    if document_id is None:
        return None
    doc = ledger.get_document(document_id)
    if doc is None:
        raise click.ClickException(f"no document {document_id!r} (try 'docket ls')")
    return doc.id


@main.command()
@click.argument("document_id")
@click.argument("spans", nargs=-1, type=int, required=True)
@click.option("--by", required=True, help="Who decides (recorded with the judgement).")
@click.option("--why", default=None, help="Why the text belongs to the article.")
@db_option
@_wait_option
def restore(document_id: str, spans: tuple[int, ...], by: str, why: str | None,
            db: Path | None, wait: float | None) -> None:
    """Put removed text back into a document's main text (span numbers as 'show' prints them).

    Stored as an attributed judgement that every later run honours.
    """
    from docket.workflows.runner import restore_text

    settings = _settings(db, writer_wait_seconds=wait)
    with _open(settings) as ledger:
        try:
            summary = restore_text(ledger, settings, document_id, list(spans), by, why)
        except DocketError as exc:
            raise _refused(exc) from exc
    console.print(f"restored {len(spans)} span(s); reprocessed run {summary.run_id}")


@main.command()
@click.argument("document_id")
@click.option("--by", required=True, help="Who withdraws it (recorded in the custody log).")
@click.option("--why", required=True, help="Why (recorded in the custody log).")
@db_option
def withdraw(document_id: str, by: str, why: str, db: Path | None) -> None:
    """Withdraw a wrongly ingested document: a tombstone in its custody log; nothing deleted."""
    from docket.workflows import review

    settings = _settings(db)
    doc_id, links = _write(db, lambda ledger: review.withdraw(ledger, settings, document_id, by,
                                                               why))
    console.print(f"withdrew {doc_id}; its evidence stays until 'docket purge'"
                  + ("" if links else f"; {review.DEFERRED}"))


@main.command()
@click.argument("document_id")
@click.option("--by", required=True, help="Who purges (recorded in the custody log).")
@click.option("--why", required=True, help="Why (recorded in the custody log).")
@click.confirmation_option(prompt="Purging deletes the raw bytes and every derived record for "
                           "good. Go on?")
@db_option
def purge(document_id: str, by: str, why: str, db: Path | None) -> None:
    """Delete a withdrawn document's evidence and records for good (logged in custody)."""
    from docket.workflows import review

    settings = _settings(db)
    hashes = _write(db, lambda ledger: review.purge(ledger, settings, document_id, by, why))
    console.print(f"purged {len(hashes)} evidence file(s); the custody log keeps the record")


@main.command()
@db_option
@click.option("--all", "everything", is_flag=True,
              help="Re-derive the links of every document (after upgrading Docket).")
@_wait_option
def link(db: Path | None, everything: bool, wait: float | None) -> None:
    """Derive stories, incidents and contradictions for documents still waiting for it.

    Ingest, reprocess and judgements do this themselves; a run that was killed leaves its
    documents waiting, and this (or the next run) links them. Documents an earlier step left
    out (over document_seconds) are tried again, and those still left out are listed.
    """
    from docket.ledger.lock import writer_lock
    from docket.workflows.link_step import link_ledger

    settings = _settings(db, writer_wait_seconds=wait)
    with _open(settings) as ledger:
        try:
            with writer_lock(settings, "link"):
                waiting = ledger.link_pending_count()
                summary = link_ledger(ledger, everything=everything, retry=True)
        except DocketError as exc:
            raise _refused(exc) from exc
    console.print(f"linked {summary.linked} document(s) ({waiting} were waiting); "
                  f"{summary.stories_with_copies} stories with copies, {summary.incidents} "
                  f"incidents, {summary.contradictions} contradictions; "
                  f"{summary.not_linked_count} not linked")
    if summary.scored_pairs:
        console.print(f"{summary.scored_pairs} story pair(s) scored, at most "
                      f"{summary.most_pairs_per_document} for one document")
    for reason, count in summary.not_linked.items():
        console.print(Text(f"  {count} not linked: {reason}"))


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db: Path | None, as_json: bool) -> None:
    """Counts: documents, languages, evidence, runs, judgements, claims, events, stories."""
    from docket.ledger.verify import last_full_check

    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        figures = ledger.stats()
        runs = ledger.runs(5)
        checked = last_full_check(ledger)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    table = Table(show_header=False, box=None)
    for key, value in figures.items():
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) \
            else str(value)
        table.add_row(Text(key.replace("_", " "), style="bold"), shown)
    console.print(table)
    console.print(f"evidence last checked in full: {checked or 'never'} ('docket verify')")
    console.rule("recent runs")
    for run in runs:
        console.print(Text(f"run {run['id']}  {run['status']:<20} {run['started_at']}  "
                           f"{run['command'][:60]}  {run['counts']}"))


class _VerifyBar:
    """The progress of `docket verify` in bytes hashed, with the rate (a terminal only)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("hashing evidence", total=None)

    def start(self, total_bytes: int, files: int) -> None:
        self.progress.update(self.task, total=total_bytes,
                             description=f"hashing {files} evidence file(s)")

    def advance(self, size: int) -> None:
        self.progress.advance(self.task, size)


@main.command()
@db_option
@click.option("--changed", is_flag=True,
              help="A fast check, not a proof: hash only files added since the last check or "
                   "whose size or modification time changed since.")
@click.option("--head", default=None, metavar="HASH",
              help="A custody chain head kept outside the ledger (an earlier 'verify' printed "
                   "it): check that it is still in the chain.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(db: Path | None, changed: bool, head: str | None, as_json: bool) -> None:
    """Check every stored evidence file against its SHA-256, and the custody log's chain.

    Reports every problem at once, with the file and the documents it feeds; exit status 1 if
    there is any. Prints the custody chain's head: keep it outside the ledger.
    """
    from dataclasses import asdict

    from rich.progress import DownloadColumn, TransferSpeedColumn

    from docket.ledger.verify import verify_ledger

    settings = _settings(db)
    try:
        opened = Ledger.open(settings)
    except DocketError:
        # Read-only media (a seized copy on a write-blocked disk): check it all the same; the
        # check cannot be recorded there.
        opened = _open(settings, readonly=True)
    with opened as ledger:
        if err_console.is_terminal and not as_json:
            bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                           TransferSpeedColumn(), TimeRemainingColumn(), console=err_console,
                           transient=True)
            with bar:
                report = verify_ledger(ledger, changed_only=changed, head=head,
                                       progress=_VerifyBar(bar))
        else:
            report = verify_ledger(ledger, changed_only=changed, head=head)
    if as_json:
        click.echo(json.dumps(asdict(report) | {"ok": report.ok,
                                                "mb_per_second": round(report.mb_per_second, 1)},
                              ensure_ascii=False, indent=2))
        sys.exit(0 if report.ok else 1)
    for problem in report.problems:
        console.print(Text(problem.message, style="red"), soft_wrap=True)
        if problem.received_as:
            console.print(Text(f"  first received as {problem.received_as}"), soft_wrap=True)
        if problem.documents:
            shown = ", ".join(problem.documents[:10])
            more = f" and {len(problem.documents) - 10} more" if len(problem.documents) > 10 \
                else ""
            console.print(Text(f"  feeds {len(problem.documents)} document(s): {shown}{more}"),
                          soft_wrap=True)
    console.print(f"evidence: {report.files} file(s); {report.hashed} hashed, "
                  f"{report.bytes / 1e6:,.1f} MB in {report.seconds:.2f} s "
                  f"({report.mb_per_second:,.0f} MB/s)"
                  + (f"; {report.unchanged} unchanged since their last check, not hashed"
                     if changed else ""), soft_wrap=True)
    if changed:
        since = report.last_full_check or "never"
        console.print(f"--changed is a fast check, not a proof: files with the same size and "
                      f"modification time as when last found intact were not hashed (last "
                      f"full check: {since}; run 'docket verify' for a full one)", soft_wrap=True)
    if report.chain is not None:
        head_entry = report.chain.head
        where = f"entry {head_entry.seq}, {head_entry.at}" if head_entry.seq else "empty log"
        console.print(f"custody chain: {head_entry.entries} entries; head {head_entry.hash} "
                      f"({where})", soft_wrap=True)
        console.print("keep this head outside the ledger: 'docket verify --head HASH' later "
                      "shows that the log up to it is unchanged", soft_wrap=True)
        if report.chain.head_found:
            console.print(f"the head you kept ({head}) is in the chain")
    if not report.recorded:
        console.print("the ledger is read-only here: this check is not recorded in it")
    if report.ok:
        console.print("OK: every stored file hashes to its name and the custody chain holds",
                      soft_wrap=True)
        return
    err_console.print(Text(f"{len(report.problems)} problem(s) found", style="red"))
    sys.exit(1)


EXPORT_FORMATS = ("jsonl", "acled-csv", "geojson", "ftm", "datasette", "bundle")


@main.command()
@db_option
@click.option("--format", "format_", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True, help="jsonl: the export contract (docs/export.md); acled-csv: "
              "one row per event; geojson: incidents; ftm: FollowTheMoney entities; datasette: "
              "a SQLite file with metadata; bundle: a zip of evidence, custody and records.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (default: standard output; required for datasette "
              "and bundle).")
@click.option("--incident", "incidents", multiple=True,
              help="bundle: the incidents to bundle (repeat the option); default: everything "
              "the filters choose.")
@click.option("--category", default=None, help="Incident filter: category (docs/taxonomy.md).")
@click.option("--side", default=None, help="Incident filter: perpetrator side of an event.")
@click.option("--verification", default=None, help="Incident filter: verification status of "
              "an event.")
@click.option("--incident-since", default=None, help="Incident filter: dated on or after.")
@click.option("--incident-until", default=None, help="Incident filter: dated on or before.")
@click.option("--place", default=None, help="Incident filter: text in the place's name.")
@click.option("--min-sources", type=int, default=0, help="Incident filter: at least this many "
              "independent sources.")
@click.option("--sign-key", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="bundle: sign it with this OpenSSH key (a private key, or a .pub whose "
              "private key is in ssh-agent); needs ssh-keygen.")
@_filter_options
def export(db: Path | None, format_: str, out: Path | None, incidents: tuple[str, ...],
           category: str | None, side: str | None, verification: str | None,
           incident_since: str | None, incident_until: str | None, place: str | None,
           min_sources: int, sign_key: Path | None, **kw: Any) -> None:
    """Export the ledger (docs/export.md): JSON Lines, or a format other tools read.

    Document filters (as in 'ls') and incident filters (as in the workbench's incident table)
    both narrow the documents exported.
    """
    from dataclasses import replace

    from docket.ledger import export as jsonl_export
    from docket.ledger.incident_filter import IncidentSelection, incident_documents

    settings = _settings(db)
    if sign_key is not None and format_ != "bundle":
        raise click.UsageError("--sign-key signs an evidence bundle: use it with --format bundle")
    flt = _make_filter(kw)
    try:
        incident_since = filter_date(incident_since or "", "--incident-since") or None
        incident_until = filter_date(incident_until or "", "--incident-until") or None
    except RequestError as exc:
        raise click.UsageError(str(exc)) from exc
    selection = IncidentSelection(category, side, verification, incident_since, incident_until,
                                  place, min_sources)
    if selection.active:
        with _open(settings, readonly=True) as ledger:
            flt = replace(flt, ids=incident_documents(ledger, selection))
    if format_ in ("datasette", "bundle"):
        if out is None:
            raise click.ClickException(f"--format {format_} writes a file: give --out PATH")
        from docket.ledger import formats

        with _open(settings, readonly=True) as ledger:
            try:
                if format_ == "datasette":
                    count = formats.export_datasette(ledger, out, flt)
                else:
                    count = formats.export_bundle(ledger, out, incidents, flt,
                                                  sign_key=sign_key)
            except DocketError as exc:
                raise click.ClickException(str(exc)) from exc
        err_console.print(f"wrote {count} record(s) to {out}")
        return
    writer: Callable[..., int] = jsonl_export.export_jsonl
    if format_ != "jsonl":
        from docket.ledger import formats

        writer = {"acled-csv": formats.export_acled_csv, "geojson": formats.export_geojson,
                  "ftm": formats.export_ftm}[format_]
    left_out: list[Any] = []
    if format_ == "acled-csv":  # events ACLED cannot hold are listed, never dropped silently
        writer = partial(writer, left_out=left_out.append)
    with _open(settings, readonly=True) as ledger:
        if out is None:
            writer(ledger, sys.stdout, flt)
        else:
            newline = "" if format_ == "acled-csv" else None  # csv writes its own line ends
            with out.open("w", encoding="utf-8", newline=newline) as handle:
                count = writer(ledger, handle, flt)
    if left_out:
        _report_left_out(left_out, out)
    if out is not None:
        err_console.print(f"wrote {count} record(s) to {out}")


def _report_left_out(left_out: list[Any], out: Path | None) -> None:
    """The events an ACLED file leaves out: their ids on stderr, and a side file by --out."""
    from docket.ledger.export_csv import write_left_out

    err_console.print(f"left out {len(left_out)} event(s) an ACLED file cannot hold:")
    for item in left_out:
        err_console.print(f"  {item.event_id}  {item.reason}", markup=False, highlight=False)
    if out is not None:
        side = out.with_name(out.stem + ".left-out.csv")
        with side.open("w", encoding="utf-8", newline="") as handle:
            write_left_out(left_out, handle)
        err_console.print(f"listed them in {side}")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default is this machine only).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes: more answer more analysts at once (one per core).")
def serve(db: Path | None, host: str, port: int, workers: int) -> None:
    """The workbench: search, incidents, stories, documents and review, in a browser."""
    import os

    import uvicorn

    from docket.web.app import create_app

    settings = _settings(db)
    if not settings.db.exists():  # serving a new, empty ledger by mistake looked like data lost
        raise click.ClickException(
            f"there is no ledger at {settings.db}: run 'docket ingest FOLDER' here first, or "
            "name an existing one with --db PATH (or $DOCKET_DB)")
    with _open(settings):
        pass  # upgrade the ledger before serving it
    _check_port(host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"serving on {host}: anyone who can reach it can read the ledger")
    console.print(f"Docket workbench on http://{host}:{port}/ (Ctrl-C to stop)")
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return
    # Worker processes rebuild the app from the environment (docket.web.app).
    os.environ["DOCKET_DB"] = str(settings.db)
    os.environ["DOCKET_EVIDENCE"] = str(settings.evidence_path)
    uvicorn.run("docket.web.app:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on before saying where the workbench is (the URL
    was printed, then the server failed)."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port,
                                                             type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(address)
    except OSError as exc:
        raise click.ClickException(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}): another program may be "
            f"using the port; try 'docket serve --port {port + 1}'") from exc


@main.group()
def user() -> None:
    """Workbench users: who may confirm, reject, merge, split and restore."""


@user.command("add")
@click.argument("name")
@click.password_option("--password", help="The password (asked for when not given).")
@db_option
def user_add(name: str, password: str, db: Path | None) -> None:
    """Add a user who may make review changes in the workbench."""
    from docket.web.auth import add_user

    _write(db, lambda ledger: add_user(ledger, name, password))
    console.print(f"added user {name}")


@user.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def user_list(db: Path | None, as_json: bool) -> None:
    """The workbench users: name, when added, and how many sessions of theirs are live."""
    from docket.ledger.users import list_users

    with _open(_settings(db), readonly=True) as ledger:
        users = list_users(ledger, int(time.time()))
    if as_json:
        for name, added, sessions in users:
            click.echo(json.dumps({"name": name, "added": added, "live_sessions": sessions},
                                  ensure_ascii=False))
        return
    table = Table(box=None)
    for column in ("name", "added", "live sessions"):
        table.add_column(column)
    for name, added, sessions in users:
        table.add_row(Text(name), added, str(sessions))
    console.print(table)
    console.print(f"{len(users)} user(s); add one with 'docket user add NAME'")


@user.command("passwd")
@click.argument("name")
@click.option("--password", default=None,
              help="The new password (asked for, twice, when not given).")
@db_option
def user_passwd(name: str, password: str | None, db: Path | None) -> None:
    """Give a user a new password; every workbench session of theirs ends."""
    from docket.web.auth import change_password

    _known_user(db, name)  # before asking for a password that could not be used
    if password is None:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    _write(db, lambda ledger: change_password(ledger, name, password))
    console.print(f"changed the password of {name}; their sessions have ended")


@user.command("remove")
@click.argument("name")
@db_option
def user_remove(name: str, db: Path | None) -> None:
    """Remove a user: they can no longer sign in, and every session of theirs ends. Their
    judgements keep their name."""
    from docket.web.auth import remove_user

    _known_user(db, name)
    _write(db, lambda ledger: remove_user(ledger, name))
    console.print(f"removed user {name}; their sessions have ended")


def _known_user(db: Path | None, name: str) -> None:
    """Refuse a name that is not a user (and a ledger that does not exist, without making it)."""
    from docket.web.auth import has_user

    with _open(_settings(db), readonly=True) as ledger:
        if not has_user(ledger, name):
            raise click.ClickException(f"there is no user {name.strip()!r} (see 'docket user add')")


@main.command()
@db_option
@click.option("--limit", default=20, show_default=True)
def runs(db: Path | None, limit: int) -> None:
    """Recorded runs: start, end, status, counts, errors."""
    settings = _settings(db)
    with _open(settings, readonly=True) as ledger:
        rows = ledger.runs(limit)
    for run in rows:
        console.print(Text(f"run {run['id']}: {run['command']}", style="bold"))
        console.print(Text(f"  {run['started_at']} -> {run['ended_at'] or '…'}  {run['status']}"
                           f"  docket {run['tool_version']}  by {run['operator']}"))
        console.print(Text(f"  counts {run['counts']}"))
        for error in json.loads(run["errors"] or "[]"):
            # A note on the run itself ("resumed by run 7") names no input: not "error: None".
            where = " ".join(str(part) for part in (error.get("path"), error.get("locator"))
                             if part)
            console.print(Text(f"  error: {where}: {error.get('reason')}", style="red") if where
                          else Text(f"  note: {error.get('reason')}"))
        if run["status"] == "aborted" and str(run["command"]).startswith("ingest"):
            console.print(Text(f"  stopped before the end: 'docket resume {run['id']}' "
                               "finishes it"))
