"""The registry generation (registry/pagecache.py): one row, created here."""

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("registry", "RegistryGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_instrument_id_index_on_sqlite")]

    operations = [
        migrations.CreateModel(
            name="RegistryGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "registry generation"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
