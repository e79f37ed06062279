"""Who may write in the workbench: users, passwords, sessions, CSRF tokens and sign-in limits.

Reading the ledger needs no login; every write (a review judgement, a restore, a withdrawal)
does, so each change in the audit log names a person. A session is a cookie carrying the user's
name, its issue time and a random nonce, signed with HMAC-SHA256 under the ledger's own key
(`web_key`, made once per ledger), and a row in the ledger's `web_session` table holding the
SHA-256 of that nonce. A cookie counts only while its row does: logging out deletes the row, and
removing a user or changing a password deletes all of theirs, so a copied or replayed cookie
stops working at once. Only the nonce's hash is stored, so a copy of the ledger does not hand
over the live sessions. A copied ledger keeps its sessions; a new one starts with none.

CSRF tokens are derived from the session nonce (HMAC(key, "csrf" + nonce)), so a page from
another site cannot know one; the login form gets its own token from a short-lived pre-login
cookie, so a foreign site cannot log a browser into an account of its choosing either.

Failed sign-ins are limited per account and per client address (`throttle.py`, settings
`login_failures_per_account`, `login_failures_per_address`, `login_window_seconds`): past the
limit an attempt answers 429 with Retry-After before any password is hashed. Hashing runs in a
worker thread, never on the event loop, so guessers cannot stall other requests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from typing import Any, cast

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from docket.errors import DocketError
from docket.ledger import users
from docket.ledger.store import Ledger
from docket.settings import Settings
from docket.web.throttle import LoginThrottle
from docket.workflows.background import BackgroundWriter

SESSION_COOKIE = "docket_session"
LOGIN_COOKIE = "docket_login"  # pre-login nonce that the login form's token is bound to
SESSION_SECONDS = 12 * 3600
LOGIN_SECONDS = 3600
MIN_PASSWORD = 10
MAX_NAME = 64

# scrypt at n=2**14, r=8, p=1 costs ~16 MiB and tens of milliseconds: slow for a guesser,
# quick for one login. Stored parameters are honoured up to a ceiling, so a tampered row
# cannot make one login allocate gigabytes.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCRYPT_MAX_N = 2**20
_DKLEN = 32
# Compared against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = ("scrypt$16384$8$1$" + "00" * 16 + "$" + "00" * _DKLEN)


class UserError(DocketError):
    """A user cannot be added or changed as given (empty name, short password, name taken,
    no such user)."""


# -- passwords ---------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An scrypt hash with a fresh 16-byte salt, as "scrypt$n$r$p$salt_hex$hash_hex"."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored` (compared in constant time; malformed is False)."""
    try:
        scheme, n_text, r_text, p_text, salt_hex, hash_hex = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError:
        return False
    if scheme != "scrypt" or not (1 < n <= _SCRYPT_MAX_N and 0 < r <= 32 and 0 < p <= 16):
        return False
    try:
        digest = _scrypt(password, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = _DKLEN) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * r * n + 2**20, dklen=dklen)


# -- users -------------------------------------------------------------------------------


def add_user(ledger: Ledger, name: str, password: str) -> None:
    """Add a user who may write in the workbench (`docket user add`)."""
    name = name.strip()
    if not name:
        raise UserError("a user needs a name")
    if len(name) > MAX_NAME or any(not ch.isprintable() for ch in name):
        raise UserError(f"a user name is at most {MAX_NAME} printable characters")
    _check_password(password)
    if users.password_hash(ledger, name) is not None:
        raise UserError(f"there is already a user {name!r}")
    try:
        users.insert_user(ledger, name, hash_password(password))
    except users.DuplicateUser as exc:  # added by someone else a moment ago
        raise UserError(f"there is already a user {name!r}") from exc


def remove_user(ledger: Ledger, name: str) -> None:
    """Remove a user (`docket user remove`): they can no longer sign in, and every session
    of theirs ends. Their judgements keep their name."""
    name = name.strip()
    if not users.delete_user(ledger, name):
        raise UserError(f"there is no user {name!r} (see 'docket user add')")


def change_password(ledger: Ledger, name: str, password: str) -> None:
    """Give a user a new password (`docket user passwd`); every session of theirs ends."""
    name = name.strip()
    _check_password(password)
    stored = hash_password(password)  # before the transaction: scrypt takes a moment
    if not users.set_password_hash(ledger, name, stored):
        raise UserError(f"there is no user {name!r} (see 'docket user add')")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")


