"""A test scene built through the services once per test process, then replayed into later tests as rows.

Loading the demo map through the services takes about 900 queries (one to two seconds) and some 250 tests ask
for it. The first test that builds a scene from a given starting state records the rows the build added; a
later test that starts from the same state gets exactly those rows, keys included, by one bulk insert per
table inside its own transaction. Replaying is used only where it is exact:

- the test runs inside a transaction that is rolled back (not a live-server or other transactional test,
  whose writes commit and could run commit hooks);
- the starting state is the same: every table holds the same number of rows;
- the build only added rows to tables that were empty: when it changed a table that held rows, the scene is
  always built through the services.

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


@dataclass
class _Recording:
    tables: list[tuple[type[Model], list[str], list[tuple[Any, ...]]]]
    result: Any


_recordings: dict[tuple[str, tuple[int, ...]], _Recording] = {}
_always_built: set[str] = set()


def replayed(
    name: str,
    build: Callable[[], T],
    keep: Callable[[T], Any] = copy.deepcopy,
    restore: Callable[[Any], T] = copy.deepcopy,
) -> T:
    """`build()`, or the rows it added the last time it ran from this same state.

    `keep` turns what `build` returns into something that outlives the test (model instances by their keys,
    say) and `restore` turns that back into what `build` returns.
    """
    if not connection.in_atomic_block or name in _always_built:
        return build()
    models = _models()
    before = _counts(models)
    recording = _recordings.get((name, before))
    if recording is not None:
        for model, columns, rows in recording.tables:
            _insert(model, columns, rows)
        return restore(recording.result)
    filled_before = {m: _rows(m) for m, count in zip(models, before, strict=True) if count}
    result = build()
    after = _counts(models)
    if any(_rows(m) != rows for m, rows in filled_before.items()):
        _always_built.add(name)
        return result
    tables = []
    for model, was, now in zip(models, before, after, strict=True):
        if was == 0 and now:
            columns = [f.attname for f in model._meta.concrete_fields if not f.generated]
            tables.append((model, columns, list(model._base_manager.order_by("pk").values_list(*columns))))
    _recordings[(name, before)] = _Recording(tables, keep(result))
    return result


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


def _counts(models: list[type[Model]]) -> tuple[int, ...]:
    """Every table's row count, in one query."""
    quote = connection.ops.quote_name
    # Table names from the models, quoted: nothing from outside.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def _rows(model: type[Model]) -> list[tuple[Any, ...]]:
    return list(model._base_manager.order_by("pk").values_list())
