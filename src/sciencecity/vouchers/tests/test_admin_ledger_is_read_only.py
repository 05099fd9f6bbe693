"""The admin lists the agency's ledger, read-only; staff of a provider do not reach it."""

from django.test import Client


def test_the_agency_reads_its_ledger_in_the_admin_and_may_not_delete_a_line(world):
    voucher = world.voucher("500.00")
    for user in (world.olga, world.carol):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    olga = Client()
    olga.force_login(world.olga)
    listing = olga.get("/admin/vouchers/ledgerentry/")
    assert listing.status_code == 200
    assert voucher.number in listing.content.decode()
    entry = voucher.ledger.get()
    assert olga.post(f"/admin/vouchers/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert voucher.ledger.filter(pk=entry.pk).exists()
    carol = Client()
    carol.force_login(world.carol)
    assert carol.get("/admin/vouchers/ledgerentry/").status_code == 403
