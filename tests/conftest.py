"""Shared fixtures: a ledger in a temporary folder, the bundled examples, a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from docket.ledger.store import Ledger
from docket.settings import Settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for var in ("DOCKET_DB", "DOCKET_EVIDENCE", "DOCKET_OPERATOR"):
        monkeypatch.delenv(var, raising=False)
    return Settings.load(db=tmp_path / "ledger" / "docket.db", operator="tester")


@pytest.fixture
def ledger(settings: Settings) -> Iterator[Ledger]:
    with Ledger.open(settings) as opened:
        yield opened


@pytest.fixture
def examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/ with the working directory beside it, as a newcomer would run."""
    target = tmp_path / "work" / "examples"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.py", "*.md"))
    monkeypatch.chdir(target.parent)
    return Path("examples")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command in a scratch working folder of its own: a ledger the README's main job left
    in the checkout (./docket.db) is never read or written by a test."""
    monkeypatch.setenv("DOCKET_OPERATOR", "tester")
    for var in ("DOCKET_DB", "DOCKET_EVIDENCE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """The bundled examples ingested once per test module that asks (ingest runs spaCy: slow
    to repeat), in a folder of their own with the environment's ledger settings cleared."""
    from docket.workflows.runner import ingest_paths

    root = tmp_path_factory.mktemp("examples-ledger")
    shutil.copytree(EXAMPLES, root / "examples", ignore=shutil.ignore_patterns("*.py", "*.md"))
    with pytest.MonkeyPatch.context() as mp:
        for var in ("DOCKET_DB", "DOCKET_EVIDENCE", "DOCKET_OPERATOR"):
            mp.delenv(var, raising=False)
        mp.chdir(root)
        settings = Settings.load(db=root / "ledger" / "docket.db", operator="tester")
        with Ledger.open(settings) as ledger:
            ingest_paths(ledger, [Path("examples")], settings)
            yield ledger


# -- fictional articles for black-box runs of the CLI (test_crash.py, test_concurrency.py) --

_VILLAGES = ("Zelenodolsk", "Kalynivka", "Ozerne", "Sosnivka", "Berestove", "Lypovets",
             "Kamianka", "Vyshneve", "Horodok", "Dubrava")
_OUTLETS = ("Steppe Courier", "River Gazette", "Eastern Wire", "Prairie Post")
_MONTHS = ("January", "February", "March", "April", "May", "June")


def _fictional_article(n: int) -> tuple[str, str, str]:
    """Title, body and outlet of article `n`: one of three templates, varied so all differ."""
    village, outlet = _VILLAGES[n % len(_VILLAGES)], _OUTLETS[n % len(_OUTLETS)]
    day, month = 1 + n % 27, _MONTHS[n % len(_MONTHS)]
    killed, wounded, houses = 1 + n % 7, 2 + (n * 3) % 11, 3 + n % 13
    if n % 3 == 0:
        title = f"Shelling hits {village}, {killed} killed"
        body = (f"On {day} {month} 2023, artillery shells struck the village of {village} in "
                f"Kharkiv region, killing {killed} civilians and wounding {wounded}, the regional "
                f"governor said on Telegram. He blamed Russian forces. At least {houses} houses "
                "were damaged, local officials said.")
    elif n % 3 == 1:
        title = f"Drone strike on {village} depot"
        body = (f"A drone hit a fuel depot near {village} on {day} {month} 2023, the district "
                f"administration said. {wounded} workers were wounded and {killed} died in "
                f"hospital. Ukraine's air force said it shot down {houses} of the drones.")
    else:
        title = f"Missile damages school in {village}"
        body = (f"Russian forces fired a missile at a school in {village} on {day} {month} "
                f"2023, police said. Nobody was in the building; {houses} nearby homes lost "
                f"their windows. The mayor said {wounded} residents sought medical help.")
    return title, f"{body} Report number {n} by {outlet}.", outlet


class ArticleFolder:
    """Writes `pages` short articles (.txt and .html alternately) and one .jsonl of `lines`.

    Articles are numbered from `first`: folders written from different numbers share nothing.
    """

    def __call__(self, folder: Path, pages: int = 40, lines: int = 20, first: int = 0) -> Path:
        import json

        folder.mkdir(parents=True, exist_ok=True)
        for n in range(first, first + pages):
            title, body, outlet = _fictional_article(n)
            if n % 2:
                (folder / f"page_{n:02d}.html").write_text(
                    f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
                    f"<p>By staff, {outlet}</p><article><p>{body}</p></article></body></html>",
                    encoding="utf-8")
            else:
                (folder / f"page_{n:02d}.txt").write_text(f"{title}\n\n{body}\n",
                                                          encoding="utf-8")
        if lines:
            with (folder / "wire.jsonl").open("w", encoding="utf-8") as out:
                for n in range(first, first + lines):
                    title, body, _ = _fictional_article(100_000 + n)
                    out.write(json.dumps({"url": f"https://wire.example.org/{n}",
                                          "title": title, "published": f"2023-0{1 + n % 6}-"
                                          f"{10 + n % 18}", "text": body}) + "\n")
        return folder


@pytest.fixture
def write_articles() -> ArticleFolder:
    """Write fictional articles: `write_articles(folder, pages=40, lines=20, first=0)`."""
    return ArticleFolder()
