"""``mock_aws``: decorator, context manager or raw ``start()``/``stop()`` around emulated AWS."""
from __future__ import annotations

import functools
import inspect
import os
import threading

from iamulator import settings

_env_lock = threading.Lock()
_saved_env: dict | None = None

# Credentials the mock puts in the environment while active, so that botocore never looks for
# real ones; a real session token would otherwise be sent along with the fake keys.
_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": settings.DEFAULT_ACCESS_KEY_ID,
    "AWS_SECRET_ACCESS_KEY": settings.DEFAULT_SECRET_ACCESS_KEY,
}
_CLEARED_ENV = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def _set_env():
    global _saved_env
    with _env_lock:
        keys = (*_FAKE_ENV, *_CLEARED_ENV, "AWS_DEFAULT_REGION")
        _saved_env = {k: os.environ.get(k) for k in keys}
        os.environ.update(_FAKE_ENV)
        for k in _CLEARED_ENV:
            os.environ.pop(k, None)
        os.environ.setdefault("AWS_DEFAULT_REGION", settings.DEFAULT_REGION)


def _restore_env():
    global _saved_env
    with _env_lock:
        for k, v in (_saved_env or {}).items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        _saved_env = None


class mock_aws:
    """Emulates every shipped AWS service while active. The outermost start resets all state
    (the decision log too); nested mocks share it. Usable as ``@mock_aws``, ``@mock_aws()``,
    ``with mock_aws():``, or ``m = mock_aws(); m.start(); ...; m.stop()``; decorating a
    ``unittest.TestCase`` class keeps the mock active from ``setUp`` through ``tearDown`` of
    every test.

    ``auth``: "strict" (every request authenticated and authorized from the first one),
    "soft" (every request evaluated and logged from the first one, none denied) or "off"
    (nothing checked). It wins over ``set_initial_no_auth_action_count``, ``IAMULATOR_AUTH``
    and ``INITIAL_NO_AUTH_ACTION_COUNT``; on a nested mock it holds until that mock stops."""

    def __new__(cls, func=None, *, auth: str | None = None):
        if func is not None:             # used bare: @mock_aws
            return decorate(func)
        return super().__new__(cls)

    def __init__(self, func=None, *, auth: str | None = None):
        self._started = 0
        self.auth = settings.auth_mode(auth) if auth is not None else None
        self._saved_gates: list = []

    # -- raw use -------------------------------------------------------------------------
    def start(self, reset: bool = True):
        from iamulator.server import inprocess

        # Read (and validated) before anything changes: a bad IAMULATOR_AUTH starts nothing.
        gate = _gate_settings(self.auth) if reset and not inprocess.is_active() else None
        outermost = inprocess.activate()
        self._started += 1
        if outermost:
            _set_env()
            if reset:
                _reset_all(gate or _gate_settings(self.auth))
                self._saved_gates.append(None)
                return
        if self.auth is not None:
            from iamulator.authz.gate import GATE

            self._saved_gates.append((GATE.limit, GATE.count, GATE.soft))
            GATE.reset(*settings.gate_for(self.auth))
        else:
            self._saved_gates.append(None)

    def stop(self):
        from iamulator.server import inprocess

        if not self._started:
            raise RuntimeError("mock_aws.stop() called without a matching start()")
        self._started -= 1
        saved = self._saved_gates.pop() if self._saved_gates else None
        if saved is not None:
            from iamulator.authz.gate import GATE

            GATE.limit, GATE.count, GATE.soft = saved
        inprocess.deactivate()
        if not inprocess.is_active():
            _restore_env()

    def decisions(self, denied_only: bool = False) -> list:
        """The decision log (shared by every mock): ``iamulator.decisions()``."""
        from iamulator.audit import decisions

        return decisions(denied_only)

    # -- context manager ----------------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- decorator: @mock_aws() ------------------------------------------------------------
    def __call__(self, target):
        return decorate(target, self.auth)


def decorate(target, auth: str | None = None):
    if inspect.isclass(target):
        return _decorate_class(target, auth)
    if inspect.iscoroutinefunction(target):
        @functools.wraps(target)
        async def async_wrapper(*args, **kwargs):
            with mock_aws(auth=auth):
                return await target(*args, **kwargs)
        return async_wrapper

    @functools.wraps(target)
    def wrapper(*args, **kwargs):
        with mock_aws(auth=auth):
            return target(*args, **kwargs)
    return wrapper


