"""Retry a write that SQLite refused at its start, before it read or wrote anything.

SQLite's busy handler is not first come, first served: in a burst of writers one of them can wait past
`busy_timeout` and get "database is locked" at BEGIN IMMEDIATE, with nothing done yet. Such a write is tried
again (a few times) rather than answered with a 500. Only outside any transaction: inside one, the caller's
own transaction would be lost. PostgreSQL waits on row locks instead and never raises this.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

P = ParamSpec("P")
R = TypeVar("R")
ATTEMPTS = 4


def when_locked(write: Callable[P, R]) -> Callable[P, R]:
    @wraps(write)
    def retried(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return write(*args, **kwargs)
            except OperationalError as exc:
                outermost = not connection.in_atomic_block
                if attempt == ATTEMPTS or not outermost or "database is locked" not in str(exc):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    return retried
