"""Personal API tokens: stored hashed, shown once, revoked by their owner, made by a command."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from sciencecity.accounts.models import ApiToken
from sciencecity.accounts.tokens import token_create, token_revoke, token_user
from sciencecity.core.errors import PermissionDenied


def test_only_the_digest_and_a_short_prefix_are_stored(personas):
    record, secret = token_create(user=personas["alice"], name="laptop")
    record.refresh_from_db()
    assert record.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(record.prefix) and len(record.prefix) < len(secret) / 3
    assert not ApiToken.objects.filter(digest__contains=secret).exists()
    assert token_user(secret) == personas["alice"]


def test_a_revoked_or_unknown_token_belongs_to_nobody(personas):
    record, secret = token_create(user=personas["alice"])
    token_revoke(user=personas["alice"], token_id=record.pk)
    assert token_user(secret) is None
    assert token_user(secret[:-1] + "A") is None
    assert token_user("not-a-token") is None


def test_nobody_revokes_anothers_token(personas):
    record, _ = token_create(user=personas["alice"])
    with pytest.raises(PermissionDenied):
        token_revoke(user=personas["bob"], token_id=record.pk)


def test_the_profile_page_shows_a_new_token_once_and_revokes_it(client, personas):
    client.force_login(personas["alice"])
    made = client.post("/accounts/tokens/", {"name": "script"})
    record = ApiToken.objects.get(user=personas["alice"])
    secret = made.context["new_token"]
    assert secret in made.text and record.prefix in made.text
    assert secret not in client.get("/accounts/profile/").text
    client.post(f"/accounts/tokens/{record.pk}/revoke/")
    record.refresh_from_db()
    assert record.revoked_at is not None


def test_anothers_token_cannot_be_revoked_from_the_page(client, personas):
    record, _ = token_create(user=personas["bob"])
    client.force_login(personas["alice"])
    assert client.post(f"/accounts/tokens/{record.pk}/revoke/").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_the_command_prints_the_token_on_its_last_line(personas):
    out = StringIO()
    call_command("token", "create", "alice", "--name", "ci", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert token_user(token) == personas["alice"]
    assert ApiToken.objects.get(user=personas["alice"]).name == "ci"


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("token", "create", "nobody", stdout=StringIO())


def test_using_a_token_records_when_it_was_last_used(personas):
    record, secret = token_create(user=personas["alice"])
    assert record.last_used_at is None
    token_user(secret)
    record.refresh_from_db()
    assert record.last_used_at is not None