def has_user(ledger: Ledger, name: str) -> bool:
    """Whether `name` is a workbench user."""
    return users.password_hash(ledger, name.strip()) is not None


# -- sessions the server knows ----------------------------------------------------------------


def _nonce_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


def sign_in(settings: Settings, name: str, password: str, nonce: str,
            now: float | None = None) -> bool:
    """Check the password and, when it matches, record a session with `nonce` for `name`.

    Blocking (scrypt, then one write): call it from a worker thread. The session row is
    written only if the password hash is still the one just checked, so a password changed
    or a user removed meanwhile does not leave a session behind."""
    name = name.strip()
    with Ledger.open(settings, readonly=True) as ledger:
        stored = users.password_hash(ledger, name)
    matches = verify_password(password, stored or _DUMMY_HASH)
    if stored is None or not matches:
        return False
    issued = int(now if now is not None else time.time())
    with Ledger.open(settings) as ledger:
        return users.add_session(ledger, _nonce_hash(nonce), name, stored, issued,
                                 issued + SESSION_SECONDS)


def end_session(settings: Settings, nonce: str) -> None:
    """Forget the session with `nonce` (logging out): its cookie no longer signs anyone in."""
    with Ledger.open(settings) as ledger:
        users.delete_session(ledger, _nonce_hash(nonce))


def _session_live(settings: Settings, name: str, nonce: str) -> bool:
    """Whether the ledger still holds this session, for a user who still exists."""
    with Ledger.open(settings, readonly=True) as ledger:
        return users.session_live(ledger, _nonce_hash(nonce), name, int(time.time()))


# -- the signing key -----------------------------------------------------------------------

# One key per ledger file, read once per process: the key never changes once made.
_KEYS: dict[str, bytes] = {}


def web_key(settings: Settings) -> bytes:
    """The ledger's session-signing key; made (32 random bytes) on first use."""
    cache_key = str(settings.db)
    if cache_key not in _KEYS:
        with Ledger.open(settings) as ledger:
            secret = users.signing_secret(ledger, secrets.token_hex(32))
        _KEYS[cache_key] = bytes.fromhex(secret)
    return _KEYS[cache_key]


def app_settings(request: Request) -> Settings:
    """The settings the app was made with (`create_app` keeps them on `app.state`)."""
    settings: Settings = request.app.state.settings
    return settings


def background_writer(request: Request) -> BackgroundWriter:
    """The app's queue of long work (docket/workflows/background.py)."""
    writer: BackgroundWriter = request.app.state.writer
    return writer


