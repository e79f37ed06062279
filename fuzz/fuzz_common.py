"""What every fuzz target shares: atheris when installed, and one way to run the pipeline.

The targets import docket inside `instrumented()` so atheris sees its branches. Without atheris
(tests/test_fuzz_targets.py replays the seeds then) the same targets import and run uninstrumented.
InputError is the expected way to refuse hostile input; anything else escaping is a crash.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import atheris
except ImportError:  # the seed replay in the test suite runs without it
    atheris = None

ROOT = Path(__file__).resolve().parent
if str(ROOT.parent) not in sys.path:  # run from a checkout without `pip install .`
    sys.path.insert(0, str(ROOT.parent))

# Fuzzing only when a target is the program run; imported by the test suite, nothing changes.
FUZZING = atheris is not None and Path(sys.argv[0]).name.startswith("fuzz_")
if FUZZING:
    # trafilatura logs a warning for every page it gives up on: noise at many runs a second.
    logging.disable(logging.CRITICAL)


def instrumented() -> contextlib.AbstractContextManager[Any]:
    """Instrument docket's modules for coverage feedback when fuzzing."""
    if not FUZZING:
        return contextlib.nullcontext()
    return atheris.instrument_imports(include=["docket"])


with instrumented():
    from docket.errors import InputError
    from docket.model import Record, RecordFailure
    from docket.settings import Settings
    from docket.workflows.pipeline import process_record_all

# No time limit inside the fuzzer: SIGALRM is libFuzzer's own timeout (-timeout) there.
SETTINGS = Settings(document_seconds=0)
MAX_BYTES = 256 * 1024


def process(entry: Record | RecordFailure | str) -> None:
    """Run the per-document stages (no spaCy) on a reader's record; refusals are fine."""
    if not isinstance(entry, Record):
        return
    try:
        docs = process_record_all(entry, SETTINGS, analyse=False)
    except InputError:
        return
    for doc in docs:
        for span in doc.removed:
            if not 0 <= span.start <= span.end <= len(doc.full_text):
                raise AssertionError(f"removed span {span} outside the text")


def main(test_one_input: Callable[[bytes], None]) -> None:
    """`python fuzz/fuzz_X.py [libFuzzer flags] [corpus dirs]`."""
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
