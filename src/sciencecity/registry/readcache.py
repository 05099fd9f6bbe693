"""Registry reads that many requests repeat, kept until the registry changes.

The registry page cache (pagecache.py) serves whole pages to anonymous readers only. Signed-in readers get
every page rendered afresh, but most of what a page reads from the registry is the same for everyone: a
facility's own facts, the list of cities, the ranked matches of a search. `remembered` keeps such a read in
the configured cache under the **registry generation**, which every registry write bumps in its own
transaction: after a write, every value kept before it is unreachable, in every server process.

A value read inside a transaction is stored only once that transaction commits (`on_commit`), so a write that
is rolled back never leaves behind a value computed from what it wrote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

from sciencecity.registry import pagecache

T = TypeVar("T")
_MISSING = object()


def remembered(name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave for this name and key since the last registry write."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    full_key = f"registry-read:{pagecache.generation()}:{name}:{digest}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        transaction.on_commit(lambda: cache.set(full_key, value, pagecache.TIMEOUT))
    return value
