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
    """Emulates every shipped AWS service while active. The outermost start resets all state;
    nested mocks share it. Usable as ``@mock_aws``, ``@mock_aws()``, ``with mock_aws():``, or
    ``m = mock_aws(); m.start(); ...; m.stop()``; decorating a ``unittest.TestCase`` class keeps
    the mock active from ``setUp`` through ``tearDown`` of every test."""

    def __new__(cls, func=None):
        if func is not None:             # used bare: @mock_aws
            return decorate(func)
        return super().__new__(cls)

    def __init__(self, func=None):
        self._started = 0

    # -- raw use -------------------------------------------------------------------------
    def start(self, reset: bool = True):
        from iamulator.server import inprocess

        outermost = inprocess.activate()
        self._started += 1
        if outermost:
            _set_env()
            if reset:
                _reset_all()

    def stop(self):
        from iamulator.server import inprocess

        if not self._started:
            raise RuntimeError("mock_aws.stop() called without a matching start()")
        self._started -= 1
        inprocess.deactivate()
        if not inprocess.is_active():
            _restore_env()

    # -- context manager ----------------------------------------------------------------
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- decorator: @mock_aws() ------------------------------------------------------------
    def __call__(self, target):
        return decorate(target)


def decorate(target):
    if inspect.isclass(target):
        return _decorate_class(target)
    if inspect.iscoroutinefunction(target):
        @functools.wraps(target)
        async def async_wrapper(*args, **kwargs):
            with mock_aws():
                return await target(*args, **kwargs)
        return async_wrapper

    @functools.wraps(target)
    def wrapper(*args, **kwargs):
        with mock_aws():
            return target(*args, **kwargs)
    return wrapper


def _decorate_class(cls):
    import unittest

    if issubclass(cls, unittest.TestCase):
        # Active from setUp to after tearDown: cleanups run even when setUp fails.
        original_setup = cls.setUp

        def setUp(self):
            m = mock_aws()
            m.start()
            self.addCleanup(m.stop)
            original_setup(self)

        cls.setUp = setUp
        if "setUpClass" in cls.__dict__:
            _wrap_class_fixture(cls)
        return cls

    if "setup_method" in cls.__dict__:
        # pytest-style class: the state made in setup_method must survive into the test.
        original_setup, original_teardown = cls.setup_method, getattr(cls, "teardown_method", None)

        def setup_method(self, method):
            self._iamulator_mock = mock_aws()
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
            setattr(cls, name, decorate(value))
    return cls


def _call_fixture(fn, instance, method):
    # pytest passes the test method only to fixtures that declare a parameter for it.
    if fn.__code__.co_argcount > 1:
        return fn(instance, method)
    return fn(instance)


def _wrap_class_fixture(cls):
    original_setup_class = cls.__dict__["setUpClass"].__func__
    original_teardown_class = cls.tearDownClass.__func__

    def setUpClass(klass):
        klass._iamulator_class_mock = mock_aws()
        klass._iamulator_class_mock.start()
        original_setup_class(klass)

    def tearDownClass(klass):
        try:
            original_teardown_class(klass)
        finally:
            klass._iamulator_class_mock.stop()

    cls.setUpClass, cls.tearDownClass = classmethod(setUpClass), classmethod(tearDownClass)


def _reset_all():
    from iamulator.authz.gate import GATE
    from iamulator.services.state import STORE

    STORE.reset()
    GATE.reset(_limit_override if _limit_override is not None else settings.initial_no_auth_action_count())


_limit_override = None


class set_initial_no_auth_action_count:
    """The first ``n`` requests pass unchecked, every later one is authenticated and authorized.
    Works as a decorator and as a context manager; the previous setting is restored after."""

    def __init__(self, n: int):
        self.n = n
        self._saved = []

    def __enter__(self):
        global _limit_override
        from iamulator.authz.gate import GATE

        self._saved.append((_limit_override, GATE.limit, GATE.count))
        _limit_override = self.n
        GATE.reset(self.n)
        return self

    def __exit__(self, *exc):
        global _limit_override
        from iamulator.authz.gate import GATE

        _limit_override, GATE.limit, GATE.count = self._saved.pop()
        return False

    def __call__(self, func):
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                with set_initial_no_auth_action_count(self.n):
                    return await func(*args, **kwargs)
            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_initial_no_auth_action_count(self.n):
                return func(*args, **kwargs)
        return wrapper
