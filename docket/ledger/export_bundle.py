"""An evidence bundle: a BagIt bag (RFC 8493) in one zip, checkable with standard tools.

For chosen incidents (or, without any, every document with an event under the filter) the zip
holds one folder named after the zip, a bag:

- `data/evidence/<sha256>`: the raw bytes of each source record, exactly as received (read from
  the content-addressed evidence store and hashed on the way out: altered or missing files are
  refused, every one of them named at once);
- `data/custody.jsonl`: the custody log of those records and of the files that contained them
  (received, processed, seen again, repaired ...), one entry per line, each with its place in
  the ledger's hash chain (`prev_hash`, `entry_hash`);
- `data/records.jsonl`: the JSONL export records (docs/export.md) of those documents;
- `data/manifest.json`: tool version, creation time, the incident and document ids, each
  payload file's SHA-256 and size;
- `bagit.txt`, `bag-info.txt` (who, when, the custody chain's head when bundled,
  `Payload-Oxum`), `manifest-sha256.txt` (every payload file) and `tagmanifest-sha256.txt`
  (the files beside it), whose lines `sha256sum -c` reads as they are;
- `README.txt`: what the bundle proves and what it does not, and how to check it;
- when signed with a key the user holds (`sign_key`, OpenSSH's `ssh-keygen -Y sign`):
  `tagmanifest-sha256.txt.sig`, the public key `signer.pub` and `allowed_signers`; the README
  gives the verification command. The signature covers the tag manifest, which covers every
  other manifest, so it covers every byte of the bag.

Every zip entry carries Unix modes (files 0644, folders 0755): without them `unzip` made them
0600. A record inside a JSONL, WARC or feed file is bundled on its own: the container may hold
pages nobody asked for. Its `container_sha256` and locator stay in the document record and
custody log, so the container can be produced and checked against them if needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docket.errors import DocketError, EvidenceError
from docket.ledger.custody import chain_head
from docket.ledger.export import export_header
from docket.ledger.export_scope import select_scope
from docket.ledger.store import DocumentFilter, Ledger, utc_now
from docket.version import __version__

SIGNATURE_NAMESPACE = "docket-bundle"
SIGNATURE_FILE = "tagmanifest-sha256.txt.sig"
HOW_TO_VERIFY = ("unzip the bundle, then in its folder run 'sha256sum -c tagmanifest-sha256.txt "
                 "&& sha256sum -c manifest-sha256.txt' (or 'bagit.py --validate .'); each "
                 "data/evidence/<name> must also hash to its own name")
_FILE_MODE = 0o100644 << 16
_DIR_MODE = (0o040755 << 16) | 0x10  # the MS-DOS directory flag too


@dataclass(frozen=True)
class _Signer:
    key: Path
    public_key: str
    principal: str


def export_bundle(ledger: Ledger, path: Path, incidents: Sequence[str] = (),
                  flt: DocumentFilter | None = None, *, sign_key: Path | None = None) -> int:
    """Write the zip; return the number of records in its `records.jsonl` (header excluded).

    `sign_key`: an OpenSSH private key (or a public key whose private half is in ssh-agent)
    to sign the bag with; needs `ssh-keygen`.
    """
    path = Path(path)
    if path.exists():
        raise DocketError(f"{path} exists: remove it first, or choose another --out path")
    signer = _signer(sign_key, ledger.settings.operator) if sign_key is not None else None
    if incidents:
        document_ids = _documents_of_incidents(ledger, incidents)
    else:
        # Without incidents the bundle is about events: documents reporting none are left out.
        document_ids = {e["document"] for e in ledger.event_records()}
    scope = select_scope(ledger, flt, document_ids)
    shas = sorted({doc.source.sha256 for doc in scope.documents})
    payload: dict[str, bytes] = {f"data/evidence/{sha}": data
                                 for sha, data in _evidence(ledger, shas).items()}
    containers = sorted({d.source.container_sha256 for d in scope.documents
                         if d.source.container_sha256})
    payload["data/custody.jsonl"] = _jsonl(_custody_rows(ledger, [*shas, *containers]))
    records = list(scope.records())
    payload["data/records.jsonl"] = _jsonl([export_header(), *records])
    documents = [d.id for d in scope.documents]
    payload["data/manifest.json"] = _manifest(payload, incidents, documents)
    head = chain_head(ledger._conn)
    created = datetime.now(UTC)
    tags: dict[str, bytes] = {
        "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        "bag-info.txt": _bag_info(ledger, payload, incidents, documents, head.hash,
                                  head.entries, created),
        "manifest-sha256.txt": _sums(payload),
    }
    if signer is not None:
        tags["signer.pub"] = (signer.public_key + "\n").encode("utf-8")
        tags["allowed_signers"] = _allowed_signers(signer).encode("utf-8")
    tags["README.txt"] = _readme(ledger, incidents, documents, len(shas), signer, created)
    tags["tagmanifest-sha256.txt"] = _sums(tags)
    if signer is not None:
        tags[SIGNATURE_FILE] = _sign(signer, tags["tagmanifest-sha256.txt"])
    _write_zip(path, _bag_name(path), {**tags, **payload}, created)
    return len(records)


def _bag_name(path: Path) -> str:
    """The bag's folder: the zip's name without '.zip' (RFC 8493 section 4)."""
    name = path.name[:-4] if path.name.lower().endswith(".zip") else path.name + ".bag"
    return re.sub(r"[^\w.-]", "_", name) or "bundle"


def _write_zip(path: Path, root: str, files: dict[str, bytes], created: datetime) -> None:
    stamp = created.timetuple()[:6]
    folders = sorted({f"{root}/"} | {f"{root}/{'/'.join(name.split('/')[:i])}/"
                                     for name in files for i in range(1, name.count("/") + 1)})
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for folder in folders:
                info = zipfile.ZipInfo(folder, date_time=stamp)
                info.create_system = 3  # Unix: the modes below are read by unzip
                info.external_attr = _DIR_MODE
                bundle.writestr(info, b"")
            for name, data in sorted(files.items()):
                info = zipfile.ZipInfo(f"{root}/{name}", date_time=stamp)
                info.create_system = 3
                info.external_attr = _FILE_MODE
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, data)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)  # a half-written bundle never carries the real name


def _documents_of_incidents(ledger: Ledger, incidents: Sequence[str]) -> set[str]:
    wanted = set(incidents)
    found = {inc["id"]: inc for inc in ledger.incident_records() if inc["id"] in wanted}
    missing = sorted(wanted - set(found))
    if missing:
        raise DocketError(f"no incident {', '.join(missing)} in the ledger: 'docket export "
                          "--format jsonl' lists the incidents (ids are re-derived on each run)")
    events = {e for inc in found.values() for e in inc["events"]}
    return {e["document"] for e in ledger.event_records() if e["id"] in events}


def _evidence(ledger: Ledger, shas: Sequence[str]) -> dict[str, bytes]:
    """Each file's bytes, hashed on the way out; every damaged one is named at once."""
    found: dict[str, bytes] = {}
    problems: list[str] = []
    for sha in shas:
        try:
            found[sha] = ledger.evidence.read(sha)
        except EvidenceError as exc:
            problems.append(str(exc).split("; ", 1)[0])
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise DocketError(f"{len(problems)} evidence file(s) cannot be bundled:\n{listed}\n"
                          "nothing was written; re-ingest the originals (which repairs the "
                          "stored copies) or restore them from a backup, and see 'docket verify'")
    return found


