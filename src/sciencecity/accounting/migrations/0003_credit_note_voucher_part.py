"""A credit note says how much of it goes back to an innovation voucher (the vouchers app sets it)."""

from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounting", "0002_rates_invoices_credit_notes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="creditnote",
            name="voucher_part",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                help_text="The part of the amount credited that an innovation voucher had paid: it goes back to it.",
                max_digits=12,
                verbose_name="of which back to the voucher",
            ),
        ),
        migrations.AddConstraint(
            model_name="creditnote",
            constraint=models.CheckConstraint(
                condition=models.Q(("voucher_part__gte", 0), ("voucher_part__lte", models.F("amount"))),
                name="credit_note_voucher_part_within_amount",
            ),
        ),
    ]
