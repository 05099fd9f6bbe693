# ruff: noqa: S608 -- table and column names are this migration's own; no input reaches the SQL.
"""The engines' own indexes of the registry, outside Django's model state (each engine has its own kind):

- PostgreSQL: a generated `search_vector` tsvector (name tokens weighted A, the rest D) with a GIN index on
  each searched table; pg_trgm GIN indexes on instruments' techniques and names, for substring filters.
- SQLite: an FTS5 table per searched table over `search_name` and `search_text`, and a trigram FTS5 table
  over instruments' techniques and names, all kept in step by triggers.

The search columns hold tokens made by registry/search.py; rows written before this migration are filled
here. Note for later SQLite migrations: one that rebuilds a searched table drops its triggers; the search
tests then fail, and the triggers must be created again (see `_sqlite_triggers`).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.indexes import OpClass
from django.db import migrations
from django.db.models.functions import Upper

SEARCHED = {
    "field": (("name_en", "name_zh"), ()),
    "organisation": (
        ("name_en", "name_zh"),
        ("role_en", "role_zh", "description_en", "description_zh", "location", "location_zh"),
    ),
    "facility": (
        ("code", "name_en", "name_zh", "subtype", "subtype_zh"),
        ("description_en", "description_zh", "location", "location_zh", "city", "city_zh"),
    ),
    "instrument": (
        ("code", "name_en", "name_zh", "techniques", "techniques_zh"),
        ("description_en", "description_zh"),
    ),
    "achievement": (("title_en", "title_zh"), ("detail_en", "detail_zh", "firsts_en", "firsts_zh")),
}
TRIGRAM_COLUMNS = ("techniques", "name_en", "name_zh")


def fill_search_columns(apps, schema_editor):
    from sciencecity.registry.search import document

    for model_name, (name_fields, text_fields) in SEARCHED.items():
        model = apps.get_model("registry", model_name)
        batch = []
        for record in model.objects.all().iterator():
            record.search_name = document(*(str(getattr(record, f) or "") for f in name_fields))
            record.search_text = document(*(str(getattr(record, f) or "") for f in text_fields))
            batch.append(record)
        model.objects.bulk_update(batch, ["search_name", "search_text"], batch_size=1000)


def count_instruments(apps, schema_editor):
    facility = apps.get_model("registry", "facility")
    for record in facility.objects.all():
        record.instrument_count = record.instruments.count()
        record.save(update_fields=["instrument_count"])


def _sqlite_triggers(table: str, fts: str, columns: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {', '.join(watched)} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
    ]


def _sqlite_statements() -> list[str]:
    statements = []
    for model_name in SEARCHED:
        table, fts = f"registry_{model_name}", f"registry_{model_name}_fts"
        columns = ("search_name", "search_text")
        statements.append(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(search_name, search_text, content='{table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
        )
        statements += _sqlite_triggers(table, fts, columns, columns)
        statements.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    trgm = "registry_instrument_trgm"
    statements.append(
        f"CREATE VIRTUAL TABLE {trgm} USING fts5({', '.join(TRIGRAM_COLUMNS)}, "
        "content='registry_instrument', content_rowid='id', tokenize='trigram')"
    )
    statements += _sqlite_triggers("registry_instrument", trgm, TRIGRAM_COLUMNS, TRIGRAM_COLUMNS)
    statements.append(f"INSERT INTO {trgm}({trgm}) VALUES ('rebuild')")
    return statements


def _vector(column: str, weight: str) -> str:
    # The tokens were cut by registry/search.py (letters and digits, separated by spaces); the 'simple'
    # configuration keeps each as it is, and gives it a position, which carries the weight.
    return f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in _sqlite_statements():
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for model_name in SEARCHED:
            table = f"registry_{model_name}"
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                f"({_vector('search_name', 'A')} || {_vector('search_text', 'D')}) STORED"
            )
            schema_editor.execute(f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)")
        instrument = apps.get_model("registry", "instrument")
        for column in TRIGRAM_COLUMNS:
            # On UPPER(column): Django's icontains on PostgreSQL is UPPER(column) LIKE UPPER(pattern).
            index = GinIndex(OpClass(Upper(column), name="gin_trgm_ops"), name=f"instrument_{column}_trgm")
            schema_editor.execute(index.create_sql(instrument, schema_editor))


def drop_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for model_name in SEARCHED:
            schema_editor.execute(f"DROP TABLE IF EXISTS registry_{model_name}_fts")
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS registry_{model_name}_fts_{suffix}")
        schema_editor.execute("DROP TABLE IF EXISTS registry_instrument_trgm")
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS registry_instrument_trgm_{suffix}")
    elif vendor == "postgresql":
        for column in TRIGRAM_COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS instrument_{column}_trgm")
        for model_name in SEARCHED:
            schema_editor.execute(f"ALTER TABLE registry_{model_name} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_searchable_text_counts_and_cities")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
        migrations.RunPython(count_instruments, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
