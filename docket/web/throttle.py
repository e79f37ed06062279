"""How often an account or an address may fail to sign in: a sliding window of failed attempts.

Each key (the account name typed, the client's address) keeps the times of its recent attempts that
did not sign in. Once a key holds `limit` of them inside the window, a further attempt is
refused, before any password is hashed, until the oldest one leaves the window. An attempt is
counted when it starts, so guesses sent all at once cannot slip in before the first of them
has been judged; a successful sign-in then clears its name's record and takes back its own
entry from its address.

The record lives in the server process: each worker of `docket serve --workers N` keeps its
own (so at most N times the limits across workers), and a restart forgets it. Behind a reverse
proxy every client shares the proxy's address, so the address limit counts all of them at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

# Keys remembered per kind at most: a stream of made-up names cannot grow the record without
# bound. Past it, keys whose attempts have all left the window go first, then the least recent.
MAX_KEYS = 10_000
_MAX_KEY_LENGTH = 256


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused: which limit ("account" or "address") and for how long."""

    limit: str
    retry_after: int  # whole seconds until the next attempt is allowed


class _Window:
    """Failed-attempt times per key, inside the last `seconds`."""

    def __init__(self, limit: int, seconds: float, max_keys: int) -> None:
        self.limit, self.seconds, self.max_keys = limit, seconds, max_keys
        self.attempts: dict[str, deque[float]] = {}

    def wait(self, key: str, now: float) -> float:
        """Seconds until `key` may try again; 0 when it may now."""
        times = self.attempts.get(key)
        if times is None:
            return 0.0
        while times and times[0] <= now - self.seconds:
            times.popleft()
        if len(times) < self.limit:
            return 0.0
        return times[-self.limit] + self.seconds - now

    def count(self, key: str, now: float) -> None:
        times = self.attempts.pop(key, None) or deque()
        times.append(now)
        self.attempts[key] = times  # re-inserted: dict order is least recently counted first
        if len(self.attempts) > self.max_keys:
            self._forget(now)

    def take_back(self, key: str) -> None:
        times = self.attempts.get(key)
        if times:
            times.pop()

    def clear(self, key: str) -> None:
        self.attempts.pop(key, None)

    def _forget(self, now: float) -> None:
        stale = [k for k, times in self.attempts.items()
                 if not times or times[-1] <= now - self.seconds]
        for key in stale:
            del self.attempts[key]
        while len(self.attempts) > self.max_keys:
            del self.attempts[next(iter(self.attempts))]


class LoginThrottle:
    """Failed sign-ins per account (the name typed) and per client address (module docstring)."""

    def __init__(self, per_account: int, per_address: int, window_seconds: float,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self._names = _Window(per_account, window_seconds, max_keys)
        self._addresses = _Window(per_address, window_seconds, max_keys)
        self._clock = clock
        self._lock = threading.Lock()

    def attempt(self, name: str, address: str) -> Refusal | None:
        """Count an attempt to sign in as `name` from `address`, or say why it is refused.

        A counted attempt stays a failure unless `succeeded` is called for it."""
        name, address = name[:_MAX_KEY_LENGTH], address[:_MAX_KEY_LENGTH]
        with self._lock:
            now = self._clock()
            waits = {"account": self._names.wait(name, now),
                     "address": self._addresses.wait(address, now)}
            limit = max(waits, key=lambda k: waits[k])
            if waits[limit] > 0:
                return Refusal(limit, max(1, math.ceil(waits[limit])))
            self._names.count(name, now)
            self._addresses.count(address, now)
            return None

    def succeeded(self, name: str, address: str) -> None:
        """The attempt signed in: the name starts afresh, the address no longer counts it."""
        name, address = name[:_MAX_KEY_LENGTH], address[:_MAX_KEY_LENGTH]
        with self._lock:
            self._names.clear(name)
            self._addresses.take_back(address)
