"""Bulk import of a registry table from CSV or XLSX: `sciencecity import TABLE FILE` and the admin's import.

The file has the columns the admin exports (registry/resources.py): rows keyed by `slug`, related records
named by slug (several separated by ";"), JSON cells as JSON. It is read row by row (CSV, or XLSX in
openpyxl's read-only mode), so memory does not grow with the file; every row is validated with the model's
own field checks and `clean`, and references, duplicates and unique codes are checked against maps read once
before the first row, so that validation costs no query per row. Rows are written in batches
(`bulk_create` with upsert on the slug) inside one transaction: a file with any bad row writes nothing, and
the error lists each bad row with its line number in the file (the header is line 1).

Imported by a person (`user`), every row must stay within what their role grants cover
(registry/permissions.py `ImportScope`); the platform operator and superusers import anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from sciencecity.registry import pagecache
from sciencecity.registry.counts import facility_counts_refresh
from sciencecity.registry.models import (
    Achievement,
    Claim,
    Facility,
    Field,
    Instrument,
    Organisation,
    Project,
    Searchable,
)
from sciencecity.registry.permissions import ImportScope

TABLES: dict[str, type[models.Model]] = {
    "fields": Field,
    "organisations": Organisation,
    "facilities": Facility,
    "instruments": Instrument,
    "projects": Project,
    "achievements": Achievement,
    "claims": Claim,
}
DERIVED = {"id", "created_at", "updated_at", "search_name", "search_text", "instrument_count"}
BATCH = 2000
MAX_ERRORS = 50
MEMO_SIZE = 200_000  # values remembered as valid, per import

Row = dict[str, Any]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


class ImportRefused(Exception):
    """The file was not imported; `errors` says why, line by line."""

    def __init__(self, errors: list[RowError], bad_rows: int | None = None) -> None:
        self.errors = errors
        self.bad_rows = bad_rows if bad_rows is not None else len(errors)
        shown = "\n".join(str(e) for e in errors)
        more = self.bad_rows - len(errors)
        super().__init__(shown + (f"\n… and {more} more bad rows" if more > 0 else ""))


@dataclass
class ImportReport:
    table: str
    rows: int = 0
    created: int = 0
    updated: int = 0


# --- reading ---


def read_rows(path: Path | str, stream: IO[bytes] | None = None) -> Iterator[tuple[int, Row]]:
    """(line number, row) of each data row; the header (line 1) gives the column names."""
    name = str(path).lower()
    if name.endswith(".xlsx"):
        with _opened(path, stream) as opened:
            yield from _xlsx_rows(opened)
    elif name.endswith(".csv"):
        with _opened(path, stream) as opened:
            yield from _csv_rows(opened)
    else:
        raise ImportRefused([RowError(1, "Give a .csv or .xlsx file.")])


@contextmanager
def _opened(path: Path | str, stream: IO[bytes] | None) -> Iterator[IO[bytes]]:
    if stream is not None:
        yield stream
    else:
        with Path(path).open("rb") as opened:
            yield opened


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    with io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise ImportRefused([RowError(1, "The file is empty.")])
        header = [h.strip() for h in header]
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) > len(header):
                    yield start, {"__extra__": cells}
                else:
                    yield start, dict(zip(header, cells, strict=False))
            start = reader.line_num + 1


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    from openpyxl import load_workbook

    book = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            raise ImportRefused([RowError(1, "The file is empty.")])
        header = [str(h).strip() if h is not None else "" for h in header_cells]
        for line, cells in enumerate(rows, start=2):
            if any(c not in (None, "") for c in cells):
                yield line, {h: _cell(c) for h, c in zip(header, cells, strict=False) if h}
    finally:
        book.close()


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def count_rows(path: Path | str) -> int | None:
    """How many data rows the file has, cheaply, for the progress bar (None when unknown)."""
    name = str(path).lower()
    if name.endswith(".csv"):
        with Path(path).open("rb") as f:
            return max(sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b"")) - 1, 0)
    return None


# --- validating and writing ---


@dataclass
class _Maps:
    """What validation looks up, read once: slug → id of each table a row may name, and the keys that
    must stay unique."""

    existing: dict[str, int]
    related: dict[type[models.Model], dict[str, int]] = field(default_factory=dict)
    unique: dict[Any, str] = field(default_factory=dict)  # (unique key) → slug holding it
    facility_of: dict[int, int] = field(default_factory=dict)  # instrument/project id → facility id


class _Table:
    """How one table's cells become a model instance."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        self.model = model
        self.columns = columns
        self.fields: dict[str, models.Field] = {}
        self.fks: dict[str, models.ForeignKey] = {}
        self.m2m: dict[str, models.ManyToManyField] = {}
        for f in model._meta.get_fields():
            if (
                f.name in DERIVED
                or f.auto_created
                or (not getattr(f, "concrete", False) and not f.many_to_many)
            ):
                continue
            if f.many_to_many:
                self.m2m[f.name] = f  # type: ignore[assignment]
            elif f.is_relation:
                self.fks[f.name] = f  # type: ignore[assignment]
            else:
                self.fields[f.name] = f  # type: ignore[assignment]
        known = {*self.fields, *self.fks, *self.m2m}
        self.unknown = [c for c in columns if c not in known]
        present = set(columns)
        self.missing = [
            name
            for name, f in {**self.fields, **self.fks}.items()
            if name not in present and not f.blank and not f.has_default() and not f.null
        ]
        # Values already found valid, by column (for the columns whose values repeat).
        self._valid: set[tuple[str, Any]] = set()
        self.unique_columns = {f.name for f in self.fields.values() if f.unique}
        self.update_fields = [
            f.attname for name, f in {**self.fields, **self.fks}.items() if name in present and name != "slug"
        ]

    def related_models(self) -> set[type[models.Model]]:
        return {f.related_model for f in (*self.fks.values(), *self.m2m.values())}  # type: ignore[misc]

    def build(self, row: Row, maps: _Maps) -> tuple[models.Model, dict[str, list[int]]]:
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        for name, f in self.fields.items():
            if name not in row:
                continue
            raw = row[name]
            raw = "" if raw is None else raw
            if isinstance(f, models.JSONField):
                try:
                    values[name] = json.loads(raw) if str(raw).strip() else f.get_default()
                except ValueError:
                    errors[name] = ["Not valid JSON."]
            elif isinstance(f, models.CharField | models.TextField):
                values[name] = str(raw).strip() if name == "slug" else str(raw)
            else:
                try:
                    values[name] = (
                        f.to_python(raw) if str(raw).strip() else (None if f.null else f.get_default())
                    )
                except ValidationError as exc:
                    errors[name] = exc.messages
        for name, f in self.fks.items():
            if name not in row:
                continue
            slug = str(row[name] or "").strip()
            if not slug:
                if not f.null:
                    errors[name] = ["This field cannot be blank."]
                values[f.attname] = None
                continue
            pk = maps.related[f.related_model].get(slug)  # type: ignore[index]
            if pk is None:
                errors[name] = [f"Unknown {_label(f)}: {slug}"]
            values[f.attname] = pk
        links: dict[str, list[int]] = {}
        for name, f in self.m2m.items():
            if name not in row:
                continue
            slugs = list(dict.fromkeys(s.strip() for s in str(row[name] or "").split(";") if s.strip()))
            known = maps.related[f.related_model]  # type: ignore[index]
            unknown = [s for s in slugs if s not in known]
            if unknown:
                errors[name] = [f"Unknown {_label(f)}: {', '.join(unknown)}"]
            links[name] = [known[s] for s in slugs if s in known]
        record = self.model(**values)
        self._clean_fields(record, row, errors)
        try:
            record.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        return record, links

    def _clean_fields(self, record: models.Model, row: Row, errors: dict[str, list[str]]) -> None:
        """What `full_clean` checks field by field (its `clean_fields`), for the columns the file has.

        A field's checks depend only on its value, and a registry repeats most values (an access mode,
        a status, a technique, a source) thousands of times: a value found valid once is not checked
        again. A new or invalid value is checked as `clean_fields` checks it, with the same messages.
        """
        valid = self._valid
        for name, f in self.fields.items():
            if name not in row or name in errors:
                continue
            value = getattr(record, f.attname)
            if f.blank and value in f.empty_values:
                continue
            key = (name, row[name] if isinstance(f, models.JSONField) else value)
            if key in valid:
                continue
            try:
                setattr(record, f.attname, f.clean(value, record))
            except ValidationError as exc:
                errors[name] = list(exc.messages)
                continue
            if name not in self.unique_columns and len(valid) < MEMO_SIZE:
                valid.add(key)


