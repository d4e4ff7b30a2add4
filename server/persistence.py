"""State kept on disk (``iamulator server --state-dir DIR``): restored at start, saved after every
operation that may change something, before its answer leaves.

Layout: ``DIR/FORMAT`` names the format; ``DIR/backends/<service>/<account>/<region>.state``
holds one backend; ``DIR/indexes/<name>.state`` the identity indexes kept outside backends
(STS's temporary credentials). A file is a header line, the SHA-256 of its payload and the
payload (a pickle), written to a temporary file, fsynced, renamed over the old one and the
folder fsynced: a crash leaves the old file or the new one, never half of one.

What is written: after an operation that is not read-only, every backend whose pickled state
differs from what its file holds. Comparing every backend (not only the one that received the
request) is the cheap safe rule: operations reach other backends (SNS delivering to SQS, KMS
keys of another account, S3 buckets homed in another region, Organizations creating accounts'
roles), and a list of who touches whom would rot.

What pickle cannot carry is reduced (``server/pickling.py``). Indexes derived from backends
(IAM access keys of every account, S3's partition-wide bucket names, which organization each
account belongs to) are rebuilt from the restored backends rather than saved.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading

from iamulator.server import pickling

FORMAT = "iamulator-state 1"
_MAGIC = b"IAMULATOR-STATE 1\n"
_SUFFIX = ".state"


class StateError(Exception):
    """A state file that cannot be used; the server refuses to start over it."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# -- files --------------------------------------------------------------------------------------


