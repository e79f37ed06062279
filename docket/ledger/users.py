"""The ledger's workbench tables: users, the sessions the server knows, the signing key.

Only SQL lives here; what a password or a cookie is (scrypt, signatures, CSRF) stays in
docket/web/auth.py, which calls these. Each write is one transaction.
"""

from __future__ import annotations

import sqlite3

from docket.ledger.store import Ledger, utc_now


class DuplicateUser(Exception):
    """A user of that name exists (added by someone else a moment ago, perhaps)."""


def password_hash(ledger: Ledger, name: str) -> str | None:
    row = ledger._conn.execute("SELECT password_hash FROM user WHERE name = ?",
                              (name,)).fetchone()
    return None if row is None else str(row[0])


def list_users(ledger: Ledger, now: int) -> list[tuple[str, str, int]]:
    """Every user: name, when added, and how many workbench sessions of theirs are live."""
    rows = ledger._conn.execute(
        "SELECT u.name, u.created_at, (SELECT count(*) FROM web_session s "
        "WHERE s.user = u.name AND s.expires_at > ?) FROM user u ORDER BY u.name", (now,))
    return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]


def insert_user(ledger: Ledger, name: str, stored_hash: str) -> None:
    try:
        with ledger._conn:
            ledger._conn.execute("BEGIN")
            ledger._conn.execute(
                "INSERT INTO user (name, password_hash, created_at) VALUES (?, ?, ?)",
                (name, stored_hash, utc_now()))
    except sqlite3.IntegrityError as exc:
        raise DuplicateUser(name) from exc


def delete_user(ledger: Ledger, name: str) -> bool:
    """Remove the user and end their sessions; False when there is no such user."""
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        if ledger._conn.execute("DELETE FROM user WHERE name = ?", (name,)).rowcount == 0:
            return False
        ledger._conn.execute("DELETE FROM web_session WHERE user = ?", (name,))
    return True


def set_password_hash(ledger: Ledger, name: str, stored_hash: str) -> bool:
    """Replace the user's password hash and end their sessions; False when no such user."""
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        if ledger._conn.execute("UPDATE user SET password_hash = ? WHERE name = ?",
                               (stored_hash, name)).rowcount == 0:
            return False
        ledger._conn.execute("DELETE FROM web_session WHERE user = ?", (name,))
    return True


def add_session(ledger: Ledger, nonce_sha256: str, name: str, checked_hash: str,
                issued: int, expires: int) -> bool:
    """Record a session for `name` if their password hash is still `checked_hash` (changed or
    removed meanwhile: no session); prunes expired sessions. Whether it was recorded."""
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        ledger._conn.execute("DELETE FROM web_session WHERE expires_at <= ?", (issued,))
        added = ledger._conn.execute(
            "INSERT INTO web_session (nonce_sha256, user, expires_at) "
            "SELECT ?, name, ? FROM user WHERE name = ? AND password_hash = ?",
            (nonce_sha256, expires, name, checked_hash)).rowcount
    return bool(added == 1)


def delete_session(ledger: Ledger, nonce_sha256: str) -> None:
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        ledger._conn.execute("DELETE FROM web_session WHERE nonce_sha256 = ?", (nonce_sha256,))


def session_live(ledger: Ledger, nonce_sha256: str, name: str, now: int) -> bool:
    """Whether the ledger holds this unexpired session, for a user who still exists."""
    return ledger._conn.execute(
        "SELECT 1 FROM web_session s JOIN user u ON u.name = s.user "
        "WHERE s.nonce_sha256 = ? AND s.user = ? AND s.expires_at > ?",
        (nonce_sha256, name, now)).fetchone() is not None


def signing_secret(ledger: Ledger, fresh: str) -> str:
    """The ledger's session-signing secret (hex), stored as `fresh` if there is none yet."""
    with ledger._conn:
        ledger._conn.execute("BEGIN")
        ledger._conn.execute("INSERT OR IGNORE INTO web_key (id, secret) VALUES (1, ?)",
                            (fresh,))
    return str(ledger._conn.execute("SELECT secret FROM web_key WHERE id = 1").fetchone()[0])