def _decorate_class(cls, auth=None):
    import unittest

    if issubclass(cls, unittest.TestCase):
        # Active from setUp to after tearDown: cleanups run even when setUp fails.
        original_setup = cls.setUp

        def setUp(self):
            m = mock_aws(auth=auth)
            m.start()
            self.addCleanup(m.stop)
            original_setup(self)

        cls.setUp = setUp
        if "setUpClass" in cls.__dict__:
            _wrap_class_fixture(cls, auth)
        return cls

    if "setup_method" in cls.__dict__:
        # pytest-style class: the state made in setup_method must survive into the test.
        original_setup, original_teardown = cls.setup_method, getattr(cls, "teardown_method", None)

        def setup_method(self, method):
            self._iamulator_mock = mock_aws(auth=auth)
            self._iamulator_mock.start()
            _call_fixture(original_setup, self, method)

        def teardown_method(self, method):
            try:
                if original_teardown is not None:
                    _call_fixture(original_teardown, self, method)
            finally:
                self._iamulator_mock.stop()

        cls.setup_method, cls.teardown_method = setup_method, teardown_method
        return cls

    for name, value in list(cls.__dict__.items()):
        if name.startswith("test") and callable(value):
            setattr(cls, name, decorate(value, auth))
    return cls


def _call_fixture(fn, instance, method):
    # pytest passes the test method only to fixtures that declare a parameter for it.
    if fn.__code__.co_argcount > 1:
        return fn(instance, method)
    return fn(instance)


def _wrap_class_fixture(cls, auth=None):
    original_setup_class = cls.__dict__["setUpClass"].__func__
    original_teardown_class = cls.tearDownClass.__func__

    def setUpClass(klass):
        klass._iamulator_class_mock = mock_aws(auth=auth)
        klass._iamulator_class_mock.start()
        original_setup_class(klass)

    def tearDownClass(klass):
        try:
            original_teardown_class(klass)
        finally:
            klass._iamulator_class_mock.stop()

    cls.setUpClass, cls.tearDownClass = classmethod(setUpClass), classmethod(tearDownClass)


def _reset_all(gate: tuple[float, bool]):
    from iamulator.authz.decision_log import LOG
    from iamulator.authz.gate import GATE
    from iamulator.services.state import STORE

    STORE.reset()
    LOG.clear()
    GATE.reset(*gate)


def _gate_settings(auth: str | None) -> tuple[float, bool]:
    """(unchecked allowance, soft): the mock's ``auth`` argument, else the override in force
    (``set_initial_no_auth_action_count``, the pytest marker), else ``IAMULATOR_AUTH``, else
    ``INITIAL_NO_AUTH_ACTION_COUNT``."""
    if auth is not None:
        return settings.gate_for(auth)
    if _gate_override is not None:
        return _gate_override
    mode = settings.auth_mode()
    if mode is not None:
        return settings.gate_for(mode)
    return settings.initial_no_auth_action_count(), False


#: (limit, soft) set by ``set_initial_no_auth_action_count`` or ``auth_override``.
_gate_override = None


class _GateOverride:
    """Sets the gate while active (also for mocks started inside) and restores the previous
    setting after; usable as a decorator and as a context manager."""

    def _settings(self) -> tuple[float, bool]:
        raise NotImplementedError

    def __init__(self):
        self._saved = []

    def __enter__(self):
        global _gate_override
        from iamulator.authz.gate import GATE

        self._saved.append((_gate_override, GATE.limit, GATE.count, GATE.soft))
        _gate_override = self._settings()
        GATE.reset(*_gate_override)
        return self

    def __exit__(self, *exc):
        global _gate_override
        from iamulator.authz.gate import GATE

        _gate_override, GATE.limit, GATE.count, GATE.soft = self._saved.pop()
        return False

    def _again(self):
        raise NotImplementedError

    def __call__(self, func):
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                with self._again():
                    return await func(*args, **kwargs)
            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self._again():
                return func(*args, **kwargs)
        return wrapper


class set_initial_no_auth_action_count(_GateOverride):
    """The first ``n`` requests pass unchecked, every later one is authenticated and authorized.
    Works as a decorator and as a context manager; the previous setting is restored after."""

    def __init__(self, n: int):
        super().__init__()
        self.n = n

    def _settings(self):
        return self.n, False

    def _again(self):
        return set_initial_no_auth_action_count(self.n)


class auth_override(_GateOverride):
    """``auth`` ("strict", "soft" or "off") for every mock started while active, unless the
    mock names its own; the ``iam_enforced`` pytest marker is ``auth_override("strict")``."""

    def __init__(self, auth: str):
        super().__init__()
        self.auth = settings.auth_mode(auth)

    def _settings(self):
        return settings.gate_for(self.auth)

    def _again(self):
        return auth_override(self.auth)