def _label(f: models.Field) -> str:
    related: Any = f.related_model
    return str(related._meta.verbose_name)


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _unique_key(record: models.Model) -> Any:
    if isinstance(record, Facility):
        return ("code", record.code)
    if isinstance(record, Instrument):
        return ("instrument", record.facility_id, record.code)
    return None


def _load_maps(table: _Table) -> _Maps:
    model = table.model
    manager = model._default_manager
    maps = _Maps(existing=dict(manager.values_list("slug", "pk")))
    for related in table.related_models():
        maps.related[related] = dict(related._default_manager.values_list("slug", "pk"))
    if model is Facility:
        maps.unique = {("code", c): s for s, c in Facility.objects.values_list("slug", "code")}
    if model is Instrument:
        rows = Instrument.objects.values_list("slug", "pk", "facility_id", "code")
        for slug, pk, facility_id, code in rows.iterator(chunk_size=10_000):
            maps.unique[("instrument", facility_id, code)] = slug
            maps.facility_of[pk] = facility_id
    if model is Project:
        maps.facility_of = {pk: f for pk, f in Project.objects.values_list("pk", "facility_id") if f}
    return maps


def import_rows(
    table_name: str,
    rows: Iterable[tuple[int, Row]],
    *,
    user: Any = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> ImportReport:
    """Validate every row and write them all, or write nothing and raise ImportRefused."""
    if table_name not in TABLES:
        raise ImportRefused([RowError(1, f"Unknown table {table_name}; one of {', '.join(TABLES)}.")])
    model = TABLES[table_name]
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return ImportReport(table_name)
    columns = [c for c in first[1] if c != "__extra__"]
    table = _Table(model, columns)
    header_problems = [f"unknown column {c}" for c in table.unknown] + [
        f"missing column {c}" for c in table.missing
    ]
    if "slug" not in columns:
        header_problems.append("missing column slug")
    if header_problems:
        raise ImportRefused([RowError(1, "; ".join(header_problems))])
    scope = ImportScope.of(user, model) if user is not None else None
    if scope is not None and not scope.may_import:
        raise ImportRefused([RowError(1, f"You may not import {model._meta.verbose_name_plural}.")])

    report = ImportReport(table_name)
    errors: list[RowError] = []
    bad_rows = 0
    with transaction.atomic(), _search_index_filled_after(model), ExitStack() as stack:
        maps = _load_maps(table)
        seen: set[str] = set()
        batch: list[tuple[models.Model, dict[str, list[int]]]] = []
        touched_facilities: set[int] = set()
        # Checks and writes overlap where nothing else uses the connection meanwhile (no links, no scope).
        sender = None
        if connection.vendor == "postgresql" and not table.m2m and scope is None:
            sender = _BatchSender(table)
            stack.callback(sender.stop)
        write = sender.send if sender is not None else partial(_write, table)
        for n, (line, row) in enumerate(_chain(first, iterator), start=1):
            try:
                if "__extra__" in row:
                    raise ValidationError("This row has more cells than the header has columns.")
                record, links = table.build(row, maps)
                slug = record.slug  # type: ignore[attr-defined]
                if slug in seen:
                    raise ValidationError(f"The slug {slug} appears on an earlier line too.")
                seen.add(slug)
                key = _unique_key(record)
                if key is not None:
                    holder = maps.unique.get(key)
                    if holder is not None and holder != slug:
                        raise ValidationError(f"{key[-1]} is already used by {holder}.")
                    maps.unique[key] = slug
                pk = maps.existing.get(slug)
                if scope is not None:
                    scope.check(record, pk, links)
                if isinstance(record, Instrument):
                    touched_facilities.add(record.facility_id)
                    if pk is not None and pk in maps.facility_of:
                        touched_facilities.add(maps.facility_of[pk])
            except ValidationError as exc:
                bad_rows += 1
                if len(errors) < MAX_ERRORS:
                    errors.append(RowError(line, _describe(exc)))
                continue
            report.rows += 1
            if pk is None:
                report.created += 1
            else:
                report.updated += 1
            if not errors:  # once a row is bad nothing is written: the rest is only checked
                if isinstance(record, Searchable):
                    record.refresh_search()
                batch.append((record, links))
                if len(batch) >= batch_size:
                    write(batch)
                    batch = []
            if progress is not None and n % 1000 == 0:
                progress(n)
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(errors, bad_rows)
        write(batch)
        if sender is not None:
            sender.finish()
        if touched_facilities:
            facility_counts_refresh(touched_facilities)
        pagecache.bump()  # the rows went in without signals: the cached public pages are stale
    if progress is not None:
        progress(report.rows)
    return report


@contextmanager
def _search_index_filled_after(model: type[models.Model]) -> Iterator[None]:
    """On SQLite, the new rows enter the full-text tables (migration 0005) in one statement after the load
    instead of one trigger call per row, which costs ten times as much: the insert triggers are set aside
    inside the import's transaction and put back as they were, so that a refused import (rolled back)
    leaves them as they were too. Updated rows still go through their update triggers."""
    if connection.vendor != "sqlite":
        yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s",
            [table, f"{table}%_ai"],
        )
        triggers = cursor.fetchall()
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (our table)
        (last_id,) = cursor.fetchone()
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    yield
    with connection.cursor() as cursor:
        for name, sql in triggers:
            index = name.removesuffix("_ai")
            cursor.execute(f"PRAGMA table_info({index})")
            columns = ", ".join(row[1] for row in cursor.fetchall())
            cursor.execute(
                f"INSERT INTO {index}(rowid, {columns}) SELECT id, {columns} FROM {table} WHERE id > %s",  # noqa: S608
                [last_id],
            )
            cursor.execute(sql)


