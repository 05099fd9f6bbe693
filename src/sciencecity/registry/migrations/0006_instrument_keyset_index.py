"""On PostgreSQL, the instruments' list order (facility, code) with the id in the index: offset and cursor
pages then read only the index (SQLite's indexes hold the rowid already, so its unique index serves)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX instrument_keyset ON registry_instrument (facility_id, code) INCLUDE (id)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS instrument_keyset")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_search_and_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