def _framed(payload: bytes) -> bytes:
    return _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _write_atomically(path: str, data: bytes) -> None:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: str) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_checked(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        raise StateError(path, f"cannot be read ({err.strerror})") from None
    if not data.startswith(_MAGIC):
        raise StateError(path, "not an iamulator state file (bad header)")
    digest, sep, payload = data[len(_MAGIC):].partition(b"\n")
    if not sep or len(digest) != 64:
        raise StateError(path, "truncated (no checksum line)")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise StateError(path, "checksum mismatch (the file is truncated or corrupt)")
    return payload


# -- the state directory ------------------------------------------------------------------------


class Persistence:
    """One state directory for one store."""

    def __init__(self, directory: str, store):
        self.directory = os.path.abspath(directory)
        self.store = store
        self._digests: dict = {}          # path -> digest of the payload the file holds
        # Every write and the wipe after a reset: a write never lands in a wiped directory.
        self._lock = threading.Lock()

    # paths
    def _backend_path(self, service: str, account: str, region: str) -> str:
        return os.path.join(self.directory, "backends", service, account, region + _SUFFIX)

    def _index_path(self, name: str) -> str:
        return os.path.join(self.directory, "indexes", name + _SUFFIX)

    # -- start ---------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Creates the directory or checks it is one of ours; raises ``StateError``."""
        marker = os.path.join(self.directory, "FORMAT")
        try:
            os.makedirs(self.directory, exist_ok=True)
        except OSError as err:
            raise StateError(self.directory, f"cannot be created ({err.strerror})") from None
        if not os.path.isdir(self.directory):
            raise StateError(self.directory, "not a directory")
        if os.path.exists(marker):
            with open(marker, encoding="utf-8", errors="replace") as f:
                found = f.read().strip()
            if found != FORMAT:
                raise StateError(marker, f"unknown state format {found!r} (expected {FORMAT!r})")
            return
        if any(not name.startswith(".") for name in os.listdir(self.directory)):
            raise StateError(self.directory, "not empty and not an iamulator state directory (no FORMAT file)")
        _write_atomically(marker, (FORMAT + "\n").encode())

    def restore(self) -> int:
        """Loads every saved backend and index into the store; the number of backends."""
        from iamulator.services import registry

        files = self._backend_files()
        shells = {}
        for service, account, region, path in files:
            try:
                cls = registry.backend_class(service)
            except Exception:
                raise StateError(path, f"unknown service {service!r}") from None
            # A fresh instance under the saved state: attributes a newer version of the
            # backend added keep their initial values.
            shells[(service, account, region)] = (cls(account, region, self.store), path)
        backends = {key: shell for key, (shell, _) in shells.items()}
        # Every shell exists before any payload is read, so references between backends
        # (in any order, cycles included) land on the restored objects.
        self.store.adopt(backends)
        for key, (shell, path) in shells.items():
            payload = _read_checked(path)
            try:
                state = pickling.loads(payload, self.store, backends)
            except Exception as err:
                raise StateError(path, f"cannot be loaded ({type(err).__name__}: {err})") from None
            shell.__dict__.update(state)
            self._digests[path] = hashlib.sha256(payload).digest()
        for name, (load, _) in _INDEXES.items():
            path = self._index_path(name)
            if os.path.exists(path):
                payload = _read_checked(path)
                try:
                    load(self.store, pickle.loads(payload))
                except Exception as err:
                    raise StateError(path, f"cannot be loaded ({type(err).__name__}: {err})") from None
                self._digests[path] = hashlib.sha256(payload).digest()
        for rebuild in _REBUILDS:
            rebuild(self.store)
        return len(shells)

    def _backend_files(self) -> list:
        root = os.path.join(self.directory, "backends")
        found = []
        if not os.path.isdir(root):
            return found
        for service in sorted(os.listdir(root)):
            for account in sorted(os.listdir(os.path.join(root, service))):
                folder = os.path.join(root, service, account)
                for name in sorted(os.listdir(folder)):
                    if name.startswith(".tmp-"):
                        # A write a crash interrupted: the file it was to replace is intact.
                        os.unlink(os.path.join(folder, name))
                    elif name.endswith(_SUFFIX) and not name.startswith("."):
                        found.append((service, account, name[:-len(_SUFFIX)], os.path.join(folder, name)))
        return found

    # -- saving --------------------------------------------------------------------------------
    def observer(self, ctx, backend, route) -> None:
        """``dispatch.AFTER_OPERATION``: runs under ``backend``'s lock."""
        if read_only(route.service, route.operation):
            return
        self.save(current=backend)

    def save(self, current=None) -> int:
        """Writes what changed; the number of files written."""
        from iamulator.services.locks import handover

        written = 0
        if current is not None:
            written += self._save_backend(current)
        for _, _, backend in self.store.existing():
            if backend is current:
                continue
            if current is not None:
                # Never hold two backend locks at once (see services/locks.py).
                with handover(current.lock, backend.lock):
                    written += self._save_backend(backend)
            else:
                with backend.lock:
                    written += self._save_backend(backend)
        for name, (_, dump) in _INDEXES.items():
            # Taken and written under one lock, so an older copy never overwrites a newer one.
            with self._lock:
                written += self._write_if_changed(self._index_path(name), pickle.dumps(dump(self.store)))
        return written

    def _save_backend(self, backend) -> int:
        """Called under ``backend``'s lock, so that two saves of one backend are written in
        the order they were pickled."""
        payload = pickling.dumps(backend, self.store)
        return self._save_payload(self._backend_path(backend.name, backend.account_id, backend.region),
                                  payload, backend)

    def _save_payload(self, path: str, payload: bytes, backend) -> int:
        with self._lock:
            # A backend an in-flight request still holds after a reset is gone: writing it
            # would bring it back at the next start.
            if not self.store.holds(backend):
                return 0
            return self._write_if_changed(path, payload)

    def _write_if_changed(self, path: str, payload: bytes) -> int:
        """Called under ``self._lock``."""
        digest = hashlib.sha256(payload).digest()
        if self._digests.get(path) == digest:
            return 0
        _write_atomically(path, _framed(payload))
        self._digests[path] = digest
        return 1

    def wipe(self) -> None:
        """Removes every saved backend and index (after a reset of all state)."""
        import shutil

        with self._lock:
            for sub in ("backends", "indexes"):
                shutil.rmtree(os.path.join(self.directory, sub), ignore_errors=True)
            self._digests.clear()
            _fsync_dir(self.directory)


# -- which operations change nothing ------------------------------------------------------------

_READ_PREFIXES = ("Get", "List", "Describe", "Head")
_READ_LEVELS = ("Read", "List")
_read_only: dict = {}


def read_only(service: str, operation: str) -> bool:
    """True when an operation cannot change state: its name reads (Get/List/Describe/Head) and
    the Service Authorization Reference files its action under Read or List. STS is never
    read-only (GetSessionToken and GetFederationToken issue credentials), nor is SQS's
    ReceiveMessage (it hides messages and hands out receipt handles), which the name rule keeps
    out anyway."""
    key = (service, operation)
    found = _read_only.get(key)
    if found is None:
        found = _classify(service, operation)
        _read_only[key] = found
    return found


def _classify(service: str, operation: str) -> bool:
    if service == "sts" or not operation.startswith(_READ_PREFIXES):
        return False
    from iamulator.authz import catalog

    prefix = catalog.iam_prefix(service)
    info = catalog.action(f"{prefix}:{operation}") if prefix else None
    # An operation the reference does not list under its own name (S3's HeadObject is
    # s3:GetObject) is judged by its name alone.
    return info is None or info.access_level in _READ_LEVELS


# -- indexes kept outside backends -------------------------------------------------------------


def _dump_sessions(store) -> dict:
    from iamulator.services.sts import sessions

    return {akid: creds for akid, (owner, creds) in list(sessions._ISSUED.items()) if owner is store}


def _load_sessions(store, saved: dict) -> None:
    from iamulator.services.sts import sessions

    for creds in saved.values():
        sessions.add(store, creds)


#: name -> (load(store, saved), dump(store) -> picklable): indexes that no backend holds.
_INDEXES = {"sts-sessions": (_load_sessions, _dump_sessions)}


def _rebuild_access_keys(store) -> None:
    from iamulator.services.iam import key_index

    for _, _, iam in store.existing("iam"):
        for key in list(iam.root_keys.values()):
            key_index.add(iam, key)
        for user in list(iam.users.values()):
            for key in list(user.access_keys.values()):
                key_index.add(iam, key)


def _rebuild_buckets(store) -> None:
    from iamulator.services.s3.bucket_index import index_for
    from iamulator.services.s3.locations import partition_of

    index = index_for(store)
    with index.lock:
        for _, region, s3 in store.existing("s3"):
            for bucket in list(s3.buckets.values()):
                index.add(partition_of(region), bucket, s3)


def _rebuild_organizations(store) -> None:
    from iamulator.services.organizations import guardrails

    for _, _, orgs in store.existing("organizations"):
        org = orgs.organization
        if org is not None:
            for account in list(org.accounts):
                guardrails.join(store, account, org)


#: Indexes derived from backends, rebuilt after a restore.
_REBUILDS = (_rebuild_access_keys, _rebuild_buckets, _rebuild_organizations)
