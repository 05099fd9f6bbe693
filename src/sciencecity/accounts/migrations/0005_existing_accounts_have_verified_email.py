"""Accounts made before site sign-up existed (by staff, or demo personas) log in on the site as before:
their e-mail address counts as verified (allauth requires a verified address to log in)."""

from django.db import migrations


def verify_existing(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    known = set(EmailAddress.objects.values_list("user_id", flat=True))
    taken = {email.lower() for email in EmailAddress.objects.values_list("email", flat=True)}
    addresses = []
    for user in User.objects.exclude(email="").exclude(pk__in=known).order_by("pk"):
        if user.email.lower() in taken:  # one verified owner per address: the oldest account keeps it
            continue
        taken.add(user.email.lower())
        addresses.append(EmailAddress(user_id=user.pk, email=user.email.lower(), verified=True, primary=True))
    EmailAddress.objects.bulk_create(addresses)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_apitoken"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_existing, migrations.RunPython.noop)]
