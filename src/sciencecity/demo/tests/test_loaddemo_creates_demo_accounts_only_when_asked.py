"""`loaddemo` loads the real map; the public-password demo accounts come only with --demo-accounts."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from sciencecity.accounts.models import User
from sciencecity.accounts.personas import DEMO_PASSWORD, PERSONAS
from sciencecity.registry.models import Facility

pytestmark = pytest.mark.usefixtures("no_demo_calls")

PERSONA_NAMES = {p.username for p in PERSONAS}


def test_loading_the_map_creates_no_account_and_prints_no_password(db, capsys):
    call_command("loaddemo")
    out = capsys.readouterr().out
    assert Facility.objects.count() == 7
    assert not User.objects.exists()
    assert DEMO_PASSWORD not in out


def test_the_flag_creates_one_account_per_role_with_the_demo_password(db, capsys):
    call_command("loaddemo", "--demo-accounts")
    out = capsys.readouterr().out
    assert set(User.objects.values_list("username", flat=True)) == PERSONA_NAMES
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    # ivan also keeps NFPS's invoices (its user office, demo/invoices.py): a registry editor too.
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {
        "carol",
        "dan",
        "ivan",
        "olga",
        "sid",
    }
    assert DEMO_PASSWORD in out and "registry editors: carol, dan, ivan, olga, sid" in out


def test_an_existing_user_with_a_persona_name_is_left_as_it_is_and_reported(db, capsys):
    auditors = Group.objects.create(name="auditors")
    carol = User.objects.create_user("carol", email="carol@real.example", password="her-own-secret-123")
    carol.groups.set([auditors])

    call_command("loaddemo", "--demo-accounts")
    out = capsys.readouterr().out

    carol.refresh_from_db()
    assert carol.check_password("her-own-secret-123")
    assert not carol.check_password(DEMO_PASSWORD)
    assert carol.email == "carol@real.example"
    assert not carol.is_staff
    assert list(carol.groups.values_list("name", flat=True)) == ["auditors"]
    assert "carol  already exists and was left as it is" in out
    assert "registry editors: dan, ivan, olga, sid" in out
    assert User.objects.get(username="dan").check_password(DEMO_PASSWORD)


def test_running_it_again_changes_no_account(db, capsys):
    call_command("loaddemo", "--demo-accounts")
    dan = User.objects.get(username="dan")
    dan.set_password("changed-after-the-demo-1")
    dan.email = "dan@changed.example"
    dan.save()

    call_command("loaddemo", "--demo-accounts")

    dan.refresh_from_db()
    assert dan.check_password("changed-after-the-demo-1") and dan.email == "dan@changed.example"
    assert User.objects.count() == len(PERSONAS)


def test_the_demo_command_creates_the_demo_accounts(db, capsys, monkeypatch):
    from django.core import management

    from sciencecity.demo.management.commands import demo

    # Migrations and static files are not what this test is about: run only the loading step.
    def call_only_loaddemo(name, *args, **options):
        if name == "loaddemo":
            management.call_command(name, *args, **options)

    monkeypatch.setattr(demo, "call_command", call_only_loaddemo)
    call_command("demo", "--no-serve")
    assert set(User.objects.values_list("username", flat=True)) == PERSONA_NAMES
    assert DEMO_PASSWORD in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(PERSONA_NAMES))
def test_no_persona_name_is_ever_taken_over(db, name):
    from sciencecity.accounts.personas import personas_create

    User.objects.create_user(name, password="someone-real-pass-1")
    report = personas_create()
    assert set(report.kept) == {name}
    assert User.objects.get(username=name).check_password("someone-real-pass-1")
    assert not User.objects.get(username=name).groups.exists()
