"""A test scene built through the services once per test process, then replayed into later tests as rows.

Loading the demo map through the services takes about 900 queries (one to two seconds) and some 250 tests ask
for it. The first test that builds a scene from a given starting state records the rows the build added; a
later test that starts from the same state gets exactly those rows, keys included, by one bulk insert per
table inside its own transaction. Replaying is used only where it is exact:

- the test runs inside a transaction that is rolled back (not a live-server or other transactional test,
  whose writes commit and could run commit hooks);
- the starting state is the same: every table holds the same number of rows, up to the same key;
- a table the build wrote to holds what it held when the build was recorded (its rows, when it had any);
- the build added rows and changed values (a counter, say), but took no row away: a build that deletes is
  always run through the services.

Keys stay unique on PostgreSQL because a rolled-back insert still advances its sequence; on SQLite the
explicit keys move the table's AUTOINCREMENT counter past themselves.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.db import connection
from django.db.models import Model

T = TypeVar("T")


Rows = list[tuple[Any, ...]]


@dataclass
class _Change:
    """What a build did to one table: the rows it held before (when it held any), the values it changed in
    them and the rows it added."""

    model: type[Model]
    columns: list[str]
    was: Rows
    changed: list[tuple[Any, dict[str, Any]]]
    added: Rows


@dataclass
class _Recording:
    changes: list[_Change]
    result: Any


INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
_recordings: dict[tuple[str, tuple[Any, ...]], _Recording] = {}
_always_built: set[str] = set()


def replayed(
    name: str,
    build: Callable[[], T],
    keep: Callable[[T], Any] = copy.deepcopy,
    restore: Callable[[Any], T] = copy.deepcopy,
) -> T:
    """`build()`, or the rows it wrote the last time it ran from this same state.

    `keep` turns what `build` returns into something that outlives the test (model instances by their keys,
    say) and `restore` turns that back into what `build` returns.
    """
    if not connection.in_atomic_block or name in _always_built:
        return build()
    models = _models()
    before = _counts(models)
    recording = _recordings.get((name, before))
    if recording is not None:
        if any(c.was and _rows(c.model, c.columns) != c.was for c in recording.changes):
            return build()
        for change in recording.changes:
            for key, values in change.changed:
                change.model._base_manager.filter(pk=key).update(**values)
            _insert(change.model, change.columns, change.added)
        return restore(recording.result)
    filled = {m: _rows(m, _columns(m)) for m, (count, _) in zip(models, before, strict=True) if count}
    result = build()
    changes: list[_Change] = []
    for model, (now_count, _) in zip(models, _counts(models), strict=True):
        was, now = filled.get(model, []), _rows(model, _columns(model)) if now_count else []
        if was == now:
            continue
        found = _compare(model, was, now)
        if found is None:
            _always_built.add(name)
            return result
        changes.append(found)
    _recordings[(name, before)] = _Recording(changes, keep(result))
    return result


def _compare(model: type[Model], was: Rows, now: Rows) -> _Change | None:
    """The build's change to one table, or None when it took rows away (not replayed)."""
    columns = _columns(model)
    at = columns.index(model._meta.pk.attname)
    old = {row[at]: row for row in was}
    if not old.keys() <= {row[at] for row in now}:
        return None
    changed = [
        (row[at], {c: v for c, v, o in zip(columns, row, old[row[at]], strict=True) if v != o})
        for row in now
        if row[at] in old and row != old[row[at]]
    ]
    added = [row for row in now if row[at] not in old]
    return _Change(model, columns, was, changed, added)


def _columns(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if not f.generated]


def _rows(model: type[Model], columns: list[str]) -> Rows:
    return list(model._base_manager.order_by("pk").values_list(*columns))


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """The rows as they were, by the INSERT `bulk_create` makes but raw, as `loaddata` saves: no field's
    `pre_save` runs (which would give `auto_now` fields a new time)."""
    fields = [model._meta.get_field(c) for c in columns]
    objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
    batch = max(connection.ops.bulk_batch_size(fields, objs), 1)
    for start in range(0, len(objs), batch):
        model._base_manager._insert(objs[start : start + batch], fields=fields, raw=True)  # type: ignore[attr-defined]


def _models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _counts(models: list[type[Model]]) -> tuple[Any, ...]:
    """Every table's row count and highest key, in one query: a table emptied and filled again (a
    transactional test's flush, then the permissions made anew) has the same count but new keys."""
    quote = connection.ops.quote_name
    parts = []
    for m in models:
        table, key = quote(m._meta.db_table), quote(m._meta.pk.column)
        if m._meta.pk.get_internal_type() not in INTEGER_KEYS:
            key = f"CAST({key} AS TEXT)"  # PostgreSQL has no MAX of a uuid
        # Names from the models, quoted: nothing from outside.
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX({key}) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        row = cursor.fetchone()
    return tuple(zip(row[::2], row[1::2], strict=True))