def _chain(first: tuple[int, Row], rest: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
    yield first
    yield from rest


def _converter(f: models.Field) -> Callable[[Any], Any]:
    """How a model value becomes a query parameter, decided once per column rather than once per cell."""
    if isinstance(f, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if (isinstance(f, models.CharField | models.TextField) and not f.null) or f.is_relation:
        return lambda value: value  # text as it is; a foreign key is its id already
    return lambda value: None if value is None else f.get_db_prep_save(value, connection)


def _copy_and_upsert(
    cursor: Any,
    model: type[models.Model],
    insert_sql: str,
    columns: list[models.Field],
    rows: list[list[Any]],
) -> None:
    """PostgreSQL: the batch goes in with COPY into a temporary table of the same columns (one per table,
    dropped at commit), then into the table with one INSERT … SELECT … ON CONFLICT: one statement per
    batch instead of one per row."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    table = model._meta.db_table
    stage = quote(f"import_stage_{table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608 (our names)
        f"SELECT {names} FROM {quote(table)} WITH NO DATA"
    )
    with cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    values_part = insert_sql.index(" VALUES (")
    conflict_part = insert_sql.index(" ON CONFLICT ")
    cursor.execute(
        insert_sql[:values_part] + f" SELECT {names} FROM {stage}" + insert_sql[conflict_part:]  # noqa: S608
    )
    cursor.execute(f"TRUNCATE {stage}")


def _insert_sql(table: _Table) -> tuple[str, list[models.Field]]:
    """One INSERT … ON CONFLICT (slug) DO UPDATE for the table: new rows take every column (defaults for
    those the file lacks), existing rows change only the columns the file has."""
    model = table.model
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    placeholders = ", ".join("%s" + (json_cast if isinstance(f, models.JSONField) else "") for f in columns)
    updated = [*table.update_fields, "updated_at"]
    if issubclass(model, Searchable):
        updated += ["search_name", "search_text"]
    # Names come from the model, values go as parameters.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "  # noqa: S608
        f"VALUES ({placeholders}) ON CONFLICT ({quote('slug')}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updated)
    )
    return sql, columns


class _BatchSender:
    """PostgreSQL, a table without links: each batch goes to the server from a second thread, on the same
    connection and in the same transaction, while this thread checks the next batch, so that the checks
    (Python) and the inserts (the server) overlap instead of taking turns. One batch waits at most; the
    first failure stops the sending and is raised here; nothing is left running when the import ends."""

    def __init__(self, table: _Table) -> None:
        self.table = table
        self.sql, self.columns = _insert_sql(table)
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.waiting: queue.Queue[list[list[Any]] | None] = queue.Queue(maxsize=1)
        self.failure: BaseException | None = None
        self.connection.inc_thread_sharing()
        self.thread = threading.Thread(target=self._run, name="import-sender", daemon=True)
        self.thread.start()

    def send(self, batch: list[tuple[models.Model, dict[str, list[int]]]]) -> None:
        if self.failure is not None:
            raise self.failure
        if batch:
            self.waiting.put(_rows(self.table, batch))

    def finish(self) -> None:
        """Wait until every batch is written; raise what failed."""
        self.stop()
        if self.failure is not None:
            raise self.failure

    def stop(self) -> None:
        if self.thread.is_alive():
            self.waiting.put(None)
            self.thread.join()
            self.connection.dec_thread_sharing()

    def _run(self) -> None:
        while (rows := self.waiting.get()) is not None:
            if self.failure is not None:
                continue
            try:
                with self.connection.cursor() as cursor:
                    _copy_and_upsert(cursor, self.table.model, self.sql, self.columns, rows)
            except BaseException as exc:  # raised in the importing thread
                self.failure = exc


def _rows(table: _Table, batch: list[tuple[models.Model, dict[str, list[int]]]]) -> list[list[Any]]:
    """The batch's records as the INSERT's parameters, in `_insert_sql`'s column order."""
    _, columns = _insert_sql(table)
    now = models.DateTimeField().get_db_prep_save(timezone.now(), connection)
    stamped = {"created_at", "updated_at"}
    convert = [(lambda _: now) if f.attname in stamped else _converter(f) for f in columns]
    return [
        [c(getattr(record, f.attname)) for f, c in zip(columns, convert, strict=True)] for record, _ in batch
    ]


def _write(table: _Table, batch: list[tuple[models.Model, dict[str, list[int]]]]) -> None:
    if not batch:
        return
    model = table.model
    sql, columns = _insert_sql(table)
    rows = _rows(table, batch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_and_upsert(cursor, model, sql, columns, rows)
        else:
            cursor.executemany(sql, rows)
    if not table.m2m or not any(links for _, links in batch):
        return
    ids = dict(model._default_manager.filter(slug__in=[r.slug for r, _ in batch]).values_list("slug", "pk"))  # type: ignore[attr-defined]
    for name, f in table.m2m.items():
        through: Any = f.remote_field.through
        source = f.m2m_field_name()
        target = f.m2m_reverse_field_name()
        written = [(ids[record.slug], links[name]) for record, links in batch if name in links]  # type: ignore[attr-defined]
        through._default_manager.filter(**{f"{source}_id__in": [pk for pk, _ in written]}).delete()
        through._default_manager.bulk_create(
            [
                through(**{f"{source}_id": pk, f"{target}_id": other})
                for pk, others in written
                for other in others
            ],
            batch_size=5000,
        )


def analyse(model: type[models.Model]) -> None:
    """Fresh planner statistics after a large import (PostgreSQL also sets the visibility map, which
    makes the keyset and offset pages index-only)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:  # VACUUM cannot run in a transaction
            cursor.execute(f"ANALYZE {table}")