def _sign(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


# -- sessions --------------------------------------------------------------------------------


def make_session(key: bytes, name: str, now: float | None = None,
                 nonce: str | None = None) -> str:
    """A signed cookie value: base64(JSON of name, issue time, nonce) + "." + HMAC."""
    payload = json.dumps({"u": name, "t": int(now if now is not None else time.time()),
                          "n": nonce or secrets.token_hex(16)}, separators=(",", ":"))
    body = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii")
    return f"{body}.{_sign(key, body)}"


def read_session(key: bytes, value: str, now: float | None = None) -> dict[str, Any] | None:
    """The session in a cookie value, or None if it is forged, malformed or expired."""
    body, _, signature = value.partition(".")
    if not hmac.compare_digest(_sign(key, body), signature):
        return None
    try:
        session = json.loads(base64.urlsafe_b64decode(body.encode("ascii")))
        name, issued, nonce = str(session["u"]), int(session["t"]), str(session["n"])
    except (ValueError, KeyError, TypeError):
        return None
    age = (now if now is not None else time.time()) - issued
    if not -60 <= age <= SESSION_SECONDS:  # a minute's clock skew, no more
        return None
    return {"user": name, "issued": issued, "nonce": nonce}


_UNREAD = object()


def _session(request: Request) -> dict[str, Any] | None:
    """The request's valid session (signed, unexpired, not ended, of a user who still
    exists), read once per request."""
    cached: Any = getattr(request.state, "docket_session", _UNREAD)
    if cached is not _UNREAD:
        return cast("dict[str, Any] | None", cached)
    session = None
    value = request.cookies.get(SESSION_COOKIE)
    if value:
        settings = app_settings(request)
        session = read_session(web_key(settings), value)
        if session is not None and not _session_live(settings, session["user"],
                                                     session["nonce"]):
            session = None  # logged out, or the user removed or given a new password
    request.state.docket_session = session
    return session


def current_user(request: Request) -> str | None:
    """The logged-in user's name, or None for an anonymous reader."""
    session = _session(request)
    return None if session is None else str(session["user"])


def csrf_token(request: Request) -> str:
    """The token every write form carries; empty for anonymous readers (they get no forms)."""
    session = _session(request)
    if session is None:
        return ""
    return _sign(web_key(app_settings(request)), "csrf" + session["nonce"])


def csrf_valid(request: Request, form: FormData | Mapping[str, Any]) -> bool:
    """Whether the form's `csrf` field is this session's token."""
    expected = csrf_token(request)
    given = form.get("csrf")
    return bool(expected) and isinstance(given, str) and hmac.compare_digest(given, expected)


def safe_next(value: object) -> str:
    """A local path to go back to; anything else (another site, a scheme) becomes "/"."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return "/"  # browsers read "/\\evil" as "//evil"; control characters split headers
    return value


def _set_cookie(request: Request, response: Response, name: str, value: str,
                max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")


# -- routes ------------------------------------------------------------------------------


async def login_page(request: Request) -> Response:
    return _login_form(request, error=None, status=200)


def _login_form(request: Request, error: str | None, status: int) -> Response:
    from docket.web.templating import render

    nonce = secrets.token_hex(16)
    token = _sign(web_key(app_settings(request)), "login" + nonce)
    response = render(request, "login.html", status_code=status, login_csrf=token,
                      error=error, next=safe_next(request.query_params.get("next")))
    _set_cookie(request, response, LOGIN_COOKIE, nonce, LOGIN_SECONDS)
    return response


# Shown when the limit is reached; the message says which limit and for how long.
_TOO_MANY = {"account": "Too many failed sign-ins for this name.",
             "address": "Too many failed sign-ins from this address."}


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def login_throttle(request: Request) -> LoginThrottle:
    """The app's count of failed sign-ins (`create_app` keeps it on `app.state`)."""
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle


async def login(request: Request) -> Response:
    form = await request.form()
    settings = app_settings(request)
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    given = form.get("csrf")
    expected = _sign(web_key(settings), "login" + nonce)
    if not nonce or not isinstance(given, str) or not hmac.compare_digest(given, expected):
        return Response("The login form expired or came from another site: reload it.",
                        status_code=403, media_type="text/plain")
    name, password = form.get("name"), form.get("password")
    if not isinstance(name, str) or not isinstance(password, str):
        return _login_form(request, "Give a name and a password.", 400)
    throttle = login_throttle(request)
    address = request.client.host if request.client else ""
    refused = throttle.attempt(name.strip(), address)
    if refused is not None:
        response = _login_form(request, f"{_TOO_MANY[refused.limit]} Try again in "
                               f"{_duration(refused.retry_after)}.", 429)
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    session_nonce = secrets.token_hex(16)
    # scrypt takes tens of milliseconds of CPU: in a worker thread, the event loop keeps
    # answering everyone else meanwhile.
    if not await run_in_threadpool(sign_in, settings, name, password, session_nonce):
        return _login_form(request, "Wrong name or password.", 400)
    throttle.succeeded(name.strip(), address)
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    _set_cookie(request, response, SESSION_COOKIE,
                make_session(web_key(settings), name.strip(), nonce=session_nonce),
                SESSION_SECONDS)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


async def logout(request: Request) -> Response:
    form = await request.form()
    session = _session(request)
    if session is not None:
        if not csrf_valid(request, form):
            return Response("Missing or wrong CSRF token.", status_code=403,
                            media_type="text/plain")
        # Ended on the server, so the cookie is refused even if it was copied or is replayed.
        await run_in_threadpool(end_session, app_settings(request), session["nonce"])
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


def auth_routes() -> list[BaseRoute]:
    """GET/POST /login and POST /logout, to mount in the workbench app."""
    return [
        Route("/login", login_page, methods=["GET"], name="login_page"),
        Route("/login", login, methods=["POST"], name="login"),
        Route("/logout", logout, methods=["POST"], name="logout"),
    ]
