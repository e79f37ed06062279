"""The optional Ray engine gives what the local pool gives, in the same order (issue 8).

Runs against a local Ray instance when the extra is installed (pip install '.[ray]'); the
default install skips these tests, except the one about the message shown without Ray.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from docket.ledger.store import Ledger
from docket.link.fingerprint import StoryInput, fingerprint
from docket.model import Record
from docket.settings import Settings
from docket.workflows.distributed import RayAnalyserPool, RayUnavailable, ray_fingerprints
from docket.workflows.parallel import Analysed, AnalyserPool, Job

TEXTS = [
    "On 4 May 2023, Russian forces shelled Kharkiv overnight, killing two civilians and "
    "wounding five, the regional governor said on Telegram.",
    "Ukrainian troops struck a fuel depot near Melitopol on Tuesday, the army's southern "
    "command said. The claim could not be independently verified.",
    "A drone hit an apartment block in Kramatorsk on 12 June 2023, police said, and three "
    "people were injured.",
    "Two villages outside Bucha were without power after an artillery strike damaged a "
    "substation, the local council reported on Friday.",
    "The defence ministry said its air defences shot down eleven drones over the Kursk "
    "region overnight; no casualties were reported.",
]
HTML = (
    "<html><head><title>Strike on Zolotoye bridge</title></head><body><article>"
    "<h1>Strike on Zolotoye bridge</h1><p>On 2 April 2023, a missile struck a road bridge "
    "near Izium, the mayor said, killing one driver.</p><p>Officials said repairs would take "
    "weeks.</p></article></body></html>"
)


def _records(copies: int) -> list[Record]:
    records = []
    for copy in range(copies):
        for index, text in enumerate(TEXTS):
            body = text + (f" Update {copy}." if copy else "")
            records.append(Record("text", body.encode(), f"story{index}-{copy}.txt"))
        records.append(Record("html", HTML.replace("weeks", f"weeks ({copy})").encode(),
                              f"bridge-{copy}.html"))
    return records


def _jobs(records: list[Record], log: list[str]) -> Iterator[Job]:
    """The records, with an action after each (as the runner marks a file done)."""
    for record in records:
        log.append(f"pulled {record.path}")
        yield record
        yield _action(log, record.path)


def _action(log: list[str], path: str) -> Callable[[], None]:
    return lambda: log.append(f"action after {path}")


def _run(pool: Any, records: list[Record]) -> tuple[list[tuple[Record, Analysed]], list[str]]:
    log: list[str] = []
    out = []
    with pool as running:
        for record, result in running.analyse(_jobs(records, log)):
            log.append(f"stored {record.path}")
            out.append((record, result))
    return out, log


def _summary(results: list[tuple[Record, Analysed]]) -> list[tuple[Any, ...]]:
    return [(record.path, result.error,
             [(doc.id, doc.text, [(e.id, e.category, e.trigger.text) for e in doc.events])
              for doc in result.documents])
            for record, result in results]


@pytest.fixture(scope="module")
def ray_local() -> Iterator[Any]:
    if os.environ.get("DOCKET_REQUIRE_RAY"):  # CI installs the extra: a skip would hide a break
        import ray
    else:
        ray = pytest.importorskip("ray")
    started = not ray.is_initialized()
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True)
    yield ray
    if started:
        ray.shutdown()


def test_ray_pool_gives_what_the_local_pool_gives_in_order(
        ray_local: Any, settings: Settings, ledger: Ledger) -> None:
    records = _records(2)
    local, local_log = _run(AnalyserPool(settings, 1), records)
    remote, remote_log = _run(RayAnalyserPool(settings, 1), records)

    assert _summary(remote) == _summary(local)
    assert all(result.error is None for _, result in remote)
    assert sum(len(doc.events) for _, r in remote for doc in r.documents) >= len(TEXTS)
    # Each action runs after its record was handed back, before the next record's result.
    stored_or_done = [line for line in remote_log if not line.startswith("pulled")]
    assert stored_or_done == [line for r in records
                              for line in (f"stored {r.path}", f"action after {r.path}")]
    # Streaming: the first result comes back before the last record is read.
    first_stored = remote_log.index(f"stored {records[0].path}")
    assert first_stored < remote_log.index(f"pulled {records[-1].path}")
    # One actor, so one process loaded the pipeline and analysed every record.
    assert len({result.worker for _, result in remote}) == 1


def test_per_document_time_limit_applies_on_ray_actors(
        ray_local: Any, settings: Settings) -> None:
    strict = dataclasses.replace(settings, document_seconds=0.001)
    results, _ = _run(RayAnalyserPool(strict, 1), _records(1)[:2])
    assert [r.error is not None and "document_seconds" in r.error for _, r in results] \
        == [True, True]


def test_ray_fingerprints_equal_local_ones_in_order(ray_local: Any) -> None:
    inputs = [StoryInput(id=f"doc{i}", text=text * 3, outlet="Steppe Monitor",
                         published="2023-05-04", language="en")
              for i, text in enumerate(TEXTS * 3)]
    assert ray_fingerprints(inputs, 2) == [fingerprint(item) for item in inputs]
    assert ray_fingerprints([], 2) == []


def test_without_ray_the_engine_says_which_extra_to_install(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(RayUnavailable, match=r"pip install '\.\[ray\]'"):
        RayAnalyserPool(settings, 1)