def _custody_rows(ledger: Ledger, shas: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for sha in shas:
        for row in ledger.custody_log(sha):
            record = dict(row)
            record["detail"] = json.loads(record["detail"]) if record.get("detail") else None
            rows.append(record)
    return sorted(rows, key=lambda r: r["seq"])


def _manifest(files: dict[str, bytes], incidents: Sequence[str],
              documents: Sequence[str]) -> bytes:
    manifest = {
        "tool": "docket", "tool_version": __version__, "created_at": utc_now(),
        "incidents": list(incidents), "documents": list(documents),
        "files": [{"path": name, "sha256": _sha(data), "size": len(data)}
                  for name, data in sorted(files.items())],
        "verify": "sha256sum -c manifest-sha256.txt",
        "how_to_verify": HOW_TO_VERIFY,
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _bag_info(ledger: Ledger, payload: dict[str, bytes], incidents: Sequence[str],
              documents: Sequence[str], head: str, entries: int, created: datetime) -> bytes:
    fields = [
        ("Bag-Software-Agent", f"docket {__version__}"),
        ("Bagging-Date", created.strftime("%Y-%m-%d")),
        ("Contact-Name", _one_line(ledger.settings.operator)),
        ("External-Description", "Docket evidence bundle: source bytes as received, their "
                                 "custody log and the records read from them"),
        ("Payload-Oxum", f"{sum(len(d) for d in payload.values())}.{len(payload)}"),
        ("Docket-Created-At", created.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Docket-Incidents", ", ".join(incidents) or "none chosen (every document with an "
                                                     "event under the export's filters)"),
        ("Docket-Documents", str(len(documents))),
        ("Docket-Custody-Head", f"{head} ({entries} entries in the ledger's custody chain "
                                "when bundled)"),
    ]
    return "".join(f"{label}: {value}\n" for label, value in fields).encode("utf-8")


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown"


def _sums(files: dict[str, bytes]) -> bytes:
    """A BagIt manifest, which is also `sha256sum` format: hash, two spaces, path."""
    return "".join(f"{_sha(data)}  {name}\n"
                   for name, data in sorted(files.items())).encode("utf-8")


def _readme(ledger: Ledger, incidents: Sequence[str], documents: Sequence[str],
            evidence: int, signer: _Signer | None, created: datetime) -> bytes:
    when = created.strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [
        "Docket evidence bundle",
        "======================",
        "",
        f"Made by docket {__version__} on {when} by {_one_line(ledger.settings.operator)} "
        "(as that machine's clock and user name say).",
        f"Incidents: {', '.join(incidents) or 'none chosen (every document with an event)'}.",
        f"Documents: {len(documents)}. Evidence files: {evidence}.",
        "",
        "This folder is a BagIt bag (RFC 8493).",
        "",
        "What is in it",
        "-------------",
        "data/evidence/<sha256>  the bytes of each source record exactly as Docket received",
        "                        them; the name is their SHA-256",
        "data/custody.jsonl      the custody log of those records and of the files that held",
        "                        them: received, processed, seen again, repaired ...",
        "data/records.jsonl      what Docket read from them (documents, claims, events,",
        "                        incidents ...; docs/export.md of Docket)",
        "data/manifest.json      the incident and document ids, each payload file's hash",
        "manifest-sha256.txt     the SHA-256 of every file under data/",
        "tagmanifest-sha256.txt  the SHA-256 of the files beside it, this README included",
        "bag-info.txt            who, when, and the ledger's custody chain head when bundled",
        "",
        "How to check it",
        "---------------",
        "In this folder, with standard tools:",
        "",
        "    sha256sum -c tagmanifest-sha256.txt && sha256sum -c manifest-sha256.txt",
        "    for f in data/evidence/*; do",
        "      [ \"$(sha256sum < \"$f\" | cut -c1-64)\" = \"${f##*/}\" ] || echo \"BAD $f\"",
        "    done",
        "",
        "or with the Library of Congress's bagit tool (pip install bagit):",
        "",
        "    bagit.py --validate .",
        "",
        "A file added under data/, removed, or changed by one byte fails both.",
        "",
    ]
    lines += _signature_section(signer) + _what_it_proves(signer)
    return "\n".join(lines).encode("utf-8")


def _signature_section(signer: _Signer | None) -> list[str]:
    """How to check the signature, when the bundle is signed."""
    lines: list[str] = []
    if signer is not None:
        lines += [
            "The signature",
            "-------------",
            f"{SIGNATURE_FILE} is an SSH signature (namespace {SIGNATURE_NAMESPACE}) of",
            "tagmanifest-sha256.txt, which holds the hash of manifest-sha256.txt, which holds",
            "the hash of every payload file: it covers every byte of the bag. Check it with",
            "OpenSSH 8.1 or newer:",
            "",
            f"    ssh-keygen -Y verify -f allowed_signers -I {signer.principal} "
            f"-n {SIGNATURE_NAMESPACE} -s {SIGNATURE_FILE} < tagmanifest-sha256.txt",
            "",
            "The public key (also in signer.pub and allowed_signers):",
            "",
            f"    {signer.public_key}",
            "",
            "Its fingerprint: ssh-keygen -lf signer.pub. The key in this folder proves nothing",
            "about who signed: anyone can replace it together with the signature. Compare the",
            "fingerprint with one you had from the signer another way (in person, on a",
            "letterhead, on their website) before you rely on it.",
            "",
        ]
    return lines


def _what_it_proves(signer: _Signer | None) -> list[str]:
    """What the bundle proves and what it does not, said plainly."""
    lines = [
        "What this bundle proves",
        "-----------------------",
        "- Integrity: every file here is, byte for byte, the file that was bundled.",
        "- Each data/evidence file is the exact bytes Docket stored when it received them: the",
        "  store is content-addressed, and the bytes were hashed again when bundled.",
    ]
    if signer is not None:
        lines += [
            "- Authorship of the bundle: whoever holds the private key of signer.pub signed it,",
            "  and nobody without that key changed anything afterwards.",
        ]
    lines += [
        "",
        "What it does not prove",
        "----------------------",
    ]
    if signer is None:
        lines += ["- Who made it: it is not signed; anyone can make a bag that passes the checks."]
    else:
        lines += ["- Who the signer is, unless the key's fingerprint was checked as above."]
    lines += [
        "- When: the dates here and in the custody log are what the machine's clock said; there",
        "  is no trusted timestamp.",
        "- That a source is genuine, or that what it reports happened. The evidence is what was",
        "  received (from the path or URL its records name); the records are Docket's machine",
        "  reading of it: allegations attributed to whoever made them, not findings.",
        "- That the custody log is complete. data/custody.jsonl holds the entries about these",
        "  files, a part of the ledger's log; each entry carries the hash of the entry before it",
        "  in the ledger, so the whole log, with a chain head kept outside it, is what shows",
        "  that no entry was changed or removed (docket verify --head HASH, on the ledger).",
        "- The containers: a record that came inside a JSONL, WARC or feed file is here on its",
        "  own; its container_sha256 and locator in records.jsonl name the file it came from.",
        "",
    ]
    return lines


# -- signing -----------------------------------------------------------------------------------

def _signer(key: Path, operator: str) -> _Signer:
    """Check that the key can sign (OpenSSH present, the key readable) before any work."""
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        raise DocketError("signing needs OpenSSH's ssh-keygen (8.1 or newer), which is not "
                          "installed: install it, or export the bundle unsigned")
    key = Path(key).expanduser()
    if not key.is_file():
        raise DocketError(f"no signing key at {key}: give an OpenSSH private key (or a .pub "
                          "whose private key is in ssh-agent)")
    public = key if key.suffix == ".pub" else key.with_name(key.name + ".pub")
    if public.is_file():
        text = public.read_text(encoding="utf-8").strip()
    else:
        done = subprocess.run([keygen, "-y", "-f", str(key)], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise DocketError(f"cannot read the public half of {key}: {done.stderr.strip()}")
        text = done.stdout.strip()
    parts = text.split()
    if len(parts) < 2:
        raise DocketError(f"{public} does not hold an OpenSSH public key")
    principal = re.sub(r"[^\w.@-]", "_", _one_line(operator)) or "docket-signer"
    return _Signer(key, f"{parts[0]} {parts[1]}", principal)


def _allowed_signers(signer: _Signer) -> str:
    """The `allowed_signers` line `ssh-keygen -Y verify` reads: who, for what, which key."""
    return f'{signer.principal} namespaces="{SIGNATURE_NAMESPACE}" {signer.public_key}\n'


def _sign(signer: _Signer, data: bytes) -> bytes:
    """`ssh-keygen -Y sign` over `data`, checked with `-Y verify` against the public key the
    bundle will carry (so a key and public key that do not match are refused here)."""
    keygen = shutil.which("ssh-keygen") or "ssh-keygen"
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "tagmanifest-sha256.txt"
        target.write_bytes(data)
        done = subprocess.run([keygen, "-Y", "sign", "-q", "-f", str(signer.key), "-n",
                               SIGNATURE_NAMESPACE, str(target)], capture_output=True,
                              text=True, check=False)
        signature = target.with_name(target.name + ".sig")
        if done.returncode != 0 or not signature.is_file():
            raise DocketError(f"ssh-keygen could not sign with {signer.key}: "
                              f"{done.stderr.strip() or 'no signature made'}")
        allowed = Path(tmp) / "allowed_signers"
        allowed.write_text(_allowed_signers(signer), encoding="utf-8")
        with target.open("rb") as message:
            check = subprocess.run([keygen, "-Y", "verify", "-f", str(allowed), "-I",
                                    signer.principal, "-n", SIGNATURE_NAMESPACE, "-s",
                                    str(signature)], stdin=message, capture_output=True,
                                   text=True, check=False)
        if check.returncode != 0:
            raise DocketError(f"the signature made with {signer.key} does not verify with its "
                              f"public key: {check.stderr.strip() or check.stdout.strip()}")
        return signature.read_bytes()


def _jsonl(records: Sequence[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n"
                   for r in records).encode("utf-8")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
